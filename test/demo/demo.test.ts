import { rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { runDemo } from '../../src/demo/run-demo.js';
import { dropDemoDatabases } from '../../src/demo/create-fleet.js';
import { readDemoSchemas } from '../../src/demo/demo-files.js';
import { withDatabase } from '../../src/db/database-url.js';
import { readLiveSchema } from '../../src/apply/read-live-schema.js';
import { planMigration } from '../../src/plan/plan-migration.js';
import { loadDesiredSchema } from '../../src/schema/load/load-desired-schema.js';
import { cli } from '../cli/run-cli-in-process.js';
import { adminUrl, adminUrlWithPassword } from '../support/pg.js';

function capture(): { io: { stdout: (t: string) => void; stderr: (t: string) => void }; text: () => string } {
  let out = '';
  return { io: { stdout: (t) => void (out += t), stderr: (t) => void (out += t) }, text: () => out };
}

async function demoDatabases(): Promise<string[]> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return (await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'schemafleet\\_demo\\_%'")).rows.map((r) => r.datname);
  } finally {
    await client.end();
  }
}

describe('schemafleet demo (small fleet on the test server)', () => {
  it('rolls every tenant to v2 through the real rollout, pausing once on the health probe, and reports it', { timeout: 240_000 }, async () => {
    const out = capture();
    // Concurrency 2: when the provoked pause starts at 30%, most tenants are still waiting, so the
    // rollout cannot finish before the gate resumes, however fast the machine.
    const result = await runDemo({ schemaTenants: 20, databaseTenants: 2, concurrency: 2, keep: true, devUrl: adminUrlWithPassword().url, io: out.io, tty: false });
    const fleet = result.fleet!;
    try {
      expect(result.summary?.failures).toEqual([]);
      expect(result.summary?.state).toBe('succeeded');
      expect(result.exitCode).toBe(0);
      expect(fleet.tenants).toHaveLength(22);
      // Drifted on purpose: some already at v2 (unchanged), the rest migrated.
      const atV2 = fleet.tenants.filter((t) => t.drift === 'at-v2').length;
      expect(atV2).toBeGreaterThan(0);
      expect(fleet.tenants.some((t) => t.drift === 'extra-index')).toBe(true);
      expect(fleet.tenants.some((t) => t.drift === 'missing-column')).toBe(true);
      expect(result.summary?.totals).toMatchObject({ tenants: 22, migrated: 22 - atV2, unchanged: atV2, failed: 0, pending: 0 });

      // Every tenant at v2, judged by a fresh plan from its live state.
      const schemas = await readDemoSchemas();
      const desired = await loadDesiredSchema({ path: schemas.v2Path, devUrl: adminUrl() });
      for (const tenant of fleet.tenants) {
        const current = await readLiveSchema(withDatabase(adminUrl(), tenant.database), tenant.schema ?? 'public');
        expect(
          planMigration(current, desired.model).plan.steps.map((s) => s.sql),
          tenant.id,
        ).toEqual([]);
      }

      const text = out.text();
      expect(text).toContain('preflight: 22 tenants');
      expect(text).toMatch(/paused 127\.0\.0\.1:\d+: replica-lag-seconds 42 > 10/);
      expect(text).toMatch(/resumed 127\.0\.0\.1:\d+ after [\d.]+m?s/);
      expect(text).toMatch(/paused\s+[\d.]+m?s in 1 pause \(replica-lag-seconds 42 > 10\)/);
      expect(text).toContain('demo summary');
      for (const row of ['migrated', 'unchanged', 'failed', 'throughput']) expect(text).toMatch(new RegExp(`^  ${row}\\s+\\S`, 'm'));
      expect(text).not.toContain(adminUrlWithPassword().password);
      expect(result.keptDir && existsSync(`${result.keptDir}/schemafleet.yml`)).toBe(true);
      // A command that runs from a clone as well as from an install (the README says how to run the CLI).
      expect(text).toContain('&& npx schemafleet status --config ');
    } finally {
      await dropDemoDatabases(adminUrl(), fleet.databases);
      if (result.keptDir) await rm(result.keptDir, { recursive: true, force: true });
    }
  });

  it('as a command: flags, exit 0, and nothing left behind on the server', { timeout: 240_000 }, async () => {
    const run = await cli(['demo', '--dev-url', adminUrlWithPassword().url, '--schema-tenants', '6', '--database-tenants', '1']);
    expect(run.stderr).not.toContain('error');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('demo summary');
    expect(`${run.stdout}${run.stderr}`).not.toContain(adminUrlWithPassword().password);
    // Its own databases, by the prefix it names: other tests' demos may run on the server meanwhile.
    const prefix = /\(databases (schemafleet_demo_[0-9a-f]+)\*\)/.exec(run.stderr)?.[1];
    expect(prefix, run.stderr).toBeDefined();
    expect((await demoDatabases()).filter((name) => name.startsWith(prefix!))).toEqual([]);
  });

  it('refuses a bad count before touching any server', async () => {
    const run = await cli(['demo', '--schema-tenants', '0', '--dev-url', adminUrl()]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/schema tenants/);
  });
});
