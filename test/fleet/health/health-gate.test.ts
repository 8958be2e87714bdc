import { describe, expect, it, onTestFinished } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase } from '../../support/pg.js';
import { createHealthGate, type HealthGate, type HealthGateOptions, type ProbeSpec } from '../../../src/fleet/health/index.js';
import type { RolloutEvent } from '../../../src/fleet/rollout-events.js';

async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function gateWith(options: Omit<HealthGateOptions, 'onEvent'>): { gate: HealthGate; events: RolloutEvent[] } {
  const events: RolloutEvent[] = [];
  const gate = createHealthGate({ ...options, onEvent: (e) => events.push(e) });
  onTestFinished(() => gate.stop());
  gate.start();
  return { gate, events };
}

/** A command probe reading a file the test rewrites: the value flips exactly when the test says. */
function fileProbe(name: string, initial: number, spec: Partial<ProbeSpec> = {}): { probe: ProbeSpec; set(value: number | string): void } {
  const file = join(mkdtempSync(join(tmpdir(), 'sf-health-')), 'value');
  // Renamed into place so that `cat` never reads a half-written (empty) file, which would be unreadable.
  const set = (value: number | string): void => {
    writeFileSync(`${file}.tmp`, String(value));
    renameSync(`${file}.tmp`, file);
  };
  set(initial);
  return { probe: { name, kind: 'command', command: `cat '${file}'`, pauseAbove: 10, resumeBelow: 2, everyMs: 20, ...spec }, set };
}

describe('health gate', () => {
  it('closes when a probe goes above pauseAbove and reopens only after resumeAfterMs below resumeBelow', async () => {
    const load = fileProbe('load', 1);
    const { gate, events } = gateWith({ probes: [load.probe], clusters: { 'db1:5432': 'postgres://unused' }, resumeAfterMs: 300 });
    await gate.waitUntilOpen('db1:5432');
    expect(events).toEqual([]);

    load.set(12);
    await eventually(() => !gate.isOpen('db1:5432'));
    expect(events).toEqual([expect.objectContaining({ type: 'paused', cluster: 'db1:5432', reason: 'load 12 > 10' })]);
    expect(gate.state('db1:5432')).toMatchObject({ phase: 'closed', reason: 'load 12 > 10' });

    let opened = false;
    const waiting = gate.waitUntilOpen('db1:5432').then(() => (opened = true));

    // Hysteresis: below pauseAbove but above resumeBelow keeps the cluster paused.
    load.set(5);
    await sleep(600);
    expect(opened).toBe(false);
    expect(gate.isOpen('db1:5432')).toBe(false);
    expect(gate.state('db1:5432').readings[0]).toMatchObject({ value: 5, status: 'elevated' });

    load.set(1);
    const healthyAt = Date.now();
    await waiting;
    expect(Date.now() - healthyAt).toBeGreaterThanOrEqual(300);
    expect(gate.isOpen('db1:5432')).toBe(true);
    expect(events.map((e) => e.type)).toEqual(['paused', 'resumed']);
    expect(events[1]).toMatchObject({ type: 'resumed', cluster: 'db1:5432' });
    expect((events[1] as { pausedMs: number }).pausedMs).toBeGreaterThanOrEqual(900);
  });

  it('restarts the resume clock when a reading interrupts the healthy stretch', async () => {
    const load = fileProbe('load', 50);
    const { gate } = gateWith({ probes: [load.probe], clusters: { c: 'postgres://unused' }, resumeAfterMs: 400 });
    await eventually(() => gate.state('c').phase === 'closed');
    load.set(0);
    await eventually(() => gate.state('c').healthySince !== null);
    await sleep(150);
    load.set(6);
    await eventually(() => gate.state('c').healthySince === null);
    load.set(0);
    const healthyAgain = Date.now();
    await gate.waitUntilOpen('c');
    expect(Date.now() - healthyAgain).toBeGreaterThanOrEqual(400);
  });

  it('runs sql probes per cluster on that cluster', async () => {
    const db1 = await createTestDatabase('sf_health');
    const db2 = await createTestDatabase('sf_health');
    await db1.exec('CREATE TABLE health (v int); INSERT INTO health VALUES (1)');
    await db2.exec('CREATE TABLE health (v int); INSERT INTO health VALUES (1)');
    const probes: ProbeSpec[] = [
      { name: 'lock-waiters', kind: 'sql', query: 'SELECT v FROM health', pauseAbove: 10, resumeBelow: 2, everyMs: 25 },
      { name: 'sessions', kind: 'sql', query: 'SELECT count(*) FROM pg_stat_activity', pauseAbove: 10_000, resumeBelow: 10_000, everyMs: 25 },
    ];
    const { gate, events } = gateWith({
      probes,
      clusters: new Map([
        ['one:1', db1.url],
        ['two:2', db2.url],
      ]),
      resumeAfterMs: 100,
    });
    await gate.waitUntilOpen('one:1');
    await gate.waitUntilOpen('two:2');
    const readings = await gate.readNow('one:1');
    expect(readings).toEqual([
      expect.objectContaining({ probe: 'lock-waiters', cluster: 'one:1', value: 1, status: 'healthy' }),
      expect.objectContaining({ probe: 'sessions', cluster: 'one:1', status: 'healthy' }),
    ]);
    expect(readings[1]!.value).toBeGreaterThanOrEqual(1);

    await db1.exec('UPDATE health SET v = 12');
    await eventually(() => !gate.isOpen('one:1'));
    expect(gate.isOpen('two:2')).toBe(true);
    expect(events).toEqual([expect.objectContaining({ type: 'paused', cluster: 'one:1', reason: 'lock-waiters 12 > 10' })]);
    await db1.exec('UPDATE health SET v = 0');
    await gate.waitUntilOpen('one:1');
    expect(events.map((e) => [e.type, 'cluster' in e ? e.cluster : null])).toEqual([
      ['paused', 'one:1'],
      ['resumed', 'one:1'],
    ]);
  });

  it('counts a probe it cannot read as unhealthy, with the reason', async () => {
    const db = await createTestDatabase('sf_health');
    const server = http.createServer((_req, res) => {
      res.statusCode = 500;
      res.end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/query`;
    const cases: [ProbeSpec, RegExp][] = [
      [{ name: 'bad-sql', kind: 'sql', query: 'SELECT nope FROM nowhere', pauseAbove: 1, resumeBelow: 0, everyMs: 30 }, /^bad-sql unreadable: .*nowhere/],
      [{ name: 'slow-sql', kind: 'sql', query: 'SELECT pg_sleep(2)', pauseAbove: 1, resumeBelow: 0, everyMs: 30, timeoutMs: 100 }, /^slow-sql unreadable: .*(statement timeout|timed out)/],
      [{ name: 'cpu', kind: 'http', url, jsonPath: 'data.result[0].value[1]', pauseAbove: 1, resumeBelow: 0, everyMs: 30 }, /^cpu unreadable: HTTP 500/],
      [{ name: 'script', kind: 'command', command: 'echo busy', pauseAbove: 1, resumeBelow: 0, everyMs: 30 }, /^script unreadable: not a number: "busy"/],
      [{ name: 'hang', kind: 'command', command: 'sleep 3', pauseAbove: 1, resumeBelow: 0, everyMs: 30, timeoutMs: 100 }, /^hang unreadable: timed out after 100ms/],
    ];
    for (const [probe, reason] of cases) {
      const { gate, events } = gateWith({ probes: [probe], clusters: { c: db.url }, resumeAfterMs: 10 });
      await eventually(() => gate.state('c').phase === 'closed');
      expect(gate.isOpen('c'), probe.name).toBe(false);
      expect(gate.state('c').reason, probe.name).toMatch(reason);
      expect(events[0], probe.name).toMatchObject({ type: 'paused', cluster: 'c' });
      const [reading] = await gate.readNow('c');
      expect(reading, probe.name).toMatchObject({ status: 'unhealthy', value: null });
      await gate.stop();
    }
  });

  it('pauses every cluster on an unhealthy http or command probe, and a cluster with no URL on sql probes', async () => {
    const shared = fileProbe('replica-lag', 1);
    const { gate, events } = gateWith({ probes: [shared.probe], clusters: () => undefined, resumeAfterMs: 50 });
    await gate.waitUntilOpen('a:1');
    gate.addCluster('b:2');
    await gate.waitUntilOpen('b:2');
    shared.set(99);
    await eventually(() => !gate.isOpen('a:1') && !gate.isOpen('b:2'));
    expect(
      events
        .filter((e) => e.type === 'paused')
        .map((e) => (e as { cluster: string }).cluster)
        .sort(),
    ).toEqual(['a:1', 'b:2']);

    const sqlOnly = gateWith({
      probes: [{ name: 'q', kind: 'sql', query: 'SELECT 1', pauseAbove: 5, resumeBelow: 1, everyMs: 20 }],
      clusters: {},
      resumeAfterMs: 10,
    }).gate;
    await eventually(() => sqlOnly.state('nowhere:5432').phase === 'closed');
    expect(sqlOnly.state('nowhere:5432').reason).toBe('q unreadable: no connection URL for cluster nowhere:5432');
  });

  it('lets a caller stop waiting, and is always open without probes', async () => {
    const load = fileProbe('load', 99);
    const { gate } = gateWith({ probes: [load.probe], clusters: { c: 'postgres://unused' }, resumeAfterMs: 10 });
    await eventually(() => gate.state('c').phase === 'closed');
    const controller = new AbortController();
    const waiting = gate.waitUntilOpen('c', controller.signal);
    controller.abort(new Error('shutting down'));
    await expect(waiting).rejects.toThrow('shutting down');
    const pending = gate.waitUntilOpen('c');
    await gate.stop();
    await expect(pending).rejects.toThrow('health gate stopped');

    const empty = gateWith({ probes: [], clusters: {}, resumeAfterMs: 10 }).gate;
    expect(empty.isOpen('anything:1')).toBe(true);
    expect(await empty.readNow('anything:1')).toEqual([]);
  });

  it('refuses inconsistent probe specs', () => {
    const base: ProbeSpec = { name: 'p', kind: 'sql', query: 'SELECT 1', pauseAbove: 5, resumeBelow: 1, everyMs: 10 };
    expect(() => createHealthGate({ probes: [{ ...base, resumeBelow: 6 }], clusters: {}, resumeAfterMs: 0 })).toThrow(/resumeBelow \(6\) must not be above pauseAbove \(5\)/);
    expect(() => createHealthGate({ probes: [{ ...base, kind: 'http' }], clusters: {}, resumeAfterMs: 0 })).toThrow(/needs `url`/);
  });
});
