import type { Constraint, ConstraintKind } from '../model.js';
import { commentOf, queryCatalog, type CatalogContext, type CatalogScope } from './catalog.js';
import type { DependencyIndex } from './dependencies.js';

const KINDS: Record<string, ConstraintKind> = {
  p: 'primary key',
  u: 'unique',
  c: 'check',
  f: 'foreign key',
  x: 'exclusion',
};

/**
 * Table constraints. Left out: NOT NULL rows (contype 'n', PostgreSQL 18; the model reads
 * attnotnull), constraint triggers (contype 't'; they are triggers), and the extra rows PostgreSQL
 * adds on the referencing table for each partition of a partitioned referenced table (they carry
 * the same name and a parent on the same table, and come and go with the real foreign key).
 */
const CONSTRAINTS_SQL = (s: CatalogScope): string => `
SELECT ${s.key('c.relnamespace')}con.oid, con.conrelid AS relid, con.conname::text AS name, con.contype::text AS type,
       -- A primary key or unique constraint prints column names only: no search_path to set (columns.ts says why that matters in a batch).
       CASE WHEN con.contype IN ('p', 'u') THEN pg_catalog.pg_get_constraintdef(con.oid)
            ELSE ${s.seen('pg_catalog.pg_get_constraintdef(con.oid)', 'c.relnamespace')} END AS definition,
       ARRAY(SELECT a.attname::text
               FROM pg_catalog.unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
               JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
              ORDER BY k.ord) AS columns,
       con.convalidated AS validated, con.condeferrable AS deferrable, con.condeferred AS deferred,
       (NOT con.conislocal OR con.conparentid <> 0) AS inherited,
       CASE WHEN ref.oid IS NULL THEN NULL
            WHEN ref.relnamespace = ${s.own('c.relnamespace')} THEN ref.relname::text
            ELSE rn.nspname::text || '.' || ref.relname::text END AS ref_table,
       ARRAY(SELECT a.attname::text
               FROM pg_catalog.unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
               JOIN pg_catalog.pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum
              ORDER BY k.ord) AS ref_columns,
       ${commentOf('pg_constraint', 'con.oid')} AS comment
  FROM pg_catalog.pg_constraint con
  JOIN pg_catalog.pg_class c ON c.oid = con.conrelid
  LEFT JOIN pg_catalog.pg_class ref ON con.contype = 'f' AND ref.oid = con.confrelid
  LEFT JOIN pg_catalog.pg_namespace rn ON rn.oid = ref.relnamespace
 WHERE ${s.in('c.relnamespace', { relation: 'c.oid' })} AND c.relkind IN ('r', 'p') AND con.contype IN ('p', 'u', 'c', 'f', 'x')
   AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint pc
                    WHERE pc.oid = con.conparentid AND pc.conrelid = con.conrelid)
`;

interface ConstraintRow {
  oid: number;
  relid: number;
  name: string;
  type: string;
  definition: string;
  columns: string[];
  validated: boolean;
  deferrable: boolean;
  deferred: boolean;
  inherited: boolean;
  ref_table: string | null;
  ref_columns: string[];
  comment: string | null;
}

/** Constraints keyed by the oid of their table. */
export async function readConstraints(ctx: CatalogContext, deps: DependencyIndex): Promise<Map<number, Constraint[]>> {
  const rows = await queryCatalog<ConstraintRow>(ctx, CONSTRAINTS_SQL);
  const byTable = new Map<number, Constraint[]>();
  for (const row of rows) {
    const kind = KINDS[row.type];
    if (!kind) continue;
    const constraint: Constraint = {
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
      dependsOn: deps.merged([deps.keys('constraint', row.oid, 0, [row.relid])]),
    };
    const list = byTable.get(row.relid);
    if (list) list.push(constraint);
    else byTable.set(row.relid, [constraint]);
  }
  return byTable;
}
