import { clusterOf, locationOf } from '../tenant.js';
import type pg from 'pg';
import type { Tenant } from '../tenant.js';
import { DEFAULT_STALE_AFTER_MS, tryLockTenant, tryLockTenants, type Ledger } from '../ledger/index.js';
import type { RolloutLedger, TenantLocker } from './rollout-ledger-port.js';

/** The SQL ledger seen through the orchestrator's port. */
export function rolloutLedger(ledger: Ledger, options: { readonly staleAfterMs?: number; readonly actor?: string | null; readonly config?: unknown } = {}): RolloutLedger {
  const staleAfterMs = options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
  return {
    async findOrCreateRollout(input) {
      await ledger.ensureSchema();
      const before = await ledger.latestRollout();
      const found = await ledger.findOrCreateRollout({
        schemaHash: input.schemaHash,
        commit: input.commit ?? null,
        actor: options.actor ?? null,
        config: options.config ?? {},
        staleAfterMs,
        ...(input.scope ? { scope: input.scope } : {}),
      });
      // A rollout that had ended (failed, cancelled) is being rerun: nobody works on it, so whatever did
      // not reach the schema is tried again now, not only once the last worker's heartbeat has gone stale.
      const reopened = before !== null && before.id === found.rollout.id && (before.state === 'failed' || before.state === 'cancelled');
      // Only this run's tenants: a narrower rerun (--tenants '!t3', another config) leaves the others' failures standing.
      if (reopened) await ledger.requeueTenants(found.rollout.id, ['failed', 'cancelled', 'skipped'], input.scope);
      // Cancelled tenants were rolled back, never half done: any worker may take them again at once.
      else if (!found.created) await ledger.requeueTenants(found.rollout.id, ['cancelled'], input.scope);
      return { id: found.rollout.id, resumed: !found.created };
    },
    async registerTenants(rolloutId, entries) {
      await ledger.registerTenants(
        rolloutId,
        entries.map((entry) => ({
          id: entry.tenant.id,
          cluster: clusterOf(entry.tenant),
          schema: entry.tenant.schema,
          wave: entry.wave,
          sequence: entry.sequence,
          location: locationOf(entry.tenant.url),
        })),
      );
    },
    async fleetRegistered() {
      await ledger.refreshStatistics();
    },
    async claim(rolloutId, workerId, limit, claimOptions = {}) {
      const claims = await ledger.claimTenants(rolloutId, workerId, limit, {
        staleAfterMs,
        ...(claimOptions.wave !== undefined ? { wave: claimOptions.wave } : {}),
        ...(claimOptions.excludeClusters ? { excludeClusters: claimOptions.excludeClusters } : {}),
        ...(claimOptions.inWaveOrder ? { inWaveOrder: true } : {}),
        ...(claimOptions.onlyTenants ? { onlyTenants: claimOptions.onlyTenants } : {}),
        ...(claimOptions.after ? { after: claimOptions.after } : {}),
      });
      return claims.map((claim) => ({ tenantId: claim.tenantId, wave: claim.wave, sequence: claim.sequence, schema: claim.schema, location: claim.location, attempts: claim.attempts }));
    },
    async releaseClaims(rolloutId, workerId) {
      await ledger.releaseClaims(rolloutId, workerId, 'pending');
    },
    async record(rolloutId, workerId, tenantId, result) {
      await ledger.recordTenantResult(rolloutId, tenantId, workerId, result);
    },
    async heartbeat(rolloutId, workerId) {
      await ledger.heartbeat(workerId, rolloutId);
    },
    async status(rolloutId, scope) {
      const status = await ledger.status(rolloutId, scope ? { scope } : {});
      if (!status) throw new Error(`rollout ${rolloutId} is not in the ledger`);
      return {
        state: status.rollout.state,
        totals: status.totals,
        running: status.counts.claimed,
        request: status.rollout.requested,
        requestedBy: status.rollout.requestedBy,
        failures: status.failures.map((failure) => ({ tenantId: failure.tenantId, message: failure.message, sqlstate: failure.sqlstate })),
        ...(status.scopePending !== undefined ? { scopePending: status.scopePending } : {}),
        claimHolders: status.workers.filter((worker) => worker.claimed > 0).map((worker) => ({ workerId: worker.id, claimed: worker.claimed, heartbeatAgeMs: worker.heartbeatAgeMs, staleAfterMs })),
      };
    },
    async setState(rolloutId, state) {
      await ledger.setRolloutState(rolloutId, state);
    },
    close: () => ledger.close(),
  };
}

export const ledgerTenantLock: TenantLocker = Object.assign((client: pg.ClientBase, tenant: Tenant) => tryLockTenant(client, tenant.id, tenant.schema), {
  many: (client: pg.ClientBase, tenants: readonly Tenant[]) =>
    tryLockTenants(
      client,
      tenants.map((tenant) => tenant.schema),
    ),
});
