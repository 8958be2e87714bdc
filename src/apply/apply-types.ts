import type { PlanStep } from '../plan/step.js';

/** Where a plan is applied: one database, one schema in it. */
export interface ApplyTarget {
  readonly url: string;
  readonly schema: string;
}

export interface RetryOptions {
  /** Tries per unit (a group or a lone step), the first one included. Default 5. */
  readonly maxAttempts?: number;
  /** First backoff before jitter. Default 200 ms. */
  readonly baseDelayMs?: number;
  /** Upper bound of any one backoff. Default 5 s. */
  readonly maxDelayMs?: number;
  /** Injectable for tests; returns [0, 1). */
  readonly random?: () => number;
  /** Injectable for tests. */
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface ApplyOptions extends RetryOptions {
  /** How long any statement may wait in a lock queue. Default 2000 ms. */
  readonly lockTimeoutMs?: number;
  /** The longest any one step may run (the config's rollout.statementTimeout); see stepBudgetMs in apply-run.ts. */
  readonly statementTimeoutMs?: number;
  /**
   * Parallel workers a step's statement may use (max_parallel_maintenance_workers and
   * max_parallel_workers_per_gather). Default 0: each statement keeps to the one backend.
   */
  readonly parallelWorkers?: number;
  readonly onProgress?: (event: ApplyProgressEvent) => void;
  /** Where the time goes, for a caller that adds it up (a rollout's phase clock); `ms` is fractional. */
  readonly onTiming?: (what: ApplyTiming, ms: number) => void;
  /** Shown in pg_stat_activity so DBAs can tell who holds or waits for a lock. */
  readonly applicationName?: string;
}

/**
 * `lock-check`: looking for long lock holders; `statement`: a step's round trip (its commit, if
 * asynchronous, included); `synchronous-commit`: the round trip that ends with the plan's one
 * synchronous COMMIT.
 */
export type ApplyTiming = 'lock-check' | 'statement' | 'synchronous-commit';

export type ApplyProgressEvent =
  | { readonly type: 'step-started'; readonly stepIndex: number; readonly step: PlanStep; readonly attempt: number }
  | { readonly type: 'step-finished'; readonly stepIndex: number; readonly step: PlanStep; readonly durationMs: number }
  | {
      readonly type: 'step-retried';
      readonly stepIndex: number;
      readonly step: PlanStep;
      /** The attempt that failed. */
      readonly attempt: number;
      readonly delayMs: number;
      readonly error: StepError;
      /** Steps rolled back with the failed one and run again (its whole group). */
      readonly rerunStepIndexes: readonly number[];
    }
  | { readonly type: 'step-failed'; readonly stepIndex: number; readonly step: PlanStep; readonly error: StepError }
  | { readonly type: 'invalid-index-dropped'; readonly stepIndex: number; readonly index: string };

export interface StepError {
  readonly message: string;
  readonly sqlstate?: string;
  readonly detail?: string;
  readonly hint?: string;
  readonly stepIndex: number;
  readonly sql: string;
}

export interface ApplyResult {
  readonly status: 'applied' | 'failed';
  /** Steps that ran and were committed. */
  readonly stepsRun: number;
  /** Tries needed by the unit that needed the most: 1 means nothing was retried. */
  readonly attempts: number;
  /** Retries over the whole plan. */
  readonly retries: number;
  readonly durationMs: number;
  readonly error?: StepError;
}
