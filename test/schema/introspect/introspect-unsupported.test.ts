import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../support/pg.js';
import { execIn, introspect, serverVersion } from './introspect-helpers.js';

describe('introspectSchema: objects the model does not cover', () => {
  it('reports them by kind and name', async () => {
    const db = await createTestDatabase();
    await execIn(
      db,
      'tenant',
      `CREATE TABLE t (a int, b int);
       CREATE VIEW v AS SELECT a FROM t;
       CREATE AGGREGATE my_sum(int) (sfunc = int4pl, stype = int);
       CREATE FUNCTION int_eq(int, int) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT $1 = $2';
       CREATE OPERATOR === (leftarg = int, rightarg = int, function = int_eq);
       CREATE OPERATOR CLASS my_ops FOR TYPE int USING btree AS OPERATOR 3 =, FUNCTION 1 btint4cmp(int, int);
       CREATE TYPE span AS RANGE (subtype = int);
       CREATE COLLATION my_coll (locale = 'C');
       CREATE TEXT SEARCH CONFIGURATION my_ts (COPY = pg_catalog.simple);
       CREATE STATISTICS t_stats ON a, b FROM t;
       CREATE RULE t_no_delete AS ON DELETE TO t DO INSTEAD NOTHING;
       CREATE TABLE parent (x int);
       CREATE TABLE child (y int) INHERITS (parent);
       CREATE TYPE pair AS (l int, r int);
       CREATE TABLE typed OF pair;
       CREATE FUNCTION v_ins() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
       CREATE TRIGGER v_ins INSTEAD OF INSERT ON v FOR EACH ROW EXECUTE FUNCTION v_ins();
       CREATE CAST (pair AS text) WITH INOUT;`,
    );
    const model = await introspect(db, 'tenant');
    expect(model.unsupported).toEqual([
      { kind: 'aggregate', name: 'my_sum(integer)' },
      { kind: 'cast', name: '(pair AS text)' },
      { kind: 'operator', name: '===(integer, integer)' },
      { kind: 'operator class', name: 'my_ops USING btree' },
      { kind: 'operator family', name: 'my_ops USING btree' },
      { kind: 'range type', name: 'span' },
      { kind: 'rule', name: 't_no_delete on t' },
      { kind: 'statistics object', name: 't_stats' },
      { kind: 'text search configuration', name: 'my_ts' },
      { kind: 'typed table', name: 'typed' },
    ]);
    // Supported objects are still read (a child of inheritance among the tables); a typed table is not modelled as one.
    expect(model.tables.map((t) => [t.name, t.inherits])).toEqual([
      ['child', ['parent']],
      ['parent', []],
      ['t', []],
    ]);
    expect(model.routines.map((r) => r.name)).toEqual(['int_eq', 'v_ins']);
    expect(model.views.map((v) => v.name)).toEqual(['v']);
    expect(model.collations.map((c) => [c.name, c.definition])).toEqual([['my_coll', "provider = libc, lc_collate = 'C', lc_ctype = 'C'"]]);
    // A view's INSTEAD OF trigger is modelled, on the view.
    expect(model.views[0]?.triggers?.map((t) => t.definition)).toEqual(['CREATE TRIGGER v_ins INSTEAD OF INSERT ON v FOR EACH ROW EXECUTE FUNCTION v_ins()']);
  });

  it('reports PostgreSQL 18 virtual generated columns', async () => {
    const db = await createTestDatabase();
    if ((await serverVersion(db)) < 180000) return;
    await execIn(db, 'public', 'CREATE TABLE t (a int, b int GENERATED ALWAYS AS (a * 2) VIRTUAL);');
    const model = await introspect(db);
    expect(model.unsupported).toEqual([{ kind: 'virtual generated column', name: 't.b' }]);
  });
});
