import { describe, expect, it, onTestFinished } from 'vitest';
import { randomBytes } from 'node:crypto';
import { runRollout } from '../../src/fleet/rollout/run-rollout.js';
import { rolloutSettings } from '../../src/fleet/rollout/rollout-settings.js';
import { startEmbeddedPostgres } from '../../src/schema/scratch/embedded-server.js';
import type { Tenant } from '../../src/fleet/tenant.js';
import { V2, collect, createSchemaFleet, desiredFrom, driftSql, listSource, openTestLedger } from '../fleet/rollout/fleet-fixture.js';
import { withDatabase, withClient } from '../support/pg.js';
import { expectFleetConverged, fillNotes, waitForStatement } from './fault-fixture.js';

const CONNECTION_LOST = /^(08\d{3}|57P0[123])$/;

describe('a PostgreSQL restart mid-rollout (slow: starts a second server)', () => {
  it('the tenants on the restarted server are retried (or recorded with the reason and finished by the rerun); the others and the ledger are unaffected', { timeout: 180_000 }, async () => {
    const second = await startEmbeddedPostgres();
    onTestFinished(() => second.stop());
    const onSecond: Tenant[] = [];
    for (let i = 0; i < 2; i++) {
      const name = `sf_restart_${randomBytes(4).toString('hex')}`;
      await withClient(second.url, (c) => c.query(`CREATE DATABASE ${name}`));
      const url = withDatabase(second.url, name);
      await withClient(url, (c) => c.query(driftSql('v1')));
      await fillNotes(url, 'public', 150_000);
      onSecond.push({ id: `restarted-${i}`, url, schema: 'public', labels: {} });
    }
    const { tenants: onMain } = await createSchemaFleet(Array.from({ length: 6 }, (_, i) => `tenant_${i}`));
    const tenants = [...onSecond, ...onMain];
    const desired = await desiredFrom(V2, 'app');
    const { db: ledgerDb, ledger } = await openTestLedger();
    const settings = rolloutSettings({ concurrency: 4, failureBudget: { kind: 'count', count: 10 } });
    const seen = collect();

    const running = runRollout({ settings, desired, source: listSource(tenants), ledger, workerId: 'w1', onEvent: seen.onEvent, pollMs: 200 });
    expect(await waitForStatement(onSecond[0]!.url, 'CREATE%INDEX CONCURRENTLY%')).toBe(true);
    await second.restart(300);
    const first = await running;

    const retried = seen.of('tenant-retried');
    // Only tenants of the restarted server noticed anything, and what they noticed is the lost connection.
    expect(retried.length).toBeGreaterThanOrEqual(1);
    expect(retried.every((e) => e.tenantId.startsWith('restarted-'))).toBe(true);
    expect(retried[0]!.reason).toMatch(/connection lost: .*SQLSTATE (08\d{3}|57P0[123])/);
    expect(first.failures.filter((f) => !f.tenantId.startsWith('restarted-') || !CONNECTION_LOST.test(f.sqlstate ?? ''))).toEqual([]);
    for (const tenant of onMain) expect(seen.of('tenant-finished').find((e) => e.tenantId === tenant.id)?.outcome).toBe('migrated');

    // Retries normally ride out the restart; should one have run out, the rerun finishes the job.
    if (first.state !== 'succeeded') {
      const rerun = await runRollout({ settings, desired, source: listSource(tenants), ledger, workerId: 'w2', pollMs: 200 });
      expect(rerun.state).toBe('succeeded');
    }
    console.log(
      `restart: ${retried.length} tenant retr${retried.length === 1 ? 'y' : 'ies'} (${retried.map((e) => e.reason.replace(/^connection lost: /, '')).join(' | ')}); first run ${first.state}`,
    );
    await expectFleetConverged(tenants, desired, ledgerDb, { maxAttempts: 2 });
  });
});
