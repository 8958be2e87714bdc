import type { Index } from '../model.js';
import { commentOf, notExtensionMember, queryCatalog, type CatalogContext, type CatalogScope } from './catalog.js';

/**
 * Indexes of tables and materialized views, except those that implement a primary key, unique or
 * exclusion constraint (they are created and dropped by their constraint). The join on conrelid
 * matters: a foreign key's conindid names the *referenced* table's index.
 */
const INDEXES_SQL = (s: CatalogScope): string => `
SELECT ${s.key('tc.relnamespace')}i.indexrelid AS oid, i.indrelid AS relid, ic.relname::text AS name, tc.relname::text AS table,
       i.indisunique AS unique, ${s.seen('pg_catalog.pg_get_indexdef(i.indexrelid)', 'tc.relnamespace')} AS definition,
       'CREATE ' || CASE WHEN i.indisunique THEN 'UNIQUE ' ELSE '' END || 'INDEX '
         || pg_catalog.quote_ident(ic.relname) || ' ON ' AS prefix,
       pg_catalog.quote_ident(tn.nspname) || '.' || pg_catalog.quote_ident(tc.relname) AS qualified,
       pg_catalog.quote_ident(tc.relname) AS unqualified,
       am.amname::text AS method,
       ARRAY(SELECT ${s.seen('pg_catalog.pg_get_indexdef(i.indexrelid, k, true)', 'tc.relnamespace')}
               FROM pg_catalog.generate_series(1, i.indnatts) AS k ORDER BY k) AS columns,
       CASE WHEN i.indpred IS NOT NULL THEN ${s.seen('pg_catalog.pg_get_expr(i.indpred, i.indrelid)', 'tc.relnamespace')} END AS predicate,
       i.indisvalid AS valid,
       EXISTS (SELECT 1 FROM pg_catalog.pg_inherits inh WHERE inh.inhrelid = i.indexrelid) AS inherited,
       ${commentOf('pg_class', 'i.indexrelid')} AS comment
  FROM pg_catalog.pg_index i
  JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
  JOIN pg_catalog.pg_class tc ON tc.oid = i.indrelid
  JOIN pg_catalog.pg_namespace tn ON tn.oid = tc.relnamespace
  JOIN pg_catalog.pg_am am ON am.oid = ic.relam
 WHERE ${s.in('tc.relnamespace', { relation: 'tc.oid' })} AND tc.relkind IN ('r', 'p', 'm')
   AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint con
                    WHERE con.conindid = i.indexrelid AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u', 'x'))
   AND ${notExtensionMember('pg_class', 'i.indexrelid')}
`;

interface IndexRow {
  oid: number;
  relid: number;
  name: string;
  table: string;
  unique: boolean;
  definition: string;
  prefix: string;
  qualified: string;
  unqualified: string;
  method: string;
  columns: string[];
  predicate: string | null;
  valid: boolean;
  inherited: boolean;
  comment: string | null;
}

/**
 * pg_get_indexdef qualifies the table whatever search_path says; replacing exactly the qualified
 * name right after the known prefix keeps a name that merely contains the same text untouched.
 */
function unqualifyIndexDefinition(definition: string, prefix: string, qualified: string, unqualified: string): string {
  if (!definition.startsWith(prefix)) return definition;
  const rest = definition.slice(prefix.length);
  for (const only of ['ONLY ', '']) {
    if (rest.startsWith(`${only}${qualified} `)) {
      return `${prefix}${only}${unqualified}${rest.slice(only.length + qualified.length)}`;
    }
  }
  return definition;
}

/** Indexes keyed by the oid of their table or materialized view. */
export async function readIndexes(ctx: CatalogContext): Promise<Map<number, Index[]>> {
  const rows = await queryCatalog<IndexRow>(ctx, INDEXES_SQL);
  const byRelation = new Map<number, Index[]>();
  for (const row of rows) {
    const index: Index = {
      name: row.name,
      table: row.table,
      unique: row.unique,
      definition: unqualifyIndexDefinition(row.definition, row.prefix, row.qualified, row.unqualified),
      method: row.method,
      columns: row.columns,
      predicate: row.predicate,
      valid: row.valid,
      inherited: row.inherited,
      comment: row.comment,
    };
    const list = byRelation.get(row.relid);
    if (list) list.push(index);
    else byRelation.set(row.relid, [index]);
  }
  return byRelation;
}
