import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../../../src/github/action/main.js';
import { adminUrl } from '../../support/pg.js';
import { connectionCounter } from '../connection-counter.js';
import { fakeContext, fakeCore, fakeDeps, fakeOctokit } from './fakes.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sf-action-'));
  dirs.push(dir);
  return dir;
}

describe('run (the Action)', () => {
  it('names every bad input in one failure, and runs nothing', async () => {
    const core = fakeCore({ mode: 'migrate', 'batch-size': '0', worker: '3/2', 'dry-run': 'yes' });
    const code = await run(fakeDeps(core));
    expect(code).toBe(1);
    const failed = core.calls.filter((c) => c.kind === 'setFailed');
    expect(failed).toHaveLength(1);
    const message = String(failed[0]?.args[0]);
    expect(message).toContain('input mode: expected one of review, rollout, preflight, status, got "migrate"');
    expect(message).toContain('input batch-size: expected a whole number, 1 or more');
    expect(message).toContain('input worker: expected i/n');
    expect(message).toContain('input dry-run: expected true or false');
  });

  it.each(['pull_request', 'pull_request_target'])('refuses mode rollout on %s before reading the config or calling GitHub', async (eventName) => {
    const core = fakeCore({ mode: 'rollout', config: 'does-not-exist.yml' });
    let octokitAsked = false;
    const code = await run(
      fakeDeps(core, {
        context: fakeContext({ eventName }),
        getOctokit: () => {
          octokitAsked = true;
          throw new Error('unexpected');
        },
      }),
    );
    expect(code).toBe(1);
    const message = String(core.calls.find((c) => c.kind === 'setFailed')?.args[0]);
    expect(message).toContain(`mode rollout refuses to run on ${eventName} events`);
    expect(message).not.toContain('does-not-exist');
    expect(octokitAsked).toBe(false);
  });

  it('registers every password of the config, the env it refers to, dev-url and the token before logging anything, and logs none of them', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'schema.sql'), 'CREATE TABLE t (id bigint PRIMARY KEY);\n');
    await writeFile(
      join(dir, 'schemafleet.yml'),
      [
        'schema: schema.sql',
        'tenants:',
        '  list:',
        '    - id: t1',
        '      url: postgres://app:${TENANT_PASSWORD}@127.0.0.1:1/t1',
        '    - id: t2',
        '      url: postgres://app:literal-pw-2@127.0.0.1:1/t2?sslmode=disable',
        'ledger:',
        '  url: postgres://ctl:ledger-pw-3@127.0.0.1:1/control',
        '',
      ].join('\n'),
    );
    const core = fakeCore({ mode: 'rollout', config: 'schemafleet.yml', 'github-token': 'ghs_token_value', 'dev-url': 'postgres://dev:dev-pw-4@127.0.0.1:1/dev' });
    const env = { TENANT_PASSWORD: 'p@ss/word:1' };
    const code = await run(fakeDeps(core, { env, cwd: dir }));
    expect(code).toBe(1);
    const secrets = core.calls.filter((c) => c.kind === 'setSecret').map((c) => String(c.args[0]));
    for (const secret of ['p@ss/word:1', 'literal-pw-2', 'ledger-pw-3', 'dev-pw-4', 'ghs_token_value']) expect(secrets).toContain(secret);
    const passwords = ['p@ss/word:1', 'literal-pw-2', 'ledger-pw-3', 'dev-pw-4'];
    const lastSecret = Math.max(...passwords.map((pw) => core.calls.findIndex((c) => c.kind === 'setSecret' && c.args[0] === pw)));
    const firstLog = core.calls.findIndex((c) => c.kind !== 'setSecret');
    expect(firstLog).toBeGreaterThan(lastSecret);
    const logged = core.logged();
    for (const secret of ['p@ss/word:1', encodeURIComponent('p@ss/word:1'), 'literal-pw-2', 'ledger-pw-3', 'dev-pw-4', 'ghs_token_value']) expect(logged).not.toContain(secret);
    // it did get as far as the scratch server, and said so without the password
    expect(logged).toMatch(/127\.0\.0\.1/);
  });

  describe('mode review', () => {
    const base = 'b'.repeat(40);
    const head = 'c'.repeat(40);

    async function reviewSetup(headRepo: string | null) {
      const counter = await connectionCounter();
      const config = ['schema: db/schema.sql', 'tenants:', '  list:', '    - id: t1', `      url: postgres://app:tenant-pw@127.0.0.1:${counter.port}/t1`, ''].join('\n');
      const octokit = fakeOctokit({
        [base]: { 'schemafleet.yml': config, 'db/schema.sql': 'CREATE TABLE users (id bigint PRIMARY KEY);\n' },
        [head]: { 'schemafleet.yml': config, 'db/schema.sql': 'CREATE TABLE users (id bigint PRIMARY KEY, email text);\nCREATE TABLE notes (id bigint PRIMARY KEY);\n' },
      });
      const core = fakeCore({ mode: 'review', 'dev-url': adminUrl(), 'github-token': 'ghs_x' });
      const payload = {
        pull_request: {
          number: 7,
          base: { sha: base, repo: { full_name: 'acme/app' } },
          head: { sha: head, repo: headRepo === null ? null : { full_name: headRepo } },
        },
      };
      const deps = fakeDeps(core, { context: fakeContext({ eventName: 'pull_request', payload }), getOctokit: () => octokit });
      return { counter, octokit, core, deps };
    }

    it("on a fork's pull request: comments and summarises, and never connects to a tenant", async () => {
      const { counter, octokit, core, deps } = await reviewSetup('someone/app');
      try {
        const code = await run(deps);
        expect(core.calls.filter((c) => c.kind === 'setFailed')).toEqual([]);
        expect(code).toBe(0);
        expect(counter.connections()).toBe(0);
        const comment = octokit.calls.find((c) => c.method === 'issues.createComment');
        expect(String(comment?.params.body)).toContain('schemafleet:review:db/schema.sql');
        expect(core.summary.join('')).toContain('notes');
        const result = JSON.parse(core.outputs.result ?? '{}') as { changed?: boolean; changes?: number };
        expect(result.changed).toBe(true);
        expect(result.changes).toBeGreaterThan(0);
        expect(core.outputs.plan).toContain('CREATE TABLE');
        expect(core.logged()).not.toContain('tenant-pw');
      } finally {
        await counter.close();
      }
    });

    it('on a same-repository pull request: samples tenants for the drift summary (the control for the fork case)', async () => {
      const { counter, core, deps } = await reviewSetup('acme/app');
      try {
        await run(deps);
        expect(counter.connections()).toBeGreaterThan(0);
        expect(core.logged()).not.toContain('tenant-pw');
      } finally {
        await counter.close();
      }
    });

    it('refuses to review anything but a pull request', async () => {
      const core = fakeCore({ mode: 'review' });
      const code = await run(fakeDeps(core, { context: fakeContext({ eventName: 'push' }) }));
      expect(code).toBe(1);
      expect(String(core.calls.find((c) => c.kind === 'setFailed')?.args[0])).toContain('mode review needs a pull_request event, got push');
    });
  });
});
