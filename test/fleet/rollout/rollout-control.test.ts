import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { runRollout } from '../../../src/fleet/rollout/run-rollout.js';
import { rolloutSettings } from '../../../src/fleet/rollout/rollout-settings.js';
import { createHealthGate } from '../../../src/fleet/health/index.js';
import { V2, collect, createDatabaseFleet, createSchemaFleet, desiredFrom, ledgerRows, listSource, openTestLedger, remainingSteps } from './fleet-fixture.js';

const names = (count: number, prefix = 'tenant'): string[] => Array.from({ length: count }, (_, i) => `${prefix}_${String(i).padStart(3, '0')}`);
const fast = { pollMs: 150, heartbeatMs: 1_000 };

describe('runRollout control', () => {
  it('pauses a cluster when its health probe goes unhealthy: no tenant starts until it recovers', async () => {
    const desired = await desiredFrom(V2, 'app');
    const { db, tenants } = await createSchemaFleet(names(12));
    await db.exec('CREATE TABLE public.health_control (v int NOT NULL); INSERT INTO public.health_control VALUES (0)');
    const { ledger } = await openTestLedger();
    const seen = collect();
    const gate = createHealthGate({
      probes: [{ name: 'control', kind: 'sql', query: 'SELECT v FROM public.health_control', pauseAbove: 10, resumeBelow: 5, everyMs: 100 }],
      clusters: new Map(),
      resumeAfterMs: 300,
      onEvent: seen.onEvent,
    });
    gate.start();
    let flipped = false;
    const onEvent = (event: Parameters<typeof seen.onEvent>[0]): void => {
      seen.onEvent(event);
      if (event.type === 'tenant-finished' && !flipped && seen.of('tenant-finished').length >= 3) {
        flipped = true;
        void db.exec('UPDATE public.health_control SET v = 100').then(() => setTimeout(() => void db.exec('UPDATE public.health_control SET v = 0'), 1_500));
      }
    };
    try {
      const summary = await runRollout({
        settings: rolloutSettings({ concurrency: 1, batchSize: 4 }),
        desired,
        source: listSource(tenants),
        ledger,
        healthGate: gate,
        workerId: 'w1',
        onEvent,
        ...fast,
      });
      expect(summary.state).toBe('succeeded');
    } finally {
      await gate.stop();
    }
    const paused = seen.of('paused');
    const resumed = seen.of('resumed');
    expect(paused.length).toBeGreaterThanOrEqual(1);
    expect(resumed.length).toBeGreaterThanOrEqual(1);
    const from = paused[0]!.at;
    const to = resumed[0]!.at;
    expect(to - from).toBeGreaterThanOrEqual(1_000);
    expect(seen.of('tenant-started').filter((e) => e.at > from && e.at < to)).toEqual([]);
    expect(seen.of('tenant-finished').filter((e) => e.outcome === 'migrated')).toHaveLength(12);
  });

  it('a tenant whose table is locked by a long transaction retries and succeeds after release; the others proceed', async () => {
    const desired = await desiredFrom();
    const { dbs, tenants } = await createDatabaseFleet(4);
    const blocker = new pg.Client({ connectionString: dbs[1]!.url });
    await blocker.connect();
    await blocker.query('BEGIN; LOCK TABLE users IN ACCESS SHARE MODE');
    const seen = collect();
    let releasedAt = 0;
    const releaseNow = (): void => {
      if (releasedAt) return;
      releasedAt = Date.now();
      void blocker.query('COMMIT').then(() => blocker.end());
    };
    // Released once the locked tenant has retried and the three others have finished meanwhile
    // (driven by events, not a timer: a slow machine must not release it before the tenant gets there).
    const othersDone = new Set<string>();
    let lockedRetried = false;
    const onEvent = (event: Parameters<typeof seen.onEvent>[0]): void => {
      seen.onEvent(event);
      if (event.type === 'tenant-retried' && event.tenantId === 'db-1') lockedRetried = true;
      if (event.type === 'tenant-finished' && event.tenantId !== 'db-1') othersDone.add(event.tenantId);
      if (lockedRetried && othersDone.size === 3) releaseNow();
    };
    const release = setTimeout(releaseNow, 45_000);
    const { ledger } = await openTestLedger();
    try {
      const summary = await runRollout({
        settings: rolloutSettings({ concurrency: 4, lockTimeoutMs: 200, retries: 1_000 }),
        desired,
        source: listSource(tenants),
        ledger,
        workerId: 'w1',
        onEvent,
        ...fast,
      });
      expect(summary.failures).toEqual([]);
      expect(summary.state).toBe('succeeded');
    } finally {
      clearTimeout(release);
      if (!releasedAt) await blocker.end().catch(() => undefined);
    }
    expect(seen.of('tenant-retried').filter((e) => e.tenantId === 'db-1').length).toBeGreaterThanOrEqual(1);
    const finished = seen.of('tenant-finished');
    expect(finished.find((e) => e.tenantId === 'db-1')?.at).toBeGreaterThanOrEqual(releasedAt);
    for (const other of finished.filter((e) => e.tenantId !== 'db-1')) expect(other.at).toBeLessThanOrEqual(releasedAt);
    for (const tenant of tenants) expect(await remainingSteps(tenant, desired)).toBe(0);
  });

  it('stops starting tenants once the failure budget is spent', async () => {
    const desired = await desiredFrom(V2, 'app');
    const { tenants } = await createSchemaFleet(names(8), (i) => (i === 1 || i === 2 ? 'duplicates' : 'v1'));
    const { db: ledgerDb, ledger } = await openTestLedger();
    const seen = collect();
    const summary = await runRollout({
      settings: rolloutSettings({ concurrency: 1, batchSize: 10, failureBudget: { kind: 'count', count: 1 } }),
      desired,
      source: listSource(tenants),
      ledger,
      workerId: 'w1',
      onEvent: seen.onEvent,
      ...fast,
    });
    expect(summary.state).toBe('failed');
    expect(seen.of('failure-budget-spent')).toMatchObject([{ failed: 2, budget: 1 }]);
    expect(summary.totals).toMatchObject({ tenants: 8, migrated: 1, failed: 2, pending: 5 });
    expect(seen.of('tenant-started')).toHaveLength(3);
    const rows = await ledgerRows(ledgerDb, summary.rolloutId);
    expect(rows.filter((r) => r.state === 'pending')).toHaveLength(5);
  });

  it('runs canaries first and alone; a canary failure stops everything', async () => {
    const desired = await desiredFrom(V2, 'app');
    const { tenants } = await createSchemaFleet(names(6), (i) => (i === 1 ? 'duplicates' : 'v1'));
    const { ledger } = await openTestLedger();
    const seen = collect();
    const summary = await runRollout({
      settings: rolloutSettings({ concurrency: 4, canary: { kind: 'count', count: 2 }, failureBudget: { kind: 'count', count: 100 } }),
      desired,
      source: listSource(tenants),
      ledger,
      workerId: 'w1',
      onEvent: seen.onEvent,
      ...fast,
    });
    expect(summary.state).toBe('failed');
    expect(seen.of('aborted')[0]?.reason).toMatch(/canary/);
    expect(seen.of('batch-started')).toMatchObject([{ batch: 0, size: 2, wave: 'canary' }]);
    expect(
      seen
        .of('tenant-started')
        .map((e) => e.tenantId)
        .sort(),
    ).toEqual([tenants[0]!.id, tenants[1]!.id]);
    expect(summary.totals.pending).toBe(4);
  });

  it('runs waves in order after the canaries', async () => {
    const desired = await desiredFrom(V2, 'app');
    const { tenants } = await createSchemaFleet(names(6));
    const { ledger } = await openTestLedger();
    const seen = collect();
    const summary = await runRollout({
      settings: rolloutSettings({ concurrency: 2, batchSize: 2, canary: { kind: 'ids', ids: [tenants[5]!.id] }, waves: [{ name: 'free', match: { tier: ['free'] } }] }),
      desired,
      source: listSource(tenants),
      ledger,
      workerId: 'w1',
      onEvent: seen.onEvent,
      ...fast,
    });
    expect(summary.state).toBe('succeeded');
    expect(seen.of('batch-started').map((e) => e.wave)).toEqual(['canary', 'free', 'free', 'default']);
  });

  it('keeps the wave barrier: no tenant of a wave starts before every tenant of the waves ahead has finished', async () => {
    const desired = await desiredFrom(V2, 'app');
    // Even tenants are tier free, odd ones paid; tenants[0] is the canary.
    const { tenants } = await createSchemaFleet(names(7));
    const { ledger } = await openTestLedger();
    const seen = collect();
    const summary = await runRollout({
      settings: rolloutSettings({ concurrency: 3, batchSize: 4, canary: { kind: 'count', count: 1 }, waves: [{ name: 'free', match: { tier: ['free'] } }] }),
      desired,
      source: listSource(tenants),
      ledger,
      workerId: 'w1',
      onEvent: seen.onEvent,
      ...fast,
    });
    expect(summary.state).toBe('succeeded');
    const waveOf = (id: string): number => (id === tenants[0]!.id ? 0 : tenants.find((t) => t.id === id)?.labels.tier === 'free' ? 1 : 2);
    const finished = new Set<string>();
    for (const event of seen.events) {
      if (event.type === 'tenant-finished') finished.add(event.tenantId);
      if (event.type !== 'tenant-started') continue;
      const ahead = tenants.filter((t) => waveOf(t.id) < waveOf(event.tenantId) && !finished.has(t.id)).map((t) => t.id);
      expect(ahead, `${event.tenantId} started before the waves ahead finished`).toEqual([]);
    }
    expect(seen.of('batch-started').map((e) => e.wave)).toEqual(['canary', 'free', 'default']);
  });

  it('two workers drain one rollout: each tenant is migrated exactly once', async () => {
    const desired = await desiredFrom(V2, 'app');
    const { tenants } = await createSchemaFleet(names(24));
    const { db: ledgerDb, ledger } = await openTestLedger();
    const a = collect();
    const b = collect();
    const settings = rolloutSettings({ concurrency: 2, batchSize: 3 });
    const [one, two] = await Promise.all([
      runRollout({ settings, desired, source: listSource(tenants), ledger, workerId: 'wa', onEvent: a.onEvent, ...fast }),
      runRollout({ settings, desired, source: listSource(tenants), ledger, workerId: 'wb', onEvent: b.onEvent, ...fast }),
    ]);
    expect(one.rolloutId).toBe(two.rolloutId);
    expect([one.state, two.state]).toEqual(['succeeded', 'succeeded']);
    const migrated = [...a.of('tenant-finished'), ...b.of('tenant-finished')].filter((e) => e.outcome === 'migrated').map((e) => e.tenantId);
    expect(migrated.sort()).toEqual(tenants.map((t) => t.id).sort());
    expect(one.worker.migrated + two.worker.migrated).toBe(24);
    expect(one.worker.migrated).toBeGreaterThan(0);
    expect(two.worker.migrated).toBeGreaterThan(0);
    const rows = await ledgerRows(ledgerDb, one.rolloutId);
    expect(rows.every((r) => r.state === 'migrated' && r.attempts === 1)).toBe(true);
  });

  it('obeys an abort request written to the ledger', async () => {
    const desired = await desiredFrom(V2, 'app');
    // Enough tenants that the rollout cannot finish them all between two polls (150 ms) of the ledger.
    const { tenants } = await createSchemaFleet(names(40));
    const { raw, ledger } = await openTestLedger();
    const seen = collect();
    let requested = false;
    const onEvent = (event: Parameters<typeof seen.onEvent>[0]): void => {
      seen.onEvent(event);
      if (event.type === 'rollout-started') rolloutId = event.rolloutId;
      if (event.type === 'tenant-finished' && !requested) {
        requested = true;
        void raw.requestControl(rolloutId, 'abort', 'test');
      }
    };
    let rolloutId = '';
    const summary = await runRollout({ settings: rolloutSettings({ concurrency: 1, batchSize: 2 }), desired, source: listSource(tenants), ledger, workerId: 'w1', onEvent, ...fast });
    expect(summary.state).toBe('aborted');
    expect(seen.of('aborted')[0]?.reason).toMatch(/abort requested by test/);
    expect(summary.totals.pending).toBeGreaterThan(0);
    expect((await raw.getRollout(summary.rolloutId))?.state).toBe('aborted');
  });

  it('pauses on a pause request and goes on after resume', async () => {
    const desired = await desiredFrom(V2, 'app');
    const { tenants } = await createSchemaFleet(names(6));
    const { raw, ledger } = await openTestLedger();
    const seen = collect();
    let rolloutId = '';
    let requested = false;
    const onEvent = (event: Parameters<typeof seen.onEvent>[0]): void => {
      seen.onEvent(event);
      if (event.type === 'rollout-started') rolloutId = event.rolloutId;
      // Schema tenants of one batch are verified, and so finish, together: ask once the first has started.
      if (event.type === 'tenant-started' && !requested) {
        requested = true;
        void raw.requestControl(rolloutId, 'pause', 'ops').then(() => setTimeout(() => void raw.requestControl(rolloutId, 'resume', 'ops'), 1_200));
      }
      if (event.type === 'paused') pausedAt = event.at;
    };
    let pausedAt = 0;
    const summary = await runRollout({ settings: rolloutSettings({ concurrency: 1, batchSize: 6 }), desired, source: listSource(tenants), ledger, workerId: 'w1', onEvent, ...fast });
    expect(summary.state).toBe('succeeded');
    expect(seen.of('paused')[0]).toMatchObject({ cluster: null, reason: 'pause requested by ops' });
    const resumed = seen.of('resumed')[0]!;
    expect(resumed.pausedMs).toBeGreaterThan(500);
    expect(seen.of('tenant-started').filter((e) => e.at > pausedAt && e.at < resumed.at)).toEqual([]);
  });

  it('a signal stops the rollout: in-flight tenants are cancelled after the grace period and recorded; a rerun resumes', async () => {
    const desired = await desiredFrom();
    const { dbs, tenants } = await createDatabaseFleet(4);
    const blocker = new pg.Client({ connectionString: dbs[0]!.url });
    await blocker.connect();
    await blocker.query('BEGIN; LOCK TABLE users IN ACCESS SHARE MODE');
    const { db: ledgerDb, ledger } = await openTestLedger();
    const controller = new AbortController();
    const seen = collect();
    const onEvent = (event: Parameters<typeof seen.onEvent>[0]): void => {
      seen.onEvent(event);
      if (event.type === 'tenant-retried' && !controller.signal.aborted) controller.abort();
    };
    try {
      const summary = await runRollout({
        settings: rolloutSettings({ concurrency: 1, lockTimeoutMs: 200, retries: 100 }),
        desired,
        source: listSource(tenants),
        ledger,
        workerId: 'w1',
        signal: controller.signal,
        graceMs: 300,
        onEvent,
        ...fast,
      });
      expect(summary.state).toBe('cancelled');
      expect(summary.totals).toMatchObject({ tenants: 4, cancelled: 1, pending: 3 });
      const rows = await ledgerRows(ledgerDb, summary.rolloutId);
      expect(rows.find((r) => r.tenant_id === 'db-0')?.state).toBe('cancelled');
      expect(await remainingSteps(tenants[0]!, desired)).toBeGreaterThan(0);
    } finally {
      await blocker.query('COMMIT').catch(() => undefined);
      await blocker.end();
    }
    const rerun = await runRollout({ settings: rolloutSettings({ concurrency: 2 }), desired, source: listSource(tenants), ledger, workerId: 'w2', ...fast });
    expect(rerun.resumed).toBe(true);
    expect(rerun.state).toBe('succeeded');
    expect(rerun.totals).toMatchObject({ tenants: 4, migrated: 4, pending: 0, cancelled: 0 });
    for (const tenant of tenants) expect(await remainingSteps(tenant, desired)).toBe(0);
  });
});
