import type pg from 'pg';
import { connectTarget } from '../../db/connect-target.js';

/**
 * Connections kept open between the tenants of one database (schema-per-tenant fleets), so each
 * tenant after the first runs on a backend whose catalog caches are already warm. A fresh backend
 * pays for loading them on its first catalog queries, which cost a schema tenant more than reading
 * and migrating its schema does (measured: a first read 50–65 ms, the next one on the same backend
 * 17–20 ms).
 */
export interface WarmConnections {
  /** An idle connection to `url` renamed to `applicationName`, or a new one. */
  acquire(url: string, applicationName: string): Promise<pg.Client>;
  /**
   * Takes back a connection a tenant's try is done with. With `keep`, and when the session can be
   * reset (no open transaction; advisory locks released, settings back to their defaults), it
   * waits idle for the next tenant of its database; otherwise it is closed.
   */
  release(url: string, client: pg.Client, keep: boolean): Promise<void>;
  close(): Promise<void>;
}

/** Named so an idle one is not mistaken for a tenant's work (cancels end backends by application_name). */
const IDLE_NAME = 'schemafleet idle';

export function createWarmConnections(options: { readonly maxIdle: number }): WarmConnections {
  const idle = new Map<string, pg.Client[]>();
  /** Oldest first, across databases: the one closed when there are too many. */
  const order: { url: string; client: pg.Client }[] = [];
  let closed = false;

  const remove = (url: string, client: pg.Client): void => {
    const list = idle.get(url);
    if (list) {
      const at = list.indexOf(client);
      if (at >= 0) list.splice(at, 1);
      if (list.length === 0) idle.delete(url);
    }
    const at = order.findIndex((entry) => entry.client === client);
    if (at >= 0) order.splice(at, 1);
  };

  const end = async (client: pg.Client): Promise<void> => {
    await client.end().catch(() => undefined);
  };

  return {
    async acquire(url, applicationName) {
      for (;;) {
        const client = idle.get(url)?.at(-1);
        if (!client) return connectTarget(url, applicationName);
        remove(url, client);
        try {
          await client.query('SELECT pg_catalog.set_config($1, $2, false)', ['application_name', applicationName]);
          return client;
        } catch {
          // Gone while idle (server restart, idle timeout): try the next one, or connect afresh.
          await end(client);
        }
      }
    },
    async release(url, client, keep) {
      if (!keep || closed || client.getTransactionStatus() !== 'I') {
        await end(client);
        return;
      }
      try {
        // Not DISCARD ALL: it also deallocates prepared statements, which node-postgres still
        // believes prepared (introspection names its queries, and reuses them on the next tenant).
        await client.query(`RESET ALL; SELECT pg_catalog.pg_advisory_unlock_all(); SET application_name = '${IDLE_NAME}'`);
      } catch {
        await end(client);
        return;
      }
      const list = idle.get(url) ?? [];
      list.push(client);
      idle.set(url, list);
      order.push({ url, client });
      while (order.length > options.maxIdle) {
        const oldest = order[0]!;
        remove(oldest.url, oldest.client);
        await end(oldest.client);
      }
    },
    async close() {
      closed = true;
      const all = order.splice(0).map((entry) => entry.client);
      idle.clear();
      await Promise.all(all.map(end));
    },
  };
}
