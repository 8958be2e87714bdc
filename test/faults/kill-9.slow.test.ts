import { describe, expect, it } from 'vitest';
import { killAndRerun, type KillRunReport } from './kill-run.js';
import { cli } from '../cli/run-cli-in-process.js';
import { V2, createDatabaseFleet, createSchemaFleet, desiredFrom } from '../fleet/rollout/fleet-fixture.js';
import { adminUrl, createTestDatabase } from '../support/pg.js';
import { expectCleanOutput, expectFleetConverged, fillNotes, rolloutArgs, spawnCli, waitForStatement, writeFleetConfig } from './fault-fixture.js';

// 24 deterministic seeds (the fast suite runs 101, 202, 303): replay one with `-t "seed <n>"`.
const SEEDS = Array.from({ length: 24 }, (_, i) => 1_000 + i * 37);

describe('kill -9 of the rollout worker at seeded random points, then a rerun (slow)', () => {
  const reports: KillRunReport[] = [];
  for (const seed of SEEDS) {
    it(`seed ${seed}`, { timeout: 120_000 }, async () => {
      reports.push(await killAndRerun(seed));
    });
  }
  it('most runs were killed mid-rollout, not after the end', () => {
    const killed = reports.filter((r) => !r.exitedFirst);
    console.log(
      `kill -9: ${reports.length} seeded runs, ${killed.length} killed mid-rollout; ${reports.map((r) => `${r.seed}: ${r.trigger}, ${r.finishedBeforeKill} done${r.exitedFirst ? ', exited first' : ''}`).join('; ')}`,
    );
    expect(reports).toHaveLength(SEEDS.length);
    expect(killed.length).toBeGreaterThanOrEqual(SEEDS.length * 0.75);
  });
});

describe('kill -9 in the middle of an index build (slow)', () => {
  it('the orphaned build is not mistaken for a finished one: the rerun ends with every index valid and every tenant at the schema', { timeout: 180_000 }, async () => {
    const { tenants: schemaTenants } = await createSchemaFleet(['tenant_a', 'tenant_b', 'tenant_c']);
    const {
      tenants: [big],
    } = await createDatabaseFleet(1);
    await fillNotes(big!.url, 'public', 400_000);
    const tenants = [big!, ...schemaTenants];
    const ledger = await createTestDatabase('sf_ledger');
    const { config } = await writeFleetConfig(tenants, ledger.url, { concurrency: 4 });
    const worker = spawnCli(rolloutArgs(config, ['--stale-after', '1s']));
    expect(await waitForStatement(big!.url, 'CREATE%INDEX CONCURRENTLY%notes%', 60_000)).toBe(true);
    worker.child.kill('SIGKILL');
    expect((await worker.exited).signal).toBe('SIGKILL');
    const rerun = await cli(['rollout', '--config', config, '--stale-after', '1s', '--dev-url', adminUrl()]);
    expect(rerun.code, `${rerun.stdout}\n${rerun.stderr}`).toBe(0);
    expectCleanOutput(rerun.stdout, rerun.stderr);
    await expectFleetConverged(tenants, await desiredFrom(V2, 'app'), ledger, { maxAttempts: 2 });
  });
});
