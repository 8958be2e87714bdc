import { describe, expect, it } from 'vitest';
import { runRollout } from '../../src/fleet/rollout/run-rollout.js';
import { rolloutSettings } from '../../src/fleet/rollout/rollout-settings.js';
import { V2, collect, desiredFrom, ledgerRows, listSource, openTestLedger, remainingSteps } from '../fleet/rollout/fleet-fixture.js';
import { invalidIndexes, proxiedFleet, seededRandom, waitForStatement } from './fault-fixture.js';

describe('connections cut mid-statement (slow)', () => {
  it('a tenant that stays unreachable after the cut is recorded with 08xxx after a bounded number of tries; the others succeed; a rerun finishes it', { timeout: 120_000 }, async () => {
    const desired = await desiredFrom(V2, 'app');
    const { direct, proxied, proxy, realUrl } = await proxiedFleet(300_000);
    const { db: ledgerDb, ledger } = await openTestLedger();
    const seen = collect();
    const settings = rolloutSettings({ concurrency: 5, failureBudget: { kind: 'count', count: 10 } });
    const running = runRollout({ settings, desired, source: listSource([proxied, ...direct]), ledger, workerId: 'w1', onEvent: seen.onEvent, pollMs: 200 });
    expect(await waitForStatement(realUrl, 'CREATE%INDEX CONCURRENTLY%notes%')).toBe(true);
    proxy.cutAll();
    proxy.refuse(true);
    const started = Date.now();
    const summary = await running;

    expect(summary.state).toBe('failed');
    expect(summary.failures).toHaveLength(1);
    expect(summary.failures[0]).toMatchObject({ tenantId: 'behind-proxy', sqlstate: expect.stringMatching(/^08/) });
    // Three retries (1 s, 2 s, 4 s apart), then given up: bounded, not forever.
    expect(seen.of('tenant-retried').filter((e) => e.tenantId === 'behind-proxy')).toHaveLength(3);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(summary.totals).toMatchObject({ tenants: 5, migrated: 4, failed: 1 });
    for (const tenant of direct) expect(await remainingSteps(tenant, desired)).toBe(0);
    const rows = await ledgerRows(ledgerDb, summary.rolloutId);
    expect(rows.find((r) => r.tenant_id === 'behind-proxy')).toMatchObject({ state: 'failed', attempts: 1, error_sqlstate: expect.stringMatching(/^08/) });

    proxy.refuse(false);
    const rerun = await runRollout({ settings, desired, source: listSource([proxied, ...direct]), ledger, workerId: 'w2', pollMs: 200 });
    expect(rerun.state).toBe('succeeded');
    expect(rerun.rolloutId).toBe(summary.rolloutId);
    expect(await remainingSteps(proxied, desired)).toBe(0);
    expect(await invalidIndexes(realUrl)).toEqual([]);
    const after = await ledgerRows(ledgerDb, summary.rolloutId);
    expect(after.find((r) => r.tenant_id === 'behind-proxy')).toMatchObject({ state: 'migrated', attempts: 2 });
  });

  // Cuts at seeded random moments: during the lock, introspection, any step, cleanup or verification.
  for (const seed of [11, 12, 13, 14, 15, 16, 17, 18, 19, 20]) {
    it(`seed ${seed}: a cut at a random moment ends with every tenant migrated and no INVALID index`, { timeout: 120_000 }, async () => {
      const random = seededRandom(seed);
      const desired = await desiredFrom(V2, 'app');
      const { direct, proxied, proxy, realUrl } = await proxiedFleet(100_000);
      const { db: ledgerDb, ledger } = await openTestLedger();
      const seen = collect();
      const settings = rolloutSettings({ concurrency: 5, failureBudget: { kind: 'count', count: 10 } });
      const delayMs = Math.floor(random() * 800);
      let timer: NodeJS.Timeout | undefined;
      const onEvent = (event: Parameters<typeof seen.onEvent>[0]): void => {
        seen.onEvent(event);
        if (event.type === 'tenant-started' && event.tenantId === 'behind-proxy' && !timer) timer = setTimeout(() => proxy.cutAll(), delayMs);
      };
      const summary = await runRollout({ settings, desired, source: listSource([proxied, ...direct]), ledger, workerId: 'w1', onEvent, pollMs: 200 });
      clearTimeout(timer);
      const retries = seen.of('tenant-retried').length;
      const where = seen.of('tenant-retried')[0]?.reason.slice(0, 120) ?? 'after the tenant had finished';
      console.log(`connection cut seed ${seed}: cut ${delayMs} ms into the tenant; ${retries} retr${retries === 1 ? 'y' : 'ies'} (${where}); ${summary.state}`);
      expect(summary.failures).toEqual([]);
      expect(summary.state).toBe('succeeded');
      for (const tenant of [proxied, ...direct]) expect(await remainingSteps(tenant, desired)).toBe(0);
      expect(await invalidIndexes(realUrl)).toEqual([]);
      const rows = await ledgerRows(ledgerDb, summary.rolloutId);
      expect(rows.filter((r) => r.state !== 'migrated' || r.attempts !== 1)).toEqual([]);
    });
  }
});
