/** Identifier quoting as quote_ident does it, without a round trip. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Milliseconds as a GUC literal; 0 disables the timeout. */
export function msLiteral(ms: number): string {
  return `'${Math.max(0, Math.round(ms))}ms'`;
}

/**
 * A step's timeoutMs is its budget for running; the time it may spend queued for a lock is bounded
 * separately by lock_timeout. statement_timeout counts both, so it gets both: otherwise a step with
 * a short budget would end a long lock wait as a statement timeout (57014, not retried) instead of
 * a lock timeout (55P03, retried). 0 keeps meaning "no limit".
 */
export function statementTimeoutMs(stepTimeoutMs: number, lockTimeoutMs: number): number {
  return stepTimeoutMs <= 0 ? 0 : stepTimeoutMs + lockTimeoutMs;
}

/**
 * The SETs that must precede a statement. SET LOCAL inside a transaction so a rollback or commit
 * leaves no trace; plain SET outside one, because SET LOCAL outside a transaction block is a no-op
 * (and a concurrent index build is never in one).
 */
export function timeoutSettingsSql(lockTimeoutMs: number, stepTimeoutMs: number, inTransaction: boolean): string {
  const set = inTransaction ? 'SET LOCAL' : 'SET';
  return `${set} lock_timeout = ${msLiteral(lockTimeoutMs)}; ${set} statement_timeout = ${msLiteral(statementTimeoutMs(stepTimeoutMs, lockTimeoutMs))}`;
}
