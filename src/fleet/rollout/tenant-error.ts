import { UnreachableDatabaseError } from '../../errors.js';
import { recordedSqlstate } from '../../apply/connection-loss.js';
import { sqlstateOf } from '../../db/sqlstate.js';

export const CANCELLED_MESSAGE = 'cancelled: the rollout was stopped before this tenant finished; its open transaction was rolled back';

/** A tenant's error as the ledger records it: the server's SQLSTATE, or 08001 / 08006 for connections that failed or were lost. */
export function errorOf(error: unknown): { message: string; sqlstate: string | null } {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof UnreachableDatabaseError) {
    // The server's own reason when it gave one (28P01 bad password, 3D000 no database, 57P03 starting up), else 08001.
    return { message, sqlstate: sqlstateOf(error.cause) ?? '08001' };
  }
  return { message, sqlstate: recordedSqlstate(error) ?? null };
}
