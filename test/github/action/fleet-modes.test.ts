import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../../../src/github/action/main.js';
import { adminUrl, createTestDatabase, withDatabase } from '../../support/pg.js';
import { fakeContext, fakeCore, fakeDeps, fakeOctokit } from './fakes.js';

const V1 = 'CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);\n';
const V2 = 'CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, name text);\nCREATE TABLE projects (id bigint PRIMARY KEY);\n';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** Three schema tenants (two behind, one already there) and a workspace whose config lists them. */
async function fleet() {
  const db = await createTestDatabase('sf_action_modes');
  await db.exec(`CREATE SCHEMA tenant_a; SET search_path TO tenant_a; ${V1}`);
  await db.exec(`CREATE SCHEMA tenant_b; SET search_path TO tenant_b; ${V1}`);
  await db.exec(`CREATE SCHEMA tenant_c; SET search_path TO tenant_c; ${V2}`);
  const dir = await mkdtemp(join(tmpdir(), 'sf-action-modes-'));
  dirs.push(dir);
  await writeFile(join(dir, 'schema.sql'), V2);
  await writeFile(join(dir, 'schemafleet.yml'), ['schema: schema.sql', 'tenants:', '  schemas:', `    url: ${withDatabase(adminUrl(), db.name)}`, "    match: 'tenant_%'", ''].join('\n'));
  return { db, dir };
}

function action(dir: string, inputs: Record<string, string>) {
  const core = fakeCore({ 'dev-url': adminUrl(), 'github-token': 'ghs_x', ...inputs });
  const octokit = fakeOctokit({});
  const deps = fakeDeps(core, { cwd: dir, context: fakeContext({ eventName: 'workflow_dispatch' }), getOctokit: () => octokit });
  return { core, octokit, deps, run: () => run(deps) };
}

describe('run (the Action), fleet modes', () => {
  it('preflight: plans grouped by fingerprint with their SQL, read-only, no check run', async () => {
    const { db, dir } = await fleet();
    const { core, octokit, deps } = action(dir, { mode: 'preflight' });
    expect(await run(deps)).toBe(0);
    const result = JSON.parse(core.outputs.result ?? '{}') as { tenants?: number; verdict?: { ok: boolean } };
    expect(result.tenants).toBe(3);
    expect(result.verdict?.ok).toBe(true);
    const groups = JSON.parse(core.outputs.plan ?? '[]') as { steps: number; tenants: number; sql?: string; examples: string[] }[];
    expect(groups.map((g) => [g.tenants, g.steps > 0])).toEqual([
      [2, true],
      [1, false],
    ]);
    expect(groups[0]?.sql).toContain('CREATE TABLE');
    expect(core.summary.join('')).toContain('preflight');
    expect(octokit.calls.filter((c) => c.method.startsWith('checks.'))).toEqual([]);
    const rows = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'projects'");
    expect(rows[0]?.n).toBe(1);
  });

  it('rollout, then status: the ledger shows the rollout that just ran', async () => {
    const { dir } = await fleet();
    const rollout = action(dir, { mode: 'rollout', tenants: 'tenant_a, tenant_c' });
    expect(await rollout.run()).toBe(0);
    const result = JSON.parse(rollout.core.outputs.result ?? '{}') as { rolloutId: string; totals: { tenants: number; migrated: number; unchanged: number } };
    expect(result.totals).toMatchObject({ tenants: 2, migrated: 1, unchanged: 1 });

    const status = action(dir, { mode: 'status' });
    expect(await status.run()).toBe(0);
    expect(JSON.parse(status.core.outputs.result ?? '{}')).toMatchObject({ state: 'succeeded', rolloutId: result.rolloutId });
    expect(status.core.summary.join('')).toContain(result.rolloutId);
  });
});
