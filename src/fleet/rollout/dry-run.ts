import type { Tenant } from '../tenant.js';
import type { RolloutContext } from './rollout-context.js';
import { closeBatchScope, openBatchScope } from './batch-scope.js';
import { addTenant } from './register-fleet.js';
import { scheduleDry } from './tenant-run.js';

/** A dry run: the source streamed in batches, each tenant planned and checked, nothing claimed or recorded in a ledger. */
export async function runDry(ctx: RolloutContext): Promise<void> {
  const { options, state } = ctx;
  let batch = 0;
  let chunk: Tenant[] = [];
  const flush = async (): Promise<void> => {
    const tenants = chunk;
    chunk = [];
    if (tenants.length === 0 || state.stop) return;
    ctx.emit({ type: 'batch-started', batch, size: tenants.length, wave: null, at: Date.now() });
    const scope = await openBatchScope(tenants, {
      batch,
      canary: false,
      settings: ctx.settings,
      lock: null,
      isStopped: () => state.stop !== null,
      emit: ctx.emit,
      sharedUrls: ctx.sharedUrls,
      startingStates: ctx.startingStates,
    });
    try {
      await Promise.all(tenants.map((tenant) => scheduleDry(ctx, tenant, scope)));
    } finally {
      await closeBatchScope(scope);
    }
    ctx.emit({ type: 'batch-finished', batch: batch++, at: Date.now() });
  };
  for await (const page of options.source.pages(options.pageSize ?? 500)) {
    for (const tenant of page) {
      if (state.stop) break;
      if (!(options.filter?.(tenant) ?? true)) continue;
      addTenant(ctx, tenant);
      ctx.results.countPending();
      chunk.push(tenant);
      if (chunk.length >= ctx.settings.batchSize) await flush();
    }
    if (state.stop) break;
  }
  await flush();
}
