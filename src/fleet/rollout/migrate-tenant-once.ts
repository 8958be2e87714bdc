import type pg from 'pg';
import { applyPlanInSession } from '../../apply/apply-plan.js';
import { TargetSession } from '../../apply/target-session.js';
import { connectTarget } from '../../db/connect-target.js';
import { introspectWithTimeouts } from '../../apply/read-live-schema.js';
import type { ApplyTiming } from '../../apply/apply-types.js';
import type { Tenant } from '../tenant.js';
import type { LedgerTenantResult } from './rollout-ledger-port.js';
import { committedStepsNote } from './committed-steps.js';
import { dryRunDataProblems } from './dry-run-checks.js';
import { TenantCancelledError, cancellableSleep, terminateBackends } from './cancellable.js';
import { proofKey } from './plan-proofs.js';
import { timePhase, timedWork, type RolloutPhase } from './phase-clock.js';
import { setProofKey, verifyTenantSet } from './schema-set-tenant.js';
import type { MigrateTenantContext, MigrateTenantResult, TenantConnectionSource } from './migrate-tenant-context.js';
import { planOneSchema, planSetTenant } from './plan-tenant.js';
import { verifyTenant } from './verify-tenant.js';
import { CANCELLED_MESSAGE, errorOf } from './tenant-error.js';

const FRESH_CONNECTIONS: TenantConnectionSource = {
  acquire: (url, applicationName) => connectTarget(url, applicationName),
  release: async (_url, client) => {
    await client.end().catch(() => undefined);
  },
};

const APPLY_PHASES: Readonly<Record<ApplyTiming, RolloutPhase>> = { 'lock-check': 'lock-checks', statement: 'steps', 'synchronous-commit': 'final-commit' };

/**
 * One try of migrateTenant (migrate-tenant.ts) on one connection: acquire it, lock the tenant, plan,
 * apply, verify, and hand the connection back. `firstTry`: no earlier try of this tenant lost its
 * connection (whose steps may have run in part).
 */
export async function migrateTenantOnce(tenant: Tenant, context: MigrateTenantContext, applicationName: string, startedAt: number, firstTry: boolean): Promise<MigrateTenantResult> {
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
