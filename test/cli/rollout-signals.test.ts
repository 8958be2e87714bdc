import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import pg from 'pg';
import { describe, expect, it, onTestFinished } from 'vitest';
import { cli } from './run-cli-in-process.js';
import { V2, createDatabaseFleet, createSchemaFleet, desiredFrom, remainingSteps } from '../fleet/rollout/fleet-fixture.js';
import { adminUrl, createTestDatabase, type TestDatabase } from '../support/pg.js';
import { expectCleanOutput, holdLongReader, ledgerTenants, rollouts, seededRandom, spawnCli, writeFleetConfig, type CliProcess } from '../faults/fault-fixture.js';
import type { Tenant } from '../../src/fleet/tenant.js';

/**
 * The CLI's signal story, in a real process with real signals: the first SIGINT/SIGTERM stops
 * claiming, gives in-flight tenants the grace period, cancels the rest, leaves nothing `claimed` in
 * the ledger, prints the summary and exits 4; a second one exits at once; a rerun converges.
 */

async function smallFleet(): Promise<{ tenants: Tenant[]; blocked: Tenant; ledger: TestDatabase; config: string }> {
  const names = Array.from({ length: 6 }, (_, i) => `tenant_${i}`);
  const { tenants: schemaTenants } = await createSchemaFleet(names);
  const { tenants: dbTenants } = await createDatabaseFleet(1);
  const tenants = [...schemaTenants, ...dbTenants];
  const ledger = await createTestDatabase('sf_ledger');
  // Lock timeouts retried for long: the blocked tenant is still in flight when the signal comes.
  const { config } = await writeFleetConfig(tenants, ledger.url, { concurrency: 2, batchSize: 3, lockTimeout: '200ms', retries: 100 });
  return { tenants, blocked: schemaTenants[0]!, ledger, config };
}

async function expectNothingClaimed(ledger: TestDatabase): Promise<string> {
  const all = await rollouts(ledger);
  expect(all.map((r) => r.state)).toEqual(['cancelled']);
  const rows = await ledgerTenants(ledger, all[0]!.id);
  expect(
    rows.filter((r) => r.state === 'claimed'),
    'ledger rows left claimed',
  ).toEqual([]);
  return all[0]!.id;
}

async function expectRerunConverges(tenants: readonly Tenant[], config: string, extra: readonly string[] = []): Promise<void> {
  const rerun = await cli(['rollout', '--config', config, '--stale-after', '1s', '--dev-url', adminUrl(), ...extra]);
  expect(rerun.code, `${rerun.stdout}\n${rerun.stderr}`).toBe(0);
  const desired = await desiredFrom(V2, 'app');
  for (const tenant of tenants) expect(await remainingSteps(tenant, desired), tenant.id).toBe(0);
}

function summaryOf(worker: CliProcess): Record<string, unknown> | undefined {
  return worker.events.find((event) => event.type === 'summary');
}

/** Resolves once `fn` is true of an event (or the process ended first). */
function when(worker: CliProcess, fn: (event: Record<string, unknown>) => boolean): Promise<void> {
  return new Promise((resolve) => {
    if (worker.events.some(fn)) resolve();
    worker.onEvent((event) => {
      if (fn(event)) resolve();
    });
    void worker.exited.then(() => resolve());
  });
}

type Moment = 'after rollout-started' | 'while a tenant waits for a lock' | 'a seeded delay after the first tenant-started';
const MOMENTS: readonly Moment[] = ['after rollout-started', 'while a tenant waits for a lock', 'a seeded delay after the first tenant-started'];

describe('rollout: SIGINT / SIGTERM in a real process', () => {
  for (const seed of [11, 22, 33]) {
    it(`seed ${seed}: the first signal cancels cleanly (exit 4, summary, nothing claimed) and a rerun converges`, { timeout: 90_000 }, async () => {
      const random = seededRandom(seed);
      const moment = MOMENTS[seed % MOMENTS.length]!;
      // Both signals, whatever the PRNG draws for three seeds.
      const signal: NodeJS.Signals = seed % 2 === 1 ? 'SIGINT' : 'SIGTERM';
      const { tenants, blocked, ledger, config } = await smallFleet();
      const release = await holdLongReader(blocked);

      const worker = spawnCli(['rollout', '--config', config, '--format', 'json', '--dev-url', adminUrl(), '--grace', '1s']);
      if (moment === 'after rollout-started') await when(worker, (e) => e.type === 'rollout-started');
      else if (moment === 'while a tenant waits for a lock') await when(worker, (e) => e.type === 'tenant-retried' && e.tenantId === blocked.id);
      else {
        await when(worker, (e) => e.type === 'tenant-started');
        await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 400)));
      }
      const signalledAt = Date.now();
      worker.child.kill(signal);
      const exit = await worker.exited;
      const tookMs = Date.now() - signalledAt;

      expect(exit, `${moment}, ${signal}\n${worker.stderr()}`).toEqual({ code: 4, signal: null });
      console.log(`signals seed ${seed}: ${signal} ${moment}; exit 4 after ${tookMs} ms (grace 1 s)`);
      // 1 s of grace, then the cancel and the ledger writes: well within a few seconds.
      expect(tookMs).toBeLessThan(10_000);
      expect(worker.stderr()).toContain(`${signal}: stopping`);
      expect(summaryOf(worker)).toMatchObject({ state: 'cancelled' });
      expectCleanOutput(worker.stderr(), worker.stdout());
      const rolloutId = await expectNothingClaimed(ledger);
      // The blocked tenant never got its lock: it was cancelled (rolled back) or never started.
      const blockedRow = (await ledgerTenants(ledger, rolloutId)).find((r) => r.tenant_id === blocked.id);
      expect(['cancelled', 'pending']).toContain(blockedRow?.state);

      await release();
      await expectRerunConverges(tenants, config);
    });
  }

  it('a second signal exits at once, and the rerun takes the left claims over', { timeout: 90_000 }, async () => {
    const { tenants, blocked, ledger, config } = await smallFleet();
    const release = await holdLongReader(blocked);
    const worker = spawnCli(['rollout', '--config', config, '--format', 'json', '--dev-url', adminUrl(), '--grace', '60s']);
    await when(worker, (e) => e.type === 'tenant-retried' && e.tenantId === blocked.id);
    worker.child.kill('SIGINT');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const secondAt = Date.now();
    worker.child.kill('SIGTERM');
    const exit = await worker.exited;
    expect(exit, worker.stderr()).toEqual({ code: 143, signal: null });
    expect(Date.now() - secondAt).toBeLessThan(4_000);
    expect(worker.stderr()).toContain('SIGTERM again: exiting now');
    expectCleanOutput(worker.stderr());
    expect((await rollouts(ledger)).length).toBe(1);
    await release();
    await expectRerunConverges(tenants, config);
  });

  it('with an embedded scratch server: a signal while it runs, and one during the rollout, both end with exit 4', { timeout: 120_000 }, async () => {
    const { tenants, blocked, ledger, config } = await smallFleet();
    const release = await holdLongReader(blocked);
    const env = { SCHEMAFLEET_DEV_URL: '' };

    // 1. While the embedded PostgreSQL for the schema file runs: nothing is claimed, the server stops.
    const early = spawnCli(['rollout', '--config', config, '--format', 'json'], env);
    const serverPid = await childNamed(early, 'postgres', 60_000);
    expect(serverPid, early.stderr()).not.toBeNull();
    early.child.kill('SIGINT');
    const earlyExit = await early.exited;
    expect(earlyExit, early.stderr()).toEqual({ code: 4, signal: null });
    expect(early.stderr()).toContain('interrupted before the rollout started');
    expect(isAlive(serverPid!), 'the embedded PostgreSQL outlived the CLI').toBe(false);
    const ledgerTables = await ledger.query<{ found: string | null }>("SELECT to_regclass('schemafleet.rollouts')::text AS found");
    if (ledgerTables[0]?.found) expect(await rollouts(ledger)).toEqual([]);

    // 2. During the rollout, the embedded server's module loaded (its exit hooks exited 130 at once before).
    const worker = spawnCli(['rollout', '--config', config, '--format', 'json', '--grace', '1s'], env);
    await when(worker, (e) => e.type === 'tenant-retried' && e.tenantId === blocked.id);
    worker.child.kill('SIGINT');
    const exit = await worker.exited;
    expect(exit, worker.stderr()).toEqual({ code: 4, signal: null });
    expect(summaryOf(worker)).toMatchObject({ state: 'cancelled' });
    await expectNothingClaimed(ledger);
    await release();
    await expectRerunConverges(tenants, config);
  });
});

describe('preflight: SIGINT in a real process', () => {
  it('stops reading, prints the partial report and exits 4', { timeout: 90_000 }, async () => {
    const { blocked, config } = await smallFleet();
    // A lock that makes reading the blocked tenant's catalog wait: the preflight is in flight.
    const client = new pg.Client({ connectionString: blocked.url });
    client.on('error', () => undefined);
    await client.connect();
    onTestFinished(() => client.end().catch(() => undefined));
    await client.query(`BEGIN; LOCK TABLE "${blocked.schema}".users IN ACCESS EXCLUSIVE MODE`);
    const preflight = spawnCli(['preflight', '--config', config, '--format', 'json', '--dev-url', adminUrl(), '--concurrency', '1']);
    const waiting = await waitForLockWait(blocked.url, 30_000);
    expect(waiting, preflight.stderr()).toBe(true);
    preflight.child.kill('SIGINT');
    const exit = await preflight.exited;
    await client.query('ROLLBACK');
    expect(exit, preflight.stderr()).toEqual({ code: 4, signal: null });
    expect(preflight.stderr()).toContain('SIGINT: stopping');
    expect(JSON.parse(preflight.stdout())).toHaveProperty('verdict');
  });
});

/** True once some schemafleet session on the database waits for a lock. */
async function waitForLockWait(url: string, timeoutMs: number): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const found = await client.query("SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE 'schemafleet%' AND wait_event_type = 'Lock'");
      if ((found.rowCount ?? 0) > 0) return true;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    return false;
  } finally {
    await client.end();
  }
}

describe('a command without a graceful stop (diff, plan) and its embedded scratch server', () => {
  it('SIGINT while the embedded PostgreSQL runs: exit 130, the server stopped and its data dir removed', { timeout: 90_000 }, async () => {
    // Two schema files (no live database, so the default scratch server starts at once), one of
    // them large enough that loading it keeps the embedded server busy for a while.
    const dir = mkdtempSync(join(tmpdir(), 'sf-signal-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const large = join(dir, 'large.sql');
    writeFileSync(
      large,
      Array.from({ length: 4_000 }, (_, i) => `CREATE TABLE t_${i} (id bigint PRIMARY KEY, v text NOT NULL DEFAULT '', n integer CHECK (n > 0));\nCREATE INDEX t_${i}_v_idx ON t_${i} (v);\n`).join(''),
    );
    const plan = spawnCli(['diff', '--from', 'test/fixtures/cli/users-v2.sql', '--to', large], { SCHEMAFLEET_DEV_URL: '' });
    const serverPid = await childNamed(plan, 'postgres', 60_000);
    expect(serverPid, plan.stderr()).not.toBeNull();
    const dataDir = /-D\s+(\S+)/.exec(execFileSync('ps', ['-o', 'args=', '-p', String(serverPid)], { encoding: 'utf8' }))?.[1];
    expect(dataDir, "the server's data dir").toMatch(/schemafleet-pg-/);
    // Up and in use (its background processes started, the schema being loaded): registered for cleanup.
    await untilChildren(serverPid!, 3, 30_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    plan.child.kill('SIGINT');
    const exit = await plan.exited;
    expect(exit, plan.stderr()).toEqual({ code: 130, signal: null });
    expect(isAlive(serverPid!), 'the embedded PostgreSQL outlived the CLI').toBe(false);
    expect(existsSync(dirname(dataDir!)), "the embedded server's temp dir outlived the CLI").toBe(false);
    expectCleanOutput(plan.stderr(), plan.stdout());
  });

  it('SIGINT while the embedded PostgreSQL is still starting: exit 130 and no server left running', { timeout: 90_000 }, async () => {
    const db = await createTestDatabase();
    const plan = spawnCli(['plan', '--schema', 'test/fixtures/cli/users-v2.sql', '--url', db.url], { SCHEMAFLEET_DEV_URL: '' });
    const serverPid = await childNamed(plan, 'postgres', 60_000);
    expect(serverPid, plan.stderr()).not.toBeNull();
    plan.child.kill('SIGINT');
    const exit = await plan.exited;
    expect(exit, plan.stderr()).toEqual({ code: 130, signal: null });
    // The postmaster may take a moment to finish its shutdown after its parent has gone.
    const deadline = Date.now() + 5_000;
    while (isAlive(serverPid!) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(isAlive(serverPid!), 'the embedded PostgreSQL outlived the CLI').toBe(false);
  });
});

/** The pid of a child process of `worker` whose command is `name`, once there is one; null on timeout. */
async function childNamed(worker: CliProcess, name: string, timeoutMs: number): Promise<number | null> {
  const deadline = Date.now() + timeoutMs;
  let ended = false;
  void worker.exited.then(() => (ended = true));
  while (Date.now() < deadline && !ended) {
    try {
      const out = execFileSync('pgrep', ['-P', String(worker.child.pid), '-x', name], { encoding: 'utf8' }).trim();
      if (out) return Number(out.split('\n')[0]);
    } catch {
      /* none yet */
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return null;
}

async function untilChildren(pid: number, count: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if (
        execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
          .trim()
          .split('\n').length >= count
      )
        return;
    } catch {
      /* none yet */
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
