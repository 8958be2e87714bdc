import { describe, expect, it, onTestFinished } from 'vitest';
import { createTestDatabase } from '../../support/pg.js';
import { openLedger, type Ledger, type TenantRegistration } from '../../../src/fleet/ledger/index.js';
import { RolloutConflictError } from '../../../src/fleet/ledger/ledger-errors.js';

async function ledgerFor(url: string): Promise<Ledger> {
  const ledger = await openLedger(url);
  onTestFinished(() => ledger.close());
  return ledger;
}

function tenants(n: number, prefix = 't'): TenantRegistration[] {
  return Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i}`, cluster: 'localhost:5432', schema: `${prefix}_${i}`, sequence: i }));
}

describe('ledger schema', () => {
  it('is created idempotently, even by two ledgers at once', async () => {
    const db = await createTestDatabase('sf_ledger');
    const [a, b] = [await ledgerFor(db.url), await ledgerFor(db.url)];
    await Promise.all([a.ensureSchema(), b.ensureSchema()]);
    await a.ensureSchema();
    const c = await ledgerFor(db.url);
    await c.ensureSchema();
    const tables = await db.query<{ relname: string }>(
      `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'schemafleet' AND c.relkind = 'r' ORDER BY 1`,
    );
    expect(tables.map((t) => t.relname)).toEqual(['ledger_version', 'rollout_state_counts', 'rollout_tenants', 'rollouts', 'workers']);
    expect(await db.query('SELECT version FROM schemafleet.ledger_version')).toEqual([{ version: 4 }]);
  });

  it('upgrades a version 1 ledger in place (verified_by added), keeping its rows', async () => {
    const db = await createTestDatabase('sf_ledger');
    const ledger = await ledgerFor(db.url);
    await ledger.ensureSchema();
    // What a version 1 ledger looked like.
    await db.exec(`ALTER TABLE schemafleet.rollout_tenants DROP COLUMN verified_by; UPDATE schemafleet.ledger_version SET version = 1;
      INSERT INTO schemafleet.rollouts (id, schema_hash, state) VALUES ('r_old', 'h', 'succeeded')`);
    await (await ledgerFor(db.url)).ensureSchema();
    expect(await db.query('SELECT version FROM schemafleet.ledger_version')).toEqual([{ version: 4 }]);
    expect(await db.query(`SELECT count(*)::int AS n FROM pg_attribute WHERE attrelid = 'schemafleet.rollout_tenants'::regclass AND attname = 'verified_by'`)).toEqual([{ n: 1 }]);
    expect(await db.query(`SELECT id FROM schemafleet.rollouts`)).toEqual([{ id: 'r_old' }]);
  });

  it('answers reads on a database without a ledger with nothing', async () => {
    const db = await createTestDatabase('sf_ledger');
    const ledger = await ledgerFor(db.url);
    expect(await ledger.latestRollout()).toBeNull();
    expect(await ledger.status()).toBeNull();
    expect(await ledger.readRequest('r_x')).toBeNull();
  });
});

describe('rollouts', () => {
  it('resumes a rerun with the same schema hash and refuses a different one while running', async () => {
    const db = await createTestDatabase('sf_ledger');
    const ledger = await ledgerFor(db.url);
    const first = await ledger.findOrCreateRollout({ schemaHash: 'h1', commit: 'abc', actor: 'ci', config: { batchSize: 5 } });
    expect(first.created).toBe(true);
    expect(first.rollout.id).toMatch(/^r_\d{8}T\d{6}Z_[0-9a-f]{8}$/);
    expect(first.rollout).toMatchObject({ schemaHash: 'h1', commit: 'abc', actor: 'ci', state: 'running', config: { batchSize: 5 } });
    const id = first.rollout.id;

    await ledger.registerTenants(id, tenants(6));
    const claimed = await ledger.claimTenants(id, 'w1', 3, { staleAfterMs: 60_000 });
    expect(claimed.map((t) => t.tenantId)).toEqual(['t0', 't1', 't2']);
    for (const t of claimed) expect(await ledger.recordTenantResult(id, t.tenantId, 'w1', { outcome: 'migrated', steps: 2 })).toBe(true);

    // The process is killed: nothing finishes the rollout. A rerun resumes it.
    const again = await ledger.findOrCreateRollout({ schemaHash: 'h1' });
    expect(again.created).toBe(false);
    expect(again.rollout.id).toBe(id);
    expect(await ledger.registerTenants(id, tenants(6))).toBe(0);
    const rest = await ledger.claimTenants(id, 'w2', 10, { staleAfterMs: 60_000 });
    expect(rest.map((t) => t.tenantId)).toEqual(['t3', 't4', 't5']);

    await expect(ledger.findOrCreateRollout({ schemaHash: 'h2' })).rejects.toBeInstanceOf(RolloutConflictError);
    await expect(ledger.findOrCreateRollout({ schemaHash: 'h2' })).rejects.toThrow(new RegExp(`rollout ${id} .* is still running`));
    expect(await ledger.setRolloutState(id, 'paused')).toMatchObject({ state: 'paused' });
    await expect(ledger.findOrCreateRollout({ schemaHash: 'h2' })).rejects.toMatchObject({ activeRolloutId: id, exitCode: 1 });

    expect(await ledger.setRolloutState(id, 'succeeded')).toMatchObject({ state: 'succeeded', totals: { tenants: 6, migrated: 3, pending: 3 } });
    const next = await ledger.findOrCreateRollout({ schemaHash: 'h2' });
    expect(next.created).toBe(true);
    expect((await ledger.latestRollout())?.id).toBe(next.rollout.id);
    await expect(ledger.setRolloutState(id, 'running')).rejects.toMatchObject({ name: 'RolloutConflictError', activeRolloutId: next.rollout.id });
  });

  it('never starts two rollouts when two workers start at once', async () => {
    const db = await createTestDatabase('sf_ledger');
    const [a, b] = [await ledgerFor(db.url), await ledgerFor(db.url)];
    const [x, y] = await Promise.all([a.findOrCreateRollout({ schemaHash: 'h' }), b.findOrCreateRollout({ schemaHash: 'h' })]);
    expect(x.rollout.id).toBe(y.rollout.id);
    expect([x.created, y.created].sort()).toEqual([false, true]);
    const results = await Promise.allSettled([a.findOrCreateRollout({ schemaHash: 'other' }), b.findOrCreateRollout({ schemaHash: 'h' })]);
    expect(results[0].status).toBe('rejected');
    expect(results[1].status).toBe('fulfilled');
  });

  it('resumes a failed rollout and retries the tenants that did not get there', async () => {
    const db = await createTestDatabase('sf_ledger');
    const ledger = await ledgerFor(db.url);
    const { rollout } = await ledger.findOrCreateRollout({ schemaHash: 'h', staleAfterMs: 60_000 });
    await ledger.registerTenants(rollout.id, tenants(3));
    const [a, b, c] = await ledger.claimTenants(rollout.id, 'w1', 3, { staleAfterMs: 60_000 });
    await ledger.recordTenantResult(rollout.id, a!.tenantId, 'w1', { outcome: 'migrated' });
    await ledger.recordTenantResult(rollout.id, b!.tenantId, 'w1', { outcome: 'failed', error: { message: 'boom', sqlstate: '23505' } });
    await ledger.releaseClaims(rollout.id, 'w1', 'cancelled');
    expect(c).toBeDefined();
    await ledger.setRolloutState(rollout.id, 'failed');

    // A second worker joining a live rollout must not retry the first one's fresh failures.
    const resumed = await ledger.findOrCreateRollout({ schemaHash: 'h', staleAfterMs: 1 });
    expect(resumed).toMatchObject({ created: false, requeued: 2, rollout: { id: rollout.id, state: 'running', requested: null } });
    const retry = await ledger.claimTenants(rollout.id, 'w2', 10, { staleAfterMs: 60_000 });
    // t2 was released untried: its claim is not counted as an attempt.
    expect(retry.map((t) => [t.tenantId, t.attempts])).toEqual([
      ['t1', 2],
      ['t2', 1],
    ]);

    await ledger.releaseClaims(rollout.id, 'w2', 'pending');
    const joined = await ledger.findOrCreateRollout({ schemaHash: 'h', staleAfterMs: 60_000 });
    expect(joined.requeued).toBe(0);
  });

  it('stores pause, resume and abort requests; abort is final', async () => {
    const db = await createTestDatabase('sf_ledger');
    const ledger = await ledgerFor(db.url);
    const { rollout } = await ledger.findOrCreateRollout({ schemaHash: 'h' });
    expect(await ledger.readRequest(rollout.id)).toBeNull();
    expect(await ledger.requestControl(rollout.id, 'pause', 'alice')).toBe(true);
    expect(await ledger.readRequest(rollout.id)).toBe('pause');
    expect(await ledger.getRollout(rollout.id)).toMatchObject({ requested: 'pause', requestedBy: 'alice' });
    expect(await ledger.requestControl(rollout.id, 'resume', 'bob')).toBe(true);
    expect(await ledger.readRequest(rollout.id)).toBe('resume');
    expect(await ledger.requestControl(rollout.id, 'abort', 'carol')).toBe(true);
    expect(await ledger.requestControl(rollout.id, 'resume', 'dave')).toBe(false);
    expect(await ledger.readRequest(rollout.id)).toBe('abort');
    expect(await ledger.requestControl('r_missing', 'pause', 'x')).toBe(false);
    await ledger.setRolloutState(rollout.id, 'aborted');
    expect(await ledger.requestControl(rollout.id, 'pause', 'x')).toBe(false);
    // An aborted rollout is never reopened by a rerun.
    expect((await ledger.findOrCreateRollout({ schemaHash: 'h' })).created).toBe(true);
  });
});

describe('claims', () => {
  it('gives two concurrent workers disjoint sets covering every tenant exactly once', async () => {
    const db = await createTestDatabase('sf_ledger');
    const [a, b] = [await ledgerFor(db.url), await ledgerFor(db.url)];
    const { rollout } = await a.findOrCreateRollout({ schemaHash: 'h' });
    await a.registerTenants(rollout.id, tenants(2500));
    const drain = async (ledger: Ledger, worker: string): Promise<string[]> => {
      const mine: string[] = [];
      for (;;) {
        const claimed = await ledger.claimTenants(rollout.id, worker, 7, { staleAfterMs: 60_000 });
        if (claimed.length === 0) return mine;
        for (const t of claimed) {
          mine.push(t.tenantId);
          expect(await ledger.recordTenantResult(rollout.id, t.tenantId, worker, { outcome: 'unchanged' })).toBe(true);
        }
      }
    };
    const [mineA, mineB] = await Promise.all([drain(a, 'wa'), drain(b, 'wb')]);
    expect(mineA.length).toBeGreaterThan(0);
    expect(mineB.length).toBeGreaterThan(0);
    const all = [...mineA, ...mineB];
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBe(2500);
    const status = await a.status(rollout.id);
    expect(status?.counts.unchanged).toBe(2500);
    expect(status?.totals).toMatchObject({ tenants: 2500, unchanged: 2500, pending: 0 });
    expect(status?.workers.map((w) => w.id).sort()).toEqual(['wa', 'wb']);
  });

  it('takes over a stale claim and refuses the result of the worker that lost it', async () => {
    const db = await createTestDatabase('sf_ledger');
    const ledger = await ledgerFor(db.url);
    const { rollout } = await ledger.findOrCreateRollout({ schemaHash: 'h' });
    await ledger.registerTenants(rollout.id, tenants(2));
    const [mine] = await ledger.claimTenants(rollout.id, 'dead', 1, { staleAfterMs: 60_000 });
    expect(mine?.tenantId).toBe('t0');
    // Not stale yet: the other worker gets only the unclaimed tenant.
    expect((await ledger.claimTenants(rollout.id, 'alive', 5, { staleAfterMs: 60_000 })).map((t) => t.tenantId)).toEqual(['t1']);
    await new Promise((r) => setTimeout(r, 80));
    const takenOver = await ledger.claimTenants(rollout.id, 'alive', 5, { staleAfterMs: 50 });
    expect(takenOver).toEqual([expect.objectContaining({ tenantId: 't0', attempts: 2, takenOverFrom: 'dead' })]);
    expect(await ledger.heartbeat('dead', rollout.id)).toBe(0);
    expect(await ledger.recordTenantResult(rollout.id, 't0', 'dead', { outcome: 'migrated' })).toBe(false);
    expect(await ledger.recordTenantResult(rollout.id, 't0', 'alive', { outcome: 'failed', error: { message: 'x', sqlstate: '55P03' } })).toBe(true);
    const status = await ledger.status();
    expect(status?.failures).toEqual([expect.objectContaining({ tenantId: 't0', message: 'x', sqlstate: '55P03', attempts: 2 })]);
  });

  it('keeps a heartbeating claim and hands nothing out unless the rollout is running', async () => {
    const db = await createTestDatabase('sf_ledger');
    const ledger = await ledgerFor(db.url);
    const { rollout } = await ledger.findOrCreateRollout({ schemaHash: 'h' });
    await ledger.registerTenants(rollout.id, [...tenants(2), { id: 'w', cluster: 'other:5432', schema: 'w', wave: 'paid', sequence: 0 }]);
    await ledger.claimTenants(rollout.id, 'w1', 1, { staleAfterMs: 60_000, wave: null });
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setTimeout(r, 40));
      expect(await ledger.heartbeat('w1', rollout.id)).toBe(1);
    }
    expect(await ledger.claimTenants(rollout.id, 'w2', 5, { staleAfterMs: 100, excludeClusters: ['other:5432'] })).toEqual([expect.objectContaining({ tenantId: 't1' })]);
    await ledger.setRolloutState(rollout.id, 'paused');
    expect(await ledger.claimTenants(rollout.id, 'w2', 5, { staleAfterMs: 60_000 })).toEqual([]);
    await ledger.setRolloutState(rollout.id, 'running');
    expect((await ledger.claimTenants(rollout.id, 'w2', 5, { staleAfterMs: 60_000, wave: 'paid' })).map((t) => t.tenantId)).toEqual(['w']);
    expect(await ledger.releaseClaims(rollout.id, 'w2')).toBe(2);
    expect((await ledger.status())?.counts).toMatchObject({ pending: 2, claimed: 1 });
    // Released untried: claimed and handed back, so no attempt is counted.
    expect(await db.query("SELECT tenant_id, attempts FROM schemafleet.rollout_tenants WHERE tenant_id IN ('t1', 'w') ORDER BY 1")).toEqual([
      { tenant_id: 't1', attempts: 0 },
      { tenant_id: 'w', attempts: 0 },
    ]);
  });

  it('stores hostile tenant ids and schemas exactly', async () => {
    const db = await createTestDatabase('sf_ledger');
    const ledger = await ledgerFor(db.url);
    const { rollout } = await ledger.findOrCreateRollout({ schemaHash: `h'"; DROP TABLE x; --` });
    const hostile = [`o'brien "quoted"`, 'ünïcödé-租户-🚀', 'x'.repeat(200), `a\\b\n\tc`, `'); DROP SCHEMA schemafleet CASCADE; --`, ' '];
    await ledger.registerTenants(
      rollout.id,
      hostile.map((id, i) => ({ id, cluster: `h'ost:5432`, schema: `s "${id}"`, sequence: i })),
    );
    const claimed = await ledger.claimTenants(rollout.id, `w'"`, 100, { staleAfterMs: 60_000 });
    expect(claimed.map((t) => t.tenantId)).toEqual(hostile);
    expect(claimed.map((t) => t.schema)).toEqual(hostile.map((id) => `s "${id}"`));
    for (const t of claimed) {
      expect(await ledger.recordTenantResult(rollout.id, t.tenantId, `w'"`, { outcome: 'failed', error: { message: `bad ${t.tenantId}`, sqlstate: null } })).toBe(true);
    }
    const status = await ledger.status(rollout.id);
    expect(status?.failures.map((f) => f.tenantId).sort()).toEqual([...hostile].sort());
    expect(status?.rollout.schemaHash).toBe(`h'"; DROP TABLE x; --`);
  });
});
