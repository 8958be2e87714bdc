import { randomBytes } from 'node:crypto';
import { blockingFindings } from '../../lint/blocking-findings.js';
import type pg from 'pg';
import type { SchemaModel } from '../../schema/model.js';
import { planMigration, type Migration } from '../../plan/plan-migration.js';
import { applyPlanInSession } from '../../apply/apply-plan.js';
import { TargetSession } from '../../apply/target-session.js';
import { destructiveRefusal, verificationFailure } from '../../apply/refuse-and-verify.js';
import { connectTarget } from '../../db/connect-target.js';
import { introspectWithTimeouts } from '../../apply/read-live-schema.js';
import { fingerprintModel } from '../../schema/fingerprint-model.js';
import { UnreachableDatabaseError } from '../../errors.js';
import { isConnectionLossSqlstate, recordedSqlstate } from '../../apply/connection-loss.js';
import { sqlstateOf } from '../../db/sqlstate.js';
import type { Tenant } from '../tenant.js';
import type { LedgerTenantResult, TenantLocker } from './rollout-ledger-port.js';
import type { RolloutSettings } from './rollout-settings.js';
import type { CachedPlan, createPlanCache } from './plan-cache.js';
import { committedStepsNote } from './committed-steps.js';
import { dryRunDataProblems } from './dry-run-checks.js';
import { dataChecksFor } from '../preflight/data-checks.js';
import { TenantCancelledError, cancellableSleep, endBackends, terminateBackends } from './cancellable.js';
import { proofKey, type PlanProofs } from './plan-proofs.js';
import { readStartingState } from './read-starting-state.js';
import type { StartingStates } from './starting-states.js';
import { timePhase, type PhaseClock, type RolloutPhase } from './phase-clock.js';
import type { ApplyTiming } from '../../apply/apply-types.js';
import { planTenantSet, readTenantSet, setProofKey, verifyTenantSet, type RolloutSchemaSet } from './schema-set-tenant.js';

/** A lint pass over a migration; only errors matter here (they refuse the plan unless allowed). */
export type PlanLinter = (current: SchemaModel, migration: Migration) => readonly { readonly rule: string; readonly severity: string; readonly category?: string; readonly message: string }[];

export interface MigrateTenantContext {
  readonly desired: SchemaModel;
  /**
   * The desired model as the tenant's own PostgreSQL major version builds it (views and other
   * stored text differ between majors; see src/schema/load/desired-schemas.ts); default `desired`.
   */
  readonly desiredFor?: (serverVersionNum: number) => Promise<SchemaModel>;
  readonly settings: RolloutSettings;
  readonly plans: ReturnType<typeof createPlanCache>;
  readonly lockTenant: TenantLocker;
  readonly dryRun: boolean;
  readonly lint?: PlanLinter;
  /** Aborts the tenant's work now: its backends are terminated, its transactions roll back. */
  readonly cancel: AbortSignal;
  readonly onRetry: (attempt: number, reason: string) => void;
  /** Tries after a lost connection (server restart, dropped socket); default CONNECTION_RETRY. */
  readonly connectionRetry?: ConnectionRetryPolicy;
  /**
   * The tenant's schema as already read under its advisory lock, with the other schema tenants of
   * its batch in one go (schema-per-tenant); undefined when there is none (or it was used: a retry
   * and the verification read on the tenant's own connection).
   */
  readonly takePrefetched?: (schema: string) => SchemaModel | undefined;
  /**
   * Schema tenants of one database: return `unverified` once the plan has run, and let the caller
   * verify the batch's tenants together (verifyTenant on models read with one introspectSchemas):
   * a read in a database holding thousands of schemas costs about as much for fifty as for one.
   */
  readonly deferVerification?: boolean;
  /** Where the tenant's connection comes from and goes back to (warm between tenants of one database); default: a new one, closed after. */
  readonly connections?: TenantConnectionSource;
  /** Which tenants need reading back after their steps (see plan-proofs.ts); without it, every one. */
  readonly proofs?: PlanProofs;
  /** Starting states known by catalog digest (starting-states.ts); without it, every tenant is read in full. */
  readonly startingStates?: StartingStates;
  /**
   * Where the time the tenant kept its database busy is added up (rollout.niceRatio): its catalog
   * reads and the statements that succeeded. Waits for locks, tries that timed out and retry backoff
   * load nothing and are not counted.
   */
  readonly worked?: { ms: number };
  /** Where the tenant's time goes, phase by phase (phase-clock.ts); nothing is measured without it. */
  readonly phases?: PhaseClock;
  /**
   * Database tenants of several schemas (schemaNames): read, planned and verified as one set
   * (schema-set-tenant.ts); `takePrefetched`, `startingStates` and `deferVerification` are not used for them.
   */
  readonly schemaSet?: RolloutSchemaSet;
}

/** The part of WarmConnections a tenant uses; `keep` is decided by the source (does its database have more tenants coming?). */
interface TenantConnectionSource {
  acquire(url: string, applicationName: string): Promise<pg.Client>;
  release(url: string, client: pg.Client): Promise<void>;
}

const FRESH_CONNECTIONS: TenantConnectionSource = {
  acquire: (url, applicationName) => connectTarget(url, applicationName),
  release: async (_url, client) => {
    await client.end().catch(() => undefined);
  },
};

interface ConnectionRetryPolicy {
  /** Extra tries after the first; 0 turns the retry off. */
  readonly retries: number;
  /** Wait before the first retry; doubled for each further one. */
  readonly baseDelayMs: number;
}

/**
 * A lost connection says nothing about the tenant, only about the path to it, and a try re-plans from
 * the live state, so trying again is safe: three more tries over about 7 s ride out a server restart
 * or a proxy's hiccup, while a tenant that stays unreachable is recorded as failed (08xxx/57P0x)
 * within seconds, not retried forever. Errors of the statements themselves (read-only 25006,
 * permission 42501, statement timeout 57014, bad data) are not retried here: another try would do the same.
 */
/** Node's resolver error for a host name that does not exist (EAI_AGAIN, a resolver that is down for a moment, is retried). */
const UNKNOWN_HOST = /\bgetaddrinfo ENOTFOUND\b/;

const CANCELLED_MESSAGE = 'cancelled: the rollout was stopped before this tenant finished; its open transaction was rolled back';

const CONNECTION_RETRY: ConnectionRetryPolicy = { retries: 3, baseDelayMs: 1_000 };

export type MigrateTenantResult =
  | { readonly kind: 'busy' }
  | { readonly kind: 'done'; readonly result: LedgerTenantResult }
  /** Every step ran (deferVerification): `result` is what verifyTenant confirms or turns into a failure; `proofKey` is where its verdict counts. */
  | { readonly kind: 'unverified'; readonly result: LedgerTenantResult; readonly proofKey: string; readonly clean: boolean };

/**
 * Brings one tenant to the desired schema: lock, read, plan (shared by fingerprint), refuse what
 * is not allowed, apply, verify. Never throws: whatever goes wrong becomes the tenant's outcome,
 * because one tenant's failure must not stop the others. A try that lost its connection is made
 * again on fresh connections (CONNECTION_RETRY), once whatever it left running has been ended.
 */
export async function migrateTenant(tenant: Tenant, context: MigrateTenantContext): Promise<MigrateTenantResult> {
  const policy = context.connectionRetry ?? CONNECTION_RETRY;
  const sleep = cancellableSleep(context.cancel);
  const startedAt = performance.now();
  let lost: LedgerTenantResult | null = null;
  for (let retry = 0; ; retry++) {
    // One name for every backend of this try, so a cancel (or the next try) can find and end them all.
    const applicationName = `schemafleet ${randomBytes(6).toString('hex')}`;
    const result = await migrateTenantOnce(tenant, context, applicationName, startedAt, lost === null);
    // The lost try had planned steps and this one finds none left: that try ran them (its connection
    // went during verification, or just after the last step). Count the tenant as migrated, as it was:
    // this try's read, which found the desired state, is its read-back.
    if (lost && lost.steps > 0 && result.kind === 'done' && result.result.outcome === 'unchanged') {
      return { kind: 'done', result: { ...result.result, outcome: 'migrated', steps: lost.steps, planFingerprint: lost.planFingerprint, verifiedBy: 'read-back' } };
    }
    if (result.kind !== 'done' || result.result.outcome !== 'failed' || retry >= policy.retries || context.cancel.aborted) return result;
    const error = result.result.error;
    if (!isConnectionLossSqlstate(error?.sqlstate)) return result;
    // A host that does not resolve will not resolve on the next try either (it was retried three times as "connection lost").
    if (UNKNOWN_HOST.test(error?.message ?? '')) return result;
    lost ??= result.result;
    const never = error?.message.startsWith('cannot connect to') ?? false;
    context.onRetry(retry + 2, `${never ? '' : 'connection lost: '}${error?.message.split('\n')[0] ?? 'unknown'}${error?.sqlstate ? ` (SQLSTATE ${error.sqlstate})` : ''}`);
    // A statement whose client vanished can still be running on the server, holding its locks.
    await endBackends(tenant.url, applicationName);
    try {
      await sleep(policy.baseDelayMs * 2 ** retry);
    } catch {
      return { kind: 'done', result: { ...result.result, outcome: 'cancelled', error: { message: CANCELLED_MESSAGE, sqlstate: null } } };
    }
  }
}

const APPLY_PHASES: Readonly<Record<ApplyTiming, RolloutPhase>> = { 'lock-check': 'lock-checks', statement: 'steps', 'synchronous-commit': 'final-commit' };

/** Runs `fn`, adding its time to `worked`. */
async function timedWork<T>(worked: { ms: number } | undefined, fn: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await fn();
  } finally {
    if (worked) worked.ms += performance.now() - started;
  }
}

/** `firstTry`: no earlier try of this tenant lost its connection (whose steps may have run in part). */
async function migrateTenantOnce(tenant: Tenant, context: MigrateTenantContext, applicationName: string, startedAt: number, firstTry: boolean): Promise<MigrateTenantResult> {
  const { settings, cancel } = context;
  const sleep = cancellableSleep(cancel);
  let client: pg.Client | undefined;
  const onCancel = (): void => {
    void terminateBackends(tenant.url, applicationName);
  };
  cancel.addEventListener('abort', onCancel, { once: true });
  const resultOf = (outcome: LedgerTenantResult['outcome'], steps: number, planFingerprint: string | null, error: LedgerTenantResult['error'] = null): LedgerTenantResult => ({
    outcome,
    steps,
    durationMs: Math.round(performance.now() - startedAt),
    planFingerprint,
    error,
  });
  const done = (...args: Parameters<typeof resultOf>): MigrateTenantResult => ({ kind: 'done', result: resultOf(...args) });
  let planFingerprint: string | null = null;
  let steps = 0;
  const connections = context.connections ?? FRESH_CONNECTIONS;
  const phases = context.phases;
  try {
    if (cancel.aborted) throw new TenantCancelledError();
    client = await timePhase(phases, 'connect', () => connections.acquire(tenant.url, applicationName));
    if (cancel.aborted) throw new TenantCancelledError();
    // A dry run changes nothing, so it has nothing to keep another worker away from.
    if (!context.dryRun && !(await timePhase(phases, 'lock', () => context.lockTenant(client!, tenant)))) return { kind: 'busy' };

    const readOptions = { lockTimeoutMs: settings.lockTimeoutMs, statementTimeoutMs: settings.statementTimeoutMs, maxAttempts: settings.retries, sleep };
    const set = context.schemaSet;
    const planned = set ? await planSetTenant(client, set, context, readOptions) : await planOneSchema(client, tenant, context, readOptions);
    const { cached, serverVersion } = planned;
    const { plan } = cached;
    planFingerprint = plan.currentFingerprint;
    steps = plan.steps.length;
    if (steps === 0) return done('unchanged', 0, planFingerprint);
    if (cached.refusal) return done('failed', steps, planFingerprint, { message: cached.refusal, sqlstate: null });
    if (context.dryRun) {
      const wouldFail = await dryRunDataProblems(client, tenant, cached, settings);
      return wouldFail ? done('failed', steps, planFingerprint, wouldFail) : done('skipped', steps, planFingerprint);
    }

    // The same connection (and backend, its catalog caches warm from the read) runs the plan and
    // the verification. If it is lost mid-plan, the replacement must hold the tenant's lock again.
    const session = await timePhase(phases, 'connect', () =>
      TargetSession.adopt(tenant, applicationName, client!, async (replacement) => {
        client = replacement;
        // Busy now: another worker took the tenant while the connection was down. This try ends as a
        // lost connection; the next one finds the tenant busy and leaves it to that worker.
        if (!(await context.lockTenant(replacement, tenant))) throw new Error("the tenant's advisory lock was taken by another session while reconnecting");
      }),
    );
    const applied = await applyPlanInSession(session, tenant, plan, {
      lockTimeoutMs: settings.lockTimeoutMs,
      statementTimeoutMs: settings.statementTimeoutMs,
      parallelWorkers: settings.parallelWorkers,
      maxAttempts: settings.retries,
      applicationName,
      sleep,
      ...(phases ? { onTiming: (what: ApplyTiming, ms: number) => phases.add(APPLY_PHASES[what], ms) } : {}),
      onProgress: (event) => {
        if (event.type === 'step-finished' && context.worked) context.worked.ms += event.durationMs;
        if (event.type === 'step-retried') context.onRetry(event.attempt + 1, `${event.error.message}${event.error.sqlstate ? ` (SQLSTATE ${event.error.sqlstate})` : ''}`);
      },
    });
    client = session.client;
    if (cancel.aborted) throw new TenantCancelledError();
    if (applied.status === 'failed') {
      const error = applied.error;
      // What stayed committed before the failing step, and what it already enforces, goes with the error.
      const leftBehind = committedStepsNote(plan.steps, applied.stepsRun);
      return done('failed', steps, planFingerprint, {
        message: `${error ? `step ${error.stepIndex + 1}/${steps} failed: ${error.message}` : 'a step failed'}\n${leftBehind}`,
        sqlstate: error?.sqlstate ?? null,
      });
    }

    const ran = resultOf('migrated', steps, planFingerprint);
    const key = set ? setProofKey(set, proofKey(planFingerprint, serverVersion)) : proofKey(planFingerprint, serverVersion);
    // Straight through: the first try, and no step needed another go (a lock timeout, a reconnect).
    const clean = firstTry && applied.retries === 0;
    if (context.proofs && !context.proofs.needsReadBack(key, clean)) return { kind: 'done', result: { ...ran, verifiedBy: 'proof' } };
    // A set tenant is verified on its own connection, never with a schema-tenant batch (verify-batch.ts reads one schema).
    if (context.deferVerification && !set) return { kind: 'unverified', result: ran, proofKey: key, clean };
    let verified: LedgerTenantResult;
    if (set) {
      const failure = await timePhase(phases, 'verify', () => timedWork(context.worked, () => verifyTenantSet(client!, set, readOptions, context)));
      verified = failure ? { ...ran, outcome: 'failed', error: { message: failure, sqlstate: null } } : { ...ran, verifiedBy: 'read-back' };
    } else {
      const after = await timePhase(phases, 'verify', () => timedWork(context.worked, () => introspectWithTimeouts(client!, tenant.schema, readOptions)));
      verified = verifyTenant(after, ran, planned.planContext!);
    }
    context.proofs?.recordReadBack(key, verified.outcome === 'migrated');
    return { kind: 'done', result: verified };
  } catch (error) {
    if (cancel.aborted || error instanceof TenantCancelledError) return done('cancelled', steps, planFingerprint, { message: CANCELLED_MESSAGE, sqlstate: null });
    return done('failed', steps, planFingerprint, errorOf(error));
  } finally {
    cancel.removeEventListener('abort', onCancel);
    // A cancelled try's backend is being terminated (TenantCancelledError comes only from an abort): never handed to another tenant.
    if (client && cancel.aborted) await client.end().catch(() => undefined);
    else if (client) await timePhase(phases, 'release', () => connections.release(tenant.url, client!));
  }
}

type ReadOptions = Parameters<typeof readStartingState>[2];

interface Planned {
  readonly cached: CachedPlan;
  readonly serverVersion: number;
  /** A one-schema tenant's context for its verification (versionedContext). */
  readonly planContext?: MigrateTenantContext;
}

/** A one-schema tenant: its starting state (prefetched by its batch, taken on a digest, or read in full), planned. */
async function planOneSchema(client: pg.Client, tenant: Tenant, context: MigrateTenantContext, readOptions: ReadOptions): Promise<Planned> {
  const { phases } = context;
  const prefetched = context.takePrefetched?.(tenant.schema);
  const starting = prefetched ? null : await timePhase(phases, 'read', () => timedWork(context.worked, () => readStartingState(client, tenant.schema, readOptions, context.startingStates)));
  const current = prefetched ?? starting!.model;
  const planStarted = performance.now();
  const planContext = await versionedContext(context, current.serverVersion);
  const cached = context.plans.get(planKey(starting?.fingerprint ?? fingerprintModel(current), planContext.desired), () => computePlan(current, planContext));
  phases?.add('plan', performance.now() - planStarted);
  return { cached, serverVersion: current.serverVersion, planContext };
}

/** A tenant of several schemas: its whole set read in full (no digest, no batch read), planned as one. */
async function planSetTenant(client: pg.Client, set: RolloutSchemaSet, context: MigrateTenantContext, readOptions: ReadOptions): Promise<Planned> {
  const { phases } = context;
  const read = await timePhase(phases, 'read', () => timedWork(context.worked, () => readTenantSet(client, set, readOptions)));
  const planStarted = performance.now();
  const cached = await planTenantSet(read.current, read.serverVersion, set, context);
  phases?.add('plan', performance.now() - planStarted);
  return { cached, serverVersion: read.serverVersion };
}

/**
 * The verification: a tenant counts as migrated only when a fresh plan from its state after the
 * steps is empty. `ran` is the result of running them (migrated).
 */
export function verifyTenant(after: SchemaModel, ran: LedgerTenantResult, context: Pick<MigrateTenantContext, 'plans' | 'desired' | 'settings' | 'lint'>): LedgerTenantResult {
  // Migrated tenants end in the same state: planned once, like the states they started from.
  const { plan: fresh } = context.plans.get(planKey(fingerprintModel(after), context.desired), () => computePlan(after, context));
  const failure = verificationFailure(fresh);
  return failure ? { ...ran, outcome: 'failed', error: { message: failure.message, sqlstate: null } } : { ...ran, verifiedBy: 'read-back' };
}

/** `context` with `desired` as the tenant's major version builds it. */
export async function versionedContext<C extends Pick<MigrateTenantContext, 'desired' | 'desiredFor'>>(context: C, serverVersionNum: number): Promise<C> {
  if (!context.desiredFor) return context;
  return { ...context, desired: await context.desiredFor(serverVersionNum) };
}

/**
 * Plans are cached by the state they start from and the desired model they go to: tenants of
 * different major versions go to different desired models (see versionedContext).
 */
function planKey(currentFingerprint: string, desired: SchemaModel): string {
  return `${Math.floor(desired.serverVersion / 10_000)}:${currentFingerprint}`;
}

function computePlan(current: SchemaModel, context: Pick<MigrateTenantContext, 'desired' | 'settings' | 'lint'> & { readonly dryRun?: boolean }): CachedPlan {
  const migration = planMigration(current, context.desired);
  const { plan } = migration;
  // A dry run checks each tenant's data as preflight does (dry-run-checks.ts).
  const checks = context.dryRun ? { checks: dataChecksFor(current, migration.changes) } : {};
  const destructive = destructiveRefusal(plan, context.settings.allowDestructive);
  if (destructive) return { plan, ...checks, refusal: `refused: ${destructive.message}; allow destructive changes to run them` };
  const errors = blockingFindings(context.lint?.(current, migration) ?? [], context.settings);
  if (errors.length > 0) {
    const first = errors[0];
    return { plan, ...checks, refusal: `refused: ${errors.length} lint error${errors.length === 1 ? '' : 's'} (${first?.rule}: ${first?.message})` };
  }
  return { plan, ...checks, refusal: null };
}

/** A tenant's error as the ledger records it: the server's SQLSTATE, or 08001 / 08006 for connections that failed or were lost. */
export function errorOf(error: unknown): { message: string; sqlstate: string | null } {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof UnreachableDatabaseError) {
    // The server's own reason when it gave one (28P01 bad password, 3D000 no database, 57P03 starting up), else 08001.
    return { message, sqlstate: sqlstateOf(error.cause) ?? '08001' };
  }
  return { message, sqlstate: recordedSqlstate(error) ?? null };
}
