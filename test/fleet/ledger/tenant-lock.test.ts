import { describe, expect, it, onTestFinished } from 'vitest';
import pg from 'pg';
import { createTestDatabase } from '../../support/pg.js';
import { tenantLockKeys, tryLockTenant, tryLockTenants, unlockTenant } from '../../../src/fleet/ledger/tenant-lock.js';

async function session(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  onTestFinished(() => client.end().catch(() => undefined));
  return client;
}

describe('tenant advisory lock', () => {
  it('excludes a second session and is released on unlock and on disconnect', async () => {
    const db = await createTestDatabase('sf_lock');
    const [a, b] = [await session(db.url), await session(db.url)];
    expect(await tryLockTenant(a, 't1', 'tenant_1')).toBe(true);
    expect(await tryLockTenant(b, 't1', 'tenant_1')).toBe(false);
    // Schema-per-tenant neighbours in the same database are not blocked.
    expect(await tryLockTenant(b, 't2', 'tenant_2')).toBe(true);
    expect(await unlockTenant(b, 't2', 'tenant_2')).toBe(true);
    expect(await unlockTenant(b, 't1', 'tenant_1')).toBe(false);

    expect(await unlockTenant(a, 't1', 'tenant_1')).toBe(true);
    expect(await tryLockTenant(b, 't1', 'tenant_1')).toBe(true);
    expect(await tryLockTenant(a, 't1', 'tenant_1')).toBe(false);

    await b.end();
    // The server frees a dead session's locks once its backend exits; that is not instantaneous.
    let locked = false;
    for (let i = 0; i < 50 && !locked; i++) {
      locked = await tryLockTenant(a, 't1', 'tenant_1');
      if (!locked) await new Promise((r) => setTimeout(r, 20));
    }
    expect(locked).toBe(true);
  });

  it('locks a batch of schemas in one round trip, each exactly as tryLockTenant would, in order', async () => {
    const db = await createTestDatabase('sf_lock');
    const [a, b] = [await session(db.url), await session(db.url)];
    expect(await tryLockTenant(b, 'x', 'tenant_2')).toBe(true);
    expect(await tryLockTenants(a, [])).toEqual([]);
    expect(await tryLockTenants(a, ['tenant_1', 'tenant_2', 'ten"ant 3', 'tenant_1'])).toEqual([true, false, true, true]);
    // Held by a now, as one by one would have taken them.
    expect(await tryLockTenant(b, 'x', 'tenant_1')).toBe(false);
    expect(await tryLockTenant(b, 'x', 'ten"ant 3')).toBe(false);
    expect(await unlockTenant(a, 'x', 'ten"ant 3')).toBe(true);
    expect(await tryLockTenant(b, 'x', 'ten"ant 3')).toBe(true);
  });

  it('derives stable, schema-specific keys, also for hostile names', async () => {
    expect(tenantLockKeys('tenant_1')).toEqual(tenantLockKeys('tenant_1'));
    expect(tenantLockKeys('tenant_1')).not.toEqual(tenantLockKeys('tenant_2'));
    const db = await createTestDatabase('sf_lock');
    const [a, b] = [await session(db.url), await session(db.url)];
    const hostile = `t'"; SELECT pg_sleep(10); --ü${'x'.repeat(60)}`;
    expect(await tryLockTenant(a, hostile, hostile)).toBe(true);
    expect(await tryLockTenant(b, hostile, hostile)).toBe(false);
    for (const key of tenantLockKeys(hostile)) expect(Number.isInteger(key) && Math.abs(key) <= 2 ** 31).toBe(true);
  });
});
