/**
 * mode review as the runner runs it: run() with the real @actions/github client, nock standing in
 * for GitHub's API (fake-github.ts), the pull request's files served per commit, real PostgreSQL.
 */
import '../promise-with-resolvers.js';
import * as github from '@actions/github';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../../src/github/action/main.js';
import { adminUrl, createTestDatabase } from '../../support/pg.js';
import { connectionCounter } from '../connection-counter.js';
import { fakeGitHub, type FakeGitHub } from '../fake-github.js';
import { fakeContext, fakeCore, fakeDeps } from './fakes.js';

const BASE = 'b'.repeat(40);
const HEAD = 'c'.repeat(40);
const BASE_SQL = 'CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);\n';
const HEAD_SQL = 'CREATE TABLE users (id bigint PRIMARY KEY);\nCREATE TABLE notes (id bigint PRIMARY KEY);\n';
const CONFIG = ['schema: db/schema.sql', 'tenants:', '  list:', '    - id: t1', '      url: postgres://app:pw@127.0.0.1:1/t1', ''].join('\n');

let api: FakeGitHub;
beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1|localhost/);
});
afterAll(() => {
  nock.enableNetConnect();
});
afterEach(() => {
  nock.cleanAll();
});

interface ReviewRun {
  readonly fork?: boolean;
  readonly inputs?: Record<string, string>;
  readonly env?: Record<string, string>;
  readonly repositoryPrivate?: boolean;
}

/** One run of the Action on pull request #17 of acme/shop, as GitHub would start it. */
async function review(options: ReviewRun = {}) {
  const core = fakeCore({ mode: 'review', 'github-token': 'ghs_installation_token', 'dev-url': adminUrl(), ...options.inputs });
  const payload = {
    repository: { full_name: 'acme/shop', default_branch: 'main', private: options.repositoryPrivate ?? true },
    pull_request: {
      number: 17,
      base: { sha: BASE, repo: { full_name: 'acme/shop' } },
      head: { sha: HEAD, repo: { full_name: options.fork ? 'mallory/shop' : 'acme/shop' } },
    },
  };
  const deps = fakeDeps(core, {
    context: fakeContext({ eventName: 'pull_request', repo: { owner: 'acme', repo: 'shop' }, payload }),
    getOctokit: (token) => github.getOctokit(token),
    env: options.env ?? {},
  });
  const code = await run(deps);
  return { code, core };
}

describe('mode review, trust boundary', () => {
  it('reads the config at the base: a head config cannot choose tenants, expand variables or turn lint rules off', async () => {
    api = fakeGitHub();
    const attacker = await connectionCounter();
    try {
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
      api.setFiles(BASE, { 'schemafleet.yml': CONFIG, 'db/schema.sql': BASE_SQL });
      api.setFiles(HEAD, { 'schemafleet.yml': CONFIG, '.github/schemafleet.yml': headConfig, 'db/schema.sql': HEAD_SQL });
      const { code, core } = await review({ env: { PLANTED: 'planted-secret-value' } });

      expect(attacker.connections()).toBe(0);
      // drop-column is an error under the base config, so the review fails.
      expect(code).toBe(1);
      const body = api.comments[0]!.body;
      expect(body).toContain('drop-column');
      expect(body).toContain('This pull request changes `.github/schemafleet.yml`. The change takes effect after merge');
      expect(core.calls.some((c) => c.kind === 'notice' && String(c.args[0]).includes('takes effect after merge'))).toBe(true);
      expect(JSON.stringify([core.calls, api.comments])).not.toContain('planted-secret-value');
    } finally {
      await attacker.close();
    }
  });

  it('reviews nothing when only the head has a config: it takes effect after merge', async () => {
    api = fakeGitHub();
    api.setFiles(BASE, { 'db/schema.sql': BASE_SQL });
    api.setFiles(HEAD, { 'schemafleet.yml': CONFIG, 'db/schema.sql': HEAD_SQL });
    const { code, core } = await review();
    expect(code).toBe(0);
    expect(JSON.parse(core.outputs.result ?? '{}')).toEqual({ reviewed: false });
    expect(api.comments).toEqual([]);
    expect(core.logged()).toContain('at the base commit: nothing to review (a config this pull request adds takes effect after merge)');
  });

  it("loads a fork's SQL on an embedded cluster of its own, not dev-url, unless dev-url-for-forks is true", async () => {
    api = fakeGitHub();
    const marker = await createTestDatabase('sf_action_marker');
    const leak = `${BASE_SQL}CREATE FUNCTION leak() RETURNS int LANGUAGE sql AS $$ SELECT (SELECT string_agg(datname, ',') FROM pg_database)::int $$;
CREATE TABLE parted (a int) PARTITION BY LIST (a);
CREATE TABLE parted_1 PARTITION OF parted FOR VALUES IN (leak());
`;
    api.setFiles(BASE, { 'schemafleet.yml': CONFIG, 'db/schema.sql': BASE_SQL });
    api.setFiles(HEAD, { 'schemafleet.yml': CONFIG, 'db/schema.sql': leak });

    const own = await review({ fork: true });
    expect(own.code).toBe(1);
    expect(api.comments[0]!.body).toMatch(/db\/schema\.sql:4:\d+: ERROR: invalid input syntax for type integer: .*\(22P02\)/);
    expect(api.comments[0]!.body).not.toContain(marker.name);
    expect(own.core.logged()).toContain('its SQL is loaded on an embedded PostgreSQL started for this review');

    const shared = await review({ fork: true, inputs: { 'dev-url-for-forks': 'true' } });
    expect(shared.code).toBe(1);
    expect(api.comments).toHaveLength(1);
    expect(api.comments[0]!.body).toContain(marker.name);
  });

  it('fails the review past its time budget, naming the statement that was running', async () => {
    api = fakeGitHub();
    const nap = 'CREATE FUNCTION nap(n int) RETURNS int LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(0.7); RETURN n; END $$;';
    const slow = [BASE_SQL.trim(), nap, 'CREATE TABLE t (a int) PARTITION BY LIST (a);', ...[1, 2, 3, 4].map((n) => `CREATE TABLE t${n} PARTITION OF t FOR VALUES IN (nap(${n}));`), ''].join('\n');
    api.setFiles(BASE, { 'schemafleet.yml': CONFIG, 'db/schema.sql': BASE_SQL });
    api.setFiles(HEAD, { 'schemafleet.yml': CONFIG, 'db/schema.sql': slow });
    const started = Date.now();
    const { code, core } = await review({ inputs: { 'review-time-budget': '2' } });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(code).toBe(1);
    expect(api.comments[0]!.body).toMatch(
      /db\/schema\.sql:\d+:1: the review's time budget \(2s for every statement of the base and head schemas\) ran out while this statement ran: CREATE TABLE t\d PARTITION OF t/,
    );
    expect(String(core.calls.find((c) => c.kind === 'setFailed')?.args[0])).toContain('does not load');
  });

  it('keeps one sticky comment with an app installation token (GET /user is 403, comments come from <slug>[bot])', async () => {
    api = fakeGitHub();
    api.setFiles(BASE, { 'schemafleet.yml': CONFIG, 'db/schema.sql': BASE_SQL });
    api.setFiles(HEAD, { 'schemafleet.yml': CONFIG, 'db/schema.sql': `${BASE_SQL}CREATE TABLE notes (id bigint PRIMARY KEY);\n` });
    api.userStatus = 403;
    api.commentAuthor = { login: 'schemafleet-acme[bot]', type: 'Bot' };
    for (let i = 0; i < 3; i++) expect((await review()).code).toBe(0);
    expect(api.comments).toHaveLength(1);
  });

  it('keeps one sticky comment with a personal access token (comments come from the token owner)', async () => {
    api = fakeGitHub();
    api.setFiles(BASE, { 'schemafleet.yml': CONFIG, 'db/schema.sql': BASE_SQL });
    api.setFiles(HEAD, { 'schemafleet.yml': CONFIG, 'db/schema.sql': `${BASE_SQL}CREATE TABLE notes (id bigint PRIMARY KEY);\n` });
    api.commentAuthor = { login: 'release-robot', type: 'User' };
    // Someone else quoting the marker is not the bot's comment.
    api.addComment('<!-- schemafleet:review:db/schema.sql -->\nwhat does this mean?', 'octocat');
    for (let i = 0; i < 2; i++) expect((await review()).code).toBe(0);
    expect(api.comments.filter((c) => c.user.login === 'release-robot')).toHaveLength(1);
    expect(api.comments.find((c) => c.user.login === 'octocat')?.body).toContain('what does this mean?');
  });

  it('names no tenant in the drift summary of a public repository unless review.showTenantIds is true', async () => {
    api = fakeGitHub();
    const tenant = await createTestDatabase('sf_action_tenant');
    await tenant.exec(BASE_SQL);
    const config = ['schema: db/schema.sql', 'tenants:', '  list:', '    - id: acme-eu-internal', `      url: ${tenant.url}`, ''].join('\n');
    api.setFiles(BASE, { 'schemafleet.yml': config, 'db/schema.sql': BASE_SQL });
    api.setFiles(HEAD, { 'schemafleet.yml': config, 'db/schema.sql': `${BASE_SQL}CREATE TABLE notes (id bigint PRIMARY KEY);\n` });
    await review({ repositoryPrivate: false });
    expect(api.comments[0]!.body).toContain('Tenant drift (sample of 1 tenant,');
    expect(api.comments[0]!.body).not.toContain('acme-eu-internal');

    api.setFiles(BASE, { 'schemafleet.yml': `${config}review:\n  showTenantIds: true\n`, 'db/schema.sql': BASE_SQL });
    await review({ repositoryPrivate: false });
    expect(api.comments[0]!.body).toContain('acme-eu-internal');
  });
});
