import { describe, expect, it } from 'vitest';
import { V2, createSchemaFleet, desiredFrom, remainingSteps } from '../fleet/rollout/fleet-fixture.js';
import { createTestDatabase } from '../support/pg.js';
import { expectCleanOutput, ledgerTenants, rolloutArgs, rollouts, spawnCli, writeFleetConfig } from './fault-fixture.js';

describe('two rollouts started at once for the same fleet (slow)', () => {
  it('the same schema: both workers share one rollout, and no tenant is migrated by both', { timeout: 90_000 }, async () => {
    const names = Array.from({ length: 12 }, (_, i) => `tenant_${i}`);
    const { tenants } = await createSchemaFleet(names);
    const ledger = await createTestDatabase('sf_ledger');
    const { config } = await writeFleetConfig(tenants, ledger.url, { concurrency: 2, batchSize: 2 }, V2);
    const runs = [spawnCli(rolloutArgs(config)), spawnCli(rolloutArgs(config))];
    const exits = await Promise.all(runs.map((run) => run.exited));
    expect(exits.map((e) => e.code)).toEqual([0, 0]);
    for (const run of runs) expectCleanOutput(run.stderr(), run.stdout());

    const migratedBy = new Map<string, number[]>();
    runs.forEach((run, index) => {
      for (const event of run.events) {
        if (event.type === 'tenant-finished' && event.outcome === 'migrated') migratedBy.set(String(event.tenantId), [...(migratedBy.get(String(event.tenantId)) ?? []), index]);
      }
    });
    expect([...migratedBy.keys()].sort()).toEqual(tenants.map((t) => t.id).sort());
    expect([...migratedBy.values()].filter((workers) => workers.length !== 1)).toEqual([]);
    const all = await rollouts(ledger);
    expect(all.every((r) => r.state === 'succeeded')).toBe(true);
    const rows = await ledgerTenants(ledger, all[0]!.id);
    expect(rows.filter((r) => r.state !== 'migrated' || r.attempts > 2)).toEqual([]);
    const desired = await desiredFrom(V2, 'app');
    for (const tenant of tenants) expect(await remainingSteps(tenant, desired)).toBe(0);
  });
});
