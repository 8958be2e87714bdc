import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { runRollout } from '../../../src/fleet/rollout/run-rollout.js';
import { rolloutSettings } from '../../../src/fleet/rollout/rollout-settings.js';
import type { RolloutEvent } from '../../../src/fleet/rollout-events.js';
import { V2, collect, createDatabaseFleet, desiredFrom, listSource, openTestLedger, remainingSteps } from './fleet-fixture.js';

describe('runRollout: rollout.adaptiveConcurrency', () => {
  it('starts the cluster at one tenant and raises its limit step by step towards perClusterConcurrency while the probe time stays near idle', { timeout: 60_000 }, async () => {
    const desired = await desiredFrom(V2);
    const { tenants } = await createDatabaseFleet(8);
    const { ledger } = await openTestLedger();
    // Every tenant's first step waits on a reader's lock until 500 ms after the tenant started, so
    // tenants stay in flight for several windows of readings and finish one after another (the
    // governor grows only once a generation has finished at its current level).
    const holders: pg.Client[] = [];
    for (const tenant of tenants) {
      const holder = new pg.Client({ connectionString: tenant.url });
      await holder.connect();
      await holder.query('BEGIN; LOCK TABLE users IN ACCESS SHARE MODE');
      holders.push(holder);
    }
    const releases: NodeJS.Timeout[] = [];
    const seen = collect();
    let running = 0;
    let limit = 1;
    const overLimit: string[] = [];
    const onEvent = (event: RolloutEvent): void => {
      seen.onEvent(event);
      if (event.type === 'tenant-started') {
        running += 1;
        const holder = holders[tenants.findIndex((tenant) => tenant.id === event.tenantId)];
        releases.push(setTimeout(() => void holder?.query('COMMIT'), 500));
        if (running > limit) overLimit.push(`${running} running under limit ${limit}`);
      } else if (event.type === 'tenant-finished') running -= 1;
      else if (event.type === 'concurrency-changed') limit = event.limit;
    };
    try {
      const summary = await runRollout({
        // maxSlowdown 50: only the mechanism is under test here, not this machine's noise.
        settings: rolloutSettings({ concurrency: 3, lockTimeoutMs: 10_000, adaptiveConcurrency: { maxSlowdown: 50, everyMs: 50 } }),
        desired,
        source: listSource(tenants),
        ledger,
        workerId: 'w1',
        onEvent,
      });
      expect(summary.totals).toMatchObject({ tenants: 8, migrated: 8 });
      const changes = seen.of('concurrency-changed');
      expect(changes.map((change) => change.limit).slice(0, 2)).toEqual([2, 3]);
      expect(changes[0]?.cluster).toMatch(/:\d+$/);
      expect(changes[0]?.reason).toMatch(/^probe took [\d.]+m?s, within the [\d.]+m?s allowed \(idle [\d.]+m?s\)$/);
      expect(overLimit).toEqual([]);
      // It did reach three at once: the limit is applied to the cluster's queue, not only reported.
      const starts = seen.events.filter((e) => e.type === 'tenant-started' || e.type === 'tenant-finished');
      let peak = 0;
      let now = 0;
      for (const event of starts) {
        now += event.type === 'tenant-started' ? 1 : -1;
        peak = Math.max(peak, now);
      }
      expect(peak).toBe(3);
      for (const tenant of tenants) expect(await remainingSteps(tenant, desired)).toBe(0);
      // The probe's connection (to one of these databases) is closed with the rollout.
      const databases = tenants.map((tenant) => decodeURIComponent(new URL(tenant.url).pathname.slice(1)));
      const probesLeft = async (): Promise<number> =>
        (await holders[0]!.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'schemafleet-health' AND datname = ANY($1)", [databases])).rows[0]!.n;
      for (let i = 0; i < 40 && (await probesLeft()) > 0; i++) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await probesLeft()).toBe(0);
    } finally {
      for (const release of releases) clearTimeout(release);
      for (const holder of holders) {
        await holder.query('ROLLBACK').catch(() => undefined);
        await holder.end();
      }
    }
  });

  it('runs perClusterConcurrency tenants from the start when it is off', { timeout: 60_000 }, async () => {
    const desired = await desiredFrom(V2);
    const { tenants } = await createDatabaseFleet(3);
    const { ledger } = await openTestLedger();
    const seen = collect();
    const summary = await runRollout({ settings: rolloutSettings({ concurrency: 3 }), desired, source: listSource(tenants), ledger, workerId: 'w1', onEvent: seen.onEvent });
    expect(summary.totals).toMatchObject({ tenants: 3, migrated: 3 });
    expect(seen.of('concurrency-changed')).toEqual([]);
  });
});
