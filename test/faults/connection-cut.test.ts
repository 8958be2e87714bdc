import { describe, expect, it } from 'vitest';
import { runRollout } from '../../src/fleet/rollout/run-rollout.js';
import { rolloutSettings } from '../../src/fleet/rollout/rollout-settings.js';
import { V2, collect, desiredFrom, ledgerRows, listSource, openTestLedger, remainingSteps } from '../fleet/rollout/fleet-fixture.js';
import { invalidIndexes, proxiedFleet, waitForStatement } from './fault-fixture.js';

describe('connections cut mid-statement (a TCP proxy in front of one tenant)', () => {
  it('a cut during CREATE INDEX CONCURRENTLY: the tenant is retried on a fresh connection, its INVALID index cleaned up; the others are untouched', { timeout: 90_000 }, async () => {
    const desired = await desiredFrom(V2, 'app');
    const { direct, proxied, proxy, realUrl } = await proxiedFleet(300_000);
    const { db: ledgerDb, ledger } = await openTestLedger();
    const seen = collect();
    const running = runRollout({
      settings: rolloutSettings({ concurrency: 5, failureBudget: { kind: 'count', count: 10 } }),
      desired,
      source: listSource([proxied, ...direct]),
      ledger,
      workerId: 'w1',
      onEvent: seen.onEvent,
      pollMs: 200,
    });
    expect(await waitForStatement(realUrl, 'CREATE%INDEX CONCURRENTLY%notes%')).toBe(true);
    proxy.cutAll();
    const summary = await running;

    expect(proxy.cuts).toBe(1);
    const retried = seen.of('tenant-retried').filter((e) => e.tenantId === 'behind-proxy');
    expect(retried.length).toBeGreaterThanOrEqual(1);
    // The cut lands on the index build (08006/57P01) or, when the apply's reconnect races the proxy's
    // teardown, on the reconnect (08001): either way a lost connection, retried on a fresh one.
    expect(retried[0]!.reason).toMatch(/connection lost: .*\(SQLSTATE (08006|08001|57P01)\)/);
    expect(seen.of('tenant-retried').filter((e) => e.tenantId !== 'behind-proxy')).toEqual([]);
    expect(summary.failures).toEqual([]);
    expect(summary.state).toBe('succeeded');
    expect(summary.totals).toMatchObject({ tenants: 5, migrated: 5, failed: 0 });
    for (const tenant of [proxied, ...direct]) expect(await remainingSteps(tenant, desired)).toBe(0);
    expect(await invalidIndexes(realUrl)).toEqual([]);
    expect(await invalidIndexes(direct[0]!.url)).toEqual([]);
    // Retried inside the worker: one claim each.
    const rows = await ledgerRows(ledgerDb, summary.rolloutId);
    expect(rows.map((r) => [r.tenant_id, r.state, r.attempts])).toEqual([['behind-proxy', 'migrated', 1], ...direct.map((t) => [t.id, 'migrated', 1])]);
  });
});
