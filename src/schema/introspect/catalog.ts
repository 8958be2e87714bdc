import { createHash } from 'node:crypto';
import type pg from 'pg';
import { dependingOn, memberBaseTypes, memberRelations, memberRoutines, memberTypes } from './schema-members.js';

/** What every family query needs: the client (search_path already set) and the schema's oid. */
export interface CatalogContext {
  readonly client: pg.ClientBase;
  readonly schema: string;
  readonly schemaOid: number;
  /** server_version_num: the family queries pick version-specific columns from it. */
  readonly serverVersion: number;
  /**
   * Set when many schemas are read together (introspect-schemas.ts): each family is then read
   * once for all of them, and this schema's rows are picked out of that one result.
   */
  readonly batch?: CatalogBatch;
  /**
   * What the schema (or, when read together, any of the schemas) holds at its top level; families
   * and branches for kinds it does not hold are not queried at all. Undefined: query everything.
   */
  readonly contents?: SchemaContents;
  /**
   * Set when the schemas read together are one set (schema-set.ts), not independent tenants: the
   * names of the batch's schemas by oid. Dependencies on objects of the others are then recorded,
   * as `kind:schema.name`, so the diff can order changes across them.
   */
  readonly setSchemas?: ReadonlyMap<number, string>;
  /**
   * pg_class is large (plan-cache-mode.ts): the family queries find rows of the catalogs that grow
   * with the tenants by oid among the schemas' members, not by a scan of their namespace column.
   */
  readonly largeCatalog?: boolean;
}

/**
 * The kinds of top-level objects in a schema: catalog names (`pg_proc`, `pg_type`, …) and, for
 * relations, `pg_class:<relkind>`. Read from pg_depend's entries that point at the namespace,
 * through its index on the referenced object, so the cost does not grow with the database's
 * other schemas. Every object that lives in a schema has such an entry: it is what
 * DROP SCHEMA … CASCADE follows, so nothing that lives in the schema can be missing from it.
 *
 * Skipping families this way matters most on a fresh connection: the first query touching a
 * catalog pays for loading that catalog and its indexes into the backend's caches (measured on
 * PostgreSQL 15: the unsupported-objects query alone costs ~30 ms of server CPU on a new backend).
 */
type SchemaContents = ReadonlySet<string>;

/** A select-list expression: the contents labels of the schema whose oid is `namespace`, as text[]. */
export function contentsOf(namespace: string): string {
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

/** True when the schema holds any of `labels` (or when its contents are unknown). */
export function holds(ctx: Pick<CatalogContext, 'contents'>, ...labels: readonly string[]): boolean {
  const contents = ctx.contents;
  return contents === undefined || labels.some((label) => contents.has(label));
}

/** True when the schema holds a relation of any of `relkinds`. */
export function holdsRelations(ctx: Pick<CatalogContext, 'contents'>, relkinds: string): boolean {
  return holds(ctx, ...[...relkinds].map((kind) => `pg_class:${kind}`));
}

/**
 * How a family query is aimed at its schema(s). One schema (`$1` is its oid, search_path is the
 * schema): the text is what it always was. Many schemas (`$1` is an oid[]): each row carries its
 * schema's oid, comparisons with "the schema" use the row's own namespace, and every catalog
 * function that prints names runs right after search_path is set to the row's own schema, so it
 * prints exactly what the one-schema read prints.
 */
export interface CatalogScope {
  /**
   * The predicate picking the scope's objects by their namespace column. For a row of pg_class,
   * pg_type or pg_proc, `member` names its oid column too: on a large catalog the
   * row is then also looked up by oid among the schemas' members (schema-members.ts), an index
   * scan, where the namespace column has no index and is read by a scan of the whole catalog,
   * which grows with every tenant in the database.
   */
  in(namespace: string, member?: MemberOid): string;
  /** The oid of the row's own schema (whose objects print unqualified). */
  own(namespace: string): string;
  /** A call of a name-printing catalog function (pg_get_expr, format_type, …), as the row's schema sees it. */
  seen(call: string, namespace: string): string;
  /** Leading select-list item naming the row's schema (nothing for one schema). */
  key(namespace: string): string;
  /** A FROM item `alias(oid)` listing the scope's schemas, for objects that belong to no schema (casts). */
  each(alias: string): string;
}

/** The oid column of a pg_class (relation), pg_type (type) or pg_proc (routine) row. */
type MemberOid = { readonly relation: string } | { readonly type: string } | { readonly routine: string };

/**
 * `namespace` in the schemas (`schemas`: `= $1`, `= ANY (…)`) and, with `member`, the row's oid among
 * their members. ARRAY(…) rather than IN (…): the planner then probes the catalog's oid index once
 * per member, where a semi-join may still choose to scan the catalog.
 */
function inSchemas(schemas: string, namespace: string, member: MemberOid | undefined): string {
  const own = `${namespace} ${schemas}`;
  if (member === undefined) return own;
  const direct = dependingOn(schemas);
  if ('relation' in member) return `${own} AND ${member.relation} = ANY (ARRAY(${memberRelations(direct)}))`;
  if ('type' in member) return `${own} AND ${member.type} = ANY (ARRAY(${memberTypes(memberBaseTypes(direct))}))`;
  return `${own} AND ${member.routine} = ANY (ARRAY(${memberRoutines(direct)}))`;
}

const ONE_SCHEMA: CatalogScope = {
  in: (namespace) => `${namespace} = $1`,
  own: () => '$1',
  seen: (call) => call,
  key: () => '',
  each: (alias) => `(SELECT $1::pg_catalog.oid AS oid) AS ${alias}`,
};

const MANY_SCHEMAS: CatalogScope = {
  in: (namespace) => `${namespace} = ANY ($1::pg_catalog.oid[])`,
  own: (namespace) => namespace,
  // The CASE makes the order certain: its condition (the set_config) is evaluated before its
  // result (the call). The sub-select on a volatile function is never flattened or cached.
  seen: (call, namespace) => `(SELECT CASE WHEN sp.path IS NOT NULL THEN ${call} END
      FROM (SELECT pg_catalog.set_config('search_path', pg_catalog.quote_ident(spn.nspname), true) AS path
              FROM pg_catalog.pg_namespace spn WHERE spn.oid = ${namespace}) AS sp)`,
  key: (namespace) => `${namespace} AS schema_oid, `,
  each: (alias) => `pg_catalog.unnest($1::pg_catalog.oid[]) AS ${alias}(oid)`,
};

const ONE_SCHEMA_BY_MEMBERS: CatalogScope = { ...ONE_SCHEMA, in: (namespace, member) => inSchemas('= $1', namespace, member) };
const MANY_SCHEMAS_BY_MEMBERS: CatalogScope = { ...MANY_SCHEMAS, in: (namespace, member) => inSchemas('= ANY ($1::pg_catalog.oid[])', namespace, member) };

/** The scope of a read of many schemas together, on a large catalog or not (CatalogContext.largeCatalog). */
export function manySchemas(largeCatalog: boolean): CatalogScope {
  return largeCatalog ? MANY_SCHEMAS_BY_MEMBERS : MANY_SCHEMAS;
}

/** A family query: fixed text, or text built for a scope (one schema or many). */
export type CatalogSql = string | ((scope: CatalogScope) => string);

/** Reads family queries once for many schemas and hands each schema its own rows. */
export interface CatalogBatch {
  rows<R extends pg.QueryResultRow>(schemaOid: number, sql: CatalogSql): Promise<R[]>;
  /** Every schema's rows of a family query, by schema oid (rows are shared: do not change them). */
  allRows<R extends pg.QueryResultRow>(sql: CatalogSql): Promise<ReadonlyMap<number, readonly R[]>>;
  /** A query that does not depend on the schema (extensions), read once. */
  shared<R extends pg.QueryResultRow>(sql: string): Promise<R[]>;
}

const statementNames = new Map<string, string>();

export function statementName(sql: string): string {
  let name = statementNames.get(sql);
  if (name === undefined) {
    name = `schemafleet_introspect_${createHash('sha256').update(sql).digest('hex').slice(0, 20)}`;
    statementNames.set(sql, name);
  }
  return name;
}

/**
 * Runs one catalog query with the schema oid as $1, as a named prepared statement: planning these
 * catalog joins costs about as much as running them, and with plan_cache_mode forced to generic
 * plans (see introspect-schema.ts) a connection that introspects again (apply verifies, fleet
 * workers go through many schemas) plans each family once. The name is derived from the text, so
 * version-specific variants never collide.
 */
export async function queryCatalog<R extends pg.QueryResultRow>(ctx: CatalogContext, sql: CatalogSql): Promise<R[]> {
  if (ctx.batch) return ctx.batch.rows<R>(ctx.schemaOid, sql);
  const text = typeof sql === 'string' ? sql : sql(ctx.largeCatalog ? ONE_SCHEMA_BY_MEMBERS : ONE_SCHEMA);
  return (await ctx.client.query<R>({ name: statementName(text), text, values: [ctx.schemaOid] })).rows;
}

/** A catalog query without parameters that reads the same for every schema of the database. */
export async function querySharedCatalog<R extends pg.QueryResultRow>(ctx: CatalogContext, sql: string): Promise<R[]> {
  if (ctx.batch) return ctx.batch.shared<R>(sql);
  return (await ctx.client.query<R>(sql)).rows;
}

/**
 * Objects created by CREATE EXTENSION come and go with their extension, so every family leaves
 * them out; this is the predicate, for an object `oid` of catalog `catalog`.
 */
export function notExtensionMember(catalog: string, oid: string): string {
  return `NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend ext_d
    WHERE ext_d.classid = 'pg_catalog.${catalog}'::pg_catalog.regclass AND ext_d.objid = ${oid} AND ext_d.deptype = 'e')`;
}

/**
 * Objects PostgreSQL makes as part of another (a range type's constructor functions and
 * multirange casts) carry an internal dependency on it and come and go with it.
 */
export function notInternalPart(catalog: string, oid: string): string {
  return `NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend int_d
    WHERE int_d.classid = 'pg_catalog.${catalog}'::pg_catalog.regclass AND int_d.objid = ${oid} AND int_d.deptype = 'i')`;
}

/** The comment of an object, as a scalar subquery (pg_description is keyed, so this is an index probe). */
export function commentOf(catalog: string, oid: string, subid = '0'): string {
  return `(SELECT cd.description FROM pg_catalog.pg_description cd
    WHERE cd.classoid = 'pg_catalog.${catalog}'::pg_catalog.regclass AND cd.objoid = ${oid} AND cd.objsubid = ${subid})`;
}

/**
 * Code-unit order, not localeCompare: the model must serialise identically whatever the locale of
 * the machine that produced it.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function byName<T extends { readonly name: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => compareText(a.name, b.name));
}

export function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort(compareText);
}

/** Groups rows by a numeric key (an oid), keeping their order. */
export function groupBy<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const row of rows) {
    const k = key(row);
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}
