import type { ObjectKey } from '../model.js';
import { queryCatalog, sortedUnique, type CatalogContext, type CatalogScope } from './catalog.js';

/** Which model object a pg_depend row belongs to, by the catalog of the dependent object. */
export type Dependent = 'relation' | 'constraint' | 'type' | 'trigger' | 'routine';

/**
 * All normal (deptype 'n') dependencies on objects of the schema, read in one query.
 * It starts from the referenced objects (indexed by refobjid) so its cost follows the size of the
 * schema, not of pg_depend, which holds every tenant's objects when schemas are tenants.
 * Rewrite rules are folded into their view and column defaults into their column, so callers look
 * up what they model: (relation oid, attnum), constraint oid, type oid, trigger oid, routine oid.
 */
const DEPENDENCIES_SQL = (s: CatalogScope): string => `
WITH refs AS (
  SELECT ${s.key('c.relnamespace')}'pg_catalog.pg_class'::pg_catalog.regclass::oid AS refclassid, c.oid AS refoid,
         CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'S' THEN 'sequence'
                        WHEN 'c' THEN 'type' ELSE 'table' END AS kind,
         c.relname::text AS name, c.relkind IN ('r', 'p', 'v', 'm') AS has_columns
    FROM pg_catalog.pg_class c
   WHERE ${s.in('c.relnamespace', { relation: 'c.oid' })} AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'c')
  UNION ALL
  SELECT ${s.key('p.pronamespace')}'pg_catalog.pg_proc'::pg_catalog.regclass::oid, p.oid, 'routine',
         p.proname::text || '(' || ${s.seen('pg_catalog.pg_get_function_identity_arguments(p.oid)', 'p.pronamespace')} || ')', false
    FROM pg_catalog.pg_proc p
   WHERE ${s.in('p.pronamespace', { routine: 'p.oid' })}
  UNION ALL
  -- An array type stands for its element type; a relation's row type for the relation.
  SELECT ${s.key('t.typnamespace')}'pg_catalog.pg_type'::pg_catalog.regclass::oid, t.oid,
         CASE WHEN rel.oid IS NULL THEN 'type'
              ELSE CASE rel.relkind WHEN 'c' THEN 'type' WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' ELSE 'table' END
         END,
         COALESCE(rel.relname, base.typname)::text, false
    FROM pg_catalog.pg_type t
    JOIN pg_catalog.pg_type base
      ON base.oid = CASE WHEN t.typelem <> 0 AND t.typlen = -1 THEN t.typelem ELSE t.oid END
    LEFT JOIN pg_catalog.pg_class rel ON rel.oid = base.typrelid
   WHERE ${s.in('t.typnamespace', { type: 't.oid' })}
)
SELECT ${s.key('r.schema_oid')}CASE d.classid
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

interface DependencyRow {
  dependent: Dependent;
  oid: number;
  subid: number;
  refoid: number;
  key: string;
  column_key: string | null;
}

export class DependencyIndex {
  private readonly byDependent = new Map<string, DependencyRow[]>();

  constructor(rows: readonly DependencyRow[]) {
    for (const row of rows) {
      const k = `${row.dependent}:${row.oid}:${row.subid}`;
      const list = this.byDependent.get(k);
      if (list) list.push(row);
      else this.byDependent.set(k, [row]);
    }
  }

  /**
   * Keys the object depends on. `selfOids` drops references back to the object's own relation
   * (a view's rule reading the view, a check constraint reading its table), which would only
   * make cycles in the diff's graph.
   */
  keys(dependent: Dependent, oid: number, subid = 0, selfOids: readonly number[] = []): ObjectKey[] {
    const rows = this.byDependent.get(`${dependent}:${oid}:${subid}`) ?? [];
    // A column reference also names its relation: whoever reads a column needs the relation first.
    return rows.filter((row) => !selfOids.includes(row.refoid)).flatMap((row) => (row.column_key !== null ? [row.key, row.column_key] : [row.key]));
  }

  /** Dependencies of several objects merged (a domain and its constraints, a column's type and default). */
  merged(parts: readonly ObjectKey[][]): ObjectKey[] {
    return sortedUnique(parts.flat());
  }
}

export async function readDependencies(ctx: CatalogContext): Promise<DependencyIndex> {
  if (ctx.batch && ctx.setSchemas) return new DependencyIndex(await setDependencyRows(ctx.batch, ctx.schemaOid, ctx.setSchemas));
  return new DependencyIndex(await queryCatalog<DependencyRow>(ctx, DEPENDENCIES_SQL));
}

/**
 * A schema of a set depends on objects of the others too (a foreign key to `audit.plans`, a view
 * over another schema's table, a column of another schema's type). The batch's rows are keyed by
 * the schema of the referenced object, and rows of another schema may name a dependent of this
 * one: those are kept, their keys qualified the way PostgreSQL prints such a reference
 * (`table:audit.plans`, `column:audit.plans.id`), which is how references.table spells it too.
 */
async function setDependencyRows(batch: NonNullable<CatalogContext['batch']>, own: number, names: ReadonlyMap<number, string>): Promise<DependencyRow[]> {
  const all = await batch.allRows<DependencyRow>(DEPENDENCIES_SQL);
  const rows: DependencyRow[] = [...(all.get(own) ?? [])];
  for (const [oid, list] of all) {
    const schema = names.get(oid);
    if (oid === own || schema === undefined) continue;
    for (const row of list) {
      const colon = row.key.indexOf(':');
      rows.push({
        ...row,
        key: `${row.key.slice(0, colon + 1)}${schema}.${row.key.slice(colon + 1)}`,
        column_key: row.column_key === null ? null : `column:${schema}.${row.column_key.slice('column:'.length)}`,
      });
    }
  }
  return rows;
}
