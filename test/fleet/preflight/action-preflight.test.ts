import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../../../src/github/action/main.js';
import { adminUrl, createTestDatabase } from '../../support/pg.js';
import { fakeContext, fakeCore, fakeDeps, fakeOctokit } from '../../github/action/fakes.js';

const V1 = 'CREATE TABLE users (id bigint PRIMARY KEY, email text);\n';
const V2 = 'CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, name text);\nCREATE TABLE projects (id bigint PRIMARY KEY);\n';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function workspace(nullEmail: boolean) {
  const db = await createTestDatabase('sf_action_preflight');
  await db.exec(`CREATE SCHEMA tenant_a; SET search_path TO tenant_a; ${V1} INSERT INTO users VALUES (1, 'a@example.com');`);
  await db.exec(`CREATE SCHEMA tenant_b; SET search_path TO tenant_b; ${V1} INSERT INTO users VALUES (1, ${nullEmail ? 'NULL' : "'b@example.com'"});`);
  await db.exec(`CREATE SCHEMA tenant_c; SET search_path TO tenant_c; ${V2}`);
  const dir = await mkdtemp(join(tmpdir(), 'sf-action-preflight-'));
  dirs.push(dir);
  await writeFile(join(dir, 'schema.sql'), V2);
  await writeFile(join(dir, 'schemafleet.yml'), ['schema: schema.sql', 'tenants:', '  schemas:', `    url: ${db.url}`, "    match: 'tenant_%'", ''].join('\n'));
  return { db, dir };
}

function action(dir: string) {
  const core = fakeCore({ mode: 'preflight', 'dev-url': adminUrl(), 'github-token': 'ghs_x' });
  const deps = fakeDeps(core, { cwd: dir, context: fakeContext({ eventName: 'workflow_dispatch' }), getOctokit: () => fakeOctokit({}) });
  return { core, deps };
}

describe('the Action, mode: preflight', () => {
  it('runs the real preflight: markdown report in the job summary, JSON report in `result`, groups in `plan`, nothing changed', async () => {
    const { db, dir } = await workspace(false);
    const { core, deps } = action(dir);
    expect(await run(deps)).toBe(0);
    const summary = core.summary.join('');
    expect(summary).toMatch(/^## schemafleet preflight\n\n✅ \*\*ok: 3 tenants, 2 live states, 1 up to date; no tenant would fail\*\*/);
    expect(summary).toContain('```sql');
    const result = JSON.parse(core.outputs.result ?? '{}') as { tenants: number; groups: { tenantCount: number; upToDate: boolean }[]; verdict: { ok: boolean } };
    expect(result.tenants).toBe(3);
    expect(result.groups.map((g) => [g.tenantCount, g.upToDate])).toEqual([
      [2, false],
      [1, true],
    ]);
    const plan = JSON.parse(core.outputs.plan ?? '[]') as { steps: number; tenants: number; sql?: string; examples: string[] }[];
    expect(plan.map((g) => [g.tenants, g.steps > 0])).toEqual([
      [2, true],
      [1, false],
    ]);
    expect(plan[0]?.sql).toContain('CREATE TABLE');
    expect(plan[0]?.examples).toEqual(['tenant_a', 'tenant_b']);
    expect(await db.query("SELECT 1 FROM information_schema.tables WHERE table_name = 'projects' AND table_schema <> 'tenant_c'")).toEqual([]);
  });

  it('fails the step, naming the tenant whose data would fail the rollout', async () => {
    const { dir } = await workspace(true);
    const { core, deps } = action(dir);
    expect(await run(deps)).toBe(1);
    expect(core.summary.join('')).toContain('| tenant_b | nulls | `users.email` | tenant tenant_b: 1 row of users.email is NULL (SET NOT NULL on users.email would fail) |');
    expect(core.calls.find((c) => c.kind === 'setFailed')?.args[0]).toMatch(/^preflight: fail: 3 tenants/);
  });
});
