import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTestDatabase, withClient, type TestDatabase } from '../../support/pg.js';
import { digestSql, readBatchDigests, schemaObjectSetsSql } from '../../../src/schema/introspect/batch-digest.js';
import { introspectSchemas } from '../../../src/schema/introspect/introspect-schemas.js';
import { fingerprintModel } from '../../../src/schema/fingerprint-model.js';
import { quoteIdent } from '../../../src/util/quote-ident.js';
import { renderSchema, schemaPair } from '../../property/schema-pairs.js';
import { BASE, DRIFTS } from './digest-drifts.js';
import { seqScans } from './introspect-helpers.js';

/** BASE and one of every other family the model reads: what a SaaS tenant schema holds. */
const RICH = `${BASE};
CREATE TYPE mood AS ENUM ('ok', 'meh');
CREATE DOMAIN positive AS numeric CONSTRAINT positive_check CHECK (VALUE > 0) DEFAULT 1;
CREATE TYPE pair AS (x int, y text);
CREATE TABLE moods (id int PRIMARY KEY, m mood NOT NULL DEFAULT 'ok', p positive, pr pair);
CREATE VIEW big_orders AS SELECT id, total FROM orders WHERE total > 100;
CREATE MATERIALIZED VIEW order_totals AS SELECT account_id, sum(total) AS total FROM orders GROUP BY account_id;
CREATE INDEX order_totals_idx ON order_totals (account_id);
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE FUNCTION add_one(i int) RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT i + 1 $$;
CREATE TRIGGER orders_touch BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION touch();
CREATE POLICY own_orders ON orders USING (account_id > 0);
GRANT SELECT ON orders TO PUBLIC;
CREATE TABLE events (at date NOT NULL, kind text) PARTITION BY RANGE (at);
CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE TABLE orders_archive (archived_at timestamptz) INHERITS (orders);
`;

/** Each changes the model through a family beyond tables and sequences; the digest must change with it. */
const FAMILY_DRIFTS: readonly [string, string][] = [
  ['an enum value added', "ALTER TYPE mood ADD VALUE 'sad'"],
  ['an enum value added first', "ALTER TYPE mood ADD VALUE 'great' BEFORE 'ok'"],
  ['an enum value renamed', "ALTER TYPE mood RENAME VALUE 'meh' TO 'fine'"],
  ['a domain check', 'ALTER DOMAIN positive DROP CONSTRAINT positive_check; ALTER DOMAIN positive ADD CONSTRAINT positive_check CHECK (VALUE >= 0)'],
  ['a domain default', 'ALTER DOMAIN positive SET DEFAULT 2'],
  ['a domain NOT NULL', 'ALTER DOMAIN positive SET NOT NULL'],
  ['a composite type attribute', 'ALTER TYPE pair ADD ATTRIBUTE z int'],
  ['a view definition', 'CREATE OR REPLACE VIEW big_orders AS SELECT id, total FROM orders WHERE total > 200'],
  ['a view option', 'ALTER VIEW big_orders SET (security_barrier = true)'],
  [
    'a materialized view definition',
    'DROP MATERIALIZED VIEW order_totals; CREATE MATERIALIZED VIEW order_totals AS SELECT account_id, count(*) AS total FROM orders GROUP BY account_id; CREATE INDEX order_totals_idx ON order_totals (account_id)',
  ],
  ['a materialized view index', 'DROP INDEX order_totals_idx; CREATE UNIQUE INDEX order_totals_idx ON order_totals (account_id)'],
  ['a function body', 'CREATE OR REPLACE FUNCTION add_one(i int) RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT i + 2 $$'],
  ['a function volatility', 'ALTER FUNCTION add_one(int) STABLE'],
  ['a function security definer', 'ALTER FUNCTION add_one(int) SECURITY DEFINER'],
  ['a function setting', 'ALTER FUNCTION add_one(int) SET search_path = pg_catalog'],
  ['a function argument name', 'DROP FUNCTION add_one(int); CREATE FUNCTION add_one(n int) RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT n + 1 $$'],
  ['a trigger timing', 'DROP TRIGGER orders_touch ON orders; CREATE TRIGGER orders_touch AFTER UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION touch()'],
  [
    'a trigger condition',
    'DROP TRIGGER orders_touch ON orders; CREATE TRIGGER orders_touch BEFORE UPDATE ON orders FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION touch()',
  ],
  ['a trigger disabled', 'ALTER TABLE orders DISABLE TRIGGER orders_touch'],
  ['a policy expression', 'ALTER POLICY own_orders ON orders USING (account_id > 1)'],
  ['a policy check', 'ALTER POLICY own_orders ON orders WITH CHECK (total > 0)'],
  ['a policy role', 'ALTER POLICY own_orders ON orders TO postgres'],
  ['a table privilege revoked', 'REVOKE SELECT ON orders FROM PUBLIC'],
  ['a table privilege granted', 'GRANT UPDATE ON accounts TO PUBLIC'],
  ['a routine privilege revoked', 'REVOKE EXECUTE ON FUNCTION add_one(int) FROM PUBLIC'],
  ['a sequence privilege', 'GRANT USAGE ON SEQUENCE invoice_no TO PUBLIC'],
  ['a type comment', "COMMENT ON TYPE mood IS 'feelings'"],
  ['a domain constraint comment', "COMMENT ON CONSTRAINT positive_check ON DOMAIN positive IS 'above zero'"],
  ['a routine comment', "COMMENT ON FUNCTION add_one(int) IS 'plus one'"],
  ['a trigger comment', "COMMENT ON TRIGGER orders_touch ON orders IS 'touch'"],
  ['a policy comment', "COMMENT ON POLICY own_orders ON orders IS 'mine'"],
  ['a view comment', "COMMENT ON VIEW big_orders IS 'big'"],
  ['a view column comment', "COMMENT ON COLUMN big_orders.total IS 'sum'"],
  ['a partition bound', "ALTER TABLE events DETACH PARTITION events_2026; ALTER TABLE events ATTACH PARTITION events_2026 FOR VALUES FROM ('2026-01-01') TO ('2026-07-01')"],
  ['a partition detached', 'ALTER TABLE events DETACH PARTITION events_2026'],
  ['a partition key', "DROP TABLE events; CREATE TABLE events (at date NOT NULL, kind text) PARTITION BY LIST (kind); CREATE TABLE events_2026 PARTITION OF events FOR VALUES IN ('a')"],
  ['inheritance removed', 'ALTER TABLE orders_archive NO INHERIT orders'],
  ['a column of an enum type', 'ALTER TABLE moods ADD COLUMN m2 mood'],
  ['a column default of an enum', "ALTER TABLE moods ALTER COLUMN m SET DEFAULT 'meh'"],
];

/** Each puts something in the schema that the batch digest does not hash: it must give up (null). */
const NOT_COVERED: readonly [string, string][] = [
  ['a collation', `CREATE COLLATION my_c (locale = 'C')`],
  ['a statistics object', 'CREATE STATISTICS orders_stats ON account_id, status FROM orders'],
  ['an operator', 'CREATE FUNCTION eq_num(numeric, numeric) RETURNS boolean LANGUAGE sql AS $$ SELECT $1 = $2 $$; CREATE OPERATOR === (LEFTARG = numeric, RIGHTARG = numeric, FUNCTION = eq_num)'],
  ['a text search configuration', 'CREATE TEXT SEARCH CONFIGURATION my_ts (COPY = pg_catalog.simple)'],
  ['a foreign table', 'CREATE FOREIGN DATA WRAPPER sf_batch_fdw; CREATE SERVER sf_batch_srv FOREIGN DATA WRAPPER sf_batch_fdw; CREATE FOREIGN TABLE remote (id int) SERVER sf_batch_srv'],
];

async function rebuild(db: TestDatabase, schema: string, ddl: string): Promise<void> {
  const s = quoteIdent(schema);
  await db.exec(`DROP SCHEMA IF EXISTS ${s} CASCADE; CREATE SCHEMA ${s}; SET search_path = ${s}; ${ddl}`);
}

interface Read {
  readonly digest: string | null | undefined;
  readonly fingerprint: string | undefined;
}

/** Digests of both schemas read with one query (the batch's), and their full reads. */
async function readBoth(db: TestDatabase, a: string, b: string): Promise<[Read, Read]> {
  return withClient(db.url, async (client) => {
    const digests = await readBatchDigests(client, [a, b]);
    const models = await introspectSchemas(client, [a, b]);
    const read = (schema: string): Read => {
      const model = models.get(schema);
      return { digest: digests.get(schema), fingerprint: model && fingerprintModel(model) };
    };
    return [read(a), read(b)];
  });
}

/** Each schema's relations, types, routines and constraints by the catalogs' namespace columns (a scan of each). */
const BY_NAMESPACE_COLUMNS = `
SELECT n.nspname::text AS name,
       COALESCE((SELECT pg_catalog.array_agg(c.oid ORDER BY c.oid) FROM pg_catalog.pg_class c WHERE c.relnamespace = n.oid), '{}') AS rels,
       COALESCE((SELECT pg_catalog.array_agg(t.oid ORDER BY t.oid) FROM pg_catalog.pg_type t WHERE t.typnamespace = n.oid), '{}') AS typs,
       COALESCE((SELECT pg_catalog.array_agg(p.oid ORDER BY p.oid) FROM pg_catalog.pg_proc p WHERE p.pronamespace = n.oid), '{}') AS procs,
       COALESCE((SELECT pg_catalog.array_agg(k.oid ORDER BY k.oid) FROM pg_catalog.pg_constraint k WHERE k.connamespace = n.oid), '{}') AS cons
  FROM pg_catalog.pg_namespace n WHERE n.nspname = ANY ($1::pg_catalog.text[])`;

/** The digest finds a schema's objects by index lookups from what depends on it: the same sets a scan by namespace column gives. */
async function expectObjectSetsComplete(db: TestDatabase, schemas: readonly string[], what: string): Promise<void> {
  await withClient(db.url, async (client) => {
    const version = Number((await client.query<{ v: string }>(`SELECT pg_catalog.current_setting('server_version_num') AS v`)).rows[0]?.v);
    const sort = (rows: { name: string }[]) => [...rows].sort((x, y) => x.name.localeCompare(y.name));
    const found = sort((await client.query<{ name: string }>(schemaObjectSetsSql(version), [schemas])).rows);
    const expected = sort((await client.query<{ name: string }>(BY_NAMESPACE_COLUMNS, [schemas])).rows);
    expect(found, `${what}: the digest's object sets`).toEqual(expected);
  });
}

/** Schemas of two tables each that make the test database's catalogs as big as a fleet's. */
const FILLER_SCHEMAS = 400;

describe('batch catalog digest', () => {
  it('is the same for the same DDL in two schemas, and differs with every drift of the model, family by family', { timeout: 300_000 }, async () => {
    const db = await createTestDatabase('sf_batch_digest');
    await rebuild(db, 'a', RICH);
    // Objects made and dropped first give everything in b other oids than in a.
    await rebuild(db, 'b', `CREATE TABLE filler (id serial PRIMARY KEY); CREATE TYPE filler_t AS ENUM ('x'); DROP TABLE filler; DROP TYPE filler_t; ${RICH}`);
    const [a, b] = await readBoth(db, 'a', 'b');
    expect(a.digest).toMatch(/^batch:[0-9a-f]{64}$/);
    expect(b).toEqual(a);

    const drifts = [...DRIFTS.map(([what, ddl]) => [what, ddl.replace('SCHEMA public', 'SCHEMA b')] as const), ...FAMILY_DRIFTS];
    for (const [what, drift] of drifts) {
      await rebuild(db, 'b', `${RICH}; ${drift}`);
      const [, drifted] = await readBoth(db, 'a', 'b');
      await expectObjectSetsComplete(db, ['a', 'b'], what);
      expect(drifted.fingerprint, `${what} changes the model`).not.toBe(a.fingerprint);
      expect(drifted.digest, `${what} is covered`).toMatch(/^batch:/);
      expect(drifted.digest, `${what} changes the digest`).not.toBe(a.digest);
    }
  });

  it("hashes a generated column's expression (deparsed with its table, unlike a default)", async () => {
    const db = await createTestDatabase('sf_batch_digest');
    const table = (expression: string): string => `CREATE TABLE g (id int, d int DEFAULT 7, total int GENERATED ALWAYS AS (${expression}) STORED)`;
    await rebuild(db, 'a', table('id * 2'));
    await rebuild(db, 'b', table('id * 2'));
    await rebuild(db, 'c', table('id * 3'));
    await rebuild(db, 'd', table('d * 2'));
    const [a, b] = await readBoth(db, 'a', 'b');
    const [, c] = await readBoth(db, 'a', 'c');
    const [, d] = await readBoth(db, 'a', 'd');
    expect(b).toEqual(a);
    for (const [what, drifted] of [
      ['another expression', c],
      ['another column', d],
    ] as const) {
      expect(drifted.fingerprint, what).not.toBe(a.fingerprint);
      expect(drifted.digest, what).not.toBe(a.digest);
    }
  });

  it('finds every object of a schema by index lookups, as a scan of the namespace columns would, whatever the schema holds', { timeout: 120_000 }, async () => {
    const db = await createTestDatabase('sf_batch_digest');
    const kinds = [
      RICH,
      `CREATE TYPE mood2 AS ENUM ('ok', 'sad'); CREATE DOMAIN mood2_list AS mood2[]; CREATE TYPE span AS RANGE (subtype = int4)`,
      `CREATE TABLE logs (id bigint GENERATED BY DEFAULT AS IDENTITY, at date NOT NULL, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
       CREATE TABLE logs_2026 PARTITION OF logs FOR VALUES FROM ('2026-01-01') TO ('2027-01-01'); CREATE INDEX logs_at ON logs (at)`,
      `CREATE MATERIALIZED VIEW ones AS SELECT 1 AS one WITH NO DATA; CREATE UNIQUE INDEX ones_one ON ones (one)`,
      `CREATE TABLE parent_t (id int); CREATE TABLE child_t () INHERITS (parent_t); CREATE UNLOGGED TABLE scratch (id int)`,
      `CREATE PROCEDURE noop() LANGUAGE sql AS $$ SELECT 1 $$`,
      ...NOT_COVERED.map(([, ddl]) => ddl),
    ];
    await rebuild(db, 'a', kinds.join(';\n'));
    await rebuild(db, 'b', 'CREATE TABLE only_one (id int)');
    await rebuild(db, 'c', '');
    await expectObjectSetsComplete(db, ['a', 'b', 'c', 'absent'], 'every kind');
    // The ALTERs that move objects between schemas move their dependency on the schema too.
    await withClient(db.url, (c) => c.query('ALTER TABLE a.scratch SET SCHEMA b; ALTER TYPE a.pair SET SCHEMA b; ALTER FUNCTION a.touch() SET SCHEMA c; ALTER SEQUENCE a.invoice_no SET SCHEMA c'));
    await expectObjectSetsComplete(db, ['a', 'b', 'c'], 'after SET SCHEMA');
  });

  it('reads the catalogs that grow with the fleet by index only, in the generic plan it runs with', { timeout: 120_000 }, async () => {
    const db = await createTestDatabase('sf_batch_digest');
    for (const schema of ['a', 'b', 'c']) await rebuild(db, schema, RICH);
    // Plans follow the catalogs' sizes: a few hundred tenants' worth, so that a scan of a whole
    // catalog costs the planner what it costs a fleet (on a dozen schemas a scan is the cheaper plan).
    const filler = (n: number): string =>
      `CREATE SCHEMA f${n}; CREATE TABLE f${n}.parent (id serial PRIMARY KEY, v int CHECK (v > 0), w text DEFAULT 'x');
       CREATE TABLE f${n}.child (id int PRIMARY KEY, parent_id int REFERENCES f${n}.parent, at date NOT NULL); CREATE INDEX ON f${n}.child (parent_id, at);
       CREATE VIEW f${n}.recent AS SELECT id FROM f${n}.child WHERE at > DATE '2026-01-01';`;
    for (let n = 0; n < FILLER_SCHEMAS; n += 50) await withClient(db.url, (c) => c.query(Array.from({ length: 50 }, (_, k) => filler(n + k)).join('\n')));
    await withClient(db.url, (c) =>
      c.query(
        'ANALYZE pg_catalog.pg_class, pg_catalog.pg_type, pg_catalog.pg_constraint, pg_catalog.pg_depend, pg_catalog.pg_index, pg_catalog.pg_attribute, pg_catalog.pg_attrdef, pg_catalog.pg_sequence, pg_catalog.pg_rewrite',
      ),
    );
    const scans = await withClient(db.url, async (client) => {
      const version = Number((await client.query<{ v: string }>(`SELECT pg_catalog.current_setting('server_version_num') AS v`)).rows[0]?.v);
      await client.query('BEGIN; SET LOCAL jit = off; SET LOCAL plan_cache_mode = force_generic_plan');
      try {
        await client.query(`PREPARE digest_plan(pg_catalog.text[]) AS ${digestSql(version)}`);
        const plan = (await client.query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (FORMAT JSON) EXECUTE digest_plan(ARRAY['a', 'b'])`)).rows[0]!['QUERY PLAN'];
        return seqScans(plan);
      } finally {
        await client.query('ROLLBACK; DEALLOCATE ALL');
      }
    });
    // A scan of any of these costs more the more tenants the database holds. (pg_sequence is left
    // out: a hash join's one scan of its few narrow rows is the cheaper plan until it holds thousands.)
    const growing = ['pg_class', 'pg_type', 'pg_proc', 'pg_constraint', 'pg_attribute', 'pg_attrdef', 'pg_depend', 'pg_index', 'pg_description', 'pg_trigger', 'pg_rewrite'];
    expect(scans.filter((relation) => growing.includes(relation))).toEqual([]);
  });

  it('gives up (null) on schemas holding what it does not hash or objects of an extension, and leaves out schemas that do not exist', { timeout: 120_000 }, async () => {
    const db = await createTestDatabase('sf_batch_digest');
    for (const [what, ddl] of NOT_COVERED) {
      await rebuild(db, 'b', `${RICH}; ${ddl}`);
      const digests = await withClient(db.url, (c) => readBatchDigests(c, ['b']));
      expect(digests.get('b'), what).toBeNull();
    }
    await rebuild(db, 'b', RICH);
    await db.exec('CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA b');
    const digests = await withClient(db.url, (c) => readBatchDigests(c, ['b', 'no_such_schema']));
    expect(digests.get('b'), 'an extension installed in the schema').toBeNull();
    expect(digests.has('no_such_schema')).toBe(false);
  });

  it('leaves the session as it found it (search_path, jit, no open transaction), and inside a transaction only rolls back to its savepoint', async () => {
    const db = await createTestDatabase('sf_batch_digest');
    // A hostile name: quotes, a space, unicode.
    await rebuild(db, 'Tenant "1" ☕', RICH);
    await withClient(db.url, async (client) => {
      expect((await readBatchDigests(client, ['Tenant "1" ☕'])).get('Tenant "1" ☕')).toMatch(/^batch:[0-9a-f]{64}$/);
      expect(client.getTransactionStatus()).toBe('I');
      expect((await client.query<{ search_path: string }>('SHOW search_path')).rows[0]?.search_path).toBe('"$user", public');
      await client.query('BEGIN; SET LOCAL search_path = b');
      await readBatchDigests(client, ['Tenant "1" ☕']);
      expect(client.getTransactionStatus()).toBe('T');
      expect((await client.query<{ search_path: string; jit: string }>(`SELECT current_setting('search_path') AS search_path, current_setting('jit') AS jit`)).rows[0]).toEqual({
        search_path: 'b',
        jit: 'on',
      });
      await client.query('ROLLBACK');
    });
  });

  // The property the rollout relies on: equal digests mean equal models. Random schema pairs (enums
  // and views included), built in two schemas of one database, compared by digest and by full read.
  it('equal digests mean equal models, over random schema pairs (fast-check)', { timeout: 300_000 }, async () => {
    const db = await createTestDatabase('sf_batch_digest');
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(schemaPair, async ([left, right]) => {
        await rebuild(db, 'a', renderSchema(left));
        await rebuild(db, 'b', renderSchema(right));
        // The same DDL as a, in a schema of another name, made after b (so with other oids).
        await rebuild(db, 'c', renderSchema(left));
        const [x, y] = await readBoth(db, 'a', 'b');
        const [, z] = await readBoth(db, 'a', 'c');
        expect(x.digest).toMatch(/^batch:/);
        expect(z).toEqual(x);
        if (x.digest === y.digest) expect(y.fingerprint).toBe(x.fingerprint);
        if (x.fingerprint !== y.fingerprint) expect(y.digest).not.toBe(x.digest);
        compared += 1;
      }),
      { seed: 20_2026, numRuns: 40, endOnFailure: true },
    );
    expect(compared).toBe(40);
  });
});
