import { withClient as withPgClient } from '../../src/db/with-client.js';
import { quoteIdent } from '../../src/util/quote-ident.js';
import { SCHEMA_V1, TENANT_MATCH, seedSql, tenantSchema } from './fleet-schema.js';

export interface FleetSize {
  readonly tenants: number;
  readonly orders: number;
  readonly accounts: number;
}

/** Loading runs on this many connections at once (the bench machine has 2 cores). */
const LOADERS = 2;

// Named so the benchmark's setup sessions are told apart from the rollout's in pg_stat_activity.
const withClient: typeof withPgClient = (url, fn) => withPgClient(url, fn, 'sf-bench-setup');

/**
 * (Re)creates the fleet at v1: every tenant schema is dropped and built again with its data, then
 * vacuumed and analyzed, so autovacuum does not wake up in the middle of a measured phase.
 * Returns the tenant schema names.
 */
export async function createFleet(url: string, size: FleetSize, log: (line: string) => void = () => undefined): Promise<string[]> {
  const names = Array.from({ length: size.tenants }, (_, i) => tenantSchema(i));
  await withClient(url, async (client) => {
    const existing = await client.query<{ name: string }>(`SELECT nspname::text AS name FROM pg_namespace WHERE nspname LIKE $1`, [TENANT_MATCH]);
    for (const { name } of existing.rows) await client.query(`DROP SCHEMA ${quoteIdent(name)} CASCADE`);
  });
  let next = 0;
  let done = 0;
  const started = Date.now();
  const loader = async (): Promise<void> =>
    withClient(url, async (client) => {
      for (let index = next++; index < names.length; index = next++) {
        const schema = quoteIdent(names[index] as string);
        await client.query(`CREATE SCHEMA ${schema}; SET search_path TO ${schema}; ${SCHEMA_V1} ${seedSql(size.orders, size.accounts)}`);
        await client.query('VACUUM (ANALYZE) accounts');
        await client.query('VACUUM (ANALYZE) orders');
        done++;
        if (done % 10 === 0 || done === names.length) log(`  loaded ${done}/${names.length} tenants (${((Date.now() - started) / 1000).toFixed(0)} s)`);
      }
    });
  await Promise.all(Array.from({ length: LOADERS }, loader));
  return names;
}
