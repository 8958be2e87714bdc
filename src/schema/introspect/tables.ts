import type { Constraint, Index, Policy, ReplicaIdentity, Table, Trigger } from '../model.js';
import { byName, commentOf, compareText, notExtensionMember, queryCatalog, type CatalogContext, type CatalogScope } from './catalog.js';
import { toColumns, type ColumnRow } from './columns.js';
import type { DependencyIndex } from './dependencies.js';

/**
 * Ordinary and partitioned tables, children of table inheritance among them. Typed tables are
 * left to the unsupported family: the model has no way to express them.
 */
const tablesSql =
  (serverVersion: number) =>
  (s: CatalogScope): string => `
SELECT ${s.key('c.relnamespace')}c.oid, c.relname::text AS name, c.relkind::text AS kind, c.relpersistence = 'u' AS unlogged,
       CASE WHEN c.relkind = 'p' THEN ${s.seen('pg_catalog.pg_get_partkeydef(c.oid)', 'c.relnamespace')} END AS partition_key,
       CASE WHEN parent.oid IS NULL THEN NULL
            WHEN parent.relnamespace = ${s.own('c.relnamespace')} THEN parent.relname::text
            ELSE pn.nspname::text || '.' || parent.relname::text END AS parent,
       CASE WHEN c.relispartition THEN ${s.seen('pg_catalog.pg_get_expr(c.relpartbound, c.oid)', 'c.relnamespace')} END AS bound,
       ${serverVersion >= 140000 ? 'COALESCE(pi.inhdetachpending, false)' : 'false'} AS detach_pending,
       CASE WHEN c.relispartition THEN '{}'::text[] ELSE ARRAY(
         SELECT CASE WHEN ip.relnamespace = ${s.own('c.relnamespace')} THEN ip.relname::text ELSE ipn.nspname::text || '.' || ip.relname::text END
           FROM pg_catalog.pg_inherits ii JOIN pg_catalog.pg_class ip ON ip.oid = ii.inhparent JOIN pg_catalog.pg_namespace ipn ON ipn.oid = ip.relnamespace
          WHERE ii.inhrelid = c.oid ORDER BY ii.inhseqno) END AS inherits,
       c.relrowsecurity AS rls, c.relforcerowsecurity AS force_rls,
       c.relreplident::text AS replident,
       (SELECT ic.relname::text FROM pg_catalog.pg_index ri JOIN pg_catalog.pg_class ic ON ic.oid = ri.indexrelid
         WHERE ri.indrelid = c.oid AND ri.indisreplident) AS replident_index,
       COALESCE(c.reloptions, '{}')::text[] AS options,
       ${commentOf('pg_class', 'c.oid')} AS comment
  FROM pg_catalog.pg_class c
  LEFT JOIN pg_catalog.pg_inherits pi ON c.relispartition AND pi.inhrelid = c.oid
  LEFT JOIN pg_catalog.pg_class parent ON parent.oid = pi.inhparent
  LEFT JOIN pg_catalog.pg_namespace pn ON pn.oid = parent.relnamespace
 WHERE ${s.in('c.relnamespace', { relation: 'c.oid' })} AND c.relkind IN ('r', 'p') AND c.reloftype = 0
   AND ${notExtensionMember('pg_class', 'c.oid')}
`;

export interface TableRow {
  oid: number;
  name: string;
  kind: 'r' | 'p';
  unlogged: boolean;
  partition_key: string | null;
  parent: string | null;
  bound: string | null;
  /** PostgreSQL 14+: DETACH … CONCURRENTLY stopped between its two transactions. */
  detach_pending: boolean;
  inherits: string[];
  rls: boolean;
  force_rls: boolean;
  /** relreplident: d (default), f (full), n (nothing), i (index). */
  replident: string;
  replident_index: string | null;
  options: string[];
  comment: string | null;
}

export async function readTableRows(ctx: CatalogContext): Promise<TableRow[]> {
  return queryCatalog<TableRow>(ctx, tablesSql(ctx.serverVersion));
}

/** What the other families found, keyed by the oid of the table they belong to. */
export interface TableParts {
  readonly columns: Map<number, ColumnRow[]>;
  readonly constraints: Map<number, Constraint[]>;
  readonly indexes: Map<number, Index[]>;
  readonly triggers: Map<number, Trigger[]>;
  readonly policies: Map<number, Policy[]>;
}

function toReplicaIdentity(row: TableRow): ReplicaIdentity {
  if (row.replident === 'f') return 'full';
  if (row.replident === 'n') return 'nothing';
  // USING INDEX whose index was dropped since: PostgreSQL then sends nothing to identify a row.
  if (row.replident === 'i') return row.replident_index === null ? 'nothing' : { index: row.replident_index };
  return 'default';
}

export function toTables(rows: readonly TableRow[], parts: TableParts, deps: DependencyIndex): Table[] {
  return byName(
    rows.map((row) => ({
      name: row.name,
      kind: row.kind === 'p' ? 'partitioned' : 'table',
      unlogged: row.unlogged,
      partitionKey: row.partition_key,
      partitionOf: row.parent !== null ? { parent: row.parent, bound: row.bound ?? '', ...(row.detach_pending ? { detachPending: true as const } : {}) } : null,
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
      comment: row.comment,
    })),
  );
}
