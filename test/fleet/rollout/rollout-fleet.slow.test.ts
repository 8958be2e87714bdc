import { describe, expect, it } from 'vitest';
import { runRollout } from '../../../src/fleet/rollout/run-rollout.js';
import { rolloutSettings } from '../../../src/fleet/rollout/rollout-settings.js';
import { V2, collect, createDatabaseFleet, createSchemaFleet, desiredFrom, ledgerRows, listSource, openTestLedger, remainingSteps, type Drift } from './fleet-fixture.js';

const drift = (i: number): Drift => (i % 10 === 0 ? 'v2' : i % 13 === 0 ? 'extra-index' : 'v1');

describe('runRollout at fleet size (slow)', () => {
  it('320 schema tenants with mixed drift, two workers', { timeout: 600_000 }, async () => {
    const desired = await desiredFrom(V2, 'app');
    const names = Array.from({ length: 320 }, (_, i) => `tenant_${String(i).padStart(4, '0')}`);
    const { tenants } = await createSchemaFleet(names, drift);
    const { db: ledgerDb, ledger } = await openTestLedger();
    const a = collect();
    const settings = rolloutSettings({ concurrency: 4, batchSize: 25 });
    const [one, two] = await Promise.all([
      runRollout({ settings, desired, source: listSource(tenants), ledger, workerId: 'wa', onEvent: a.onEvent, pollMs: 500 }),
      runRollout({ settings, desired, source: listSource(tenants), ledger, workerId: 'wb', pollMs: 500 }),
    ]);
    expect(one.failures).toEqual([]);
    expect([one.state, two.state]).toEqual(['succeeded', 'succeeded']);
    const unchanged = tenants.filter((_, i) => drift(i) === 'v2').length;
    expect(one.totals).toMatchObject({ tenants: 320, unchanged, migrated: 320 - unchanged, failed: 0, pending: 0 });
    expect(one.worker.tenants + two.worker.tenants).toBe(320);
    const rows = await ledgerRows(ledgerDb, one.rolloutId);
    expect(rows.every((r) => r.attempts === 1)).toBe(true);
    for (const tenant of tenants) expect(await remainingSteps(tenant, desired)).toBe(0);
    const progress = a.of('progress');
    expect(progress.length).toBeGreaterThan(2);
    expect(progress.some((p) => p.tenantsPerSecond > 0 && p.etaSeconds !== null)).toBe(true);
  });

  it('32 database tenants with mixed drift', { timeout: 600_000 }, async () => {
    const desired = await desiredFrom();
    const { tenants } = await createDatabaseFleet(32, drift);
    const { ledger } = await openTestLedger();
    const summary = await runRollout({
      settings: rolloutSettings({ concurrency: 4, perClusterConcurrency: 3, batchSize: 10 }),
      desired,
      source: listSource(tenants),
      ledger,
      workerId: 'w1',
      pollMs: 500,
    });
    expect(summary.failures).toEqual([]);
    expect(summary.state).toBe('succeeded');
    expect(summary.totals.tenants).toBe(32);
    for (const tenant of tenants) expect(await remainingSteps(tenant, desired)).toBe(0);
  });
});
