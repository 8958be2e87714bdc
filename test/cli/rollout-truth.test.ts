import { describe, expect, it } from 'vitest';
import { cli, devUrlArgs } from './run-cli-in-process.js';
import { V2, createSchemaFleet, desiredFrom, remainingSteps } from '../fleet/rollout/fleet-fixture.js';
import { createTestDatabase } from '../support/pg.js';
import { ledgerTenants, rollouts, writeFleetConfig } from '../faults/fault-fixture.js';

/**
 * The ledger tells the truth: a rollout is succeeded only when every tenant in it is at the schema.
 * A narrower rerun (--tenants '!t3', or a second config on the same ledger) must not erase t3's failure.
 */
describe('rollout: what the ledger and the exit code say after a failure', () => {
  it("a rerun with --tenants '!t3' does not turn the failed rollout succeeded; status keeps listing t3 until it is migrated", async () => {
    const names = ['t0', 't1', 't2', 't3'];
    // t3 holds duplicate emails: the unique index of V2 fails on it.
    const { tenants } = await createSchemaFleet(names, (i) => (i === 3 ? 'duplicates' : 'v1'));
    const ledger = await createTestDatabase('sf_ledger');
    const { config } = await writeFleetConfig(tenants, ledger.url, { concurrency: 2 });
    const t3 = tenants[3]!;

    const first = await cli(['rollout', '--config', config, ...devUrlArgs()]);
    expect(first.code, first.stderr).toBe(1);

    const narrower = await cli(['rollout', '--config', config, '--tenants', `!${t3.id}`, ...devUrlArgs()]);
    expect(narrower.code, `${narrower.stdout}\n${narrower.stderr}`).toBe(1);
    expect(narrower.stdout).not.toMatch(/succeeded/);
    expect(`${narrower.stdout}\n${narrower.stderr}`).toMatch(/outside/);
    const [rollout] = await rollouts(ledger);
    expect(rollout?.state).toBe('failed');
    const row = (await ledgerTenants(ledger, rollout!.id)).find((r) => r.tenant_id === t3.id);
    expect(row).toMatchObject({ state: 'failed', error_sqlstate: '23505' });

    const status = await cli(['status', '--config', config]);
    expect(status.stdout).toMatch(/failed 1/);
    expect(status.stdout).toContain(t3.id);

    // Fixed by hand, a full rerun migrates t3 and only then does the rollout succeed.
    await fixDuplicates(t3.url, t3.schema);
    const full = await cli(['rollout', '--config', config, ...devUrlArgs()]);
    expect(full.code, full.stderr).toBe(0);
    const desired = await desiredFrom(V2, 'app');
    for (const tenant of tenants) expect(await remainingSteps(tenant, desired)).toBe(0);
    const after = await cli(['status', '--config', config]);
    expect(after.stdout).toMatch(/: succeeded/);
    expect(after.stdout).not.toMatch(/failures/);
  });

  it("a second config sharing the ledger and schema does not turn the first config's failed rollout succeeded", async () => {
    const { tenants } = await createSchemaFleet(['a0', 'a1', 'b0', 'b1'], (i) => (i === 1 ? 'duplicates' : 'v1'));
    const ledger = await createTestDatabase('sf_ledger');
    const { config: configA } = await writeFleetConfig(tenants.slice(0, 2), ledger.url);
    const { config: configB } = await writeFleetConfig(tenants.slice(2), ledger.url);

    expect((await cli(['rollout', '--config', configA, ...devUrlArgs()])).code).toBe(1);
    const b = await cli(['rollout', '--config', configB, ...devUrlArgs()]);
    expect(b.code, `${b.stdout}\n${b.stderr}`).toBe(1);
    expect(b.stdout).not.toMatch(/succeeded/);
    const all = await rollouts(ledger);
    expect(all.map((r) => r.state)).toEqual(['failed']);
    const rows = await ledgerTenants(ledger, all[0]!.id);
    expect(rows.find((r) => r.tenant_id === tenants[1]!.id)).toMatchObject({ state: 'failed' });
    expect(rows.filter((r) => r.tenant_id === tenants[2]!.id || r.tenant_id === tenants[3]!.id).map((r) => r.state)).toEqual(['migrated', 'migrated']);
  });
});

async function fixDuplicates(url: string, schema: string): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DELETE FROM "${schema}".users WHERE id = 2`);
  } finally {
    await client.end();
  }
}
