import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { longLockHolder, wantedLocks } from '../../src/apply/long-lock-holders.js';
import { createTestDatabase } from '../support/pg.js';
import { step } from './plan-fixtures.js';

async function connect(url: string, applicationName: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, application_name: applicationName });
  await client.connect();
  return client;
}

describe('longLockHolder', () => {
  it('names a transaction that has held a conflicting lock for long (pid, application, mode, how long); passing ones, weaker locks and its own session are not holders', async () => {
    const db = await createTestDatabase();
    await db.exec('CREATE TABLE t (id int); CREATE TABLE other (id int)');
    const holder = await connect(db.url, 'app worker');
    const self = await connect(db.url, 'schemafleet test');
    try {
      const wanted = wantedLocks([step('ALTER TABLE t ADD COLUMN note text', { lock: 'ACCESS EXCLUSIVE', table: 't' })]);
      expect(await longLockHolder(self, wanted, 0)).toBeNull();

      await holder.query('BEGIN');
      await holder.query('SELECT count(*) FROM t');
      await new Promise((r) => setTimeout(r, 200));
      const found = await longLockHolder(self, wanted, 100);
      expect(found).toMatchObject({ table: 't', mode: 'AccessShareLock', pid: (holder as unknown as { processID: number }).processID, applicationName: 'app worker' });
      expect(found!.heldMs).toBeGreaterThanOrEqual(200);
      // Younger than minHeldMs: a passing query, not a long transaction.
      expect(await longLockHolder(self, wanted, 60_000)).toBeNull();
      // Another table, or a lock that does not conflict with what the step takes.
      expect(await longLockHolder(self, wantedLocks([step('ALTER TABLE other ADD COLUMN x int', { lock: 'ACCESS EXCLUSIVE', table: 'other' })]), 0)).toBeNull();
      expect(await longLockHolder(self, wantedLocks([step('CREATE INDEX ON t (id)', { lock: 'SHARE', table: 't' })]), 0)).toBeNull();
      await holder.query('COMMIT');

      // The session's own locks never count.
      await self.query('BEGIN');
      await self.query('SELECT count(*) FROM t');
      expect(await longLockHolder(self, wanted, 0)).toBeNull();
      await self.query('COMMIT');
    } finally {
      await holder.end();
      await self.end();
    }
  });

  it('finds a holder on a table whose name needs quoting, and names the table as quote_ident spells it', async () => {
    const db = await createTestDatabase();
    await db.exec('CREATE TABLE "Order Items" (id int); CREATE TABLE "user" (id int)');
    // One quoteIdent (src/util/quote-ident.ts) for every caller: bare where PostgreSQL's quote_ident
    // is, quoted for mixed case, spaces and keywords. This file used to quote every name.
    expect(
      wantedLocks([step('x', { lock: 'ACCESS EXCLUSIVE', table: 'Order Items' }), step('y', { lock: 'ACCESS EXCLUSIVE', table: 'user' }), step('z', { lock: 'ACCESS EXCLUSIVE', table: 'plain' })]).map(
        (w) => w.table,
      ),
    ).toEqual(['"Order Items"', '"user"', 'plain']);
    const holder = await connect(db.url, 'app worker');
    const self = await connect(db.url, 'schemafleet test');
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT count(*) FROM "Order Items", "user"');
      for (const table of ['Order Items', 'user']) {
        const found = await longLockHolder(self, wantedLocks([step('ALTER', { lock: 'ACCESS EXCLUSIVE', table })]), 0);
        expect(found?.table).toBe(`"${table}"`);
      }
      await holder.query('COMMIT');
    } finally {
      await holder.end();
      await self.end();
    }
  });
});
