import { describe, expect, it } from 'vitest';
import type pg from 'pg';
import { createTestDatabase, withClient, type TestDatabase } from '../../support/pg.js';
import { introspectSchema } from '../../../src/schema/introspect/introspect-schema.js';
import { introspectSchemas } from '../../../src/schema/introspect/introspect-schemas.js';
import type { AcceptanceCase } from '../../acceptance/acceptance-case.js';
import { tableCases } from '../../acceptance/cases/tables.cases.js';
import { columnCases } from '../../acceptance/cases/columns.cases.js';
import { constraintCases } from '../../acceptance/cases/constraints.cases.js';
import { indexCases } from '../../acceptance/cases/indexes.cases.js';
import { typeCases } from '../../acceptance/cases/types.cases.js';
import { sequenceCases } from '../../acceptance/cases/sequences.cases.js';
import { viewCases } from '../../acceptance/cases/views.cases.js';
import { routineCases } from '../../acceptance/cases/routines.cases.js';
import { securityCases } from '../../acceptance/cases/security.cases.js';
import { partitionCases } from '../../acceptance/cases/partitions.cases.js';
import { identifierCases } from '../../acceptance/cases/identifiers.cases.js';
import { orderingCases } from '../../acceptance/cases/ordering.cases.js';
import { RICH_DDL } from './introspect-helpers.js';

const quoted = (name: string): string => `"${name.replaceAll('"', '""')}"`;

const PARTITIONED_DDL = `
CREATE TABLE events (id int, at date NOT NULL, kind text, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE events_rest PARTITION OF events DEFAULT;
CREATE INDEX events_kind ON events (kind);
`;

/** Names chosen to trip a textual unqualifier: prefixes of each other, dots, quotes, unicode, 63 bytes. */
const HOSTILE = ['a', 'a.b', '"a"', 'A', 'Tenant "B" 1', 'tenant a', 'ü ñ 日本', 'public2', 'x'.repeat(63), 'catalog.pg_class', 'a""b'];

/**
 * Objects of one schema that reference another schema of the same batch, and string literals that
 * spell schema names: what must stay qualified (or untouched) in one model must stay so in the batch.
 */
function crossSchemaDdl(self: string, other: string): string {
  const o = quoted(other);
  const lit = (text: string): string => `'${text.replaceAll("'", "''")}'`;
  return `
CREATE TABLE crossref (
  id int PRIMARY KEY,
  kind ${o}.mood DEFAULT 'ok',
  owner_id bigint REFERENCES ${o}."User Accounts" (id),
  label text DEFAULT ${lit(`${self}.crossref ${quoted(self)}.crossref ${o}.orders`)},
  CHECK (label <> ${lit(`${quoted(self)}.x`)})
);
CREATE INDEX crossref_label ON crossref (label) WHERE label <> ${lit(`${self}.`)};
CREATE VIEW crossview AS SELECT c.id, o.total, ${o}.add1(c.id) AS n, ${lit(`${quoted(self)}.crossview`)} AS note
  FROM crossref c JOIN ${o}.orders o ON o.id = c.id;
CREATE FUNCTION crossfn(m ${o}.mood, c crossref) RETURNS ${o}.posint LANGUAGE sql AS $$ SELECT 1::${o}.posint $$;
CREATE DOMAIN crossdom AS ${o}.posint CHECK (VALUE < 100);
`;
}

function allCases(): AcceptanceCase[] {
  return [
    ...tableCases,
    ...columnCases,
    ...constraintCases,
    ...indexCases,
    ...typeCases,
    ...sequenceCases,
    ...viewCases,
    ...routineCases,
    ...securityCases,
    ...partitionCases,
    ...identifierCases,
    ...orderingCases,
  ];
}

async function expectSameAsOneByOne(client: pg.Client, schemas: readonly string[]): Promise<void> {
  const batch = await introspectSchemas(client, schemas);
  expect([...batch.keys()]).toEqual([...new Set(schemas)]);
  for (const schema of schemas) {
    const one = await introspectSchema(client, schema);
    expect(JSON.stringify(batch.get(schema)), `schema ${schema}`).toBe(JSON.stringify(one));
  }
}

async function countingQueries(client: pg.Client): Promise<() => number> {
  let queries = 0;
  const query = client.query.bind(client);
  (client as { query: unknown }).query = (...args: unknown[]) => {
    queries += 1;
    return (query as (...a: unknown[]) => unknown)(...args);
  };
  return () => queries;
}

async function createSchemas(db: TestDatabase, entries: readonly (readonly [string, string])[]): Promise<void> {
  await db.exec(entries.map(([schema, sql]) => `CREATE SCHEMA ${quoted(schema)}; SET search_path TO ${quoted(schema)};\n${sql}`).join('\n'));
}

describe('introspectSchemas: many schemas, each model identical to introspectSchema', () => {
  it('reads rich schemas with hostile names, partitions and cross-schema references exactly as one by one', async () => {
    const db = await createTestDatabase();
    await createSchemas(
      db,
      HOSTILE.map((name) => [name, RICH_DDL + PARTITIONED_DDL] as const),
    );
    // Drift: each schema differs a little, so rows given to the wrong schema would show.
    await db.exec(
      HOSTILE.map(
        (name, i) => `SET search_path TO ${quoted(name)}; ALTER TABLE orders ADD COLUMN extra_${i} int DEFAULT ${i};
        ${crossSchemaDdl(name, HOSTILE[(i + 1) % HOSTILE.length]!)}`,
      ).join('\n'),
    );
    await withClient(db.url, (client) => expectSameAsOneByOne(client, HOSTILE));
  });

  it('reads every schema of the acceptance corpus (before and after) exactly as one by one', async () => {
    const db = await createTestDatabase();
    const cases = allCases();
    const schemas: string[] = [];
    let failed = 0;
    for (const [i, testCase] of cases.entries()) {
      for (const side of ['before', 'after'] as const) {
        const schema = `${HOSTILE[i % HOSTILE.length]!.slice(0, 40)} ${i} ${side}`;
        try {
          await createSchemas(db, [[schema, testCase[side]]]);
          schemas.push(schema);
        } catch (error) {
          // A case that cannot share a database with the others (a role, an extension twice).
          failed += 1;
          console.warn(`not loaded: ${testCase.name} (${side}): ${String(error)}`);
        }
      }
    }
    expect(schemas.length).toBeGreaterThan(cases.length * 2 * 0.9);
    expect(failed).toBeLessThan(cases.length * 2 * 0.1);
    await withClient(db.url, (client) => expectSameAsOneByOne(client, schemas));
  });

  it('reads objects the model does not cover, and casts that belong to two schemas of the batch', async () => {
    const db = await createTestDatabase();
    const unsupported = `CREATE TABLE t (a int, b int);
       CREATE VIEW v AS SELECT a FROM t;
       CREATE AGGREGATE my_sum(int) (sfunc = int4pl, stype = int);
       CREATE FUNCTION int_eq(int, int) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT $1 = $2';
       CREATE OPERATOR === (leftarg = int, rightarg = int, function = int_eq);
       CREATE TYPE span AS RANGE (subtype = int);
       CREATE STATISTICS t_stats ON a, b FROM t;
       CREATE RULE t_no_delete AS ON DELETE TO t DO INSTEAD NOTHING;
       CREATE TABLE parent (x int);
       CREATE TABLE child (y int) INHERITS (parent);
       CREATE TYPE pair AS (l int, r int);`;
    await createSchemas(db, [
      ['u 1', unsupported],
      ['u "2"', unsupported],
    ]);
    await db.exec(`CREATE CAST ("u 1".pair AS "u ""2""".pair) WITH INOUT; CREATE CAST ("u 1".pair AS text) WITH INOUT;`);
    await withClient(db.url, async (client) => {
      const batch = await introspectSchemas(client, ['u 1', 'u "2"']);
      expect(batch.get('u 1')?.unsupported).toContainEqual({ kind: 'cast', name: '(pair AS "u ""2""".pair)' });
      expect(batch.get('u "2"')?.unsupported).toContainEqual({ kind: 'cast', name: '("u 1".pair AS pair)' });
      await expectSameAsOneByOne(client, ['u 1', 'u "2"']);
    });
  });

  it('uses the same handful of queries for 40 schemas as introspectSchema for one', async () => {
    const db = await createTestDatabase();
    const names = Array.from({ length: 40 }, (_, i) => `tenant_${i}`);
    await createSchemas(
      db,
      names.map((name) => [name, RICH_DDL] as const),
    );
    await withClient(db.url, async (client) => {
      const count = await countingQueries(client);
      const models = await introspectSchemas(client, names);
      expect(models.size).toBe(40);
      expect(count()).toBeLessThan(20);
    });
  });

  it('leaves out schemas that do not exist, reads duplicates once, and accepts an empty list', async () => {
    const db = await createTestDatabase();
    await createSchemas(db, [['one', 'CREATE TABLE t (x int);']]);
    await withClient(db.url, async (client) => {
      const models = await introspectSchemas(client, ['missing', 'one', 'one']);
      expect([...models.keys()]).toEqual(['one']);
      expect(models.get('one')?.tables.map((t) => t.name)).toEqual(['t']);
      expect((await introspectSchemas(client, [])).size).toBe(0);
      expect((await introspectSchemas(client, ['missing'])).size).toBe(0);
      expect(client.getTransactionStatus()).toBe('I');
    });
  });

  it("inside a caller's transaction, leaves its work and its search_path alone", async () => {
    const db = await createTestDatabase();
    await createSchemas(db, [
      ['s1', 'CREATE TABLE t (x int);'],
      ['s2', 'CREATE TABLE u (y int);'],
    ]);
    await withClient(db.url, async (client) => {
      await client.query('BEGIN');
      await client.query('SET LOCAL search_path TO s2');
      await client.query('CREATE TABLE s1.added (z int)');
      const models = await introspectSchemas(client, ['s1', 's2']);
      expect(models.get('s1')?.tables.map((t) => t.name)).toEqual(['added', 't']);
      expect((await client.query<{ search_path: string }>('SHOW search_path')).rows[0]?.search_path).toBe('s2');
      expect(client.getTransactionStatus()).toBe('T');
      await client.query('ROLLBACK');
    });
  });
});
