/**
 * mode rollout's trust rules, through run(): which refs it runs on, and when its check run offers
 * buttons. Real PostgreSQL tenants; the GitHub client records what the rollout asks of it.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../../../src/github/action/main.js';
import type { GitHubClient } from '../../../src/github/github-client.js';
import { adminUrl, createTestDatabase, withDatabase, type TestDatabase } from '../../support/pg.js';
import { fakeContext, fakeCore, fakeDeps, fakeOctokit } from './fakes.js';

const V1 = 'CREATE TABLE users (id bigint PRIMARY KEY);\n';
const V2 = 'CREATE TABLE users (id bigint PRIMARY KEY, name text);\n';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function fleet() {
  const db = await createTestDatabase('sf_action_refs');
  await db.exec(`CREATE SCHEMA tenant_a; SET search_path TO tenant_a; ${V1}`);
  const dir = await mkdtemp(join(tmpdir(), 'sf-action-refs-'));
  dirs.push(dir);
  await writeFile(join(dir, 'schema.sql'), V2);
  await writeFile(join(dir, 'schemafleet.yml'), ['schema: schema.sql', 'tenants:', '  schemas:', `    url: ${withDatabase(adminUrl(), db.name)}`, "    match: 'tenant_%'", ''].join('\n'));
  return { db, dir };
}

/** A client whose check runs come from the given app, as GitHub answers POST /check-runs. */
function octokitOfApp(slug: string): GitHubClient & { calls: { method: string; params: Record<string, unknown> }[] } {
  const octokit = fakeOctokit({});
  const create = octokit.rest.checks.create.bind(octokit.rest.checks);
  (octokit.rest.checks as { create: unknown }).create = async (params: Parameters<typeof create>[0]) => ({ data: { ...(await create(params)).data, app: { slug } } });
  return octokit;
}

function rollout(dir: string, ref: string, inputs: Record<string, string> = {}, octokit = octokitOfApp('github-actions')) {
  const core = fakeCore({ mode: 'rollout', 'dev-url': adminUrl(), 'github-token': 'ghs_x', ...inputs });
  const deps = fakeDeps(core, { cwd: dir, context: fakeContext({ eventName: 'workflow_dispatch', ref }), getOctokit: () => octokit });
  return { core, octokit, run: () => run(deps) };
}

const migrated = async (db: TestDatabase) =>
  (await db.query<{ n: number }>("SELECT count(*)::int AS n FROM information_schema.columns WHERE table_schema = 'tenant_a' AND column_name = 'name'"))[0]?.n;

describe('mode rollout, trust boundary', () => {
  it('refuses a branch other than the default one, naming the ref and the input, before touching a tenant', async () => {
    const { db, dir } = await fleet();
    const action = rollout(dir, 'refs/heads/unreviewed');
    expect(await action.run()).toBe(1);
    const message = String(action.core.calls.find((c) => c.kind === 'setFailed')?.args[0]);
    expect(message).toContain('mode rollout refuses to run on refs/heads/unreviewed: a rollout runs only on the default branch (main)');
    expect(message).toContain('allowed-refs');
    expect(action.octokit.calls).toEqual([]);
    expect(await migrated(db)).toBe(0);
  });

  it('runs on a ref that allowed-refs names', async () => {
    const { db, dir } = await fleet();
    const action = rollout(dir, 'refs/tags/v1.2.0', { 'allowed-refs': 'release/*\nrefs/tags/v*' });
    expect(await action.run()).toBe(0);
    expect(await migrated(db)).toBe(1);
  });

  it('offers no buttons on a check run GitHub Actions created (it would ignore the clicks)', async () => {
    const { dir } = await fleet();
    const action = rollout(dir, 'refs/heads/main');
    expect(await action.run()).toBe(0);
    const updates = action.octokit.calls.filter((c) => c.method === 'checks.update');
    expect(updates.length).toBeGreaterThan(0);
    expect(updates.some((c) => Array.isArray(c.params.actions) && c.params.actions.length > 0)).toBe(false);
  });

  it('offers Pause and Abort on a check run an app created (the app receives the clicks)', async () => {
    const { dir } = await fleet();
    const action = rollout(dir, 'refs/heads/main', {}, octokitOfApp('schemafleet'));
    expect(await action.run()).toBe(0);
    const withButtons = action.octokit.calls.find((c) => c.method === 'checks.update' && Array.isArray(c.params.actions) && c.params.actions.length > 0);
    expect((withButtons?.params.actions as { identifier: string }[]).map((a) => a.identifier)).toEqual(['pause', 'abort']);
  });
});
