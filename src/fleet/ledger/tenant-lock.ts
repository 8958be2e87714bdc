import type pg from 'pg';
import { advisoryKeys } from './advisory-keys.js';

/**
 * The key is the schema, not the tenant id: what must not be migrated twice at once is the place the
 * tenant lives. Advisory locks are per database, so database-per-tenant fleets (all in `public`) do not
 * collide, while schema-per-tenant tenants sharing one database get one key each.
 * @internal Tests check the keys (stable, in range for hostile names) and take a tenant's lock from outside.
 */
export function tenantLockKeys(schema: string): [number, number] {
  return advisoryKeys(`schemafleet:${schema}`);
}

/**
 * Takes the tenant's session-level advisory lock on the tenant's own connection, without waiting.
 * Held on the tenant's database (not the ledger), it also keeps out workers of another ledger or an
 * older rollout. Released by unlockTenant or when the connection closes (a killed worker frees it).
 * Does not work behind a transaction-pooling proxy, where sessions are not stable.
 */
export async function tryLockTenant(client: pg.ClientBase, _tenantId: string, schema: string): Promise<boolean> {
  const [key1, key2] = tenantLockKeys(schema);
  const result = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS locked', [key1, key2]);
  return result.rows[0]?.locked === true;
}

/** tryLockTenant for many schemas of one database in one round trip: whether each was locked, in order. */
export async function tryLockTenants(client: pg.ClientBase, schemas: readonly string[]): Promise<boolean[]> {
  if (schemas.length === 0) return [];
  const keys = schemas.map(tenantLockKeys);
  const result = await client.query<{ locked: boolean }>(
    'SELECT pg_catalog.pg_try_advisory_lock(k.key1, k.key2) AS locked FROM ROWS FROM (pg_catalog.unnest($1::pg_catalog.int4[]), pg_catalog.unnest($2::pg_catalog.int4[])) WITH ORDINALITY AS k(key1, key2, n) ORDER BY k.n',
    [keys.map(([key1]) => key1), keys.map(([, key2]) => key2)],
  );
  return schemas.map((_, i) => result.rows[i]?.locked === true);
}

/**
 * False when this session did not hold the lock. @internal Only tests release a lock by hand: a
 * worker's lock goes when its tenant connection closes.
 */
export async function unlockTenant(client: pg.ClientBase, _tenantId: string, schema: string): Promise<boolean> {
  const [key1, key2] = tenantLockKeys(schema);
  const result = await client.query<{ unlocked: boolean }>('SELECT pg_advisory_unlock($1, $2) AS unlocked', [key1, key2]);
  return result.rows[0]?.unlocked === true;
}
