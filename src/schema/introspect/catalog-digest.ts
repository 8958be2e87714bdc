import type pg from 'pg';
import { quoteIdent } from '../../util/quote-ident.js';
import { ATTRIBUTE_OPTIONS_SQL } from './columns.js';

/**
 * A digest of one schema's catalog rows, cheap enough to read on every tenant: one query, about a
 * third of a full introspection's server instructions on a new backend (the full read's many family
 * queries are what a fresh backend pays for, in planning and cache loads).
 *
 * Two schemas with the same digest have the same catalog rows, as far as anything the model is
 * built from goes, so they introspect to the same model: a fleet can read one tenant in full and
 * take the model for the next tenant with the same digest (fleet/rollout/starting-states.ts).
 * So the digest hashes every catalog column the family queries (introspect/*.ts) read for the
 * kinds it covers, and more where that is cheap (attnum, inheritance counts, index states), as
 * row literals (NULLs and quoting unambiguous), with every reference printed by name
 * (pg_get_expr, pg_get_indexdef, pg_get_constraintdef, pg_describe_object, regclass, regtype)
 * under search_path set to the schema, the way the full read prints them; oids, storage and
 * statistics, which differ between databases, are left out. A digest that differs where the models
 * are equal only costs a full read; one that is equal where they differ would be a bug, which the
 * drift list and the random-schema property in test/schema/introspect/catalog-digest.test.ts look
 * for. A family query that starts reading another column must add it here.
 *
 * It covers tables, their columns, defaults, constraints, indexes, comments and dependencies, and
 * sequences. A schema holding anything else (views, routines, types, extensions, partitioned or
 * inherited tables, triggers, policies, rules) is not covered: `covered` is false and the caller
 * reads it in full, as it would without the digest.
 */
const PG_CLASS = `'pg_catalog.pg_class'::pg_catalog.regclass`;

/**
 * The schema's relations are read once (a materialized CTE: planned once, not once per use). The
 * catalogs hanging off them are read through LATERAL subqueries (OFFSET 0 keeps the planner from
 * flattening them), so each is an index lookup per relation: on a fresh database's statistics the
 * planner would otherwise hash-join whole catalogs (pg_attribute, pg_depend), the largest cost of
 * the query.
 */
const DIGEST_SQL = `
WITH ns AS MATERIALIZED (
  SELECT n.oid FROM pg_catalog.pg_namespace n WHERE n.nspname = $1::text
), rels AS MATERIALIZED (
  SELECT c.oid, c.relname, c.relkind FROM pg_catalog.pg_class c WHERE c.relnamespace = (SELECT oid FROM ns)
)
SELECT
  EXISTS (SELECT 1 FROM ns)
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                   WHERE d.refclassid = 'pg_catalog.pg_namespace'::pg_catalog.regclass AND d.refobjid = (SELECT oid FROM ns)
                     AND NOT (d.classid = ${PG_CLASS}
                              AND EXISTS (SELECT 1 FROM pg_catalog.pg_class c WHERE c.oid = d.objid AND c.relkind IN ('r', 'S'))))
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend cd
                   WHERE cd.classid = 'pg_catalog.pg_cast'::pg_catalog.regclass AND cd.objid >= 16384)
  -- Rules, inheritance children and partitions: pg_class says so (relhasrules and relhassubclass stay
  -- set once there were any, which only makes the digest give up more often).
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_class c
                   WHERE c.relnamespace = (SELECT oid FROM ns) AND (c.relhasrules OR c.relhassubclass OR c.relispartition))
  AND NOT EXISTS (SELECT 1 FROM rels r JOIN pg_catalog.pg_inherits i ON i.inhrelid = r.oid)
  -- Triggers and policies, found through pg_depend (read anyway) rather than their own catalogs: a
  -- user trigger and a policy depend on their table; a foreign key's internal triggers depend on
  -- their constraint instead, and a constraint trigger has a constraint (contype 't') of its own.
  AND NOT EXISTS (SELECT 1 FROM rels r CROSS JOIN LATERAL (
                    SELECT 1 FROM pg_catalog.pg_depend d
                     WHERE d.refclassid = ${PG_CLASS} AND d.refobjid = r.oid
                       AND d.classid IN ('pg_catalog.pg_trigger'::pg_catalog.regclass, 'pg_catalog.pg_policy'::pg_catalog.regclass)
                    OFFSET 0) t)
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint con WHERE con.connamespace = (SELECT oid FROM ns) AND con.contype = 't')
  AS covered,
  pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to(pg_catalog.concat_ws(E'\\n',
    pg_catalog.current_setting('server_version_num'),
    pg_catalog.current_setting('search_path'),
    -- Settings that change how deparsed expressions print their constants.
    pg_catalog.concat_ws(' ', pg_catalog.current_setting('DateStyle'), pg_catalog.current_setting('IntervalStyle'),
                         pg_catalog.current_setting('TimeZone'), pg_catalog.current_setting('extra_float_digits')),
    (SELECT cd.description FROM pg_catalog.pg_description cd
      WHERE cd.classoid = 'pg_catalog.pg_namespace'::pg_catalog.regclass AND cd.objoid = (SELECT oid FROM ns) AND cd.objsubid = 0),
    (SELECT pg_catalog.string_agg(ROW(c.relname, c.relkind, c.relpersistence, c.reloftype::pg_catalog.regtype, c.relam, c.relispartition,
              c.relrowsecurity, c.relforcerowsecurity, c.relreplident, c.relacl, c.reloptions, c.relnatts, c.relchecks, c.relhastriggers)::text, E'\\n' ORDER BY c.relname)
       FROM pg_catalog.pg_class c WHERE c.relnamespace = (SELECT oid FROM ns)),
    (SELECT pg_catalog.string_agg(ROW(r.relname, a.attname, a.attnum, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull,
              a.atthasdef, a.attidentity, a.attgenerated, a.attisdropped, a.attislocal, a.attinhcount, a.attcollation::pg_catalog.regcollation,
              pg_catalog.pg_get_expr(ad.adbin, ad.adrelid), a.attstorage, pg_catalog.to_jsonb(a) ->> 'attcompression', a.attstattarget,
              ${ATTRIBUTE_OPTIONS_SQL})::text, E'\\n' ORDER BY r.relname, a.attnum)
       FROM rels r CROSS JOIN LATERAL (SELECT * FROM pg_catalog.pg_attribute a WHERE a.attrelid = r.oid AND a.attnum > 0 OFFSET 0) a
       LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum),
    (SELECT pg_catalog.string_agg(ROW(r.relname, pg_catalog.pg_get_indexdef(i.indexrelid), i.indisunique, i.indisprimary, i.indisexclusion,
              i.indimmediate, i.indisvalid, i.indisready, i.indislive, i.indisreplident)::text, E'\\n' ORDER BY r.relname)
       FROM rels r CROSS JOIN LATERAL (SELECT * FROM pg_catalog.pg_index i WHERE i.indexrelid = r.oid OFFSET 0) i),
    -- A table's constraints live in its schema (connamespace), and so do a domain's.
    (SELECT pg_catalog.string_agg(ROW(con.conrelid::pg_catalog.regclass, con.contypid::pg_catalog.regtype, con.conname, con.contype,
              pg_catalog.pg_get_constraintdef(con.oid), con.condeferrable, con.condeferred, con.convalidated, con.conislocal, con.coninhcount,
              con.connoinherit, con.conkey, con.confkey, con.conindid::pg_catalog.regclass, con.conparentid <> 0, con.confrelid::pg_catalog.regclass)::text,
              E'\\n' ORDER BY con.conrelid::pg_catalog.regclass::text, con.conname)
       FROM pg_catalog.pg_constraint con WHERE con.connamespace = (SELECT oid FROM ns)),
    (SELECT pg_catalog.string_agg(ROW(r.relname, s.seqtypid::pg_catalog.regtype, s.seqstart, s.seqincrement, s.seqmax, s.seqmin, s.seqcache,
              s.seqcycle)::text, E'\\n' ORDER BY r.relname)
       FROM rels r JOIN pg_catalog.pg_sequence s ON s.seqrelid = r.oid),
    -- Dependencies of and on the schema's relations, both ends by name. Left out: FK triggers (named
    -- after their oid; they come with their constraint) and TOAST tables (likewise).
    (SELECT pg_catalog.string_agg(line, E'\\n' ORDER BY line COLLATE "C") FROM (
       SELECT pg_catalog.concat_ws(' ', d.deptype, pg_catalog.pg_describe_object(d.classid, d.objid, d.objsubid),
              pg_catalog.pg_describe_object(d.refclassid, d.refobjid, d.refobjsubid)) AS line
         FROM rels r CROSS JOIN LATERAL (SELECT * FROM pg_catalog.pg_depend d WHERE d.classid = ${PG_CLASS} AND d.objid = r.oid OFFSET 0) d
       UNION ALL
       SELECT pg_catalog.concat_ws(' ', d.deptype, pg_catalog.pg_describe_object(d.classid, d.objid, d.objsubid),
              pg_catalog.pg_describe_object(d.refclassid, d.refobjid, d.refobjsubid))
         FROM rels r CROSS JOIN LATERAL (SELECT * FROM pg_catalog.pg_depend d WHERE d.refclassid = ${PG_CLASS} AND d.refobjid = r.oid OFFSET 0) d
        WHERE d.classid <> 'pg_catalog.pg_trigger'::pg_catalog.regclass
          -- A dependent relation: the schema's own are listed by the branch above, others (TOAST) not at all.
          AND d.classid <> ${PG_CLASS}) AS deps),
    (SELECT pg_catalog.string_agg(line, E'\\n' ORDER BY line COLLATE "C") FROM (
       SELECT pg_catalog.concat_ws(' ', pg_catalog.pg_describe_object(cd.classoid, cd.objoid, cd.objsubid), cd.description) AS line
         FROM rels r CROSS JOIN LATERAL (SELECT * FROM pg_catalog.pg_description cd WHERE cd.objoid = r.oid AND cd.classoid = ${PG_CLASS} OFFSET 0) cd
       UNION ALL
       SELECT pg_catalog.concat_ws(' ', pg_catalog.pg_describe_object(cd.classoid, cd.objoid, cd.objsubid), cd.description)
         FROM pg_catalog.pg_constraint con
        CROSS JOIN LATERAL (SELECT * FROM pg_catalog.pg_description cd
                             WHERE cd.objoid = con.oid AND cd.classoid = 'pg_catalog.pg_constraint'::pg_catalog.regclass OFFSET 0) cd
        WHERE con.connamespace = (SELECT oid FROM ns)) AS comments)
  ), 'UTF8')), 'hex') AS digest
`;

/**
 * The digest of `schema`, or null when the digest does not cover what the schema holds (or the
 * schema does not exist: the full read then says so). Runs in a read-only transaction of its own,
 * which also scopes the search_path it sets; the client must not be in a transaction.
 */
export async function readCatalogDigest(client: pg.ClientBase, schema: string): Promise<string | null> {
  // search_path is set before the digest's statement starts: set_config inside it would race the
  // deparsing functions it must affect.
  await client.query(`BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET LOCAL search_path TO ${quoteIdent(schema)}`);
  try {
    const row = (await client.query<{ covered: boolean; digest: string }>({ name: 'schemafleet_catalog_digest', text: DIGEST_SQL, values: [schema] })).rows[0];
    return row?.covered ? row.digest : null;
  } finally {
    await client.query('ROLLBACK');
  }
}
