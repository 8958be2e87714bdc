import type { Plan } from '../plan/step.js';
import type { ApplyRun } from './apply-run.js';
import type { ApplyOptions, ApplyResult, ApplyTarget } from './apply-types.js';
import { planUnits } from './plan-units.js';
import { resolveRetryPolicy } from './retry-policy.js';
import { runUnits } from './run-units.js';
import { TargetSession } from './target-session.js';

// The entry of src/apply's plan runner: what the rest of the code imports. The parts it is made of:
// run-units.ts (the retry loop over units), transactional-unit.ts (a transaction in lock slices,
// asynchronous commits), unit-lock-check.ts (waiting out long lock holders), run-alone.ts (a
// CONCURRENTLY step and the INVALID index it may leave), apply-run.ts (the state of one run).

export const DEFAULT_LOCK_TIMEOUT_MS = 2_000;
/**
 * No parallel workers unless asked for: a parallel index build or validation scan takes cores
 * beyond the one connection the rollout's concurrency counts, and on a server that also serves
 * the application those cores are what its queries wait for (docs/benchmarks.md, Zero downtime).
 */
const DEFAULT_PARALLEL_WORKERS = 0;

/**
 * Runs a plan on one connection to `target`. Every statement that can take a lock is preceded by
 * its lock_timeout, so an application query never waits behind a queued migration statement for
 * longer than that; a statement that gives up is retried (with its whole group) after a jittered
 * backoff, by which time the blocker has often gone.
 *
 * Database errors of a step come back as a `failed` result; only a database that cannot be
 * reached at all throws (UnreachableDatabaseError).
 */
export async function applyPlan(target: ApplyTarget, plan: Plan, options: ApplyOptions = {}): Promise<ApplyResult> {
  const startedAt = performance.now();
  const session = await TargetSession.open(target, options.applicationName ?? 'schemafleet');
  try {
    return await applyPlanInSession(session, target, plan, options, startedAt);
  } finally {
    await session.close();
  }
}

/** applyPlan on a session the caller opened or adopted (TargetSession.adopt): the rollout's one connection per tenant. */
export async function applyPlanInSession(session: TargetSession, target: ApplyTarget, plan: Plan, options: ApplyOptions = {}, startedAt = performance.now()): Promise<ApplyResult> {
  const lockTimeoutMs = options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS;
  const parallelWorkers = options.parallelWorkers ?? DEFAULT_PARALLEL_WORKERS;
  const policy = resolveRetryPolicy(options);
  const units = planUnits(plan);
  const run: ApplyRun = {
    target,
    plan,
    options,
    lockTimeoutMs,
    parallelWorkers,
    policy,
    contended: false,
    lastTransactional: [...units].reverse().find((unit) => unit.transactional),
    asyncCommitted: false,
  };
  return runUnits(run, session, units, startedAt);
}
