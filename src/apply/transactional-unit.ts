import { emitProgress, planStep, reportTiming, stepSettings, type ApplyRun } from './apply-run.js';
import { wantedLocks } from './long-lock-holders.js';
import type { ApplyUnit } from './plan-units.js';
import { stepError, type UnitFailure } from './step-error.js';
import type { TargetSession } from './target-session.js';
import { checkLongLockHolders, LOCK_NOT_AVAILABLE } from './unit-lock-check.js';

/**
 * The longest a transactional unit's strong lock request stays queued at a time. A queued request
 * holds up every later query on the table, so the configured lock_timeout is spent in slices this
 * long, each after a fresh look for long holders: a query the application sends while the request
 * waits is held up for at most this long, not for the whole lock_timeout.
 * @internal test/apply/apply-plan.test.ts bounds how long a query queued behind a lock request waits by it.
 */
export const LOCK_SLICE_MS = 50;
/**
 * Sent with every transactional unit but the plan's last, whose commit waits for no WAL flush.
 * WAL is flushed in order, so the last unit's synchronous commit makes every earlier one durable
 * before the plan counts as applied (and before a rollout records the tenant). A plan that stops
 * early flushes them itself (flushAsyncCommits) before it reports what committed.
 */
const ASYNC_COMMIT_SQL = 'SET LOCAL synchronous_commit = off';

/**
 * A transactional unit that takes strong locks spends its lock_timeout in LOCK_SLICE_MS tries,
 * each (once the plan has met a busy table: `contended`) after waiting (queued for nothing) for
 * long holders to finish. A slice that times out rolls the unit back, so it still commits all its
 * steps or none; only when the whole lock_timeout is spent does the attempt fail (55P03, retried
 * with backoff like any lock timeout).
 */
export async function runTransactionInSlices(run: ApplyRun, session: TargetSession, unit: ApplyUnit, attempt: number): Promise<UnitFailure | null> {
  const strong = wantedLocks(unit.stepIndexes.map((index) => planStep(run, index))).length > 0;
  if (!strong || run.lockTimeoutMs <= LOCK_SLICE_MS) {
    // Not strong: nobody queues behind it. Strong with a lock_timeout no longer than a slice: one
    // try queues no longer than a slice would, so the look for holders waits for a busy table only.
    const holder = strong && run.contended ? await checkLongLockHolders(run, session, unit, run.lockTimeoutMs) : null;
    return holder ?? (await noteTimeout(run, runTransaction(run, session, unit, attempt, run.lockTimeoutMs)));
  }
  const deadline = performance.now() + run.lockTimeoutMs;
  for (;;) {
    if (run.contended) {
      const holder = await checkLongLockHolders(run, session, unit, Math.max(1, deadline - performance.now()));
      if (holder) return holder;
    }
    const left = deadline - performance.now();
    const failure = await noteTimeout(run, runTransaction(run, session, unit, attempt, Math.max(1, Math.min(LOCK_SLICE_MS, left))));
    if (failure?.error.sqlstate !== LOCK_NOT_AVAILABLE || deadline - performance.now() <= 0) return failure;
  }
}

async function noteTimeout(run: ApplyRun, tried: Promise<UnitFailure | null>): Promise<UnitFailure | null> {
  const failure = await tried;
  if (failure?.error.sqlstate === LOCK_NOT_AVAILABLE) run.contended = true;
  return failure;
}

/**
 * Steps of one group in one transaction: either all of them are committed or none. Each step goes
 * to the server as one query string with its SET LOCALs, the first with BEGIN and the last with
 * COMMIT: one round trip per step, not four for a one-step unit (each round trip costs both
 * processes CPU, which a fleet of small tenants spends mostly on such overheads). A failing
 * statement skips the rest of its string, COMMIT included, and the transaction is rolled back
 * below, as before; a failing COMMIT (a deferred constraint) counts against the last step.
 */
async function runTransaction(run: ApplyRun, session: TargetSession, unit: ApplyUnit, attempt: number, lockTimeoutMs: number): Promise<UnitFailure | null> {
  let current = unit.stepIndexes[0] ?? 0;
  const synchronous = unit === run.lastTransactional;
  try {
    for (const [position, index] of unit.stepIndexes.entries()) {
      current = index;
      const step = planStep(run, index);
      const stepStarted = performance.now();
      emitProgress(run, { type: 'step-started', stepIndex: index, step, attempt });
      const begin = position === 0 ? `BEGIN; ${synchronous ? '' : `${ASYNC_COMMIT_SQL}; `}` : '';
      const last = position === unit.stepIndexes.length - 1;
      // On a line of its own, so a step ending in a -- comment cannot swallow it.
      const commit = last ? '\n;COMMIT' : '';
      try {
        await session.client.query(`${begin}${stepSettings(run, step, lockTimeoutMs, true)};\n${step.sql}${commit}`);
      } finally {
        reportTiming(run, last && synchronous ? 'synchronous-commit' : 'statement', stepStarted);
      }
      emitProgress(run, { type: 'step-finished', stepIndex: index, step, durationMs: Math.round(performance.now() - stepStarted) });
    }
    run.asyncCommitted = !synchronous;
    return null;
  } catch (error) {
    await session.client.query('ROLLBACK').catch(() => undefined);
    return { error: stepError(error, current, planStep(run, current)), retryBlocked: false };
  }
}

/**
 * A plan that stops before its last transactional unit committed: one synchronous commit flushes
 * the WAL up to it, so every step reported as committed is durable. The transaction must write
 * WAL of its own (PostgreSQL commits one that wrote none without flushing): a transactional
 * logical message, which nothing but a logical decoder asking for messages ever reads. Best
 * effort: on a lost connection there is nothing left to flush through.
 */
export async function flushAsyncCommits(run: ApplyRun, session: TargetSession): Promise<void> {
  if (!run.asyncCommitted) return;
  await session.client
    .query("BEGIN; SET LOCAL synchronous_commit = on; SELECT pg_catalog.pg_logical_emit_message(true, 'schemafleet', 'flush'); COMMIT")
    .catch(() => session.client.query('ROLLBACK').catch(() => undefined));
  run.asyncCommitted = false;
}
