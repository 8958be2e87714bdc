import { emitProgress, planStep, type ApplyRun } from './apply-run.js';
import type { ApplyResult, StepError } from './apply-types.js';
import type { ApplyUnit } from './plan-units.js';
import { backoffDelayMs, isRetriable } from './retry-policy.js';
import { runAlone } from './run-alone.js';
import { messageOf } from './step-error.js';
import type { TargetSession } from './target-session.js';
import { flushAsyncCommits, runTransactionInSlices } from './transactional-unit.js';
import { checkLongLockHolders } from './unit-lock-check.js';

/**
 * Runs the units in order, each until it succeeds or its failure is final: a retriable one (lock
 * timeout, deadlock) is tried again, whole, after a backoff and a recovered connection, up to the
 * policy's tries. The first final failure ends the plan.
 */
export async function runUnits(run: ApplyRun, session: TargetSession, units: readonly ApplyUnit[], startedAt: number): Promise<ApplyResult> {
  let stepsRun = 0;
  let attempts = 0;
  let retries = 0;
  const result = (error?: StepError): ApplyResult => ({
    status: error ? 'failed' : 'applied',
    stepsRun,
    attempts,
    retries,
    durationMs: Math.round(performance.now() - startedAt),
    ...(error ? { error } : {}),
  });

  const failed = async (error: StepError): Promise<ApplyResult> => {
    await flushAsyncCommits(run, session);
    return result(error);
  };
  for (const unit of units) {
    for (let attempt = 1; ; attempt++) {
      attempts = Math.max(attempts, attempt);
      const failure = unit.transactional
        ? await runTransactionInSlices(run, session, unit, attempt)
        : ((await checkLongLockHolders(run, session, unit, run.lockTimeoutMs)) ?? (await runAlone(run, session, unit, attempt)));
      if (!failure) {
        stepsRun += unit.stepIndexes.length;
        break;
      }
      const { error } = failure;
      const failedStep = planStep(run, error.stepIndex);
      if (isRetriable(error.sqlstate) && !failure.retryBlocked && attempt < run.policy.maxAttempts) {
        const delayMs = backoffDelayMs(attempt, run.policy);
        emitProgress(run, { type: 'step-retried', stepIndex: error.stepIndex, step: failedStep, attempt, delayMs, error, rerunStepIndexes: unit.stepIndexes });
        retries++;
        await run.policy.sleep(delayMs);
        try {
          await session.recover();
          continue;
        } catch (reconnectError) {
          const lost = { ...error, message: `${error.message}; reconnecting for the next try failed: ${messageOf(reconnectError)}` };
          emitProgress(run, { type: 'step-failed', stepIndex: error.stepIndex, step: failedStep, error: lost });
          return failed(lost);
        }
      }
      emitProgress(run, { type: 'step-failed', stepIndex: error.stepIndex, step: failedStep, error });
      return failed(error);
    }
  }
  return result();
}
