import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { runRollout } from '../../../src/fleet/rollout/run-rollout.js';
import { rolloutSettings } from '../../../src/fleet/rollout/rollout-settings.js';
import { V2, collect, createDatabaseFleet, desiredFrom, listSource, openTestLedger, remainingSteps } from './fleet-fixture.js';

describe('runRollout: rollout.niceRatio', () => {
  it('rests each worker slot niceRatio times the time its tenant kept the database busy before the next tenant starts', { timeout: 60_000 }, async () => {
    const desired = await desiredFrom(V2);
    const { tenants } = await createDatabaseFleet(4);
    const { ledger } = await openTestLedger();
    const seen = collect();
    const summary = await runRollout({ settings: rolloutSettings({ concurrency: 1, niceRatio: 3 }), desired, source: listSource(tenants), ledger, workerId: 'w1', onEvent: seen.onEvent });
    expect(summary.totals).toMatchObject({ tenants: 4, migrated: 4 });
    const started = seen.of('tenant-started').map((e) => e.at);
    const finished = seen.of('tenant-finished').map((e) => e.at);
    let busy = 0;
    let rested = 0;
    for (let i = 0; i + 1 < started.length; i++) {
      busy += finished[i]! - started[i]!;
      rested += started[i + 1]! - finished[i]!;
    }
    // Three times the time the tenants' reads and statements took, which is most of each tenant's
    // time here (the rest: connecting, the advisory lock, the ledger).
    expect(rested).toBeGreaterThanOrEqual(1.5 * busy);
    expect(rested).toBeLessThanOrEqual(3.5 * busy);
    for (const tenant of tenants) expect(await remainingSteps(tenant, desired)).toBe(0);
  });

  it('does not count time spent waiting for a lock as work', { timeout: 60_000 }, async () => {
    const desired = await desiredFrom(V2);
    const { tenants } = await createDatabaseFleet(2);
    const { ledger } = await openTestLedger();
    const holder = new pg.Client({ connectionString: tenants[0]!.url });
    await holder.connect();
    await holder.query('BEGIN; LOCK TABLE users IN ACCESS SHARE MODE');
    // Held for a second from when the first tenant starts (not from before the rollout's own start-up,
    // which would eat into the wait on a slow machine).
    let release: NodeJS.Timeout | undefined;
    try {
      const seen = collect();
      const onEvent = (event: Parameters<typeof seen.onEvent>[0]): void => {
        if (event.type === 'tenant-started' && release === undefined) release = setTimeout(() => void holder.query('COMMIT'), 1_000);
        seen.onEvent(event);
      };
      const summary = await runRollout({ settings: rolloutSettings({ concurrency: 1, niceRatio: 1, lockTimeoutMs: 5_000 }), desired, source: listSource(tenants), ledger, workerId: 'w1', onEvent });
      expect(summary.totals).toMatchObject({ tenants: 2, migrated: 2 });
      const [first, second] = seen.of('tenant-started').map((e) => e.at);
      const [firstDone] = seen.of('tenant-finished').map((e) => e.at);
      // The first tenant waited about a second for the lock; its rest is its work, a small part of that.
      expect(firstDone! - first!).toBeGreaterThanOrEqual(900);
      expect(second! - firstDone!).toBeLessThan(500);
    } finally {
      clearTimeout(release);
      await holder.query('ROLLBACK').catch(() => undefined);
      await holder.end();
    }
  });
});
