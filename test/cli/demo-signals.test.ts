import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { adminUrl } from '../support/pg.js';
import { expectCleanOutput, spawnCli, type CliProcess } from '../faults/fault-fixture.js';

/** The demo's side of the one signal story: Ctrl-C mid-rollout cancels it, prints the summary, removes the fleet, exits 4. */

async function demoDatabases(): Promise<Set<string>> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return new Set((await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'schemafleet\\_demo\\_%'")).rows.map((r) => r.datname));
  } finally {
    await client.end();
  }
}

async function untilStderr(worker: CliProcess, text: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let ended = false;
  void worker.exited.then(() => (ended = true));
  while (Date.now() < deadline && !ended) {
    if (worker.stderr().includes(text)) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return worker.stderr().includes(text);
}

function postgresChildren(pid: number): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(pid), '-x', 'postgres'], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

describe('demo: SIGINT during the rollout', () => {
  it('on --dev-url: the rollout is cancelled, the summary printed, the demo databases dropped, exit 4', { timeout: 180_000 }, async () => {
    const demo = spawnCli(['demo', '--schema-tenants', '30', '--database-tenants', '1', '--concurrency', '1', '--dev-url', adminUrl()]);
    expect(await untilStderr(demo, 'rollout to schema v2', 150_000), demo.stderr()).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    demo.child.kill('SIGINT');
    const exit = await demo.exited;
    const output = `${demo.stdout()}\n${demo.stderr()}`;
    expect(exit, output).toEqual({ code: 4, signal: null });
    expect(demo.stderr()).toContain('SIGINT: stopping');
    expect(output).toMatch(/cancelled/);
    expectCleanOutput(demo.stdout(), demo.stderr());
    // Its own databases, by the prefix it names: other tests' demos may run on the server meanwhile.
    const prefix = /\(databases (schemafleet_demo_[0-9a-f]+)\*\)/.exec(demo.stderr())?.[1];
    expect(prefix, demo.stderr()).toBeDefined();
    const left = [...(await demoDatabases())].filter((name) => name.startsWith(prefix!));
    expect(left, 'demo databases left behind').toEqual([]);
  });

  it('on its embedded PostgreSQL: exit 4 and the server stopped', { timeout: 180_000 }, async () => {
    const demo = spawnCli(['demo', '--schema-tenants', '30', '--database-tenants', '1', '--concurrency', '1'], { SCHEMAFLEET_DEV_URL: '' });
    expect(await untilStderr(demo, 'rollout to schema v2', 150_000), demo.stderr()).toBe(true);
    const servers = postgresChildren(demo.child.pid!);
    expect(servers.length, demo.stderr()).toBeGreaterThan(0);
    demo.child.kill('SIGINT');
    const exit = await demo.exited;
    expect(exit, `${demo.stdout()}\n${demo.stderr()}`).toEqual({ code: 4, signal: null });
    for (const pid of servers) expect(() => process.kill(pid, 0), 'the embedded PostgreSQL outlived the demo').toThrow();
  });
});
