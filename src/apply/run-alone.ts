import { sqlstateOf } from '../db/sqlstate.js';
import type { PlanStep } from '../plan/step.js';
import { emitProgress, planStep, reportTiming, stepBudgetMs, stepSettings, type ApplyRun } from './apply-run.js';
import { buildsIndexConcurrently, concurrentIndexName, dropIndexConcurrently, invalidIndexes, leftoverIndexes } from './invalid-index-cleanup.js';
import { concurrentDetach, detachPending, finalizeDetachSql } from './pending-detach.js';
import type { ApplyUnit } from './plan-units.js';
import { backoffDelayMs, isRetriable } from './retry-policy.js';
import { messageOf, stepError, type UnitFailure } from './step-error.js';
import type { TargetSession } from './target-session.js';

/** A step that cannot run in a transaction block (CONCURRENTLY …): session-level SETs, and cleanup of what a failure leaves. */
export async function runAlone(run: ApplyRun, session: TargetSession, unit: ApplyUnit, attempt: number): Promise<UnitFailure | null> {
  const index = unit.stepIndexes[0] ?? 0;
  const step = planStep(run, index);
  const concurrentBuild = buildsIndexConcurrently(step.sql);
  let before: string[] = [];
  try {
    // A named CREATE INDEX CONCURRENTLY can only leave its own index behind (one of that name that
    // was already there makes it fail before building anything): no need to list the INVALID
    // indexes first, a catalog query a new backend pays for. REINDEX and unnamed builds need the list.
    if (concurrentBuild && concurrentIndexName(step.sql) === null) before = await invalidIndexes(session.client, step.schema ?? run.target.schema);
    const stepStarted = performance.now();
    emitProgress(run, { type: 'step-started', stepIndex: index, step, attempt });
    await session.client.query(stepSettings(run, step, run.lockTimeoutMs, false));
    // A detach an earlier try (or an earlier run) left pending can only be finished, not started again.
    const detach = concurrentDetach(step.sql);
    const finalize = detach !== null && (await detachPending(session.client, detach));
    await session.client.query(finalize ? finalizeDetachSql(detach) : step.sql);
    reportTiming(run, 'statement', stepStarted);
    emitProgress(run, { type: 'step-finished', stepIndex: index, step, durationMs: Math.round(performance.now() - stepStarted) });
    return null;
  } catch (error) {
    const failure = stepError(error, index, step);
    if (!concurrentBuild) return { error: failure, retryBlocked: false };
    const cleanupProblem = await dropLeftoverIndexes(run, session, index, step, before);
    return cleanupProblem ? { error: { ...failure, message: `${failure.message}; ${cleanupProblem}` }, retryBlocked: true } : { error: failure, retryBlocked: false };
  }
}

/** Returns a description of what could not be cleaned up, or null when nothing is left behind. */
async function dropLeftoverIndexes(run: ApplyRun, session: TargetSession, stepIndex: number, step: PlanStep, before: readonly string[]): Promise<string | null> {
  let leftovers: string[];
  try {
    await session.recover();
    leftovers = leftoverIndexes(step.sql, before, await invalidIndexes(session.client, step.schema ?? run.target.schema));
  } catch (error) {
    return `could not check for an INVALID index left by the failed build: ${messageOf(error)}`;
  }
  for (const index of leftovers) {
    for (let attempt = 1; ; attempt++) {
      try {
        await dropIndexConcurrently(session.client, step.schema ?? run.target.schema, index, run.lockTimeoutMs, stepBudgetMs(run, step));
        emitProgress(run, { type: 'invalid-index-dropped', stepIndex, index });
        break;
      } catch (error) {
        const sqlstate = sqlstateOf(error);
        if (isRetriable(sqlstate) && attempt < run.policy.maxAttempts) {
          await run.policy.sleep(backoffDelayMs(attempt, run.policy));
          continue;
        }
        return `the failed build left the INVALID index "${index}" behind and dropping it failed (${messageOf(error)}); drop it with DROP INDEX CONCURRENTLY before trying again`;
      }
    }
  }
  return null;
}
