import type { Sequence } from '../model.js';
import { byName, commentOf, holdsRelations, notExtensionMember, queryCatalog, type CatalogContext, type CatalogScope } from './catalog.js';

/**
 * Sequences with their OWNED BY column. An identity column's sequence is owned with an internal
 * dependency (deptype 'i') and belongs to its column, so it is left out here; a serial column's is
 * an auto dependency ('a') and is listed.
 */
const SEQUENCES_SQL = (sc: CatalogScope): string => `
SELECT ${sc.key('c.relnamespace')}c.relname::text AS name, ${sc.seen('pg_catalog.format_type(s.seqtypid, NULL)', 'c.relnamespace')} AS data_type,
       s.seqstart::text AS start, s.seqincrement::text AS increment, s.seqmin::text AS min,
       s.seqmax::text AS max, s.seqcache::text AS cache, s.seqcycle AS cycle, c.relpersistence = 'u' AS unlogged,
       CASE WHEN ot.oid IS NULL THEN NULL
            WHEN ot.relnamespace = ${sc.own('c.relnamespace')} THEN ot.relname::text
            ELSE otn.nspname::text || '.' || ot.relname::text END AS owner_table,
       oa.attname::text AS owner_column,
       ${commentOf('pg_class', 'c.oid')} AS comment
  FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_sequence s ON s.seqrelid = c.oid
  LEFT JOIN pg_catalog.pg_depend od
    ON od.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND od.objid = c.oid AND od.objsubid = 0
   AND od.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND od.refobjsubid > 0 AND od.deptype IN ('a', 'i')
  LEFT JOIN pg_catalog.pg_class ot ON ot.oid = od.refobjid
  LEFT JOIN pg_catalog.pg_namespace otn ON otn.oid = ot.relnamespace
  LEFT JOIN pg_catalog.pg_attribute oa ON oa.attrelid = od.refobjid AND oa.attnum = od.refobjsubid
 WHERE ${sc.in('c.relnamespace', { relation: 'c.oid' })} AND c.relkind = 'S' AND od.deptype IS DISTINCT FROM 'i'
   AND ${notExtensionMember('pg_class', 'c.oid')}
`;

interface SequenceRow {
  name: string;
  data_type: string;
  start: string;
  increment: string;
  min: string;
  max: string;
  cache: string;
  cycle: boolean;
  unlogged: boolean;
  owner_table: string | null;
  owner_column: string | null;
  comment: string | null;
}

export async function readSequences(ctx: CatalogContext): Promise<Sequence[]> {
  const rows = holdsRelations(ctx, 'S') ? await queryCatalog<SequenceRow>(ctx, SEQUENCES_SQL) : [];
  return byName(
    rows.map((row) => ({
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
      comment: row.comment,
    })),
  );
}
