import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { runRollout } from '../../../src/fleet/rollout/run-rollout.js';
import { rolloutSettings } from '../../../src/fleet/rollout/rollout-settings.js';
import { PROOFS_NEEDED } from '../../../src/fleet/rollout/plan-proofs.js';
import { V2, collect, createDatabaseFleet, createSchemaFleet, desiredFrom, listSource, openTestLedger, remainingSteps } from './fleet-fixture.js';

describe('runRollout: rollout.verify', () => {
  it('proven (default): database tenants of one plan are read back until it is proven, then taken on proof; all reach the desired state', { timeout: 60_000 }, async () => {
    const desired = await desiredFrom(V2, 'app');
    const { tenants } = await createDatabaseFleet(7);
    const { db: ledgerDb, ledger } = await openTestLedger();
    const seen = collect();
    const summary = await runRollout({ settings: rolloutSettings({ concurrency: 1 }), desired, source: listSource(tenants), ledger, workerId: 'w1', onEvent: seen.onEvent });
    expect(summary.state).toBe('succeeded');
    expect(summary.totals).toMatchObject({ tenants: 7, migrated: 7, failed: 0 });
    // One at a time: the first PROOFS_NEEDED prove the plan, the rest are taken on it.
    expect(seen.of('tenant-finished').map((e) => e.verifiedBy)).toEqual([...Array(PROOFS_NEEDED).fill('read-back'), ...Array(7 - PROOFS_NEEDED).fill('proof')]);
    expect(summary.verifiedBy).toEqual({ readBack: PROOFS_NEEDED, proof: 7 - PROOFS_NEEDED });
    // The ledger says which were read back.
    const rows = await ledgerDb.query<{ verified_by: string; n: number }>('SELECT verified_by, count(*)::int AS n FROM schemafleet.rollout_tenants WHERE rollout_id = $1 GROUP BY 1 ORDER BY 1', [
      summary.rolloutId,
    ]);
    expect(rows).toEqual([
      { verified_by: 'proof', n: 7 - PROOFS_NEEDED },
      { verified_by: 'read-back', n: PROOFS_NEEDED },
    ]);
    for (const tenant of tenants) expect(await remainingSteps(tenant, desired)).toBe(0);
  });

  it('proven: a tenant whose step had to be retried (lock timeout) is read back even when its plan is proven', { timeout: 60_000 }, async () => {
    const desired = await desiredFrom(V2, 'app');
    const { tenants } = await createDatabaseFleet(PROOFS_NEEDED + 1);
    const { ledger } = await openTestLedger();
    const last = tenants.at(-1)!;
    const blocker = new pg.Client({ connectionString: last.url });
    await blocker.connect();
    await blocker.query('BEGIN; LOCK TABLE users IN ACCESS SHARE MODE');
    const seen = collect();
    const onEvent = (event: Parameters<typeof seen.onEvent>[0]): void => {
      seen.onEvent(event);
      if (event.type === 'tenant-retried' && event.tenantId === last.id) void blocker.query('COMMIT');
    };
    try {
      const summary = await runRollout({ settings: rolloutSettings({ concurrency: 1, lockTimeoutMs: 200 }), desired, source: listSource(tenants), ledger, workerId: 'w1', onEvent });
      expect(summary.state).toBe('succeeded');
      expect(seen.of('tenant-retried').map((e) => e.tenantId)).toContain(last.id);
      expect(seen.of('tenant-finished').map((e) => e.verifiedBy)).toEqual(Array(PROOFS_NEEDED + 1).fill('read-back'));
      expect(await remainingSteps(last, desired)).toBe(0);
    } finally {
      await blocker.query('ROLLBACK').catch(() => undefined);
      await blocker.end();
    }
  });

  it("proven: schema tenants of one batch are not all read back: a plan's first PROOFS_NEEDED are, the rest of the batch is then taken on their proof", { timeout: 60_000 }, async () => {
    const desired = await desiredFrom(V2, 'app');
    const { tenants } = await createSchemaFleet(Array.from({ length: 12 }, (_, i) => `batch_${i}`));
    const { ledger } = await openTestLedger();
    const seen = collect();
    const summary = await runRollout({ settings: rolloutSettings({ concurrency: 4 }), desired, source: listSource(tenants), ledger, workerId: 'w1', onEvent: seen.onEvent });
    expect(summary.state).toBe('succeeded');
    expect(summary.totals).toMatchObject({ tenants: 12, migrated: 12, failed: 0 });
    expect(summary.verifiedBy).toEqual({ readBack: PROOFS_NEEDED, proof: 12 - PROOFS_NEEDED });
    for (const tenant of tenants) expect(await remainingSteps(tenant, desired)).toBe(0);
  });

  it('every: every migrated tenant is read back; schema tenants of later batches are taken on proof in proven mode', { timeout: 60_000 }, async () => {
    const desired = await desiredFrom(V2, 'app');
    const names = Array.from({ length: 10 }, (_, i) => `verify_${i}`);
    const { tenants } = await createSchemaFleet(names);
    const { ledger } = await openTestLedger();
    const every = await runRollout({ settings: rolloutSettings({ concurrency: 2, batchSize: 2, verify: 'every' }), desired, source: listSource(tenants), ledger, workerId: 'w1' });
    expect(every.totals).toMatchObject({ tenants: 10, migrated: 10 });
    expect(every.verifiedBy).toEqual({ readBack: 10, proof: 0 });

    const { tenants: again } = await createSchemaFleet(names);
    const { ledger: ledger2 } = await openTestLedger();
    const proven = await runRollout({ settings: rolloutSettings({ concurrency: 2, batchSize: 2 }), desired, source: listSource(again), ledger: ledger2, workerId: 'w1' });
    expect(proven.totals).toMatchObject({ tenants: 10, migrated: 10 });
    expect(proven.verifiedBy.readBack).toBeGreaterThanOrEqual(PROOFS_NEEDED);
    expect(proven.verifiedBy.proof).toBeGreaterThan(0);
    for (const tenant of again) expect(await remainingSteps(tenant, desired)).toBe(0);
  });
});
