import { describe, expect, it } from 'vitest';
import type pg from 'pg';
import { createTestDatabase } from '../../support/pg.js';
import { createWarmConnections } from '../../../src/fleet/rollout/warm-connections.js';

async function sessionOf(client: pg.Client): Promise<{ pid: number; name: string; searchPath: string; lockTimeout: string; advisoryLocks: number }> {
  const { rows } = await client.query<{ pid: number; name: string; search_path: string; lock_timeout: string; locks: number }>(
    `SELECT pg_backend_pid() AS pid, current_setting('application_name') AS name, current_setting('search_path') AS search_path,
            current_setting('lock_timeout') AS lock_timeout,
            (SELECT count(*)::int FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()) AS locks`,
  );
  const row = rows[0]!;
  return { pid: row.pid, name: row.name, searchPath: row.search_path, lockTimeout: row.lock_timeout, advisoryLocks: row.locks };
}

describe('warm connections between the tenants of one database', () => {
  it("hands the next tenant the same backend, renamed, with the previous tenant's session state gone", async () => {
    const db = await createTestDatabase();
    const connections = createWarmConnections({ maxIdle: 4 });
    try {
      const first = await connections.acquire(db.url, 'schemafleet try-1');
      await first.query(`SET search_path TO "tenant a"; SET lock_timeout = '1s'; SELECT pg_advisory_lock(1, 2)`);
      const before = await sessionOf(first);
      expect(before).toMatchObject({ name: 'schemafleet try-1', advisoryLocks: 1, lockTimeout: '1s' });
      await connections.release(db.url, first, true);

      const second = await connections.acquire(db.url, 'schemafleet try-2');
      expect(second).toBe(first);
      const after = await sessionOf(second);
      expect(after.pid).toBe(before.pid);
      expect(after).toMatchObject({ name: 'schemafleet try-2', advisoryLocks: 0, lockTimeout: '0', searchPath: '"$user", public' });
      await connections.release(db.url, second, true);
    } finally {
      await connections.close();
    }
  });

  it('closes what it must not keep: keep=false, an open transaction, a dead backend, more than maxIdle', async () => {
    const db = await createTestDatabase();
    const connections = createWarmConnections({ maxIdle: 1 });
    try {
      const notKept = await connections.acquire(db.url, 'schemafleet a');
      await connections.release(db.url, notKept, false);
      const inTransaction = await connections.acquire(db.url, 'schemafleet b');
      expect(inTransaction).not.toBe(notKept);
      await inTransaction.query('BEGIN');
      await connections.release(db.url, inTransaction, true);

      const killed = await connections.acquire(db.url, 'schemafleet c');
      expect(killed).not.toBe(inTransaction);
      await connections.release(db.url, killed, true);
      await db.exec(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'schemafleet idle' AND datname = current_database()`);
      // The idle one died: acquire notices and connects afresh.
      const fresh = await connections.acquire(db.url, 'schemafleet d');
      expect(fresh).not.toBe(killed);
      expect((await sessionOf(fresh)).name).toBe('schemafleet d');

      const other = await connections.acquire(db.url, 'schemafleet e');
      await connections.release(db.url, fresh, true);
      await connections.release(db.url, other, true);
      // maxIdle 1: the older idle one was closed.
      const idle = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'schemafleet idle' AND datname = current_database()`);
      expect(idle[0]!.n).toBe(1);
    } finally {
      await connections.close();
    }
    const left = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name LIKE 'schemafleet %' AND datname = current_database()`);
    expect(left[0]!.n).toBe(0);
  });
});
