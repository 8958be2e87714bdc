import { describe, expect, it } from 'vitest';
import type pg from 'pg';
import { createTestDatabase, withClient } from '../../support/pg.js';
import { introspectSchema, readModel } from '../../../src/schema/introspect/introspect-schema.js';
import { introspectSchemas } from '../../../src/schema/introspect/introspect-schemas.js';
import type { SchemaModel } from '../../../src/schema/model.js';
import { execIn } from './introspect-helpers.js';

/** Every family queried, whatever the schema holds: what introspection read before it skipped families. */
async function readEverything(client: pg.Client, schema: string): Promise<SchemaModel> {
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    const { rows } = await client.query<{ oid: number; version: number; comment: string | null }>(
      `SELECT pg_catalog.set_config('search_path', pg_catalog.quote_ident($1::text), true), n.oid,
              current_setting('server_version_num')::int AS version, obj_description(n.oid, 'pg_namespace') AS comment
         FROM pg_namespace n WHERE n.nspname = $1`,
      [schema],
    );
    const row = rows[0]!;
    return await readModel({ client, schema, schemaOid: row.oid, serverVersion: row.version }, row.comment);
  } finally {
    await client.query('ROLLBACK');
  }
}

const EVERY_KIND = `
  CREATE TYPE mood AS ENUM ('ok', 'sad');
  CREATE DOMAIN positive AS int CHECK (VALUE > 0);
  CREATE TYPE pair AS (l int, r int);
  CREATE SEQUENCE counter;
  CREATE TABLE t (id serial PRIMARY KEY, m mood, p positive, body text);
  CREATE VIEW v AS SELECT id, m FROM t;
  CREATE MATERIALIZED VIEW mv AS SELECT id FROM t;
  CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
  CREATE PROCEDURE noop() LANGUAGE sql AS 'SELECT 1';
  CREATE TRIGGER t_touch BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION touch();
  ALTER TABLE t ENABLE ROW LEVEL SECURITY;
  CREATE POLICY mine ON t USING (id > 0);
  CREATE AGGREGATE total(int) (sfunc = int4pl, stype = int);
  CREATE CAST (pair AS text) WITH INOUT;
  COMMENT ON TABLE t IS 'the table';`;

describe('introspection skips the families a schema holds nothing of', () => {
  it('reads exactly what querying every family reads, for a schema holding every kind and for an empty one', async () => {
    const db = await createTestDatabase();
    await execIn(db, 'full', EVERY_KIND);
    await execIn(db, 'tables only', 'CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, body text);');
    await execIn(db, 'empty', '');
    await withClient(db.url, async (client) => {
      for (const schema of ['full', 'tables only', 'empty']) {
        expect(JSON.stringify(await introspectSchema(client, schema)), schema).toBe(JSON.stringify(await readEverything(client, schema)));
      }
      const full = await introspectSchema(client, 'full');
      // The control: the families this test is about are really there (two sequences: counter and the serial one).
      expect([full.enums.length, full.domains.length, full.compositeTypes.length, full.sequences.length, full.views.length, full.materializedViews.length, full.routines.length]).toEqual([
        1, 1, 1, 2, 1, 1, 2,
      ]);
      expect(full.unsupported).toEqual([
        { kind: 'aggregate', name: 'total(integer)' },
        { kind: 'cast', name: '(pair AS text)' },
      ]);
    });
  });

  it('read together, schemas that hold different kinds each get what they hold', async () => {
    const db = await createTestDatabase();
    await execIn(db, 'full', EVERY_KIND);
    await execIn(db, 'tables only', 'CREATE TABLE t (id int PRIMARY KEY);');
    await withClient(db.url, async (client) => {
      const together = await introspectSchemas(client, ['full', 'tables only']);
      for (const schema of ['full', 'tables only']) {
        expect(JSON.stringify(together.get(schema)), schema).toBe(JSON.stringify(await readEverything(client, schema)));
      }
    });
  });
});
