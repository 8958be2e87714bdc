import type { Column, Identity, StorageMode } from '../model.js';
import { commentOf, groupBy, queryCatalog, type CatalogContext, type CatalogScope } from './catalog.js';
import type { DependencyIndex } from './dependencies.js';

/**
 * PostgreSQL's own attribute options, sorted: an extension may keep options of its own on a
 * column, which no schema file declares.
 */
export const ATTRIBUTE_OPTIONS_SQL = `ARRAY(SELECT o FROM pg_catalog.unnest(a.attoptions) AS o
   WHERE o LIKE 'n\\_distinct=%' OR o LIKE 'n\\_distinct\\_inherited=%' ORDER BY o COLLATE "C")`;

/**
 * Attributes of every relation of the schema that has columns (tables, views, materialized views,
 * composite types) in one query, grouped by relation oid. An identity column's sequence is found
 * through its internal dependency so its options travel with the column.
 *
 * A batch of many schemas sets search_path to each row's schema before a call that prints names
 * (CatalogScope.seen), which costs more than the call: it is skipped where the output cannot depend
 * on it. A type of pg_catalog prints the same under any search_path (pg_catalog is searched first
 * unless named later, and seen() never names it), and a missing default or identity prints nothing.
 * On 50 SaaS schemas of 16 tables, the set_configs were about two thirds of the query's time.
 *
 * Every column of a partition counts as inherited: a partition has exactly its parent's columns,
 * whether it was created PARTITION OF (attislocal false) or attached (attislocal stays true), so
 * the two must read the same.
 */
const COLUMNS_SQL = (s: CatalogScope): string => `
SELECT ${s.key('c.relnamespace')}a.attrelid AS relid, a.attnum::int AS attnum, a.attname::text AS name,
       CASE WHEN t.typnamespace = 'pg_catalog'::pg_catalog.regnamespace THEN pg_catalog.format_type(a.atttypid, a.atttypmod)
            ELSE ${s.seen('pg_catalog.format_type(a.atttypid, a.atttypmod)', 'c.relnamespace')} END AS type,
       a.attnotnull AS not_null, a.attidentity::text AS identity, a.attgenerated::text AS generated,
       NOT a.attislocal OR c.relispartition AS inherited,
       CASE WHEN a.attcollation <> t.typcollation AND co.oid IS NOT NULL THEN
         CASE WHEN co.collnamespace IN ('pg_catalog'::pg_catalog.regnamespace, ${s.own('c.relnamespace')}) THEN co.collname::text
              ELSE cn.nspname::text || '.' || co.collname::text END
       END AS collation,
       CASE WHEN ad.adbin IS NOT NULL THEN ${s.seen('pg_catalog.pg_get_expr(ad.adbin, ad.adrelid)', 'c.relnamespace')} END AS expr,
       ${commentOf('pg_class', 'a.attrelid', 'a.attnum')} AS comment,
       a.attstorage::text AS storage, t.typstorage::text AS type_storage,
       -- attcompression is PostgreSQL 14+: read through the row, so older servers give NULL.
       NULLIF(pg_catalog.to_jsonb(a) ->> 'attcompression', '') AS compression,
       NULLIF(a.attstattarget, -1)::int AS statistics,
       ${ATTRIBUTE_OPTIONS_SQL} AS attribute_options,
       CASE WHEN s.seqtypid IS NOT NULL THEN ${s.seen('pg_catalog.format_type(s.seqtypid, NULL)', 'c.relnamespace')} END AS seq_type, s.seqstart::text AS seq_start,
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
 WHERE ${s.in('c.relnamespace', { relation: 'c.oid' })} AND c.relkind IN ('r', 'p', 'v', 'm', 'c') AND a.attnum > 0 AND NOT a.attisdropped
 ORDER BY a.attrelid, a.attnum
`;

export interface ColumnRow {
  relid: number;
  attnum: number;
  name: string;
  type: string;
  not_null: boolean;
  identity: string;
  generated: string;
  inherited: boolean;
  collation: string | null;
  expr: string | null;
  comment: string | null;
  storage: string;
  type_storage: string;
  compression: string | null;
  statistics: number | null;
  attribute_options: string[];
  seq_type: string | null;
  seq_start: string | null;
  seq_increment: string | null;
  seq_min: string | null;
  seq_max: string | null;
  seq_cache: string | null;
  seq_cycle: boolean | null;
}

export async function readColumnRows(ctx: CatalogContext): Promise<Map<number, ColumnRow[]>> {
  return groupBy(await queryCatalog<ColumnRow>(ctx, COLUMNS_SQL), (row) => row.relid);
}

function identityOf(row: ColumnRow): Identity | null {
  if (row.identity !== 'a' && row.identity !== 'd') return null;
  return {
    generation: row.identity === 'a' ? 'ALWAYS' : 'BY DEFAULT',
    sequence: {
      dataType: row.seq_type ?? 'integer',
      start: row.seq_start ?? '1',
      increment: row.seq_increment ?? '1',
      min: row.seq_min ?? '1',
      max: row.seq_max ?? '2147483647',
      cache: row.seq_cache ?? '1',
      cycle: row.seq_cycle ?? false,
    },
  };
}

const STORAGE_MODES: Record<string, StorageMode> = { p: 'plain', m: 'main', e: 'external', x: 'extended' };

function storageMode(code: string): StorageMode {
  return STORAGE_MODES[code] ?? 'extended';
}

/** A table's columns in attnum order; `relid` drops dependencies back onto the table itself. */
export function toColumns(rows: readonly ColumnRow[], deps: DependencyIndex): Column[] {
  return rows.map((row) => {
    // attgenerated is 's' (stored) or, from PostgreSQL 18, 'v' (virtual); both carry the expression.
    const generated = row.generated !== '' ? row.expr : null;
    return {
      name: row.name,
      type: row.type,
      notNull: row.not_null,
      default: row.identity === '' && row.generated === '' ? row.expr : null,
      identity: identityOf(row),
      generated,
      collation: row.collation,
      inherited: row.inherited,
      storage: storageMode(row.storage),
      typeStorage: storageMode(row.type_storage),
      compression: row.compression === 'p' ? 'pglz' : row.compression === 'l' ? 'lz4' : row.compression,
      statistics: row.statistics,
      attributeOptions: row.attribute_options,
      comment: row.comment,
      dependsOn: deps.merged([deps.keys('relation', row.relid, row.attnum, [row.relid])]),
    };
  });
}
