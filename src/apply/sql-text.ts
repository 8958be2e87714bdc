import { quoteIdent } from '../util/quote-ident.js';

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
function statementTimeoutMs(stepTimeoutMs: number, lockTimeoutMs: number): number {
  return stepTimeoutMs <= 0 ? 0 : stepTimeoutMs + lockTimeoutMs;
}

/** What a step's statement runs under. */
export interface StepSettings {
  readonly lockTimeoutMs: number;
  /** The step's budget for running; statement_timeout adds lock_timeout to it (statementTimeoutMs). */
  readonly stepTimeoutMs: number;
  /**
   * max_parallel_maintenance_workers and max_parallel_workers_per_gather for the statement (index
   * builds, validation scans); undefined leaves the server's settings. Parallel workers are
   * processes beyond the one the rollout's concurrency counts: each takes a core from the
   * application while the build runs.
   */
  readonly parallelWorkers?: number;
  /** A step of a plan of several schemas runs with search_path set to its schema (PlanStep.schema). */
  readonly searchPath?: string;
}

/**
 * The SETs that must precede a statement. SET LOCAL inside a transaction so a rollback or commit
 * leaves no trace; plain SET outside one, because SET LOCAL outside a transaction block is a no-op
 * (and a concurrent index build is never in one).
 */
export function stepSettingsSql(settings: StepSettings, inTransaction: boolean): string {
  const set = inTransaction ? 'SET LOCAL' : 'SET';
  const path = settings.searchPath === undefined ? '' : `${set} search_path TO ${quoteIdent(settings.searchPath)}; `;
  const timeouts = `${path}${set} lock_timeout = ${msLiteral(settings.lockTimeoutMs)}; ${set} statement_timeout = ${msLiteral(statementTimeoutMs(settings.stepTimeoutMs, settings.lockTimeoutMs))}`;
  if (settings.parallelWorkers === undefined) return timeouts;
  const workers = Math.max(0, Math.floor(settings.parallelWorkers));
  return `${timeouts}; ${set} max_parallel_maintenance_workers = ${workers}; ${set} max_parallel_workers_per_gather = ${workers}`;
}
