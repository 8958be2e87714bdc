import type { LedgerWrite, RolloutEvent } from '../rollout-events.js';
import { errorOf } from './migrate-tenant.js';

/**
 * Runs a ledger write the rollout can go on without, and never rejects: a failure becomes a
 * ledger-write-failed event the reporters show (it used to be swallowed, so a ledger that refused
 * every write looked like a healthy run until `status` disagreed with the log). True when saved.
 */
export async function guardedLedgerWrite(emit: (event: RolloutEvent) => void, operation: LedgerWrite, tenantId: string | null, write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (error) {
    const { message, sqlstate } = errorOf(error);
    emit({ type: 'ledger-write-failed', operation, tenantId, message: sqlstate ? `${message} (SQLSTATE ${sqlstate})` : message, at: Date.now() });
    return false;
  }
}
