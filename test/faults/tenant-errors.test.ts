import { randomBytes } from 'node:crypto';
import { describe, expect, it, onTestFinished } from 'vitest';
import pg from 'pg';
import { runRollout } from '../../src/fleet/rollout/run-rollout.js';
import { rolloutSettings } from '../../src/fleet/rollout/rollout-settings.js';
import { V2, collect, createDatabaseFleet, createSchemaFleet, desiredFrom, ledgerRows, listSource, openTestLedger, remainingSteps } from '../fleet/rollout/fleet-fixture.js';
import { adminUrl, withClient } from '../support/pg.js';
import { invalidIndexes } from './fault-fixture.js';

describe('tenants whose statements fail: read-only, no privilege, statement timeout', () => {
  it('each is recorded with its SQLSTATE and not retried in the run; the others succeed; a rerun tries them once more', { timeout: 90_000 }, async () => {
    const desired = await desiredFrom(V2, 'app');
    const { tenants: good } = await createSchemaFleet(['tenant_a', 'tenant_b', 'tenant_c', 'tenant_d']);
    const {
      tenants: [readOnly, noPrivilege, slow],
    } = await createDatabaseFleet(3);

    // Read-only: every new session of that database starts read-only.
    const readOnlyDb = new URL(readOnly!.url).pathname.slice(1);
    await withClient(adminUrl(), (c) => c.query(`ALTER DATABASE "${readOnlyDb}" SET default_transaction_read_only = on`));

    // No privilege: a role that may log in and read the catalog, but owns nothing and may create nothing.
    const role = `sf_nopriv_${randomBytes(4).toString('hex')}`;
    const password = `pw-${randomBytes(8).toString('hex')}`;
    await withClient(adminUrl(), (c) => c.query(`CREATE ROLE ${role} LOGIN PASSWORD '${password}'`));
    onTestFinished(async () => {
      await withClient(adminUrl(), async (c) => {
        await c.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1`, [role]);
        await c.query(`DROP ROLE IF EXISTS ${role}`);
      });
    });
    const noPrivilegeUrl = new URL(noPrivilege!.url);
    noPrivilegeUrl.username = role;
    noPrivilegeUrl.password = password;
    const noPrivilegeTenant = { ...noPrivilege!, id: 'no-privilege', url: noPrivilegeUrl.toString() };

    // Statement timeout: lock_timeout off, so a statement queued behind this open transaction runs
    // into statement_timeout (57014) rather than lock_timeout (55P03, which is retried).
    const blocker = new pg.Client({ connectionString: slow!.url });
    await blocker.connect();
    onTestFinished(() => blocker.end().catch(() => undefined));
    await blocker.query('BEGIN ISOLATION LEVEL REPEATABLE READ; SELECT count(*) FROM users; SELECT count(*) FROM notes');

    const tenants = [...good, { ...readOnly!, id: 'read-only' }, noPrivilegeTenant, { ...slow!, id: 'times-out' }];
    const { db: ledgerDb, ledger } = await openTestLedger();
    const settings = rolloutSettings({ concurrency: 4, failureBudget: { kind: 'count', count: 10 }, lockTimeoutMs: 0, statementTimeoutMs: 1_500 });
    const seen = collect();
    const first = await runRollout({ settings, desired, source: listSource(tenants), ledger, workerId: 'w1', onEvent: seen.onEvent, pollMs: 200 });

    expect(first.state).toBe('failed');
    const bySqlstate = Object.fromEntries(first.failures.map((f) => [f.tenantId, f.sqlstate]));
    expect(bySqlstate).toEqual({ 'read-only': '25006', 'no-privilege': '42501', 'times-out': '57014' });
    expect(first.failures.find((f) => f.tenantId === 'read-only')?.message).toMatch(/read-only transaction/);
    expect(first.failures.find((f) => f.tenantId === 'no-privilege')?.message).toMatch(/must be owner|permission denied/);
    expect(first.failures.find((f) => f.tenantId === 'times-out')?.message).toMatch(/statement timeout/);
    // rollout.statementTimeout (1.5 s) bounded the step, not the planner's own budget (5 s for a catalog step, 1 h for an index build).
    expect(seen.of('tenant-finished').find((e) => e.tenantId === 'times-out')?.durationMs).toBeLessThan(4_500);
    // Not retried: the same statement would fail the same way.
    expect(seen.of('tenant-retried')).toEqual([]);
    for (const tenant of good) expect(await remainingSteps(tenant, desired)).toBe(0);
    const rows = await ledgerRows(ledgerDb, first.rolloutId);
    expect(rows.filter((r) => good.some((t) => t.id === r.tenant_id)).map((r) => r.state)).toEqual(['migrated', 'migrated', 'migrated', 'migrated']);
    expect(rows.filter((r) => r.state === 'failed').map((r) => [r.tenant_id, r.error_sqlstate, r.attempts])).toEqual([
      ['no-privilege', '42501', 1],
      ['read-only', '25006', 1],
      ['times-out', '57014', 1],
    ]);
    // The role's password reaches neither the ledger nor the events.
    expect(JSON.stringify(rows)).not.toContain(password);
    expect(JSON.stringify(seen.events)).not.toContain(password);

    // The timed-out build left nothing INVALID behind once its blocker is gone and the tenant is rerun.
    await blocker.query('ROLLBACK');
    const rerun = await runRollout({ settings, desired, source: listSource(tenants), ledger, workerId: 'w2', pollMs: 200 });
    expect(rerun.rolloutId).toBe(first.rolloutId);
    expect(rerun.state).toBe('failed');
    expect(Object.fromEntries(rerun.failures.map((f) => [f.tenantId, f.sqlstate]))).toEqual({ 'read-only': '25006', 'no-privilege': '42501' });
    expect(await remainingSteps(slow!, desired)).toBe(0);
    expect(await invalidIndexes(slow!.url)).toEqual([]);
    const after = await ledgerRows(ledgerDb, first.rolloutId);
    expect(after.filter((r) => !good.some((t) => t.id === r.tenant_id)).map((r) => [r.tenant_id, r.state, r.attempts])).toEqual([
      ['no-privilege', 'failed', 2],
      ['read-only', 'failed', 2],
      ['times-out', 'migrated', 2],
    ]);
    // Nothing was half done on the tenants that refused: their plan is what it was.
    expect(await remainingSteps(readOnly!, desired)).toBeGreaterThan(0);
  });
});
