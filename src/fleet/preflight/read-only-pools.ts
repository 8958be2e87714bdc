import pg from 'pg';
import { unreachableError } from '../../db/connect-target.js';

export interface ReadOnlyPools {
  /** A connection to `url` whose session can only read; UnreachableDatabaseError when there is none. */
  connect(url: string): Promise<pg.PoolClient>;
  end(): Promise<void>;
}

/**
 * Connections for a preflight: one small pool per URL (schema-per-tenant fleets share one URL, so
 * they share connections instead of opening one per schema), each session read-only from the
 * start. The pools are bounded: a database-per-tenant fleet visits each URL once, and the least
 * recently used pool is ended when there are too many.
 */
export function readOnlyPools(options: { readonly maxPerUrl: number; readonly maxPools?: number; readonly applicationName?: string }): ReadOnlyPools {
  const pools = new Map<string, pg.Pool>();
  const ready = new WeakSet<pg.PoolClient>();
  const ending: Promise<void>[] = [];
  const maxPools = options.maxPools ?? 32;
  const poolFor = (url: string): pg.Pool => {
    const existing = pools.get(url);
    if (existing) {
      pools.delete(url);
      pools.set(url, existing);
      return existing;
    }
    const pool = new pg.Pool({
      connectionString: url,
      max: options.maxPerUrl,
      idleTimeoutMillis: 2_000,
      connectionTimeoutMillis: 15_000,
      application_name: options.applicationName ?? 'schemafleet preflight',
      // Read-only from the first statement on; the SET below repeats it in case the URL overrides options.
      options: '-c default_transaction_read_only=on',
    });
    // An idle connection the server drops must not take the process down.
    pool.on('error', () => undefined);
    pools.set(url, pool);
    if (pools.size > maxPools) {
      const [oldestUrl, oldest] = pools.entries().next().value as [string, pg.Pool];
      pools.delete(oldestUrl);
      ending.push(oldest.end().catch(() => undefined));
    }
    return pool;
  };
  return {
    async connect(url) {
      let client: pg.PoolClient;
      try {
        client = await poolFor(url).connect();
      } catch (error) {
        throw unreachableError(url, error);
      }
      if (!ready.has(client)) {
        try {
          await client.query('SET default_transaction_read_only = on');
        } catch (error) {
          client.release(true);
          throw unreachableError(url, error);
        }
        ready.add(client);
      }
      return client;
    },
    async end() {
      const all = [...pools.values()];
      pools.clear();
      await Promise.all([...ending, ...all.map((pool) => pool.end().catch(() => undefined))]);
    },
  };
}
