import { sqlstateOf } from '../db/sqlstate.js';

/**
 * Errors that mean the connection (or the whole server) went away under a statement, as opposed
 * to the statement failing: the server restarted or was shut down (57P01/57P02/57P03), the network
 * or a proxy dropped the socket (08xxx, ECONNRESET), or the driver saw the stream end. The
 * statement's outcome is unknown, but what it left can be read from the live state, so the work is
 * worth another try on a fresh connection.
 */
const LOST_SQLSTATES = new Set(['08000', '08001', '08003', '08006', '57P01', '57P02', '57P03']);
const LOST_SOCKET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNREFUSED', 'ECONNABORTED', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);
// node-postgres reports an ended stream without a code; these are its messages for it.
const LOST_MESSAGE = /^(?:Connection terminated(?: unexpectedly| due to connection timeout)?|Client has encountered a connection error and is not queryable|Client was closed and is not queryable)/;

/** The SQLSTATE to record for a lost connection that came without one. */
const CONNECTION_LOST_SQLSTATE = '08006';

export function isConnectionLoss(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && (LOST_SQLSTATES.has(code) || LOST_SOCKET_CODES.has(code))) return true;
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : '';
  return LOST_MESSAGE.test(message);
}

/** For a recorded outcome (message plus SQLSTATE, the error object long gone): worth another try on a new connection? */
export function isConnectionLossSqlstate(sqlstate: string | null | undefined): boolean {
  return sqlstate !== null && sqlstate !== undefined && LOST_SQLSTATES.has(sqlstate);
}

/** The SQLSTATE to record for a failed statement: the server's own, or 08006 for a connection lost without one. */
export function recordedSqlstate(error: unknown): string | undefined {
  const sqlstate = sqlstateOf(error);
  return isConnectionLoss(error) && !isConnectionLossSqlstate(sqlstate) ? CONNECTION_LOST_SQLSTATE : sqlstate;
}
