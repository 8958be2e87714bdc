import { planStep, reportTiming, type ApplyRun } from './apply-run.js';
import { describeHolder, waitForLongLockHolders, wantedLocks } from './long-lock-holders.js';
import type { ApplyUnit } from './plan-units.js';
import type { UnitFailure } from './step-error.js';
import type { TargetSession } from './target-session.js';

/** A conflicting lock held by a transaction open this long is a long transaction, not a passing query. */
const LONG_LOCK_HOLDER_MS = 100;
/** lock_not_available: what a lock_timeout raises, and what a try given up on a long holder reports. */
export const LOCK_NOT_AVAILABLE = '55P03';

/**
 * Before a unit takes a lock the application would queue behind, waits (up to the lock timeout,
 * queued for nothing) for long transactions holding a conflicting lock to finish. If one is still
 * there, the try ends as a lock timeout would (55P03, retried with backoff), without ever having
 * put the application's queries behind a queued lock request. Off when lock_timeout is off.
 */
export async function checkLongLockHolders(run: ApplyRun, session: TargetSession, unit: ApplyUnit, maxWaitMs: number): Promise<UnitFailure | null> {
  if (run.lockTimeoutMs <= 0) return null;
  const wanted = wantedLocks(unit.stepIndexes.map((index) => planStep(run, index)));
  if (wanted.length === 0) return null;
  const checkStarted = performance.now();
  const holder = await waitForLongLockHolders(session.client, wanted, {
    maxWaitMs,
    minHeldMs: Math.min(LONG_LOCK_HOLDER_MS, run.lockTimeoutMs / 2),
    pollMs: 50,
    sleep: run.policy.sleep,
  });
  reportTiming(run, 'lock-check', checkStarted);
  if (!holder) return null;
  const index = unit.stepIndexes.find((i) => wantedLocks([planStep(run, i)]).length > 0) ?? unit.stepIndexes[0] ?? 0;
  return { error: { message: `lock not requested: ${describeHolder(holder)}`, sqlstate: LOCK_NOT_AVAILABLE, stepIndex: index, sql: planStep(run, index).sql }, retryBlocked: false };
}
