import { describe, expect, it } from 'vitest';
import { runRollout } from '../../../src/fleet/rollout/run-rollout.js';
import { rolloutSettings } from '../../../src/fleet/rollout/rollout-settings.js';
import { READS_NEEDED } from '../../../src/fleet/rollout/starting-states.js';
import { V2, collect, createDatabaseFleet, createSchemaFleet, desiredFrom, listSource, openTestLedger, remainingSteps } from './fleet-fixture.js';

describe('runRollout: starting states taken on their catalog digest', () => {
  it('proven: database tenants with a digest seen READS_NEEDED times are not read in full; a drifted one is, and gets its own plan', { timeout: 60_000 }, async () => {
    const desired = await desiredFrom(V2);
    // Tenant 5 has an extra index: another digest, another plan (which drops the index).
    const { tenants } = await createDatabaseFleet(8, (i) => (i === 5 ? 'extra-index' : 'v1'));
    const { ledger } = await openTestLedger();
    const seen = collect();
    const summary = await runRollout({ settings: rolloutSettings({ concurrency: 1 }), desired, source: listSource(tenants), ledger, workerId: 'w1', onEvent: seen.onEvent });
    expect(summary.state).toBe('succeeded');
    expect(summary.totals).toMatchObject({ tenants: 8, migrated: 8, failed: 0 });
    // Seven v1 tenants, one at a time: the first READS_NEEDED are read in full, the rest taken on their digest.
    expect(summary.statesByDigest).toBe(7 - READS_NEEDED);
    const fingerprints = new Map(seen.of('tenant-finished').map((e) => [e.tenantId, e.planFingerprint]));
    expect(fingerprints.get('db-5')).not.toBe(fingerprints.get('db-0'));
    for (const tenant of tenants) expect(await remainingSteps(tenant, desired)).toBe(0);
  });

  it('concurrently: tenants that start while the first reads of their digest run wait for them instead of reading in full', { timeout: 60_000 }, async () => {
    const desired = await desiredFrom(V2);
    const { tenants } = await createDatabaseFleet(8);
    const { ledger } = await openTestLedger();
    const summary = await runRollout({ settings: rolloutSettings({ concurrency: 4 }), desired, source: listSource(tenants), ledger, workerId: 'w1' });
    expect(summary.totals).toMatchObject({ tenants: 8, migrated: 8 });
    expect(summary.statesByDigest).toBe(8 - READS_NEEDED);
    for (const tenant of tenants) expect(await remainingSteps(tenant, desired)).toBe(0);
  });

  it('schema tenants: a batch is planned on its batch digest, all but READS_NEEDED of a digest not read in full; a drifted one is, and gets its own plan', { timeout: 60_000 }, async () => {
    const desired = await desiredFrom(V2, 'app');
    // Schema 5 has an extra index: another digest, another plan (which drops the index).
    const { tenants } = await createSchemaFleet(
      Array.from({ length: 12 }, (_, i) => `tenant_${i}`),
      (i) => (i === 5 ? 'extra-index' : 'v1'),
    );
    const { ledger } = await openTestLedger();
    const seen = collect();
    const summary = await runRollout({ settings: rolloutSettings({ concurrency: 4 }), desired, source: listSource(tenants), ledger, workerId: 'w1', onEvent: seen.onEvent });
    expect(summary.state).toBe('succeeded');
    expect(summary.totals).toMatchObject({ tenants: 12, migrated: 12, failed: 0 });
    // One batch: eleven v1 schemas, READS_NEEDED of them read in full, the rest taken on their digest.
    expect(summary.statesByDigest).toBe(11 - READS_NEEDED);
    const fingerprints = new Map(seen.of('tenant-finished').map((e) => [e.tenantId, e.planFingerprint]));
    expect(fingerprints.get('t-5:tenant_5')).not.toBe(fingerprints.get('t-0:tenant_0'));
    for (const tenant of tenants) expect(await remainingSteps(tenant, desired)).toBe(0);
  });

  it('every: every tenant is read in full', { timeout: 60_000 }, async () => {
    const desired = await desiredFrom(V2);
    const { tenants } = await createDatabaseFleet(4);
    const { ledger } = await openTestLedger();
    const summary = await runRollout({ settings: rolloutSettings({ concurrency: 1, verify: 'every' }), desired, source: listSource(tenants), ledger, workerId: 'w1' });
    expect(summary.totals).toMatchObject({ tenants: 4, migrated: 4 });
    expect(summary.statesByDigest).toBe(0);
  });

  it('a rerun finds the migrated tenants unchanged through their digest too', { timeout: 60_000 }, async () => {
    const desired = await desiredFrom(V2);
    const { tenants } = await createDatabaseFleet(5);
    const { ledger } = await openTestLedger();
    const first = await runRollout({ settings: rolloutSettings({ concurrency: 1 }), desired, source: listSource(tenants), ledger, workerId: 'w1' });
    expect(first.totals).toMatchObject({ migrated: 5 });
    const { ledger: again } = await openTestLedger();
    const second = await runRollout({ settings: rolloutSettings({ concurrency: 1 }), desired, source: listSource(tenants), ledger: again, workerId: 'w1' });
    expect(second.totals).toMatchObject({ tenants: 5, unchanged: 5, migrated: 0 });
    expect(second.statesByDigest).toBe(5 - READS_NEEDED);
  });
});
