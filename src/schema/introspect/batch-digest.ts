import type pg from 'pg';
import { contentsOf } from './catalog.js';
import { ATTRIBUTE_OPTIONS_SQL } from './columns.js';
import { memberBaseTypes, memberConstraintRows, memberIndexes, memberRelations, memberRoutines, memberTypes, type DirectMembers } from './schema-members.js';

/**
 * Catalog digests of many schemas of one database with one query: what lets a schema-per-tenant
 * rollout plan a batch's tenants from a model it already trusts instead of reading each in full
 * (fleet/rollout/batch-starting-states.ts). The full read of a batch costs about as much server
 * work per schema as a release's steps (docs/benchmarks.md); this query costs a fraction of it:
 * no model is shipped or assembled, and search_path is set once per schema, not before each
 * name-printing call.
 *
 * Two schemas with the same digest must introspect to the same model (but for its `schema` name):
 * a tenant is then planned from a model read on another tenant. So each schema's text hashes, for
 * every family the model is read from (introspect/*.ts), the catalog columns that family reads,
 * and more where it is cheap: relations (views' and materialized views' definitions, partition
 * keys and bounds, options, ACLs), columns and defaults, indexes, constraints (tables' and
 * domains'), sequences, enums, domains, composite types, routines (pg_get_functiondef), triggers,
 * policies, rules, inheritance, dependencies, comments, privileges, and the database's extensions.
 * Every reference is printed by name the way the full read prints it (search_path set to the
 * schema: its own objects unqualified, others qualified), never by oid, with one exception: a
 * column of a built-in type (an oid below 10000, fixed for a server version, which is hashed) is
 * hashed by type oid and typmod, which saves a format_type call per column.
 * A digest that differs where the models are equal only costs a full read; one that is equal where
 * they differ would plan a tenant from the wrong model: test/schema/introspect/batch-digest.test.ts
 * changes each family on one of two equal schemas and checks that its digest moves.
 *
 * A schema holding kinds of objects this does not hash (collations, operators, text search
 * objects, statistics objects, foreign tables, …: anything but tables, views, materialized views,
 * sequences, composite types, types and routines), or any of whose objects belongs to an extension,
 * or in a database with user-defined casts, gets no digest (null): it is read in full, as without.
 *
 * A family query that starts reading another column must add it here, and bump VERSION.
 */
const VERSION = 'schemafleet batch digest 1';

/** What a schema may hold (catalog-digest contents labels) and still get a digest. */
const COVERED_CONTENTS: ReadonlySet<string> = new Set(['pg_class:r', 'pg_class:p', 'pg_class:v', 'pg_class:m', 'pg_class:S', 'pg_class:c', 'pg_type', 'pg_proc']);

const CLS = `'pg_catalog.pg_class'::pg_catalog.regclass`;

/** A comment of an object (all sub-objects when `subids`), as text. */
const comments = (catalog: string, oid: string, subids = false): string =>
  subids
    ? `(SELECT pg_catalog.string_agg(cd.objsubid || ':' || cd.description, E'\\x1f' ORDER BY cd.objsubid) FROM pg_catalog.pg_description cd
         WHERE cd.objoid = ${oid} AND cd.classoid = 'pg_catalog.${catalog}'::pg_catalog.regclass)`
    : `(SELECT cd.description FROM pg_catalog.pg_description cd
         WHERE cd.objoid = ${oid} AND cd.classoid = 'pg_catalog.${catalog}'::pg_catalog.regclass AND cd.objsubid = 0)`;

/**
 * Below this, an oid was assigned from the catalog headers (genbki): the same for every cluster of a
 * server version. Not 16384: initdb's later objects (the system collations imported from the
 * operating system's locales, information_schema) get oids from 10000 up that differ between
 * clusters, and trusted models are shared by every database of a rollout.
 */
const BUILT_IN = 10000;

/**
 * The per-schema text, evaluated right after search_path was set to schema `n`. `o` holds the
 * schema's objects as arrays of oids, so each part starts from an index lookup per object (a scan
 * of the whole batch's objects per part and schema cost more than the part itself).
 */
function schemaText(serverVersion: number): string {
  const compression = serverVersion >= 140000 ? 'a.attcompression' : 'NULL::"char"';
  const detachPending = serverVersion >= 140000 ? 'i.inhdetachpending' : 'false';
  const nullsNotDistinct = serverVersion >= 150000 ? 'x.indnullsnotdistinct' : 'false';
  const triggerParent = serverVersion >= 130000 ? 't.tgparentid' : '0::pg_catalog.oid';
  // Rows in the order of their own text: oids (the order objects were made in) must not matter.
  // OFFSET 0 keeps the sub-select from being flattened into the aggregate, where the line's
  // expression was evaluated twice per row, once as the argument and once as the sort key (whose
  // COLLATE makes it another expression): every part of the digest cost double.
  const agg = (row: string, _order: string, from: string): string =>
    `(SELECT pg_catalog.string_agg(line, E'\\n' ORDER BY line COLLATE "C") FROM (SELECT ${row}::text AS line ${from} OFFSET 0) AS part)`;
  const builtInOr = (oid: string, named: string): string => `CASE WHEN ${oid} < ${BUILT_IN} THEN ${oid}::text ELSE ${named}::text END`;
  return `pg_catalog.concat_ws(E'\\n\\x1e',
    n.nspname = 'public', n.nspacl::text, ${comments('pg_namespace', 'n.oid')},
    ${agg(
      `ROW(c.relname, c.relkind, c.relpersistence, c.reloftype::pg_catalog.regtype,
              ${builtInOr('c.relam', '(SELECT am.amname FROM pg_catalog.pg_am am WHERE am.oid = c.relam)')},
              c.relispartition, c.relrowsecurity, c.relforcerowsecurity, c.relreplident, c.relacl,
              CASE WHEN c.relacl IS NOT NULL THEN c.relowner::pg_catalog.regrole END, c.reloptions,
              c.relnatts, c.relchecks, c.relhastriggers, c.relhasrules, c.relhassubclass, c.relispopulated, c.reltablespace,
              CASE WHEN c.relkind = 'p' THEN pg_catalog.pg_get_partkeydef(c.oid) END,
              CASE WHEN c.relispartition THEN pg_catalog.pg_get_expr(c.relpartbound, c.oid) END,
              CASE WHEN c.relkind IN ('v', 'm') THEN pg_catalog.pg_get_viewdef(c.oid, true) END,
              ${comments('pg_class', 'c.oid', true)})`,
      'c.relname',
      `FROM pg_catalog.unnest(o.rels) AS r(oid) JOIN pg_catalog.pg_class c ON c.oid = r.oid`,
    )},
    -- A default is deparsed without its table (relid 0) unless it is a generated column's: a
    -- default cannot name a column, so it prints the same, and naming the table makes the backend
    -- open it, building a relation cache entry for every table of every tenant it digests (on a
    -- cold backend 0.5 ms per schema of this release, and memory the reader's backend keeps).
    ${agg(
      `ROW(c.relname, a.attname, a.attnum,
              CASE WHEN a.atttypid < ${BUILT_IN} THEN a.atttypid::text || '/' || a.atttypmod
                   ELSE pg_catalog.format_type(a.atttypid, a.atttypmod) || (SELECT ROW(t.typstorage, t.typcollation::pg_catalog.regcollation)::text FROM pg_catalog.pg_type t WHERE t.oid = a.atttypid) END,
              a.attnotnull, a.atthasdef, a.attidentity, a.attgenerated, a.attisdropped, a.attislocal, a.attinhcount,
              ${builtInOr('a.attcollation', 'a.attcollation::pg_catalog.regcollation')}, a.attstorage, ${compression}, a.attstattarget,
              CASE WHEN a.attoptions IS NOT NULL THEN ${ATTRIBUTE_OPTIONS_SQL} END, a.attacl,
              CASE WHEN a.atthasdef THEN (SELECT pg_catalog.pg_get_expr(ad.adbin, CASE WHEN a.attgenerated = '' THEN 0 ELSE ad.adrelid END)
                                            FROM pg_catalog.pg_attrdef ad WHERE ad.adrelid = a.attrelid AND ad.adnum = a.attnum) END)`,
      'c.relname, a.attnum',
      `FROM pg_catalog.unnest(o.rels) AS r(oid) JOIN pg_catalog.pg_class c ON c.oid = r.oid
        JOIN pg_catalog.pg_attribute a ON a.attrelid = r.oid WHERE a.attnum > 0 AND c.relkind NOT IN ('i', 'I', 'S')`,
    )},
    -- Indexes by their catalog row: key columns by number (their names are hashed above),
    -- operator classes and collations by oid when built in, by name otherwise; only expressions
    -- and predicates are deparsed. pg_get_indexdef costs more than the rest of an index's row.
    ${agg(
      `ROW(x.indrelid::pg_catalog.regclass, c.relname, x.indnatts, x.indnkeyatts, x.indkey, x.indoption,
              CASE WHEN 0 < ALL (x.indclass) AND ${BUILT_IN} > ALL (x.indclass) THEN x.indclass::text
                   ELSE ARRAY(SELECT oc.oid::pg_catalog.regclass FROM pg_catalog.unnest(x.indclass) AS oc(oid))::text END,
              CASE WHEN ${BUILT_IN} > ALL (x.indcollation) THEN x.indcollation::text
                   ELSE ARRAY(SELECT co.oid::pg_catalog.regcollation FROM pg_catalog.unnest(x.indcollation) AS co(oid))::text END,
              CASE WHEN x.indexprs IS NOT NULL THEN pg_catalog.pg_get_indexdef(x.indexrelid, 0, true) END,
              CASE WHEN x.indpred IS NOT NULL THEN pg_catalog.pg_get_expr(x.indpred, x.indrelid) END, x.indisunique, x.indisprimary, x.indisexclusion, x.indimmediate, x.indisvalid,
              x.indisready, x.indislive, x.indisreplident, x.indisclustered, ${nullsNotDistinct},
              EXISTS (SELECT 1 FROM pg_catalog.pg_inherits ih WHERE ih.inhrelid = x.indexrelid))`,
      '1',
      `FROM pg_catalog.unnest(o.rels) AS r(oid) JOIN pg_catalog.pg_index x ON x.indexrelid = r.oid JOIN pg_catalog.pg_class c ON c.oid = r.oid`,
    )},
    -- Sequences, with the column that owns them (OWNED BY, or the identity column they serve).
    ${agg(
      `ROW(r.oid::pg_catalog.regclass, s.seqtypid::pg_catalog.regtype, s.seqstart, s.seqincrement, s.seqmax, s.seqmin, s.seqcache, s.seqcycle,
              (SELECT pg_catalog.string_agg(ROW(od.deptype, od.refobjid::pg_catalog.regclass,
                        (SELECT oa.attname FROM pg_catalog.pg_attribute oa WHERE oa.attrelid = od.refobjid AND oa.attnum = od.refobjsubid))::text, ',')
                 FROM pg_catalog.pg_depend od
                WHERE od.classid = ${CLS} AND od.objid = r.oid AND od.objsubid = 0 AND od.refclassid = ${CLS} AND od.deptype IN ('a', 'i')))`,
      '1',
      `FROM pg_catalog.unnest(o.rels) AS r(oid) JOIN pg_catalog.pg_sequence s ON s.seqrelid = r.oid`,
    )},
    ${agg(
      `ROW(con.conrelid::pg_catalog.regclass, con.contypid::pg_catalog.regtype, con.conname, con.contype, pg_catalog.pg_get_constraintdef(con.oid),
              con.condeferrable, con.condeferred, con.convalidated, con.conislocal, con.coninhcount, con.connoinherit, con.conkey, con.confkey,
              con.conindid::pg_catalog.regclass, con.confrelid::pg_catalog.regclass,
              CASE WHEN con.conparentid <> 0 THEN (SELECT pc.conrelid::pg_catalog.regclass FROM pg_catalog.pg_constraint pc WHERE pc.oid = con.conparentid) END,
              ${comments('pg_constraint', 'con.oid')})`,
      '1',
      `FROM pg_catalog.unnest(o.cons) AS k(oid) JOIN pg_catalog.pg_constraint con ON con.oid = k.oid`,
    )},
    ${agg(
      `ROW(t.typname, t.typtype, t.typnotnull, t.typacl, CASE WHEN t.typacl IS NOT NULL THEN t.typowner::pg_catalog.regrole END,
              t.typrelid::pg_catalog.regclass, t.typelem::pg_catalog.regtype,
              CASE WHEN t.typtype = 'd' THEN pg_catalog.format_type(t.typbasetype, t.typtypmod) END,
              CASE WHEN t.typtype = 'd' THEN pg_catalog.pg_get_expr(t.typdefaultbin, 0) END, ${builtInOr('t.typcollation', 't.typcollation::pg_catalog.regcollation')},
              CASE WHEN t.typtype = 'e' THEN ARRAY(SELECT e.enumlabel FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) END,
              ${comments('pg_type', 't.oid')})`,
      't.typname',
      `FROM pg_catalog.unnest(o.typs) AS y(oid) JOIN pg_catalog.pg_type t ON t.oid = y.oid`,
    )},
    -- pg_get_functiondef qualifies the routine's name; stripped exactly as routines.ts does.
    ${agg(
      `ROW(p.proname, p.prokind, pg_catalog.pg_get_function_identity_arguments(p.oid),
              CASE WHEN p.prokind IN ('f', 'p') THEN (SELECT CASE WHEN pg_catalog.starts_with(f.def, f.head || f.qualifier)
                                                                THEN f.head || pg_catalog.substr(f.def, pg_catalog.length(f.head || f.qualifier) + 1) ELSE f.def END
              FROM (SELECT pg_catalog.pg_get_functiondef(p.oid) AS def, pg_catalog.quote_ident(n.nspname) || '.' AS qualifier,
                           'CREATE OR REPLACE ' || CASE WHEN p.prokind = 'p' THEN 'PROCEDURE' ELSE 'FUNCTION' END || ' ' AS head) AS f) END,
              p.proacl, CASE WHEN p.proacl IS NOT NULL THEN p.proowner::pg_catalog.regrole END, ${comments('pg_proc', 'p.oid')})`,
      '1',
      `FROM pg_catalog.unnest(o.procs) AS q(oid) JOIN pg_catalog.pg_proc p ON p.oid = q.oid`,
    )},
    -- Pretty definitions name the table as search_path sees it (the plain ones always qualify it).
    ${agg(
      `ROW(t.tgrelid::pg_catalog.regclass, t.tgname, pg_catalog.pg_get_triggerdef(t.oid, true), t.tgenabled, t.tgisinternal, ${triggerParent} <> 0, ${comments('pg_trigger', 't.oid')})`,
      '1',
      `FROM pg_catalog.unnest(o.rels) AS r(oid) JOIN pg_catalog.pg_trigger t ON t.tgrelid = r.oid
        WHERE NOT t.tgisinternal OR (${triggerParent} <> 0 AND (t.tgconstraint = 0
              OR (SELECT tc.contype FROM pg_catalog.pg_constraint tc WHERE tc.oid = t.tgconstraint) = 't'))`,
    )},
    ${agg(
      `ROW(pol.polrelid::pg_catalog.regclass, pol.polname, pol.polcmd, pol.polpermissive, pol.polroles::pg_catalog.regrole[],
              pg_catalog.pg_get_expr(pol.polqual, pol.polrelid), pg_catalog.pg_get_expr(pol.polwithcheck, pol.polrelid), ${comments('pg_policy', 'pol.oid')})`,
      '1',
      `FROM pg_catalog.unnest(o.rels) AS r(oid) JOIN pg_catalog.pg_policy pol ON pol.polrelid = r.oid`,
    )},
    ${agg(
      `ROW(rw.ev_class::pg_catalog.regclass, rw.rulename, pg_catalog.pg_get_ruledef(rw.oid), rw.ev_enabled, ${comments('pg_rewrite', 'rw.oid')})`,
      '1',
      `FROM pg_catalog.unnest(o.rels) AS r(oid) JOIN pg_catalog.pg_rewrite rw ON rw.ev_class = r.oid WHERE rw.rulename <> '_RETURN'`,
    )},
    ${agg(
      `ROW(i.inhrelid::pg_catalog.regclass, i.inhparent::pg_catalog.regclass, i.inhseqno, ${detachPending})`,
      '1',
      `FROM (SELECT i.* FROM pg_catalog.unnest(o.rels) AS r(oid) JOIN pg_catalog.pg_inherits i ON i.inhrelid = r.oid
                  UNION SELECT i.* FROM pg_catalog.unnest(o.rels) AS r(oid) JOIN pg_catalog.pg_inherits i ON i.inhparent = r.oid) i`,
    )},
    -- The normal dependencies on the schema's relations, types and routines, of the kinds of
    -- objects dependencies.ts reads them for, both ends by name: what the model's dependsOn lists
    -- are built from. Triggers are left out: internal ones are named after their oid and come with
    -- their constraint; a user trigger depends on what its definition, hashed above, names.
    ${agg(
      'line',
      'line COLLATE "C"',
      `FROM (
        SELECT pg_catalog.concat_ws(' ', pg_catalog.pg_describe_object(d.classid, d.objid, d.objsubid),
                                    pg_catalog.pg_describe_object(d.refclassid, d.refobjid, d.refobjsubid)) AS line
          FROM (SELECT r.oid, ${CLS} AS cls FROM pg_catalog.unnest(o.rels) AS r(oid)
                UNION ALL SELECT y.oid, 'pg_catalog.pg_type'::pg_catalog.regclass FROM pg_catalog.unnest(o.typs) AS y(oid)
                UNION ALL SELECT q.oid, 'pg_catalog.pg_proc'::pg_catalog.regclass FROM pg_catalog.unnest(o.procs) AS q(oid)) AS ob
          JOIN pg_catalog.pg_depend d ON d.refclassid = ob.cls AND d.refobjid = ob.oid AND d.deptype = 'n'
         WHERE d.classid IN ('pg_catalog.pg_rewrite'::pg_catalog.regclass, 'pg_catalog.pg_attrdef'::pg_catalog.regclass, ${CLS},
                             'pg_catalog.pg_constraint'::pg_catalog.regclass, 'pg_catalog.pg_type'::pg_catalog.regclass,
                             'pg_catalog.pg_proc'::pg_catalog.regclass)) AS deps`,
    )})`;
}

/** The batch's schemas (`ns`) and each one's objects (`objects`), as CTEs. */
function objectCtes(serverVersion: number): string {
  // Schema n's direct members and base types, from the CTEs below (each read once per schema).
  const direct: DirectMembers = (catalog) => `SELECT m.objid FROM members m WHERE m.ns = n.oid AND m.classid = 'pg_catalog.${catalog}'::pg_catalog.regclass`;
  const baseTypes = 'SELECT b.oid FROM base_types b WHERE b.ns = n.oid';
  return `ns AS MATERIALIZED (
  SELECT n.oid, n.nspname, n.nspacl FROM pg_catalog.pg_namespace n WHERE n.nspname = ANY ($1::pg_catalog.text[])
), members AS MATERIALIZED (
  -- What depends on each schema (pg_depend's index on the referenced object): every relation but
  -- indexes and composite types' rows, every type but row and array types, every routine, and
  -- whatever else the schema holds (catalog.ts contentsOf reads its kinds the same way).
  SELECT n.oid AS ns, d.classid, d.objid FROM ns n
    JOIN pg_catalog.pg_depend d ON d.refclassid = 'pg_catalog.pg_namespace'::pg_catalog.regclass AND d.refobjid = n.oid
), base_types AS MATERIALIZED (
  SELECT n.oid AS ns, b.oid FROM ns n CROSS JOIN LATERAL (${memberBaseTypes(direct)}) AS b(oid)
), objects AS MATERIALIZED (
  -- Each schema's objects as arrays of oids, found by index lookups from what depends on the
  -- schema, never by a scan of a whole catalog (schema-members.ts): a scan of pg_class, pg_type,
  -- pg_proc and pg_constraint cost each query more than digesting ten schemas on a database of
  -- 500 tenants, and grows with the fleet. Each set is filtered on its own namespace column too.
  SELECT n.oid AS ns,
         COALESCE((SELECT pg_catalog.array_agg(c.oid ORDER BY c.oid) FROM pg_catalog.pg_class c
                    WHERE c.relnamespace = n.oid AND c.oid IN (${memberRelations(direct)} UNION ALL ${memberIndexes(direct)})), '{}') AS rels,
         COALESCE((SELECT pg_catalog.array_agg(t.oid ORDER BY t.oid) FROM pg_catalog.pg_type t
                    WHERE t.typnamespace = n.oid AND t.oid IN (${memberTypes(baseTypes)})), '{}') AS typs,
         COALESCE((SELECT pg_catalog.array_agg(p.oid ORDER BY p.oid) FROM pg_catalog.pg_proc p
                    WHERE p.pronamespace = n.oid AND p.oid IN (${memberRoutines(direct)})), '{}') AS procs,
         -- Filtered on connamespace after the union (schema-members.ts says why).
         COALESCE((SELECT pg_catalog.array_agg(k.oid ORDER BY k.oid) FROM (${memberConstraintRows(direct, baseTypes)}) AS k
                    WHERE k.connamespace = n.oid), '{}') AS cons
    FROM ns n
`;
}

/**
 * Each schema's object sets as the digest finds them. @internal Only
 * test/schema/introspect/batch-digest.test.ts runs it, to compare them with the namespace columns.
 */
export function schemaObjectSetsSql(serverVersion: number): string {
  return `WITH ${objectCtes(serverVersion)}) SELECT n.nspname::text AS name, o.rels, o.typs, o.procs, o.cons FROM ns n JOIN objects o ON o.ns = n.oid`;
}

/** @internal test/schema/introspect/batch-digest.test.ts checks its generic plan scans no catalog that grows with the fleet. */
export function digestSql(serverVersion: number): string {
  return `
WITH ${objectCtes(serverVersion)}), extension_members AS MATERIALIZED (
  -- Extension members are left out of the model; a schema holding any is read in full.
  SELECT d.classid, d.objid FROM pg_catalog.pg_depend d
   WHERE d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass AND d.deptype = 'e'
), shared AS MATERIALIZED (
  -- What every schema of the database shares: the server, the settings that change how deparsed
  -- expressions print constants, and the extensions (the model lists them whichever schema they live in).
  SELECT pg_catalog.concat_ws(E'\\n', '${VERSION}', pg_catalog.current_setting('server_version_num'),
           pg_catalog.current_setting('DateStyle'), pg_catalog.current_setting('IntervalStyle'),
           pg_catalog.current_setting('TimeZone'), pg_catalog.current_setting('extra_float_digits'),
           (SELECT pg_catalog.string_agg(ROW(e.extname, en.nspname, e.extversion, ${comments('pg_extension', 'e.oid')})::text, E'\\n' ORDER BY e.extname)
              FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace en ON en.oid = e.extnamespace)) AS text
)
SELECT n.nspname::text AS name,
       ${contentsOf('n.oid')} AS contents,
       EXISTS (SELECT 1 FROM extension_members m
                WHERE (m.classid = ${CLS} AND m.objid = ANY (o.rels))
                   OR (m.classid = 'pg_catalog.pg_type'::pg_catalog.regclass AND m.objid = ANY (o.typs))
                   OR (m.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND m.objid = ANY (o.procs))) AS has_extension_members,
       -- search_path is set to the schema once, then everything of the schema is printed: the CASE
       -- makes the order certain (its condition runs before its result), and the target list of
       -- one row is evaluated before the next row's set_config.
       (SELECT CASE WHEN sp.path IS NOT NULL THEN
                 pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to((SELECT text FROM shared) || E'\\n\\x1d' || ${schemaText(serverVersion)}, 'UTF8')), 'hex')
               END
          FROM (SELECT pg_catalog.set_config('search_path', pg_catalog.quote_ident(n.nspname), true) AS path) AS sp) AS digest
  FROM ns n JOIN objects o ON o.ns = n.oid
`;
}

interface DigestRow {
  name: string;
  contents: string[] | null;
  has_extension_members: boolean;
  digest: string;
}

/** A connection's server version, asked once: a batch reads its digests in several queries on one connection. */
const serverVersions = new WeakMap<pg.ClientBase, number>();

async function serverVersionOf(client: pg.ClientBase): Promise<number> {
  let version = serverVersions.get(client);
  if (version === undefined) {
    version = Number((await client.query<{ v: string }>(`SELECT pg_catalog.current_setting('server_version_num') AS v`)).rows[0]?.v ?? 0);
    serverVersions.set(client, version);
  }
  return version;
}

/** Tells this digest apart from catalog-digest.ts's in a map of starting states keyed by digest. */
const PREFIX = 'batch:';

/**
 * The digest of each of `schemas` (one database), or null for a schema it does not cover (see
 * above); schemas that do not exist are absent from the map. One query, in a read-only REPEATABLE
 * READ transaction of its own, or a savepoint inside the caller's (whose snapshot it then shares).
 */
export async function readBatchDigests(client: pg.ClientBase, schemas: readonly string[]): Promise<Map<string, string | null>> {
  const digests = new Map<string, string | null>();
  const wanted = [...new Set(schemas)];
  if (wanted.length === 0) return digests;
  const status = client.getTransactionStatus();
  if (status === 'E') throw new Error('readBatchDigests: the client is in a failed transaction; roll it back first');
  const nested = status === 'T';
  // JIT off: the planner's estimate for this one large query passes jit_above_cost, and compiling
  // it took 13 s on a loaded 2-core host, against well under a second to run it. A generic plan:
  // the query is planned once per connection, not per call (planning it cost about as much as
  // digesting a few schemas), and every path in it is an index lookup whatever the schemas. SET
  // LOCAL ends with the transaction, or with the savepoint.
  await client.query(`${nested ? 'SAVEPOINT schemafleet_digest' : 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY'}; SET LOCAL jit = off; SET LOCAL plan_cache_mode = force_generic_plan`);
  try {
    const version = await serverVersionOf(client);
    const text = digestSql(version);
    const rows = (await client.query<DigestRow>({ name: `schemafleet_batch_digest_${version}`, text, values: [wanted] })).rows;
    for (const row of rows) {
      const covered = !row.has_extension_members && (row.contents ?? []).every((label) => COVERED_CONTENTS.has(label));
      digests.set(row.name, covered ? `${PREFIX}${row.digest}` : null);
    }
    return digests;
  } finally {
    await client.query(nested ? 'ROLLBACK TO SAVEPOINT schemafleet_digest; RELEASE SAVEPOINT schemafleet_digest' : 'ROLLBACK');
  }
}
