import type { Plan, PlanStep } from '../plan/step.js';
import { LONG_STEP_TIMEOUT_MS } from '../plan/plan-constants.js';
import type { ApplyOptions, ApplyProgressEvent, ApplyTarget, ApplyTiming } from './apply-types.js';
import type { ApplyUnit } from './plan-units.js';
import type { ResolvedRetryPolicy } from './retry-policy.js';
import { stepSettingsSql } from './sql-text.js';

/**
 * One run of one plan: its settings, resolved once, and the little state the run carries from unit
 * to unit. A plain object passed to each part (the retry loop, the transactional and the run-alone
 * runner, the long-holder check) rather than a class holding them all as methods: those parts live
 * in files of their own, and each one's signature shows that it reads or writes this state.
 */
export interface ApplyRun {
  readonly target: ApplyTarget;
  readonly plan: Plan;
  readonly options: ApplyOptions;
  readonly lockTimeoutMs: number;
  readonly parallelWorkers: number;
  readonly policy: ResolvedRetryPolicy;
  /**
   * Set once a lock request of this plan has timed out. Until then a strong unit's first slice is
   * tried without looking for long lock holders first: on a free table (nearly always) the look
   * is a round trip and a catalog query for nothing, and a slice queues for at most LOCK_SLICE_MS,
   * the bound every later slice keeps too. From then on every slice looks first, as before.
   */
  contended: boolean;
  /** The last transactional unit: the one that commits synchronously (ASYNC_COMMIT_SQL). */
  readonly lastTransactional: ApplyUnit | undefined;
  /** Units committed asynchronously and not yet made durable by a synchronous commit after them. */
  asyncCommitted: boolean;
}

export function planStep(run: ApplyRun, index: number): PlanStep {
  const step = run.plan.steps[index];
  if (!step) throw new Error(`step ${index} is not in the plan`);
  return step;
}

export function emitProgress(run: ApplyRun, event: ApplyProgressEvent): void {
  // A reporter that throws must not abort a migration halfway through a group.
  try {
    run.options.onProgress?.(event);
  } catch {
    /* ignored on purpose */
  }
}

export function reportTiming(run: ApplyRun, what: ApplyTiming, started: number): void {
  run.options.onTiming?.(what, performance.now() - started);
}

/**
 * The configured statement timeout is the longest any one step may run: it caps the planner's
 * short budgets (catalog-only steps) and replaces its open-ended one for long steps (index builds,
 * validations, rewrites). Unset or 0 leaves the planner's budget alone.
 */
export function stepBudgetMs(run: ApplyRun, step: PlanStep): number {
  const configured = run.options.statementTimeoutMs;
  if (configured === undefined || configured <= 0) return step.timeoutMs;
  if (step.timeoutMs <= 0 || step.timeoutMs >= LONG_STEP_TIMEOUT_MS) return configured;
  return Math.min(step.timeoutMs, configured);
}

export function stepSettings(run: ApplyRun, step: PlanStep, lockTimeoutMs: number, inTransaction: boolean): string {
  const searchPath = step.schema === undefined ? {} : { searchPath: step.schema };
  return stepSettingsSql({ lockTimeoutMs, stepTimeoutMs: stepBudgetMs(run, step), parallelWorkers: run.parallelWorkers, ...searchPath }, inTransaction);
}
