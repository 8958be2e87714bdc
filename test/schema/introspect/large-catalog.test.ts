import { describe, expect, it } from 'vitest';
import type pg from 'pg';
import { createTestDatabase, withClient, type TestDatabase } from '../../support/pg.js';
import { introspectSchema } from '../../../src/schema/introspect/introspect-schema.js';
import { introspectSchemas } from '../../../src/schema/introspect/introspect-schemas.js';
import { LARGE_CATALOG_SQL } from '../../../src/schema/introspect/plan-cache-mode.js';
import { RICH_DDL, seqScans } from './introspect-helpers.js';

/** RICH_DDL and what goes through the other branches of the family queries (partitions, the unsupported kinds). */
const DDL = `${RICH_DDL}
CREATE TABLE events (id int, at date NOT NULL, kind text, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE INDEX events_kind ON events (kind);
CREATE TABLE parent (x int);
CREATE TABLE child (y int) INHERITS (parent);
CREATE TYPE pair AS (l int, r int);
CREATE TABLE pairs OF pair;
CREATE AGGREGATE my_sum(int) (sfunc = int4pl, stype = int);
CREATE TYPE span AS RANGE (subtype = int);
CREATE RULE parent_no_delete AS ON DELETE TO parent DO INSTEAD NOTHING;
GRANT SELECT ON orders TO PUBLIC;
REVOKE EXECUTE ON FUNCTION add1(integer) FROM PUBLIC;
`;

/**
 * Catalogs whose size grows with the number of tenants in the database (pg_proc is large anyway):
 * a family query must reach their rows through an index, never read them whole. pg_sequence is
 * left out: a hash join's one scan of its few narrow rows is the cheaper plan until it holds thousands.
 */
const GROWING = ['pg_class', 'pg_type', 'pg_proc', 'pg_constraint', 'pg_attribute', 'pg_attrdef', 'pg_depend', 'pg_index', 'pg_description', 'pg_trigger', 'pg_rewrite'];

/**
 * 450 small tenants (11 relations each, with defaults, checks, foreign keys, views): pg_class past
 * the 1 MB where the catalog counts as large (plan-cache-mode.ts), and every catalog a family query
 * reads a fleet's size, so that the planner weighs a scan of one as it would on a fleet.
 */
const FILLER_SCHEMAS = 450;
const filler = (n: number): string =>
  `CREATE SCHEMA f${n}; CREATE TABLE f${n}.parent (id serial PRIMARY KEY, v int CHECK (v > 0), w text DEFAULT 'x');
   CREATE TABLE f${n}.child (id int PRIMARY KEY, parent_id int REFERENCES f${n}.parent, at date NOT NULL, note text); CREATE INDEX ON f${n}.child (parent_id, at);
   CREATE VIEW f${n}.recent AS SELECT id FROM f${n}.child WHERE at > DATE '2026-01-01';`;

interface Captured {
  readonly text: string;
  readonly values: unknown[];
}

/** Records the family queries (named prepared statements) the client runs. */
function capturing(client: pg.ClientBase): Captured[] {
  const captured: Captured[] = [];
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as { query: unknown }).query = (...args: unknown[]) => {
    const config = args[0] as { name?: string; text?: string; values?: unknown[] };
    if (typeof config === 'object' && config.name?.startsWith('schemafleet_introspect_') && config.text !== undefined) captured.push({ text: config.text, values: config.values ?? [] });
    return query(...args);
  };
  return captured;
}

async function createSchemas(db: TestDatabase, schemas: readonly string[]): Promise<void> {
  await db.exec(schemas.map((schema) => `CREATE SCHEMA ${schema}; SET search_path TO ${schema};\n${DDL}`).join('\n'));
}

/** The models of a and b read together, and of a alone, with the family queries that read them. */
async function readAll(db: TestDatabase): Promise<{ models: string; queries: Captured[] }> {
  return withClient(db.url, async (client) => {
    const queries = capturing(client);
    const batch = await introspectSchemas(client, ['a', 'b']);
    const one = await introspectSchema(client, 'a');
    return { models: JSON.stringify({ a: batch.get('a'), b: batch.get('b'), one }), queries };
  });
}

describe('family queries on a large catalog', () => {
  it('find rows by index lookups from the schemas, never by a scan of a whole catalog, and read the models a small catalog reads', { timeout: 120_000 }, async () => {
    const small = await createTestDatabase();
    const large = await createTestDatabase();
    await createSchemas(small, ['a', 'b']);
    await createSchemas(large, ['a', 'b']);
    for (let n = 0; n < FILLER_SCHEMAS; n += 50) await large.exec(Array.from({ length: 50 }, (_, k) => filler(n + k)).join('\n'));
    await large.exec(`ANALYZE ${GROWING.map((catalog) => `pg_catalog.${catalog}`).join(', ')}`);
    const [{ large: isLarge } = { large: false }] = await large.query<{ large: boolean }>(`SELECT ${LARGE_CATALOG_SQL} AS large`);
    expect(isLarge, 'the filler makes the catalog large').toBe(true);

    const expected = await readAll(small);
    const read = await readAll(large);
    expect(read.models).toBe(expected.models);

    // Each family query as it ran (a batch of two schemas, then one schema), planned for its parameters.
    expect(read.queries.length).toBeGreaterThan(20);
    const scans = await withClient(large.url, async (client) => {
      const found: string[] = [];
      for (const { text, values } of read.queries) {
        const plan = (await client.query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (FORMAT JSON) ${text}`, values)).rows[0]?.['QUERY PLAN'];
        for (const relation of seqScans(plan)) if (GROWING.includes(relation)) found.push(`${relation} in ${text.replace(/\s+/g, ' ').slice(0, 100)}`);
      }
      return found;
    });
    expect(scans).toEqual([]);
  });
});
