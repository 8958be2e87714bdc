import { describe, expect, it, onTestFinished } from 'vitest';
import pg from 'pg';
import { V2, createSchemaFleet, desiredFrom, remainingSteps } from '../fleet/rollout/fleet-fixture.js';
import { createTestDatabase } from '../support/pg.js';
import { V3, expectCleanOutput, ledgerTenants, rolloutArgs, rollouts, spawnCli, writeFleetConfig } from './fault-fixture.js';

describe('two rollouts started at once for the same fleet', () => {
  it('different schemas: the second refuses (exit 1, names the rollout in the way) and touches nothing; the first finishes alone', { timeout: 90_000 }, async () => {
    const names = Array.from({ length: 8 }, (_, i) => `tenant_${i}`);
    const { db, tenants } = await createSchemaFleet(names);
    const ledger = await createTestDatabase('sf_ledger');
    // One tenant is held up (its ADD COLUMN waits for this lock; lock timeouts are retried), so the
    // first rollout is still running whichever process gets there first.
    const blocker = new pg.Client({ connectionString: db.url });
    await blocker.connect();
    onTestFinished(() => blocker.end().catch(() => undefined));
    await blocker.query('BEGIN; LOCK TABLE tenant_0.users IN ACCESS SHARE MODE');

    const rollout = { lockTimeout: '300ms', retries: 40, concurrency: 2 };
    const a = await writeFleetConfig(tenants, ledger.url, rollout, V2);
    const b = await writeFleetConfig(tenants, ledger.url, rollout, V3);
    const first = spawnCli(rolloutArgs(a.config));
    const second = spawnCli(rolloutArgs(b.config));
    // The refusal comes as soon as the loser registers; then the winner may go on.
    const loser = await Promise.race([first.exited.then((exit) => ({ exit, run: first, other: second, schema: V2 })), second.exited.then((exit) => ({ exit, run: second, other: first, schema: V3 }))]);
    await blocker.query('ROLLBACK');
    const winner = { run: loser.other, exit: await loser.other.exited, schema: loser.schema === V2 ? V3 : V2 };

    expect(loser.exit.code, loser.run.stderr()).toBe(1);
    expect(loser.run.stderr()).toMatch(/rollout r_\S+ \(schema [0-9a-f]{12}\) is still (running|paused); refusing to start another rollout \(schema [0-9a-f]{12}\) on the same fleet/);
    expect(loser.run.stderr()).toMatch(/schemafleet abort --rollout r_/);
    expect(loser.run.events.filter((e) => e.type === 'tenant-started')).toEqual([]);
    expect(winner.exit.code, winner.run.stderr()).toBe(0);
    expectCleanOutput(loser.run.stderr(), loser.run.stdout(), winner.run.stderr(), winner.run.stdout());

    // One rollout in the ledger; every tenant at the winner's schema and none with a step of the loser's.
    const all = await rollouts(ledger);
    expect(all.map((r) => r.state)).toEqual(['succeeded']);
    const rows = await ledgerTenants(ledger, all[0]!.id);
    expect(rows.map((r) => r.state)).toEqual(names.map(() => 'migrated'));
    const wanted = await desiredFrom(winner.schema, 'app');
    const refused = await desiredFrom(loser.schema, 'app');
    for (const tenant of tenants) {
      expect(await remainingSteps(tenant, wanted)).toBe(0);
      expect(await remainingSteps(tenant, refused)).toBeGreaterThan(0);
    }
  });
});
