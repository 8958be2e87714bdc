import { clusterOf, type Tenant } from '../tenant.js';
import type { TenantOutcome } from '../rollout-events.js';
import type { LedgerClaim } from './rollout-ledger-port.js';
import type { RolloutContext } from './rollout-context.js';
import type { BatchScope } from './batch-scope.js';
import { migrateTenant } from './migrate-tenant.js';
import { ledgerTenantLock } from './ledger-adapter.js';
import { cancellableSleep } from './cancellable.js';
import { timePhase } from './phase-clock.js';
import { onFailure } from './rollout-control.js';

/** Queues one claimed tenant of a batch; it runs once the scheduler gives it a slot. */
export async function scheduleClaim(ctx: RolloutContext, claim: LedgerClaim, tenant: Tenant | undefined, scope: BatchScope): Promise<void> {
  if (!tenant) {
    // Registered by a worker with another tenant source or filter: this worker cannot reach it.
    await ctx.results.record(
      claim.tenantId,
      { outcome: 'skipped', steps: 0, durationMs: 0, planFingerprint: null, error: { message: "not in this worker's tenant source; run a worker whose source lists it", sqlstate: null } },
      true,
    );
    return;
  }
  const cluster = clusterOf(tenant);
  await ctx.scheduler.run(
    cluster,
    async () => {
      const worked = { ms: 0 };
      const outcome = await timePhase(ctx.options.phases, 'slot', () => runTenant(ctx, tenant, cluster, scope, worked));
      // A tenant another worker holds ran nothing here: not part of a generation at this level.
      if (outcome !== 'busy') ctx.governors?.finished(cluster);
      if (outcome === 'busy') scope.busy.push(tenant.id);
      else if (outcome === 'failed') onFailure(ctx, scope.canary, tenant.id);
      // rollout.niceRatio: the slot rests before it takes the next tenant (nothing ran for a busy one).
      if (outcome !== 'busy') await rest(ctx, worked.ms);
    },
    // The cluster's idle probe time is read before its first tenant starts (only that one waits).
    async () => {
      await ctx.governors?.ready(cluster, tenant.url);
    },
  );
}

/** Queues one tenant of a dry run: no claim, no rest, nothing recorded in a ledger. */
export async function scheduleDry(ctx: RolloutContext, tenant: Tenant, scope: BatchScope): Promise<void> {
  const cluster = clusterOf(tenant);
  await ctx.scheduler.run(cluster, async () => {
    await runTenant(ctx, tenant, cluster, scope);
  });
}

/** Holds a worker slot for niceRatio × `workedMs`; a stop ends the rest at once. */
async function rest(ctx: RolloutContext, workedMs: number): Promise<void> {
  const ms = ctx.settings.niceRatio * workedMs;
  if (ms <= 0 || ctx.state.stop) return;
  await cancellableSleep(ctx.stopped.signal)(ms).catch(() => undefined);
}

async function runTenant(ctx: RolloutContext, tenant: Tenant, cluster: string, scope: BatchScope, worked?: { ms: number }): Promise<TenantOutcome | 'busy' | 'unverified'> {
  const { options } = ctx;
  const controller = new AbortController();
  ctx.inFlight.add(controller);
  const reader = scope.readers.get(tenant.url);
  const prelocked = scope.prelocked.get(tenant.id);
  try {
    ctx.emit({ type: 'tenant-started', tenantId: tenant.id, cluster, at: Date.now() });
    const result = await migrateTenant(tenant, {
      desired: options.desired,
      ...(options.desiredFor ? { desiredFor: options.desiredFor } : {}),
      settings: ctx.settings,
      plans: ctx.plans,
      proofs: ctx.proofs,
      startingStates: ctx.startingStates,
      ...(worked ? { worked } : {}),
      ...(options.phases ? { phases: options.phases } : {}),
      ...(options.schemaSet ? { schemaSet: options.schemaSet } : {}),
      lockTenant: prelocked ? async () => prelocked.holdsLocks() : (options.lockTenant ?? ledgerTenantLock),
      dryRun: ctx.dryRun,
      ...(options.lint ? { lint: options.lint } : {}),
      cancel: controller.signal,
      onRetry: (attempt, reason) => ctx.emit({ type: 'tenant-retried', tenantId: tenant.id, attempt, reason, at: Date.now() }),
      ...(reader ? { takePrefetched: (schema: string) => reader.take(schema), deferVerification: true } : {}),
      connections: {
        acquire: (url, applicationName) => ctx.connections.acquire(url, applicationName),
        release: (url, client) => ctx.connections.release(url, client, ctx.sharedUrls.has(url)),
      },
    });
    if (result.kind === 'busy') return 'busy';
    if (result.kind === 'unverified') {
      scope.unverified.push({ tenant, result: result.result, canary: scope.canary, proofKey: result.proofKey, clean: result.clean });
      return 'unverified';
    }
    await timePhase(options.phases, 'record', () => ctx.results.recordInBackground(tenant.id, result.result, !ctx.dryRun));
    return result.result.outcome;
  } finally {
    ctx.inFlight.delete(controller);
  }
}
