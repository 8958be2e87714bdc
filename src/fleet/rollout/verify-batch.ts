import type { LedgerTenantResult } from './rollout-ledger-port.js';
import type { RolloutContext } from './rollout-context.js';
import type { BatchScope, Unverified } from './batch-scope.js';
import { errorOf, verifyTenant, versionedContext } from './migrate-tenant.js';
import { readLiveSchema } from '../../apply/read-live-schema.js';
import { onFailure } from './rollout-control.js';
import { readBackFirst } from './proof-first.js';

/**
 * The batch's schema tenants whose steps ran, verified together: their schemas are read with one
 * introspectSchemas call on the shared reader's connection (which still holds their advisory
 * locks), and each counts as migrated only when a fresh plan from its state is empty. A schema
 * the shared read cannot give is read alone; one that cannot be read at all fails its tenant.
 */
export async function verifyBatch(ctx: RolloutContext, waiting: readonly Unverified[], readers: BatchScope['readers']): Promise<void> {
  // A plan's first tenants are read back first; the others may then be vouched for by its proof (proof-first.ts).
  const { now, later } = readBackFirst(waiting, ctx.settings.verify === 'proven' ? ctx.proofs : null);
  await readBack(ctx, now, readers);
  const unproven = later.filter((tenant) => ctx.proofs.needsReadBack(tenant.proofKey, true));
  const proven = later.filter((tenant) => !unproven.includes(tenant));
  await Promise.all([readBack(ctx, unproven, readers), ...proven.map((tenant) => ctx.results.record(tenant.tenant.id, { ...tenant.result, verifiedBy: 'proof' }, true))]);
}

async function readBack(ctx: RolloutContext, waiting: readonly Unverified[], readers: BatchScope['readers']): Promise<void> {
  const { settings, options } = ctx;
  const readOptions = { lockTimeoutMs: settings.lockTimeoutMs, statementTimeoutMs: settings.statementTimeoutMs, maxAttempts: settings.retries };
  const context = { plans: ctx.plans, desired: options.desired, ...(options.desiredFor ? { desiredFor: options.desiredFor } : {}), settings, ...(options.lint ? { lint: options.lint } : {}) };
  await Promise.all(
    waiting.map(async ({ tenant, result, canary, proofKey }) => {
      let verified: LedgerTenantResult;
      try {
        const reader = readers.get(tenant.url);
        // The reader reads a schema its batch read could not give on its own (a new connection if its own was lost).
        const after = reader ? await reader.read(tenant.schema) : await readLiveSchema(tenant.url, tenant.schema, readOptions);
        verified = verifyTenant(after, result, await versionedContext(context, after.serverVersion));
      } catch (error) {
        const { message, sqlstate } = errorOf(error);
        verified = { ...result, outcome: 'failed', error: { message: `verification failed: every step ran, but the schema could not be read back: ${message}`, sqlstate } };
      }
      ctx.proofs.recordReadBack(proofKey, verified.outcome === 'migrated');
      await ctx.results.record(tenant.id, verified, true);
      if (verified.outcome === 'failed') onFailure(ctx, canary, tenant.id);
    }),
  );
}
