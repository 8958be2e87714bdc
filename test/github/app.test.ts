import './promise-with-resolvers.js';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import nock from 'nock';
import { Probot, ProbotOctokit } from 'probot';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openLedger } from '../../src/fleet/ledger/index.js';
import { appOptionsFromEnv, schemafleetApp, type SchemafleetAppOptions } from '../../src/github/app.js';
import { reviewMarker } from '../../src/github/render-review-comment.js';
import { openScratchServer, type ScratchServer } from '../../src/schema/scratch/scratch-server.js';
import { adminUrl, createTestDatabase } from '../support/pg.js';
import { connectionCounter } from './connection-counter.js';
import { checkRunState, fakeGitHub, type FakeGitHub } from './fake-github.js';

const { privateKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});

function fixture(name: string): Record<string, any> {
  return JSON.parse(readFileSync(new URL(`../fixtures/webhooks/${name}.json`, import.meta.url), 'utf8'));
}

const BASE = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
const HEAD = 'b2c3d4e5f60718293a4b5c6d7e8f901234567890';
const HEAD2 = 'c3d4e5f60718293a4b5c6d7e8f90123456789012';

const CONFIG = `schema: ../db/schema.sql
tenants:
  list:
    - id: acme-eu
      url: postgres://sf:secret@127.0.0.1:1/unreachable
lint:
  rules:
    index-dropped: off
`;
const BASE_SQL = `CREATE TABLE orders (
  id bigint PRIMARY KEY,
  total numeric NOT NULL
);
`;
const HEAD_SQL = `CREATE TABLE orders (
  id bigint PRIMARY KEY,
  note text
);
CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL);
`;
const HEAD2_SQL = `${HEAD_SQL}CREATE INDEX customers_email_idx ON customers (email);
`;

let scratch: ScratchServer;
let github: FakeGitHub;

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1|localhost/);
  scratch = await openScratchServer({ devUrl: adminUrl() });
});
afterAll(async () => {
  await scratch.close();
  nock.enableNetConnect();
});
beforeEach(() => {
  github = fakeGitHub();
  github.setFiles(BASE, { '.github/schemafleet.yml': CONFIG, 'db/schema.sql': BASE_SQL });
  github.setFiles(HEAD, { '.github/schemafleet.yml': CONFIG, 'db/schema.sql': HEAD_SQL });
  github.setFiles(HEAD2, { '.github/schemafleet.yml': CONFIG, 'db/schema.sql': HEAD2_SQL });
});
afterEach(() => {
  nock.cleanAll();
});

async function newProbot(options: Partial<SchemafleetAppOptions> = {}): Promise<Probot> {
  const probot = new Probot({
    appId: 12345,
    privateKey,
    logLevel: 'fatal',
    Octokit: ProbotOctokit.defaults({ retry: { enabled: false }, throttle: { enabled: false } }),
  });
  await probot.load(schemafleetApp({ scratch, ...options }));
  return probot;
}

describe('schemafleet Probot app', () => {
  describe('pull_request', () => {
    it('reviews a PR that changes the schema: one comment and a failing check run with annotations', async () => {
      const probot = await newProbot();
      await probot.receive({ id: '1', name: 'pull_request', payload: fixture('pull_request.opened') } as never);

      expect(github.comments).toHaveLength(1);
      const body = github.comments[0]!.body;
      expect(body.startsWith(reviewMarker('db/schema.sql'))).toBe(true);
      expect(body).toMatch(/changes?, 1 error/);
      expect(body).toContain('CREATE TABLE customers');
      expect(body).toMatch(/-- \d+ · ACCESS EXCLUSIVE · ⚠ DATA LOSS[^\n]*\nALTER TABLE orders DROP COLUMN total;/);
      expect(body).toContain('<details>');
      expect(body).toContain(`https://github.com/acme/shop/commit/${HEAD}/checks`);
      // The bot's own login comes from GET /app, once.
      expect(github.requests.filter((r) => r === 'GET /app')).toHaveLength(1);

      // The check is created in_progress before the review reads anything, then completed.
      expect(github.checkRuns).toHaveLength(1);
      expect(github.checkRuns[0]!.create).toMatchObject({ name: 'schemafleet review', head_sha: HEAD, status: 'in_progress' });
      expect(github.requests.indexOf('POST /repos/acme/shop/check-runs')).toBeLessThan(github.requests.findIndex((r) => r.startsWith('GET /repos/acme/shop/contents/')));
      const run = checkRunState(github.checkRuns[0]!) as { status: string; conclusion: string; output: { annotations: { path: string; start_line: number }[] } };
      expect(run.status).toBe('completed');
      expect(run.conclusion).toBe('failure');
      expect(run.output.annotations.length).toBeGreaterThan(0);
      expect(run.output.annotations.every((a) => a.path === 'db/schema.sql' && a.start_line >= 1)).toBe(true);
      // Locations link to the schema line at the head commit.
      expect(body).toContain(`https://github.com/acme/shop/blob/${HEAD}/db/schema.sql#L`);
    });

    it('updates the same comment on the next push instead of adding one', async () => {
      const probot = await newProbot({ botLogin: 'schemafleet[bot]' });
      await probot.receive({ id: '1', name: 'pull_request', payload: fixture('pull_request.opened') } as never);
      const first = { ...github.comments[0]! };
      await probot.receive({ id: '2', name: 'pull_request', payload: fixture('pull_request.synchronize') } as never);

      expect(github.comments).toHaveLength(1);
      expect(github.comments[0]!.id).toBe(first.id);
      expect(github.comments[0]!.body).not.toBe(first.body);
      expect(github.comments[0]!.body).toContain('customers_email_idx');
      expect(github.requests.filter((r) => r.startsWith('PATCH /repos/acme/shop/issues/comments/'))).toHaveLength(1);
      expect(github.checkRuns).toHaveLength(2);
    });

    it('compares head with the merge base, so changes merged to main since are not shown as reverted', async () => {
      // main moved on after the branch was cut: BASE now also has an invoices table the PR never saw.
      const forkPoint = 'f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0';
      github.setFiles(forkPoint, { '.github/schemafleet.yml': CONFIG, 'db/schema.sql': BASE_SQL });
      github.setFiles(BASE, { '.github/schemafleet.yml': CONFIG, 'db/schema.sql': `${BASE_SQL}CREATE TABLE invoices (id bigint PRIMARY KEY);\n` });
      github.mergeBases.set(`${BASE}...${HEAD}`, forkPoint);
      const probot = await newProbot({ botLogin: 'schemafleet[bot]' });
      await probot.receive({ id: '1', name: 'pull_request', payload: fixture('pull_request.opened') } as never);

      expect(github.comments).toHaveLength(1);
      expect(github.comments[0]!.body).toContain('CREATE TABLE customers');
      expect(github.comments[0]!.body).not.toContain('invoices');
    });

    it('concludes the check success with one line why, and writes no comment, when the schema did not change', async () => {
      github.setFiles(HEAD, { '.github/schemafleet.yml': CONFIG, 'db/schema.sql': BASE_SQL, 'README.md': 'docs only' });
      const probot = await newProbot({ botLogin: 'schemafleet[bot]' });
      await probot.receive({ id: '1', name: 'pull_request', payload: fixture('pull_request.opened') } as never);

      expect(github.comments).toHaveLength(0);
      expect(github.checkRuns).toHaveLength(1);
      expect(checkRunState(github.checkRuns[0]!)).toMatchObject({ status: 'completed', conclusion: 'success', output: { title: 'db/schema.sql is not changed by this pull request.' } });
      expect(github.requests.filter((r) => r.includes('/issues/') && !r.startsWith('GET'))).toEqual([]);
    });

    it('concludes the check skipped, with one line why, when the repository has no schemafleet.yml', async () => {
      // The config is read at the base commit (trust-boundary.ts): there is none there.
      github.setFiles(BASE, { 'README.md': 'no schemafleet here' });
      github.setFiles(HEAD, { 'README.md': 'no schemafleet here' });
      const probot = await newProbot({ botLogin: 'schemafleet[bot]' });
      await probot.receive({ id: '1', name: 'pull_request', payload: fixture('pull_request.opened') } as never);

      expect(github.comments).toHaveLength(0);
      expect(checkRunState(github.checkRuns[0]!)).toMatchObject({
        status: 'completed',
        conclusion: 'skipped',
        output: { title: `No schemafleet.yml at the base commit ${BASE.slice(0, 7)}: nothing to review (a config this pull request adds takes effect after merge).` },
      });
    });

    it('removes its old comment when the schema change was reverted', async () => {
      const probot = await newProbot({ botLogin: 'schemafleet[bot]' });
      await probot.receive({ id: '1', name: 'pull_request', payload: fixture('pull_request.opened') } as never);
      expect(github.comments).toHaveLength(1);
      github.setFiles(HEAD2, { '.github/schemafleet.yml': CONFIG, 'db/schema.sql': BASE_SQL });
      await probot.receive({ id: '2', name: 'pull_request', payload: fixture('pull_request.synchronize') } as never);

      expect(github.comments).toHaveLength(0);
      expect(github.checkRuns).toHaveLength(2);
      expect(checkRunState(github.checkRuns[1]!)).toMatchObject({ head_sha: HEAD2, conclusion: 'success' });
    });

    it("never edits a person's comment that quotes the marker", async () => {
      const human = github.addComment(`${reviewMarker('db/schema.sql')}\nWhy does the bot say this?`, 'octocat');
      const before = human.body;
      // A page full of other comments first: the bot must page past them.
      for (let i = 0; i < 120; i++) github.addComment(`comment ${i}`, 'octocat');
      const probot = await newProbot({ botLogin: 'schemafleet[bot]' });
      await probot.receive({ id: '1', name: 'pull_request', payload: fixture('pull_request.opened') } as never);
      await probot.receive({ id: '2', name: 'pull_request', payload: fixture('pull_request.synchronize') } as never);

      expect(human.body).toBe(before);
      const own = github.comments.filter((c) => c.user.login === 'schemafleet[bot]');
      expect(own).toHaveLength(1);
      expect(own[0]!.body).toContain('customers_email_idx');
      expect(github.requests).toContain('GET /repos/acme/shop/issues/17/comments');
    });

    it('reviews a fork PR without touching any tenant database', async () => {
      const payload = fixture('pull_request.opened');
      payload.pull_request.head.repo = { ...payload.pull_request.head.repo, id: 777, full_name: 'mallory/shop', fork: true, owner: { login: 'mallory', id: 777 } };
      const probot = await newProbot({ botLogin: 'schemafleet[bot]', tenantAccess: true });
      await probot.receive({ id: '1', name: 'pull_request', payload } as never);

      expect(github.comments).toHaveLength(1);
      // The config's tenant points at a closed port: had the app tried it, the comment would say so.
      expect(github.comments[0]!.body).not.toContain('Tenant drift');
      expect(github.comments[0]!.body).not.toContain('acme-eu');
      expect(github.checkRuns).toHaveLength(1);
    });

    it('adds the drift summary for a same-repository PR when tenant access is on', async () => {
      const tenant = await createTestDatabase('sf_gh_tenant');
      await tenant.exec(BASE_SQL);
      const config = CONFIG.replace('postgres://sf:secret@127.0.0.1:1/unreachable', tenant.url);
      github.setFiles(BASE, { '.github/schemafleet.yml': config, 'db/schema.sql': BASE_SQL });
      github.setFiles(HEAD, { '.github/schemafleet.yml': config, 'db/schema.sql': HEAD_SQL });
      const probot = await newProbot({ botLogin: 'schemafleet[bot]', tenantAccess: true });
      await probot.receive({ id: '1', name: 'pull_request', payload: fixture('pull_request.opened') } as never);

      const body = github.comments[0]!.body;
      expect(body).toContain('Tenant drift (sample of 1 tenant, 1 live state)');
      // The tenant is on the base schema: its plan is the reviewed one, nothing more.
      expect(body).toMatch(/- 1 tenant \(`acme-eu`\): the plan above \(\d+ steps\)/);
      expect(body).toContain('`acme-eu`');
      expect(body).not.toContain(tenant.url);
    });

    it('shows a schema that does not load as located errors, not a crash', async () => {
      github.setFiles(HEAD, { '.github/schemafleet.yml': CONFIG, 'db/schema.sql': 'CREATE TABLE orders (\n  id bigint PRIMARY KEY,\n  total numerc NOT NULL,\n);\n' });
      const probot = await newProbot({ botLogin: 'schemafleet[bot]' });
      await probot.receive({ id: '1', name: 'pull_request', payload: fixture('pull_request.opened') } as never);

      const body = github.comments[0]!.body;
      expect(body).toContain('Does not load');
      expect(body).toMatch(/db\/schema\.sql:\d+:\d+/);
      expect(body).not.toContain('schemafleet-review-');
      expect(checkRunState(github.checkRuns[0]!).conclusion).toBe('failure');
    });
  });

  describe('one review per pull request, newest head wins', () => {
    it('serializes webhooks for the same pull request and drops the older head without writing a comment', async () => {
      github.pullHeads.set(17, HEAD2);
      const probot = await newProbot({ botLogin: 'schemafleet[bot]' });
      await Promise.all([
        probot.receive({ id: '1', name: 'pull_request', payload: fixture('pull_request.opened') } as never),
        probot.receive({ id: '2', name: 'pull_request', payload: fixture('pull_request.synchronize') } as never),
      ]);

      expect(github.comments).toHaveLength(1);
      expect(github.comments[0]!.body).toContain('customers_email_idx');
      expect(github.requests.filter((r) => r === 'POST /repos/acme/shop/issues/17/comments')).toHaveLength(1);
      expect(github.requests.filter((r) => r.startsWith('PATCH /repos/acme/shop/issues/comments/'))).toHaveLength(0);
      // The HEAD review was dropped, either before it started (no check run: HEAD2 was already
      // queued) or before it wrote (its check run concluded skipped); the order of the two
      // deliveries is Probot's. The queue's own order is tested in pull-request-queue.test.ts.
      const runs = github.checkRuns.map(checkRunState);
      expect(runs.filter((r) => r.head_sha === HEAD).every((r) => r.conclusion === 'skipped' && r.output.title.startsWith('Superseded'))).toBe(true);
      expect(runs.filter((r) => r.head_sha === HEAD2)).toEqual([expect.objectContaining({ conclusion: 'failure' })]);
    });

    it("drops a review whose head is no longer the pull request's head on GitHub", async () => {
      github.pullHeads.set(17, HEAD2);
      const probot = await newProbot({ botLogin: 'schemafleet[bot]' });
      await probot.receive({ id: '1', name: 'pull_request', payload: fixture('pull_request.opened') } as never);

      expect(github.comments).toHaveLength(0);
      expect(github.requests.filter((r) => r.includes('/issues/') && !r.startsWith('GET'))).toEqual([]);
      expect(checkRunState(github.checkRuns[0]!)).toMatchObject({ conclusion: 'skipped' });
    });

    it('changes nothing on a redelivered webhook, and never edits an unchanged comment', async () => {
      github.pullHeads.set(17, HEAD);
      const probot = await newProbot({ botLogin: 'schemafleet[bot]' });
      await probot.receive({ id: 'delivery-1', name: 'pull_request', payload: fixture('pull_request.opened') } as never);
      const writes = (): string[] => github.requests.filter((r) => !r.startsWith('GET') && !r.includes('/access_tokens'));
      const before = writes().length;
      const body = github.comments[0]!.body;

      await probot.receive({ id: 'delivery-1', name: 'pull_request', payload: fixture('pull_request.opened') } as never);
      expect(writes()).toHaveLength(before);

      // A new delivery for the same head (reopened) renders the same bytes: no comment edit.
      await probot.receive({ id: 'delivery-2', name: 'pull_request', payload: { ...fixture('pull_request.opened'), action: 'reopened' } } as never);
      expect(github.comments).toHaveLength(1);
      expect(github.comments[0]!.body).toBe(body);
      expect(github.requests.filter((r) => r.startsWith('PATCH /repos/acme/shop/issues/comments/'))).toHaveLength(0);
    });
  });

  it('retries on the redelivery of a delivery that failed', async () => {
    github.failingContentReads = 1;
    const probot = await newProbot({ botLogin: 'schemafleet[bot]' });
    await expect(probot.receive({ id: 'delivery-1', name: 'pull_request', payload: fixture('pull_request.opened') } as never)).rejects.toThrow();
    expect(checkRunState(github.checkRuns[0]!)).toMatchObject({ status: 'completed', conclusion: 'failure', output: { title: 'The review could not run' } });
    expect(github.comments).toHaveLength(0);

    await probot.receive({ id: 'delivery-1', name: 'pull_request', payload: fixture('pull_request.opened') } as never);
    expect(github.comments).toHaveLength(1);
    expect(checkRunState(github.checkRuns[1]!)).toMatchObject({ conclusion: 'failure', output: { title: '3 changes, 1 error, 0 warnings' } });
  });

  describe('check_suite', () => {
    it('re-runs the review when the check suite is re-requested', async () => {
      const probot = await newProbot({ botLogin: 'schemafleet[bot]' });
      await probot.receive({ id: '1', name: 'check_suite', payload: fixture('check_suite.rerequested') } as never);
      expect(github.checkRuns).toHaveLength(1);
      expect(checkRunState(github.checkRuns[0]!)).toMatchObject({ head_sha: HEAD, conclusion: 'failure' });
      expect(github.comments).toHaveLength(1);
    });
  });

  describe('check_run', () => {
    it('re-runs the review when the review check run is re-requested', async () => {
      const probot = await newProbot({ botLogin: 'schemafleet[bot]' });
      await probot.receive({ id: '1', name: 'check_run', payload: fixture('check_run.rerequested') } as never);
      expect(github.checkRuns).toHaveLength(1);
      expect(github.comments).toHaveLength(1);
    });

    it('writes a pause request into the rollout ledger', async () => {
      const db = await createTestDatabase('sf_gh_ledger');
      const ledger = await openLedger(db.url);
      try {
        const { rollout } = await ledger.findOrCreateRollout({ schemaHash: 'sha256:test', commit: BASE, config: { repository: 'acme/shop' } });
        const payload = fixture('check_run.requested_action');
        payload.check_run.external_id = rollout.id;
        github.permissions.set('octocat', 'write');
        const probot = await newProbot({ botLogin: 'schemafleet[bot]', ledgerUrl: db.url });
        await probot.receive({ id: '1', name: 'check_run', payload } as never);

        const after = await ledger.getRollout(rollout.id);
        expect(after?.requested).toBe('pause');
        expect(after?.requestedBy).toContain('octocat');
      } finally {
        await ledger.close();
      }
    });
  });

  describe('trust boundary', () => {
    it('reviews under the base config: a head config cannot choose tenants, expand variables or turn rules off', async () => {
      const attacker = await connectionCounter();
      try {
        // The pull request adds .github/schemafleet.yml, which is looked up before schemafleet.yml.
        const rootConfig = CONFIG.replace('schema: ../db/schema.sql', 'schema: db/schema.sql');
        const headConfig = [
          'schema: ../db/schema.sql',
          'tenants:',
          '  list:',
          '    - id: evil',
          `      url: postgres://x:\${PLANTED}@127.0.0.1:${attacker.port}/\${PLANTED}`,
          'lint:',
          '  rules:',
          '    drop-column: off',
          '',
        ].join('\n');
        github.setFiles(BASE, { 'schemafleet.yml': rootConfig, 'db/schema.sql': BASE_SQL });
        github.setFiles(HEAD, { 'schemafleet.yml': rootConfig, '.github/schemafleet.yml': headConfig, 'db/schema.sql': HEAD_SQL });
        const probot = await newProbot({ botLogin: 'schemafleet[bot]', tenantAccess: true, env: { PLANTED: 'planted-secret-value' } });
        await probot.receive({ id: '1', name: 'pull_request', payload: fixture('pull_request.opened') } as never);

        expect(attacker.connections()).toBe(0);
        const body = github.comments[0]!.body;
        expect(body).toContain('This pull request changes `.github/schemafleet.yml`. The change takes effect after merge: this review uses `schemafleet.yml` as it is on the base branch.');
        // drop-column still fires: the head's lint section is not in force.
        expect(body).toMatch(/1 error/);
        expect(body).toContain('drop-column');
        expect(JSON.stringify([github.comments, github.checkRuns])).not.toContain('planted-secret-value');
      } finally {
        await attacker.close();
      }
    });

    it("loads a fork's SQL on a cluster of its own, not the shared scratch server, unless told it may", async () => {
      const marker = await createTestDatabase('sf_gh_marker');
      const leak = `${BASE_SQL}CREATE FUNCTION leak() RETURNS int LANGUAGE sql AS $$ SELECT (SELECT string_agg(datname, ',') FROM pg_database)::int $$;
CREATE TABLE parted (a int) PARTITION BY LIST (a);
CREATE TABLE parted_1 PARTITION OF parted FOR VALUES IN (leak());
CREATE MATERIALIZED VIEW leak_view AS SELECT (SELECT string_agg(datname, ',') FROM pg_database)::int AS n;
`;
      github.setFiles(HEAD, { '.github/schemafleet.yml': CONFIG, 'db/schema.sql': leak });
      const payload = fixture('pull_request.opened');
      payload.pull_request.head.repo = { ...payload.pull_request.head.repo, id: 777, full_name: 'mallory/shop', fork: true, owner: { login: 'mallory', id: 777 } };

      const probot = await newProbot({ botLogin: 'schemafleet[bot]' });
      await probot.receive({ id: '1', name: 'pull_request', payload } as never);
      const own = github.comments[0]!.body;
      // The partition bound ran (on the review's own cluster), and says only what that cluster holds.
      expect(own).toMatch(/db\/schema\.sql:\d+:\d+: ERROR: invalid input syntax for type integer: .*\(22P02\)/);
      expect(own).not.toContain(marker.name);

      // The control: allowed onto the shared server, the same SQL reads its database names.
      github.comments.splice(0);
      const shared = await newProbot({ botLogin: 'schemafleet[bot]', devUrlForForks: true });
      await shared.receive({ id: '2', name: 'pull_request', payload } as never);
      expect(github.comments[0]!.body).toContain(marker.name);
    });

    it('shows drift as counts only on a public repository, and tenant ids when the config allows it', async () => {
      const tenant = await createTestDatabase('sf_gh_tenant');
      await tenant.exec(BASE_SQL);
      const config = CONFIG.replace('postgres://sf:secret@127.0.0.1:1/unreachable', tenant.url);
      github.setFiles(BASE, { '.github/schemafleet.yml': config, 'db/schema.sql': BASE_SQL });
      github.setFiles(HEAD, { '.github/schemafleet.yml': config, 'db/schema.sql': HEAD_SQL });
      const payload = fixture('pull_request.opened');
      payload.repository.private = false;
      const probot = await newProbot({ botLogin: 'schemafleet[bot]', tenantAccess: true });
      await probot.receive({ id: '1', name: 'pull_request', payload } as never);
      const hidden = github.comments[0]!.body;
      expect(hidden).toContain('Tenant drift (sample of 1 tenant,');
      expect(hidden).not.toContain('acme-eu');

      github.setFiles(BASE, { '.github/schemafleet.yml': `${config}review:\n  showTenantIds: true\n`, 'db/schema.sql': BASE_SQL });
      github.setFiles(HEAD, { '.github/schemafleet.yml': `${config}review:\n  showTenantIds: true\n`, 'db/schema.sql': HEAD_SQL });
      await probot.receive({ id: '2', name: 'pull_request', payload } as never);
      expect(github.comments[0]!.body).toContain('acme-eu');
    });

    it('fails a review past its time budget, naming the statement that was running', async () => {
      const nap = 'CREATE FUNCTION nap(n int) RETURNS int LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(0.7); RETURN n; END $$;';
      const slow = [HEAD_SQL.trim(), nap, 'CREATE TABLE t (a int) PARTITION BY LIST (a);', ...[1, 2, 3, 4].map((n) => `CREATE TABLE t${n} PARTITION OF t FOR VALUES IN (nap(${n}));`), ''].join('\n');
      github.setFiles(HEAD, { '.github/schemafleet.yml': CONFIG, 'db/schema.sql': slow });
      const probot = await newProbot({ botLogin: 'schemafleet[bot]', reviewTimeBudgetMs: 2_000 });
      await probot.receive({ id: '1', name: 'pull_request', payload: fixture('pull_request.opened') } as never);
      expect(github.comments[0]!.body).toMatch(
        /db\/schema\.sql:\d+:1: the review's time budget \(2s for every statement of the base and head schemas\) ran out while this statement ran: CREATE TABLE t\d PARTITION OF t/,
      );
      expect(checkRunState(github.checkRuns[0]!)).toMatchObject({ conclusion: 'failure' });
    });

    it('reads the trust settings from the server environment', () => {
      expect(appOptionsFromEnv({ SCHEMAFLEET_DEV_URL_FOR_FORKS: 'true', SCHEMAFLEET_REVIEW_TIME_BUDGET: '90' })).toMatchObject({ devUrlForForks: true, reviewTimeBudgetMs: 90_000 });
      expect(appOptionsFromEnv({})).toMatchObject({ devUrlForForks: false });
      expect(appOptionsFromEnv({}).reviewTimeBudgetMs).toBeUndefined();
    });

    it('writes a button click to the ledger only for a sender who may write, on a rollout of this repository', async () => {
      const db = await createTestDatabase('sf_gh_ledger');
      const ledger = await openLedger(db.url);
      try {
        const { rollout } = await ledger.findOrCreateRollout({ schemaHash: 'sha256:other', commit: BASE, config: { repository: 'acme/other' } });
        const payload = fixture('check_run.requested_action');
        payload.check_run.external_id = rollout.id;
        const probot = await newProbot({ botLogin: 'schemafleet[bot]', ledgerUrl: db.url });

        github.permissions.set('octocat', 'read');
        await probot.receive({ id: '1', name: 'check_run', payload } as never);
        expect((await ledger.getRollout(rollout.id))?.requested).toBeNull();

        // A writer of acme/shop, but the rollout was started from acme/other.
        github.permissions.set('octocat', 'write');
        await probot.receive({ id: '2', name: 'check_run', payload } as never);
        expect((await ledger.getRollout(rollout.id))?.requested).toBeNull();
        expect(github.requests).toContain('GET /repos/acme/shop/collaborators/octocat/permission');
      } finally {
        await ledger.close();
      }
    });
  });
});
