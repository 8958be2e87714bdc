import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { createTestDatabase } from '../../support/pg.js';
import { introspectSchema } from '../../../src/schema/introspect/introspect-schema.js';
import { createSharedSchemaReader } from '../../../src/fleet/rollout/shared-schema-reader.js';
import { FULL_READ_CHUNK } from '../../../src/fleet/rollout/batch-starting-states.js';

const quoted = (name: string): string => `"${name.replaceAll('"', '""')}"`;
const DDL = `CREATE TABLE accounts (id int PRIMARY KEY, email text NOT NULL DEFAULT '');
  CREATE VIEW emails AS SELECT id, lower(email) AS email FROM accounts;
  CREATE INDEX accounts_email ON accounts (lower(email));`;

describe('shared schema reader (schema-per-tenant batches)', () => {
  it('reads the schemas asked for at once in batches of FULL_READ_CHUNK (one short transaction each), each equal to introspectSchema', async () => {
    const db = await createTestDatabase();
    const schemas = Array.from({ length: 8 }, (_, i) => `tenant ${i} "q"`);
    await db.exec(schemas.map((s, i) => `CREATE SCHEMA ${quoted(s)}; SET search_path TO ${quoted(s)}; ${DDL} ALTER TABLE accounts ADD COLUMN c${i} int;`).join('\n'));
    const batches: (readonly string[])[] = [];
    const reader = createSharedSchemaReader(db.url, { onBatch: (b) => batches.push(b) });
    try {
      const models = await Promise.all(schemas.map((s) => reader.read(s)));
      expect(batches).toEqual([schemas.slice(0, FULL_READ_CHUNK), schemas.slice(FULL_READ_CHUNK)]);
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      try {
        for (const [i, schema] of schemas.entries()) {
          expect(JSON.stringify(models[i])).toBe(JSON.stringify(await introspectSchema(client, schema)));
        }
      } finally {
        await client.end();
      }
      // Asked later: read later, and it sees what was committed meanwhile.
      await db.exec(`ALTER TABLE ${quoted(schemas[0]!)}.accounts ADD COLUMN late int`);
      const again = await reader.read(schemas[0]!);
      expect(again.tables[0]?.columns.map((c) => c.name)).toContain('late');
    } finally {
      await reader.close();
    }
  });

  it("keeps one tenant's trouble its own: a missing schema and a locked table fail alone", async () => {
    const db = await createTestDatabase();
    const schemas = ['ok_1', 'locked', 'ok_2'];
    await db.exec(schemas.map((s) => `CREATE SCHEMA ${s}; SET search_path TO ${s}; ${DDL}`).join('\n'));
    const blocker = new pg.Client({ connectionString: db.url });
    await blocker.connect();
    const reader = createSharedSchemaReader(db.url, { lockTimeoutMs: 200, maxAttempts: 1 });
    try {
      await blocker.query('BEGIN; LOCK TABLE locked.accounts IN ACCESS EXCLUSIVE MODE');
      const results = await Promise.allSettled(['ok_1', 'locked', 'missing', 'ok_2'].map((s) => reader.read(s)));
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
      expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ code: '55P03' });
      expect(String((results[2] as PromiseRejectedResult).reason)).toMatch(/does not exist/);
      await blocker.query('ROLLBACK');
      expect((await reader.read('locked')).tables.map((t) => t.name)).toEqual(['accounts']);
    } finally {
      await reader.close();
      await blocker.end();
    }
  });
});

describe('shared schema reader: lockAndRead', () => {
  it("locks the batch's tenants on its connection, reads them in one go and holds the locks until closed", async () => {
    const db = await createTestDatabase();
    const schemas = ['la_1', 'la_2', 'la_3'];
    await db.exec(schemas.map((s) => `CREATE SCHEMA ${s}; SET search_path TO ${s}; ${DDL}`).join('\n'));
    const tenants = schemas.map((schema) => ({ id: `id-${schema}`, url: db.url, schema, labels: {} }));
    const { tryLockTenant } = await import('../../../src/fleet/ledger/index.js');
    const other = new pg.Client({ connectionString: db.url });
    await other.connect();
    const batches: (readonly string[])[] = [];
    const reader = createSharedSchemaReader(db.url, { onBatch: (b) => batches.push(b) });
    try {
      expect(await tryLockTenant(other, 'x', 'la_2')).toBe(true);
      const { locked, readFailure } = await reader.lockAndRead(tenants, (client, tenant) => tryLockTenant(client, tenant.id, tenant.schema));
      expect([...locked].sort()).toEqual(['id-la_1', 'id-la_3']);
      expect(readFailure).toBeNull();
      expect(reader.holdsLocks()).toBe(true);
      // Held by the reader now: nobody else gets them.
      expect(await tryLockTenant(other, 'x', 'la_1')).toBe(false);
      // The first read of a locked tenant is the model read under lock; later reads are fresh.
      const first = await reader.read('la_1');
      expect(batches).toEqual([]);
      expect(first.tables.map((t) => t.name)).toEqual(['accounts']);
      await db.exec('ALTER TABLE la_1.accounts ADD COLUMN later int');
      const again = await reader.read('la_1');
      expect(again.tables[0]?.columns.map((c) => c.name)).toContain('later');
    } finally {
      await reader.close();
    }
    expect(reader.holdsLocks()).toBe(false);
    expect(await tryLockTenant(other, 'x', 'la_1')).toBe(true);
    await other.end();
  });

  it('says why the shared read failed, and keeps the locks it took (each tenant then reads its own schema)', async () => {
    const db = await createTestDatabase();
    const schemas = ['lf_1', 'lf_2'];
    await db.exec(schemas.map((s) => `CREATE SCHEMA ${s}; SET search_path TO ${s}; ${DDL}`).join('\n'));
    const tenants = schemas.map((schema) => ({ id: `id-${schema}`, url: db.url, schema, labels: {} }));
    const { tryLockTenant } = await import('../../../src/fleet/ledger/index.js');
    // Reading lf_2's view definition takes a lock on the table it reads (pg_get_viewdef), which this session holds.
    const blocker = new pg.Client({ connectionString: db.url });
    await blocker.connect();
    await blocker.query('BEGIN; LOCK TABLE lf_2.accounts IN ACCESS EXCLUSIVE MODE');
    const reader = createSharedSchemaReader(db.url, { lockTimeoutMs: 100 });
    try {
      const { locked, readFailure } = await reader.lockAndRead(tenants, (client, tenant) => tryLockTenant(client, tenant.id, tenant.schema));
      expect([...locked].sort()).toEqual(['id-lf_1', 'id-lf_2']);
      expect(readFailure?.error).toMatchObject({ code: '55P03', message: 'canceling statement due to lock timeout' });
      expect(reader.holdsLocks()).toBe(true);
      expect(reader.take('lf_1')).toBeUndefined();
    } finally {
      await blocker.query('ROLLBACK');
      await blocker.end();
      await reader.close();
    }
  });
});
