import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createTestDatabase } from '../support/pg.js';
import { devUrlArgs, fixture } from './run-cli-in-process.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

function runProcess(args: string[]): { status: number | null; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, SCHEMAFLEET_DEV_URL: '' } });
  return { status: result.status, stderr: result.stderr };
}

// The exit code is the contract scripts rely on, and libpg-query's runtime resets process.exitCode
// behind our back: only a real process shows what the shell sees.
describe('schemafleet as a process', () => {
  it('exits with the documented code after the schema parser has run', async () => {
    const db = await createTestDatabase();
    const bad = runProcess(['plan', '--schema', fixture('bad-syntax.sql'), '--url', db.url, ...devUrlArgs()]);
    expect(bad.stderr).toMatch(/bad-syntax\.sql:3/);
    expect(bad.status).toBe(2);

    await db.exec('CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL); CREATE TABLE legacy (id int)');
    const refused = runProcess(['apply', '--schema', fixture('users-v1.sql'), '--url', db.url, ...devUrlArgs()]);
    expect(refused.stderr).toMatch(/lose data/);
    expect(refused.status).toBe(1);

    const unreachable = runProcess(['plan', '--schema', fixture('users-v1.sql'), '--url', 'postgres://u:secretpw@127.0.0.1:1/db']);
    expect(unreachable.status).toBe(3);
    expect(unreachable.stderr).not.toContain('secretpw');
  });

  it('lint … | head: the reader going away is no crash; the command exits with its own code', () => {
    const lint = (name: string): string => fileURLToPath(new URL(`../fixtures/lint/${name}`, import.meta.url));
    const args = ['lint', '--from', lint('v1.sql'), '--to', lint('v2-bad-ignore.sql'), '--format', 'sarif', ...devUrlArgs()].map((arg) => `'${arg}'`).join(' ');
    // head reads one line and leaves: every later write of the SARIF log meets a closed pipe.
    const result = spawnSync('bash', ['-c', `node --import tsx src/cli/main.ts ${args} 2>stderr.$$ | head -n 1 >/dev/null; code=\${PIPESTATUS[0]}; cat stderr.$$ >&2; rm -f stderr.$$; exit $code`], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, SCHEMAFLEET_DEV_URL: '' },
    });
    expect(result.stderr).not.toMatch(/EPIPE|at .+:\d+:\d+/);
    expect(result.status, result.stderr).toBe(1);
  });
});
