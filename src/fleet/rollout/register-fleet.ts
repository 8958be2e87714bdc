import { clusterOf, type Tenant } from '../tenant.js';
import { fingerprintModel } from '../../schema/fingerprint-model.js';
import type { LedgerTenantEntry } from './rollout-ledger-port.js';
import type { RolloutContext } from './rollout-context.js';
import { failureBudgetCount } from './rollout-settings.js';
import { createWaveAssigner } from './tenant-waves.js';
import { applyStatus } from './rollout-control.js';

/** Lists the fleet from the tenant source into the ledger, and finds (or creates) the rollout to join. */
export async function registerFleet(ctx: RolloutContext): Promise<void> {
  const { options, state } = ctx;
  const ledger = ctx.ledger();
  // The tenants are listed first: a resume puts back to pending only this run's own (scope), so a
  // narrower rerun (--tenants '!t3', a second config on the same ledger) never erases t3's failure.
  const assign = createWaveAssigner(ctx.settings);
  const pages: LedgerTenantEntry[][] = [];
  for await (const page of options.source.pages(options.pageSize ?? 500)) {
    const entries = page.filter((tenant) => options.filter?.(tenant) ?? true).map(assign);
    for (const entry of entries) addTenant(ctx, entry.tenant);
    if (entries.length > 0) pages.push(entries);
  }
  const ids = pages.flatMap((entries) => entries.map((entry) => entry.tenant.id));
  const found = await ledger.findOrCreateRollout({
    schemaHash: options.schemaSet?.fingerprint ?? fingerprintModel(options.desired),
    workerId: ctx.workerId,
    commit: options.commit ?? null,
    scope: ids,
  });
  state.rolloutId = found.id;
  state.resumed = found.resumed;
  for (const entries of pages) await ledger.registerTenants(state.rolloutId, entries);
  await ledger.fleetRegistered?.(state.rolloutId);
  await ledger.heartbeat(state.rolloutId, ctx.workerId);
  const shared = await ledger.status(state.rolloutId);
  // The rollout holds tenants this run does not list: claims and "anything left?" look at ours alone.
  if (shared.totals.tenants > ids.length) state.scope = ids;
  state.budget = failureBudgetCount(ctx.settings, shared.totals.tenants);
  ctx.emit({ type: 'rollout-started', rolloutId: state.rolloutId, workerId: ctx.workerId, tenants: shared.totals.tenants, dryRun: false, at: Date.now() });
  applyStatus(ctx, shared);
}

export function addTenant(ctx: RolloutContext, tenant: Tenant): void {
  const known = ctx.directory.clusters().length;
  ctx.directory.add(tenant);
  // The first tenant seen on a cluster is where its sql probes connect.
  if (ctx.directory.clusters().length > known) ctx.options.healthGate?.addCluster(clusterOf(tenant), tenant.url);
}
