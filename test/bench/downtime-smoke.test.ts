import { describe, expect, it } from 'vitest';
import { AppWorkload } from '../../bench/downtime/app-workload.js';
import { SCHEMA_V1, seedSql } from '../../bench/downtime/fleet-schema.js';
import { createTestDatabase } from '../support/pg.js';

// Proves the workload records what the bench reports; no figure is asserted (benchmarks are not tests).
describe('bench:downtime workload', () => {
  it('runs its query mix against a tenant, with a long reader and the lock monitor, and records per phase and type', async () => {
    const db = await createTestDatabase('sf_bench_smoke');
    await db.exec(`CREATE SCHEMA tenant_000; SET search_path TO tenant_000; ${SCHEMA_V1} ${seedSql(500, 20)}`);
    const workload = new AppWorkload({
      url: db.url,
      schemas: ['tenant_000'],
      readerSchemas: ['tenant_000'],
      readerHoldMs: 300,
      readerGapMs: 100,
      qps: 100,
      orders: 500,
      accounts: 20,
      queryTimeoutMs: 5_000,
      poolPerTenant: 2,
      monitorEveryMs: 20,
      waitThresholdsMs: [1_000],
      maxDurationMs: 20_000,
    });
    await workload.start();
    workload.setPhase('before');
    // An ACCESS EXCLUSIVE lock for a moment: application queries wait on it, and the monitor sees them.
    await db.exec('BEGIN; LOCK TABLE tenant_000.orders IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(0.3); COMMIT');
    await new Promise((r) => setTimeout(r, 700));
    const result = await workload.stop();

    const before = result.latency.before;
    expect(before?.all?.count).toBeGreaterThan(10);
    expect(before?.all?.errors).toBe(0);
    for (const type of ['read', 'update', 'insert', 'join']) expect(before?.[type]?.count).toBeGreaterThan(0);
    expect(result.dispatched).toBeGreaterThan(10);
    expect(result.monitorPolls).toBeGreaterThan(5);
    expect(result.readerTransactions).toBeGreaterThan(0);
    expect(result.locks.before?.waits).toBeGreaterThan(0);
    expect(result.locks.before?.longest?.blockedBy).toBeTruthy();
    expect(Object.values(result.locks.before?.activity ?? {}).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  });
});
