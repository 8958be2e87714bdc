import type { Plan, PlanStep } from '../plan/step.js';
import type { ApplyOptions, ApplyProgressEvent, ApplyResult, ApplyTarget, ApplyTiming, StepError } from './apply-types.js';
import { planUnits, type ApplyUnit } from './plan-units.js';
import { backoffDelayMs, isRetriable, resolveRetryPolicy, type ResolvedRetryPolicy } from './retry-policy.js';
import { TargetSession } from './target-session.js';
import { stepSettingsSql } from './sql-text.js';
import { describeHolder, waitForLongLockHolders, wantedLocks } from './long-lock-holders.js';
import { buildsIndexConcurrently, concurrentIndexName, dropIndexConcurrently, invalidIndexes, leftoverIndexes } from './invalid-index-cleanup.js';
import { recordedSqlstate } from './connection-loss.js';
import { sqlstateOf } from '../db/sqlstate.js';
import { concurrentDetach, detachPending, finalizeDetachSql } from './pending-detach.js';
import { LONG_STEP_TIMEOUT_MS } from '../plan/plan-constants.js';

export const DEFAULT_LOCK_TIMEOUT_MS = 2_000;
/**
 * No parallel workers unless asked for: a parallel index build or validation scan takes cores
 * beyond the one connection the rollout's concurrency counts, and on a server that also serves
 * the application those cores are what its queries wait for (docs/benchmarks.md, Zero downtime).
 */
const DEFAULT_PARALLEL_WORKERS = 0;
/** A conflicting lock held by a transaction open this long is a long transaction, not a passing query. */
const LONG_LOCK_HOLDER_MS = 100;
/** lock_not_available: what a lock_timeout raises, and what a try given up on a long holder reports. */
const LOCK_NOT_AVAILABLE = '55P03';
/**
 * The longest a transactional unit's strong lock request stays queued at a time. A queued request
 * holds up every later query on the table, so the configured lock_timeout is spent in slices this
 * long, each after a fresh look for long holders: a query the application sends while the request
 * waits is held up for at most this long, not for the whole lock_timeout.
 * @internal test/apply/apply-plan.test.ts times a query queued behind the lock request against it.
 */
export const LOCK_SLICE_MS = 50;
/**
 * Sent with every transactional unit but the plan's last, whose commit waits for no WAL flush.
 * WAL is flushed in order, so the last unit's synchronous commit makes every earlier one durable
 * before the plan counts as applied (and before a rollout records the tenant). A plan that stops
 * early flushes them itself (flushAsyncCommits) before it reports what committed.
 */
const ASYNC_COMMIT_SQL = 'SET LOCAL synchronous_commit = off';

interface UnitFailure {
  readonly error: StepError;
  /** A leftover could not be removed: trying again would only trip over it. */
  readonly retryBlocked: boolean;
}

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
  return new PlanRunner(target, plan, options).run(session, planUnits(plan), startedAt);
}

class PlanRunner {
  private readonly lockTimeoutMs: number;
  private readonly parallelWorkers: number;
  private readonly policy: ResolvedRetryPolicy;
  /**
   * Set once a lock request of this plan has timed out. Until then a strong unit's first slice is
   * tried without looking for long lock holders first: on a free table (nearly always) the look
   * is a round trip and a catalog query for nothing, and a slice queues for at most LOCK_SLICE_MS,
   * the bound every later slice keeps too. From then on every slice looks first, as before.
   */
  private contended = false;
  /** The last transactional unit: the one that commits synchronously (ASYNC_COMMIT_SQL). */
  private lastTransactional: ApplyUnit | undefined;
  /** Units committed asynchronously and not yet made durable by a synchronous commit after them. */
  private asyncCommitted = false;

  constructor(
    private readonly target: ApplyTarget,
    private readonly plan: Plan,
    private readonly options: ApplyOptions,
  ) {
    this.lockTimeoutMs = options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS;
    this.parallelWorkers = options.parallelWorkers ?? DEFAULT_PARALLEL_WORKERS;
    this.policy = resolveRetryPolicy(options);
  }

  async run(session: TargetSession, units: readonly ApplyUnit[], startedAt: number): Promise<ApplyResult> {
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

    this.lastTransactional = [...units].reverse().find((unit) => unit.transactional);
    const failed = async (error: StepError): Promise<ApplyResult> => {
      await this.flushAsyncCommits(session);
      return result(error);
    };
    for (const unit of units) {
      for (let attempt = 1; ; attempt++) {
        attempts = Math.max(attempts, attempt);
        const failure = unit.transactional
          ? await this.runTransactionInSlices(session, unit, attempt)
          : ((await this.waitForLongLockHolders(session, unit, this.lockTimeoutMs)) ?? (await this.runAlone(session, unit, attempt)));
        if (!failure) {
          stepsRun += unit.stepIndexes.length;
          break;
        }
        const { error } = failure;
        const failedStep = this.step(error.stepIndex);
        if (isRetriable(error.sqlstate) && !failure.retryBlocked && attempt < this.policy.maxAttempts) {
          const delayMs = backoffDelayMs(attempt, this.policy);
          this.emit({ type: 'step-retried', stepIndex: error.stepIndex, step: failedStep, attempt, delayMs, error, rerunStepIndexes: unit.stepIndexes });
          retries++;
          await this.policy.sleep(delayMs);
          try {
            await session.recover();
            continue;
          } catch (reconnectError) {
            const lost = { ...error, message: `${error.message}; reconnecting for the next try failed: ${messageOf(reconnectError)}` };
            this.emit({ type: 'step-failed', stepIndex: error.stepIndex, step: failedStep, error: lost });
            return failed(lost);
          }
        }
        this.emit({ type: 'step-failed', stepIndex: error.stepIndex, step: failedStep, error });
        return failed(error);
      }
    }
    return result();
  }

  /**
   * The configured statement timeout is the longest any one step may run: it caps the planner's
   * short budgets (catalog-only steps) and replaces its open-ended one for long steps (index builds,
   * validations, rewrites). Unset or 0 leaves the planner's budget alone.
   */
  private stepBudgetMs(step: PlanStep): number {
    const configured = this.options.statementTimeoutMs;
    if (configured === undefined || configured <= 0) return step.timeoutMs;
    if (step.timeoutMs <= 0 || step.timeoutMs >= LONG_STEP_TIMEOUT_MS) return configured;
    return Math.min(step.timeoutMs, configured);
  }

  /**
   * Before a unit takes a lock the application would queue behind, waits (up to the lock timeout,
   * queued for nothing) for long transactions holding a conflicting lock to finish. If one is still
   * there, the try ends as a lock timeout would (55P03, retried with backoff), without ever having
   * put the application's queries behind a queued lock request. Off when lock_timeout is off.
   */
  private async waitForLongLockHolders(session: TargetSession, unit: ApplyUnit, maxWaitMs: number): Promise<UnitFailure | null> {
    if (this.lockTimeoutMs <= 0) return null;
    const wanted = wantedLocks(unit.stepIndexes.map((index) => this.step(index)));
    if (wanted.length === 0) return null;
    const checkStarted = performance.now();
    const holder = await waitForLongLockHolders(session.client, wanted, {
      maxWaitMs,
      minHeldMs: Math.min(LONG_LOCK_HOLDER_MS, this.lockTimeoutMs / 2),
      pollMs: 50,
      sleep: this.policy.sleep,
    });
    this.timing('lock-check', checkStarted);
    if (!holder) return null;
    const index = unit.stepIndexes.find((i) => wantedLocks([this.step(i)]).length > 0) ?? unit.stepIndexes[0] ?? 0;
    return { error: { message: `lock not requested: ${describeHolder(holder)}`, sqlstate: LOCK_NOT_AVAILABLE, stepIndex: index, sql: this.step(index).sql }, retryBlocked: false };
  }

  /**
   * A plan that stops before its last transactional unit committed: one synchronous commit flushes
   * the WAL up to it, so every step reported as committed is durable. The transaction must write
   * WAL of its own (PostgreSQL commits one that wrote none without flushing): a transactional
   * logical message, which nothing but a logical decoder asking for messages ever reads. Best
   * effort: on a lost connection there is nothing left to flush through.
   */
  private async flushAsyncCommits(session: TargetSession): Promise<void> {
    if (!this.asyncCommitted) return;
    await session.client
      .query("BEGIN; SET LOCAL synchronous_commit = on; SELECT pg_catalog.pg_logical_emit_message(true, 'schemafleet', 'flush'); COMMIT")
      .catch(() => session.client.query('ROLLBACK').catch(() => undefined));
    this.asyncCommitted = false;
  }

  private timing(what: ApplyTiming, started: number): void {
    this.options.onTiming?.(what, performance.now() - started);
  }

  private step(index: number): PlanStep {
    const step = this.plan.steps[index];
    if (!step) throw new Error(`step ${index} is not in the plan`);
    return step;
  }

  /**
   * A transactional unit that takes strong locks spends its lock_timeout in LOCK_SLICE_MS tries,
   * each (once the plan has met a busy table: `contended`) after waiting (queued for nothing) for
   * long holders to finish. A slice that times out rolls the unit back, so it still commits all its
   * steps or none; only when the whole lock_timeout is spent does the attempt fail (55P03, retried
   * with backoff like any lock timeout).
   */
  private async runTransactionInSlices(session: TargetSession, unit: ApplyUnit, attempt: number): Promise<UnitFailure | null> {
    const strong = wantedLocks(unit.stepIndexes.map((index) => this.step(index))).length > 0;
    if (!strong || this.lockTimeoutMs <= LOCK_SLICE_MS) {
      // Not strong: nobody queues behind it. Strong with a lock_timeout no longer than a slice: one
      // try queues no longer than a slice would, so the look for holders waits for a busy table only.
      const holder = strong && this.contended ? await this.waitForLongLockHolders(session, unit, this.lockTimeoutMs) : null;
      return holder ?? (await this.noteTimeout(this.runTransaction(session, unit, attempt, this.lockTimeoutMs)));
    }
    const deadline = performance.now() + this.lockTimeoutMs;
    for (;;) {
      if (this.contended) {
        const holder = await this.waitForLongLockHolders(session, unit, Math.max(1, deadline - performance.now()));
        if (holder) return holder;
      }
      const left = deadline - performance.now();
      const failure = await this.noteTimeout(this.runTransaction(session, unit, attempt, Math.max(1, Math.min(LOCK_SLICE_MS, left))));
      if (failure?.error.sqlstate !== LOCK_NOT_AVAILABLE || deadline - performance.now() <= 0) return failure;
    }
  }

  private async noteTimeout(run: Promise<UnitFailure | null>): Promise<UnitFailure | null> {
    const failure = await run;
    if (failure?.error.sqlstate === LOCK_NOT_AVAILABLE) this.contended = true;
    return failure;
  }

  private settingsSql(step: PlanStep, lockTimeoutMs: number, inTransaction: boolean): string {
    const searchPath = step.schema === undefined ? {} : { searchPath: step.schema };
    return stepSettingsSql({ lockTimeoutMs, stepTimeoutMs: this.stepBudgetMs(step), parallelWorkers: this.parallelWorkers, ...searchPath }, inTransaction);
  }

  /**
   * Steps of one group in one transaction: either all of them are committed or none. Each step goes
   * to the server as one query string with its SET LOCALs, the first with BEGIN and the last with
   * COMMIT: one round trip per step, not four for a one-step unit (each round trip costs both
   * processes CPU, which a fleet of small tenants spends mostly on such overheads). A failing
   * statement skips the rest of its string, COMMIT included, and the transaction is rolled back
   * below, as before; a failing COMMIT (a deferred constraint) counts against the last step.
   */
  private async runTransaction(session: TargetSession, unit: ApplyUnit, attempt: number, lockTimeoutMs: number): Promise<UnitFailure | null> {
    let current = unit.stepIndexes[0] ?? 0;
    const synchronous = unit === this.lastTransactional;
    try {
      for (const [position, index] of unit.stepIndexes.entries()) {
        current = index;
        const step = this.step(index);
        const stepStarted = performance.now();
        this.emit({ type: 'step-started', stepIndex: index, step, attempt });
        const begin = position === 0 ? `BEGIN; ${synchronous ? '' : `${ASYNC_COMMIT_SQL}; `}` : '';
        const last = position === unit.stepIndexes.length - 1;
        // On a line of its own, so a step ending in a -- comment cannot swallow it.
        const commit = last ? '\n;COMMIT' : '';
        try {
          await session.client.query(`${begin}${this.settingsSql(step, lockTimeoutMs, true)};\n${step.sql}${commit}`);
        } finally {
          this.timing(last && synchronous ? 'synchronous-commit' : 'statement', stepStarted);
        }
        this.emit({ type: 'step-finished', stepIndex: index, step, durationMs: Math.round(performance.now() - stepStarted) });
      }
      this.asyncCommitted = !synchronous;
      return null;
    } catch (error) {
      await session.client.query('ROLLBACK').catch(() => undefined);
      return { error: stepError(error, current, this.step(current)), retryBlocked: false };
    }
  }

  /** A step that cannot run in a transaction block (CONCURRENTLY …): session-level SETs, and cleanup of what a failure leaves. */
  private async runAlone(session: TargetSession, unit: ApplyUnit, attempt: number): Promise<UnitFailure | null> {
    const index = unit.stepIndexes[0] ?? 0;
    const step = this.step(index);
    const concurrentBuild = buildsIndexConcurrently(step.sql);
    let before: string[] = [];
    try {
      // A named CREATE INDEX CONCURRENTLY can only leave its own index behind (one of that name that
      // was already there makes it fail before building anything): no need to list the INVALID
      // indexes first, a catalog query a new backend pays for. REINDEX and unnamed builds need the list.
      if (concurrentBuild && concurrentIndexName(step.sql) === null) before = await invalidIndexes(session.client, step.schema ?? this.target.schema);
      const stepStarted = performance.now();
      this.emit({ type: 'step-started', stepIndex: index, step, attempt });
      await session.client.query(this.settingsSql(step, this.lockTimeoutMs, false));
      // A detach an earlier try (or an earlier run) left pending can only be finished, not started again.
      const detach = concurrentDetach(step.sql);
      const finalize = detach !== null && (await detachPending(session.client, detach));
      await session.client.query(finalize ? finalizeDetachSql(detach) : step.sql);
      this.timing('statement', stepStarted);
      this.emit({ type: 'step-finished', stepIndex: index, step, durationMs: Math.round(performance.now() - stepStarted) });
      return null;
    } catch (error) {
      const failure = stepError(error, index, step);
      if (!concurrentBuild) return { error: failure, retryBlocked: false };
      const cleanupProblem = await this.dropLeftoverIndexes(session, index, step, before);
      return cleanupProblem ? { error: { ...failure, message: `${failure.message}; ${cleanupProblem}` }, retryBlocked: true } : { error: failure, retryBlocked: false };
    }
  }

  /** Returns a description of what could not be cleaned up, or null when nothing is left behind. */
  private async dropLeftoverIndexes(session: TargetSession, stepIndex: number, step: PlanStep, before: readonly string[]): Promise<string | null> {
    let leftovers: string[];
    try {
      await session.recover();
      leftovers = leftoverIndexes(step.sql, before, await invalidIndexes(session.client, step.schema ?? this.target.schema));
    } catch (error) {
      return `could not check for an INVALID index left by the failed build: ${messageOf(error)}`;
    }
    for (const index of leftovers) {
      for (let attempt = 1; ; attempt++) {
        try {
          await dropIndexConcurrently(session.client, step.schema ?? this.target.schema, index, this.lockTimeoutMs, this.stepBudgetMs(step));
          this.emit({ type: 'invalid-index-dropped', stepIndex, index });
          break;
        } catch (error) {
          const sqlstate = sqlstateOf(error);
          if (isRetriable(sqlstate) && attempt < this.policy.maxAttempts) {
            await this.policy.sleep(backoffDelayMs(attempt, this.policy));
            continue;
          }
          return `the failed build left the INVALID index "${index}" behind and dropping it failed (${messageOf(error)}); drop it with DROP INDEX CONCURRENTLY before trying again`;
        }
      }
    }
    return null;
  }

  private emit(event: ApplyProgressEvent): void {
    // A reporter that throws must not abort a migration halfway through a group.
    try {
      this.options.onProgress?.(event);
    } catch {
      /* ignored on purpose */
    }
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function stepError(error: unknown, stepIndex: number, step: PlanStep): StepError {
  const pgError = error as { detail?: unknown; hint?: unknown } | null;
  const sqlstate = recordedSqlstate(error);
  return {
    message: messageOf(error),
    ...(sqlstate ? { sqlstate } : {}),
    ...(typeof pgError?.detail === 'string' ? { detail: pgError.detail } : {}),
    ...(typeof pgError?.hint === 'string' ? { hint: pgError.hint } : {}),
    stepIndex,
    sql: step.sql,
  };
}
