import { randomBytes } from 'node:crypto';
import { describe, expect, it, onTestFinished } from 'vitest';
import { cli, devUrlArgs, fixture } from './run-cli-in-process.js';
import { adminUrl, createTestDatabase, withClient } from '../support/pg.js';
import { startEmbeddedPostgres } from '../../src/schema/scratch/embedded-server.js';

/**
 * A superuser URL of a server that checks passwords: the test server when it does (the embedded
 * one runs with --auth=password), else a private embedded PostgreSQL, since a server that trusts
 * local connections lets any password in and would leave the wrong-password path untested.
 */
async function passwordCheckingServer(): Promise<string> {
  const probe = new URL(adminUrl());
  probe.password = 'sf-surely-not-the-password';
  const trusts = await withClient(probe.toString(), async () => true).catch(() => false);
  if (!trusts) return adminUrl();
  const server = await startEmbeddedPostgres();
  onTestFinished(() => server.stop());
  return server.url;
}

describe('schemafleet CLI: help and flags', () => {
  it('prints help for the program and for each command, with exit 0', async () => {
    const top = await cli(['--help']);
    expect(top.code).toBe(0);
    for (const command of ['plan', 'apply', 'diff']) expect(top.stdout).toContain(command);
    for (const [command, flag] of [
      ['plan', '--schema-name'],
      ['apply', '--lock-timeout'],
      ['diff', '--from'],
    ] as const) {
      const help = await cli([command, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(flag);
      expect(help.stdout).toContain('--dev-url');
    }
  });

  it('exits 2 naming the flag when a flag is missing or malformed', async () => {
    const missing = await cli(['plan', '--schema', fixture('users-v1.sql')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--url: is required');

    const badUrl = await cli(['plan', '--schema', fixture('users-v1.sql'), '--url', 'mysql://u:secretpw@h/db']);
    expect(badUrl.code).toBe(2);
    expect(badUrl.stderr).toContain('--url: expected a postgres:// or postgresql:// URL');
    expect(badUrl.stderr).not.toContain('secretpw');

    const badFormat = await cli(['plan', '--schema', fixture('users-v1.sql'), '--url', 'postgres://h/db', '--format', 'yaml']);
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toContain('--format');

    const badTimeout = await cli(['apply', '--schema', fixture('users-v1.sql'), '--url', 'postgres://h/db', '--lock-timeout', '0']);
    expect(badTimeout.code).toBe(2);
    expect(badTimeout.stderr).toContain('--lock-timeout: expected a positive duration');

    const badWorkers = await cli(['apply', '--schema', fixture('users-v1.sql'), '--url', 'postgres://h/db', '--parallel-workers', '-1']);
    expect(badWorkers.code).toBe(2);
    expect(badWorkers.stderr).toContain('--parallel-workers: expected a whole number from 0 to 1024');

    const unknown = await cli(['plan', '--nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--nope');

    const noCommand = await cli([]);
    expect(noCommand.code).toBe(2);
  });

  it('exits 2 when SCHEMAFLEET_DEV_URL is not a postgres URL, naming the variable', async () => {
    const run = await cli(['plan', '--schema', fixture('users-v1.sql'), '--url', 'postgres://h/db'], { SCHEMAFLEET_DEV_URL: 'http://x' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('SCHEMAFLEET_DEV_URL');
  });

  it('exits 2 for a schema path that does not exist', async () => {
    const run = await cli(['plan', '--schema', fixture('missing.sql'), '--url', 'postgres://h/db']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--schema: no such file or folder');
  });

  it('exits 3 for an unreachable database and never prints its password', async () => {
    for (const command of ['plan', 'apply']) {
      const run = await cli([command, '--schema', fixture('users-v1.sql'), '--url', 'postgres://u:secretpw@127.0.0.1:1/db', ...devUrlArgs()]);
      expect(run.code, run.stderr).toBe(3);
      expect(run.stderr).toContain('127.0.0.1:1');
      expect(run.stdout + run.stderr).not.toContain('secretpw');
    }
    const diff = await cli(['diff', '--from', 'postgresql://u:secretpw@127.0.0.1:1/db', '--to', fixture('users-v1.sql'), ...devUrlArgs()]);
    expect(diff.code).toBe(3);
    expect(diff.stdout + diff.stderr).not.toContain('secretpw');
  });

  it('exits 3 for an unreachable --dev-url without printing its password', async () => {
    const db = await createTestDatabase();
    const run = await cli(['plan', '--schema', fixture('users-v1.sql'), '--url', db.url], { SCHEMAFLEET_DEV_URL: 'postgres://u:secretpw@127.0.0.1:1/db' });
    expect(run.code, run.stderr).toBe(3);
    expect(run.stdout + run.stderr).not.toContain('secretpw');
  });

  it('exits 3 for a wrong password, keeping it out of the output', { timeout: 120_000 }, async () => {
    const server = await passwordCheckingServer();
    const role = `sf_cli_pw_${randomBytes(4).toString('hex')}`;
    await withClient(server, (client) => client.query(`CREATE ROLE ${role} LOGIN PASSWORD 'right-pw-4Kd9'`));
    onTestFinished(async () => void (await withClient(server, (client) => client.query(`DROP ROLE IF EXISTS ${role}`))));
    const url = new URL(server);
    url.username = role;
    url.password = 'right-pw-4Kd9';
    // The role gets in with its own password, so what is refused below is the password alone.
    await withClient(url.toString(), (client) => client.query('SELECT 1'));
    url.password = 'wrongsecretpw';
    const run = await cli(['plan', '--schema', fixture('users-v1.sql'), '--url', url.toString(), ...devUrlArgs()]);
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).toContain('hint: check the user name and password');
    expect(run.stdout + run.stderr).not.toContain('wrongsecretpw');
  });

  it('exits 3 for a user the server does not know, whatever its authentication method', async () => {
    const db = await createTestDatabase();
    const url = new URL(db.url);
    url.username = `sf_no_such_role_${randomBytes(4).toString('hex')}`;
    url.password = 'unknownsecretpw';
    const run = await cli(['plan', '--schema', fixture('users-v1.sql'), '--url', url.toString(), ...devUrlArgs()]);
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).toContain('hint: check the user name and password');
    expect(run.stdout + run.stderr).not.toContain('unknownsecretpw');
  });

  it('exits 2 with file:line for a schema file the parser rejects', async () => {
    const db = await createTestDatabase();
    const run = await cli(['plan', '--schema', fixture('bad-syntax.sql'), '--url', db.url, ...devUrlArgs()]);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toMatch(/bad-syntax\.sql:3(:\d+)?/);
  });
});
