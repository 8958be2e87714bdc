import { describe, expect, it } from 'vitest';
import { runRollout } from '../../../src/fleet/rollout/run-rollout.js';
import { rolloutSettings } from '../../../src/fleet/rollout/rollout-settings.js';
import { V2, collect, createDatabaseFleet, createSchemaFleet, desiredFrom, ledgerRows, listSource, openTestLedger, remainingSteps } from './fleet-fixture.js';

describe('runRollout', () => {
  it('migrates 40 schema tenants with mixed drift, sharing plans by live state', async () => {
    const desired = await desiredFrom(V2, 'app');
    const names = Array.from({ length: 40 }, (_, i) => `tenant_${String(i).padStart(3, '0')}`);
    const { tenants } = await createSchemaFleet(names, (i) => (i % 5 === 0 ? 'v2' : i % 7 === 0 ? 'extra-index' : 'v1'));
    const { db: ledgerDb, ledger } = await openTestLedger();
    const seen = collect();
    const summary = await runRollout({
      settings: rolloutSettings({ concurrency: 4, batchSize: 15 }),
      desired,
      source: listSource(tenants),
      ledger,
      workerId: 'w1',
      onEvent: seen.onEvent,
      pollMs: 200,
    });

    expect(summary.failures).toEqual([]);
    expect(summary.state).toBe('succeeded');
    expect(summary.totals).toMatchObject({ tenants: 40, migrated: 32, unchanged: 8, failed: 0, pending: 0 });
    expect(summary.distinctPlans).toBe(3);
    expect(summary.tenantsPerSecond).toBeGreaterThan(0);
    for (const tenant of tenants) expect(await remainingSteps(tenant, desired)).toBe(0);
    const rows = await ledgerRows(ledgerDb, summary.rolloutId);
    expect(rows.filter((row) => row.state === 'migrated')).toHaveLength(32);
    expect(seen.of('batch-started').map((e) => e.size)).toEqual([15, 15, 10]);
    expect(seen.of('tenant-finished')).toHaveLength(40);
    expect(seen.of('rollout-finished')).toMatchObject([{ state: 'succeeded', totals: { migrated: 32 } }]);
  });

  it('migrates database tenants; one unreachable and one with duplicates are recorded, the others succeed', async () => {
    const desired = await desiredFrom();
    const { tenants } = await createDatabaseFleet(5, (i) => (i === 2 ? 'duplicates' : i === 4 ? 'v2' : 'v1'));
    const unreachable = { id: 'gone', url: 'postgres://postgres@127.0.0.1:1/nowhere', schema: 'public', labels: {} };
    const { db: ledgerDb, ledger } = await openTestLedger();
    const summary = await runRollout({
      settings: rolloutSettings({ concurrency: 3, failureBudget: { kind: 'count', count: 10 } }),
      desired,
      source: listSource([...tenants, unreachable]),
      ledger,
      workerId: 'w1',
      pollMs: 200,
    });

    expect(summary.state).toBe('failed');
    expect(summary.totals).toMatchObject({ tenants: 6, migrated: 3, unchanged: 1, failed: 2 });
    const failures = Object.fromEntries(summary.failures.map((f) => [f.tenantId, f]));
    expect(failures['db-2']).toMatchObject({ sqlstate: '23505' });
    expect(failures['gone']).toMatchObject({ sqlstate: '08001' });
    expect(failures['gone']?.message).toMatch(/cannot connect/);
    const rows = await ledgerRows(ledgerDb, summary.rolloutId);
    expect(rows.find((row) => row.tenant_id === 'db-2')).toMatchObject({ state: 'failed', error_sqlstate: '23505' });
    for (const tenant of tenants.filter((t) => t.id !== 'db-2')) expect(await remainingSteps(tenant, desired)).toBe(0);
  });

  it('an unknown host fails its tenant at once, not after three tries reported as "connection lost"', async () => {
    const desired = await desiredFrom();
    const unknown = { id: 'nowhere', url: 'postgres://postgres@no-such-host.invalid:5432/db', schema: 'public', labels: {} };
    const { ledger } = await openTestLedger();
    const seen = collect();
    const summary = await runRollout({ settings: rolloutSettings(), desired, source: listSource([unknown]), ledger, workerId: 'w1', onEvent: seen.onEvent, pollMs: 200 });
    expect(summary.state).toBe('failed');
    expect(summary.failures).toEqual([
      { tenantId: 'nowhere', message: expect.stringMatching(/^cannot connect to postgres:\/\/postgres@no-such-host\.invalid:5432\/db: getaddrinfo ENOTFOUND/), sqlstate: '08001' },
    ]);
    expect(seen.of('tenant-retried')).toEqual([]);
  });

  it('is safe with hostile tenant ids and schema names (quotes, spaces, unicode, 63-byte names)', async () => {
    const desired = await desiredFrom(V2, 'app');
    const long = 'x'.repeat(60) + 'é'; // 62 bytes; with the digit below 63
    const hostile = [`a"b'c`, 'with space', 'ünïcødé_テナント', `${long}1`, 'Robert); DROP TABLE users;--', '$1 %s \\'];
    const { tenants: base } = await createSchemaFleet(hostile, (i) => (i === 0 ? 'extra-index' : 'v1'));
    const tenants = base.map((tenant, i) => ({ ...tenant, id: i === 1 ? `id with "quotes" and\nnewline ${tenant.schema}` : tenant.schema }));
    const { db: ledgerDb, ledger } = await openTestLedger();
    const summary = await runRollout({ settings: rolloutSettings({ concurrency: 3 }), desired, source: listSource(tenants), ledger, workerId: 'w1', pollMs: 200 });
    expect(summary.failures).toEqual([]);
    expect(summary.totals).toMatchObject({ tenants: hostile.length, migrated: hostile.length });
    for (const tenant of tenants) expect(await remainingSteps(tenant, desired)).toBe(0);
    const rows = await ledgerRows(ledgerDb, summary.rolloutId);
    expect(rows.map((r) => r.tenant_id).sort()).toEqual(tenants.map((t) => t.id).sort());
  });

  it('dry run plans every tenant, changes nothing and needs no ledger', async () => {
    const desired = await desiredFrom(V2, 'app');
    const { tenants } = await createSchemaFleet(['d_0', 'd_1', 'd_2', 'd_3'], (i) => (i === 0 ? 'v2' : i === 3 ? 'duplicates' : 'v1'));
    const seen = collect();
    const summary = await runRollout({ settings: rolloutSettings(), desired, source: listSource(tenants), dryRun: true, workerId: 'w1', onEvent: seen.onEvent, pollMs: 200 });
    expect(summary.state).toBe('dry-run');
    // d_3's duplicates would fail its unique index: the dry run runs preflight's data checks and says so.
    expect(summary.totals).toMatchObject({ tenants: 4, unchanged: 1, skipped: 2, failed: 1, migrated: 0, pending: 0 });
    expect(summary.failures).toEqual([
      {
        tenantId: 't-3:d_3',
        message: expect.stringMatching(/^would fail on its data: 1 value of users\.email appears in more than one row \(unique index users_email_key would fail\)/),
        sqlstate: null,
      },
    ]);
    expect(seen.of('tenant-finished').find((e) => e.outcome === 'skipped')?.steps).toBeGreaterThan(0);
    expect(await remainingSteps(tenants[1]!, desired)).toBeGreaterThan(0);
  });

  it('--tenants style filter: only matching tenants are registered and migrated', async () => {
    const desired = await desiredFrom(V2, 'app');
    const { tenants } = await createSchemaFleet(['keep_1', 'keep_2', 'skip_1']);
    const { ledger } = await openTestLedger();
    const summary = await runRollout({ settings: rolloutSettings(), desired, source: listSource(tenants), ledger, workerId: 'w1', filter: (t) => t.schema.startsWith('keep'), pollMs: 200 });
    expect(summary.totals).toMatchObject({ tenants: 2, migrated: 2 });
    expect(await remainingSteps(tenants[2]!, desired)).toBeGreaterThan(0);
  });
});
