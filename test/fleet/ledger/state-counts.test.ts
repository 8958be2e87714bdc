import { describe, expect, it, onTestFinished } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/pg.js';
import { openLedger, type Ledger, type TenantRegistration } from '../../../src/fleet/ledger/index.js';

async function ledgerFor(url: string): Promise<Ledger> {
  const ledger = await openLedger(url);
  onTestFinished(() => ledger.close());
  return ledger;
}

function tenants(n: number): TenantRegistration[] {
  return Array.from({ length: n }, (_, i) => ({ id: `t${i}`, cluster: 'localhost:5432', schema: `t_${i}`, sequence: i }));
}

/** What counting the rows says, per rollout and state (the truth the kept counts must match). */
async function counted(db: TestDatabase): Promise<Record<string, number>> {
  const rows = await db.query<{ key: string; n: number }>(
    `SELECT rollout_id || '/' || state || (CASE WHEN state = 'claimed' THEN '/' || worker_id ELSE '' END) AS key, count(*)::int AS n FROM schemafleet.rollout_tenants GROUP BY 1`,
  );
  return Object.fromEntries(rows.map((row) => [row.key, row.n]));
}

async function kept(db: TestDatabase): Promise<Record<string, number>> {
  const rows = await db.query<{ key: string; n: number }>(
    `SELECT rollout_id || '/' || state || (CASE WHEN state = 'claimed' THEN '/' || worker_id ELSE '' END) AS key, sum(n)::int AS n FROM schemafleet.rollout_state_counts GROUP BY 1 HAVING sum(n) <> 0`,
  );
  return Object.fromEntries(rows.map((row) => [row.key, row.n]));
}

describe('tenant counts kept by the ledger', () => {
  it('match the rows through registration, claims from two connections, results, releases, requeues, takeovers and deletion', async () => {
    const db = await createTestDatabase('sf_ledger');
    const [a, b] = [await ledgerFor(db.url), await ledgerFor(db.url)];
    const { rollout } = await a.findOrCreateRollout({ schemaHash: 'h' });
    await a.registerTenants(rollout.id, tenants(40));
    await a.registerTenants(rollout.id, tenants(45)); // idempotent: 5 new
    expect(await kept(db)).toEqual({ [`${rollout.id}/pending`]: 45 });
    const [mineA, mineB] = await Promise.all([a.claimTenants(rollout.id, 'wa', 12, { staleAfterMs: 50 }), b.claimTenants(rollout.id, 'wb', 9, { staleAfterMs: 60_000 })]);
    await Promise.all(
      mineA.slice(0, 6).map((t, i) => a.recordTenantResult(rollout.id, t.tenantId, 'wa', i % 2 === 0 ? { outcome: 'migrated' } : { outcome: 'failed', error: { message: 'x', sqlstate: null } })),
    );
    await b.recordTenantResult(rollout.id, mineB[0]!.tenantId, 'wb', { outcome: 'unchanged' });
    await b.releaseClaims(rollout.id, 'wb', 'cancelled');
    expect(await kept(db)).toEqual(await counted(db));
    await a.requeueTenants(rollout.id, ['failed', 'cancelled']);
    await a.heartbeat('wa', rollout.id);
    await new Promise((resolve) => setTimeout(resolve, 80));
    await b.claimTenants(rollout.id, 'wb', 50, { staleAfterMs: 50 }); // takes over wa's 6 open claims
    expect(await kept(db)).toEqual(await counted(db));
    // status lists workers by when they started, which two connections may see in either order.
    const claimedBy = (await a.status(rollout.id))?.workers.map((worker) => [worker.id, worker.claimed] as const).sort(([x], [y]) => x.localeCompare(y));
    expect(claimedBy).toEqual([
      ['wa', 0],
      ['wb', 41],
    ]);
    expect((await a.status(rollout.id))?.counts).toEqual({ pending: 0, claimed: 41, migrated: 3, unchanged: 1, failed: 0, skipped: 0, cancelled: 0 });
    await db.exec(`DELETE FROM schemafleet.rollouts WHERE id = '${rollout.id}'`);
    expect(await kept(db)).toEqual({});
  });

  it('are counted once from the rows when a version 2 ledger is upgraded', async () => {
    const db = await createTestDatabase('sf_ledger');
    const ledger = await ledgerFor(db.url);
    const { rollout } = await ledger.findOrCreateRollout({ schemaHash: 'h' });
    await ledger.registerTenants(rollout.id, tenants(7));
    await ledger.claimTenants(rollout.id, 'w', 3, { staleAfterMs: 60_000 });
    // What a version 2 ledger looked like: no counts table, no triggers.
    await db.exec(`DROP TABLE schemafleet.rollout_state_counts; DROP FUNCTION schemafleet.count_tenant_states() CASCADE;
      DROP INDEX schemafleet.rollout_tenants_failed; UPDATE schemafleet.ledger_version SET version = 2`);
    await (await ledgerFor(db.url)).ensureSchema();
    expect(await db.query('SELECT version FROM schemafleet.ledger_version')).toEqual([{ version: 4 }]);
    expect(await kept(db)).toEqual({ [`${rollout.id}/pending`]: 4, [`${rollout.id}/claimed/w`]: 3 });
    expect((await ledger.status(rollout.id))?.totals).toMatchObject({ tenants: 7, pending: 7 });
  });
});
