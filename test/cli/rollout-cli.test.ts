import { describe, expect, it } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, devUrlArgs } from './run-cli-in-process.js';
import { V2, createDatabaseFleet, desiredFrom, remainingSteps } from '../fleet/rollout/fleet-fixture.js';
import { createTestDatabase } from '../support/pg.js';
import { openLedger } from '../../src/fleet/ledger/index.js';
import type { Tenant } from '../../src/fleet/tenant.js';

async function writeConfig(tenants: readonly Tenant[], ledgerUrl: string, extra = ''): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sf-rollout-'));
  await writeFile(join(dir, 'schema.sql'), V2);
  const list = tenants.map((t) => `    - id: ${JSON.stringify(t.id)}\n      url: ${JSON.stringify(t.url)}`).join('\n');
  await writeFile(join(dir, 'schemafleet.yml'), `schema: schema.sql\ntenants:\n  list:\n${list}\nledger:\n  url: ${JSON.stringify(ledgerUrl)}\nrollout:\n  concurrency: 2\n${extra}`);
  return join(dir, 'schemafleet.yml');
}

describe('schemafleet rollout / status / pause / resume / abort', () => {
  it('rolls out with JSON lines, reports status, and a rerun finds nothing to do', async () => {
    const { tenants } = await createDatabaseFleet(3, (i) => (i === 2 ? 'v2' : 'v1'));
    const ledgerDb = await createTestDatabase('sf_ledger');
    const config = await writeConfig(tenants, ledgerDb.url);

    const run = await cli(['rollout', '--config', config, '--format', 'json', ...devUrlArgs()]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; [key: string]: unknown });
    expect(lines[0]).toMatchObject({ type: 'rollout-started', tenants: 3, dryRun: false });
    expect(lines.filter((l) => l.type === 'tenant-finished')).toHaveLength(3);
    expect(lines.at(-2)).toMatchObject({ type: 'rollout-finished', state: 'succeeded' });
    expect(lines.at(-1)).toMatchObject({ type: 'summary', state: 'succeeded', totals: { migrated: 2, unchanged: 1 } });
    const desired = await desiredFrom();
    for (const tenant of tenants) expect(await remainingSteps(tenant, desired)).toBe(0);

    const status = await cli(['status', '--config', config, '--format', 'json']);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ rollout: { state: 'succeeded' }, totals: { tenants: 3, migrated: 2, unchanged: 1 } });
    const statusText = await cli(['status', '--config', config]);
    expect(statusText.stdout).toMatch(/succeeded/);

    const again = await cli(['rollout', '--config', config, ...devUrlArgs()]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/unchanged\s+3/);
    expect(again.stderr).toMatch(/unchanged\s+db-0/);

    const abort = await cli(['abort', '--config', config]);
    expect(abort.code).toBe(1);
    expect(abort.stderr).toMatch(/cannot abort rollout .*: it is succeeded/);
  });

  it('exits 1 with a summary table naming each failed tenant, its error and SQLSTATE', async () => {
    const { tenants } = await createDatabaseFleet(2, (i) => (i === 1 ? 'duplicates' : 'v1'));
    const ledgerDb = await createTestDatabase('sf_ledger');
    const config = await writeConfig(tenants, ledgerDb.url, '  failureBudget: 10\n');
    const run = await cli(['rollout', '--config', config, ...devUrlArgs()]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/failed\s+1/);
    expect(run.stdout).toMatch(/db-1\s+23505\s+step \d+\/\d+ failed: could not create unique index/);
    expect(run.stderr).toMatch(/failed\s+db-1 .*SQLSTATE 23505/);
  });

  it('dry run changes nothing and writes no ledger; --tenants filters', async () => {
    const { tenants } = await createDatabaseFleet(2);
    const ledgerDb = await createTestDatabase('sf_ledger');
    const config = await writeConfig(tenants, ledgerDb.url);
    const run = await cli(['rollout', '--config', config, '--dry-run', '--tenants', 'db-1', ...devUrlArgs()]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/dry run/);
    expect(run.stdout).toMatch(/would change\s+1/);
    expect(run.stdout).toMatch(/total\s+1/);
    expect(await ledgerDb.query("SELECT 1 FROM pg_namespace WHERE nspname = 'schemafleet'")).toEqual([]);
  });

  it('a dry run runs the data checks preflight runs: a tenant with duplicates would fail (exit 1), the others would change', async () => {
    const { tenants } = await createDatabaseFleet(3, (i) => (i === 1 ? 'duplicates' : 'v1'));
    const ledgerDb = await createTestDatabase('sf_ledger');
    const config = await writeConfig(tenants, ledgerDb.url);
    const preflight = await cli(['preflight', '--config', config, '--format', 'json', ...devUrlArgs()]);
    const problems = (JSON.parse(preflight.stdout) as { dataProblems: { tenantId: string }[] }).dataProblems.map((p) => p.tenantId);
    expect(problems).toEqual(['db-1']);

    const run = await cli(['rollout', '--config', config, '--dry-run', ...devUrlArgs()]);
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(1);
    expect(run.stderr).toMatch(/would fail\s+db-1 .*would fail on its data: .*users/);
    expect(run.stderr).toMatch(/would change\s+db-0/);
    expect(run.stderr).not.toMatch(/^skipped/m);
    expect(run.stdout).toMatch(/would change\s+2/);
    expect(await ledgerDb.query("SELECT 1 FROM pg_namespace WHERE nspname = 'schemafleet'")).toEqual([]);
  });

  it('pause, resume and abort write standing requests to the ledger', async () => {
    const { tenants } = await createDatabaseFleet(1);
    const ledgerDb = await createTestDatabase('sf_ledger');
    const config = await writeConfig(tenants, ledgerDb.url);
    const none = await cli(['pause', '--config', config]);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/no rollout/);

    const ledger = await openLedger(ledgerDb.url);
    try {
      const { rollout } = await ledger.findOrCreateRollout({ schemaHash: 'abc' });
      const pause = await cli(['pause', '--config', config]);
      expect(pause.code).toBe(0);
      expect(pause.stdout).toMatch(new RegExp(`pause requested for rollout ${rollout.id}`));
      expect(await ledger.readRequest(rollout.id)).toBe('pause');
      expect((await cli(['resume', '--config', config, '--rollout', rollout.id])).code).toBe(0);
      expect(await ledger.readRequest(rollout.id)).toBe('resume');
      expect((await cli(['abort', '--config', config])).code).toBe(0);
      expect(await ledger.readRequest(rollout.id)).toBe('abort');
      const unknown = await cli(['status', '--config', config, '--rollout', 'r_nope']);
      expect(unknown.code).toBe(2);
    } finally {
      await ledger.close();
    }
  });

  it('bad flags exit 2 naming the flag', async () => {
    const run = await cli(['rollout', '--config', 'nope.yml', '--worker', '3/2']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--worker/);
  });
});
