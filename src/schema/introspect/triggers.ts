import type { Trigger } from '../model.js';
import { commentOf, queryCatalog, type CatalogContext, type CatalogScope } from './catalog.js';
import type { DependencyIndex } from './dependencies.js';

/**
 * User triggers of tables. Internal triggers (foreign keys, deferrable unique constraints) are
 * left out; but up to PostgreSQL 14 the clone of a user trigger on a partition is also marked
 * internal, so a clone (tgparentid set) that is not a foreign-key/unique helper is kept.
 * Triggers on views (INSTEAD OF ones above all) are read too; those on foreign tables are
 * reported as unsupported.
 */
function triggersSql(serverVersion: number, s: CatalogScope): string {
  const parent = serverVersion >= 130000 ? 't.tgparentid' : '0::oid';
  return `
SELECT ${s.key('c.relnamespace')}t.oid, t.tgrelid AS relid, t.tgname::text AS name, c.relname::text AS table,
       ${s.seen('pg_catalog.pg_get_triggerdef(t.oid)', 'c.relnamespace')} AS definition, t.tgenabled::text AS enabled,
       pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.relname) AS qualified,
       pg_catalog.quote_ident(c.relname) AS unqualified,
       ${parent} <> 0 AS inherited,
       ${commentOf('pg_trigger', 't.oid')} AS comment
  FROM pg_catalog.pg_trigger t
  JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  LEFT JOIN pg_catalog.pg_constraint tc ON tc.oid = t.tgconstraint
 WHERE ${s.in('c.relnamespace', { relation: 'c.oid' })} AND c.relkind IN ('r', 'p', 'v')
   AND (NOT t.tgisinternal OR (${parent} <> 0 AND (t.tgconstraint = 0 OR tc.contype = 't')))
`;
}

interface TriggerRow {
  oid: number;
  relid: number;
  name: string;
  table: string;
  definition: string;
  enabled: Trigger['enabled'];
  inherited: boolean;
  qualified: string;
  unqualified: string;
  comment: string | null;
}

/**
 * pg_get_triggerdef always qualifies the table (`… ON public.orders …`); the first ` ON <qualified> `
 * outside a quoted identifier (column lists of UPDATE OF are quoted when odd) is the table.
 */
function unqualifyTriggerDefinition(definition: string, qualified: string, unqualified: string): string {
  const needle = ` ON ${qualified} `;
  let inQuotes = false;
  for (let i = 0; i < definition.length; i++) {
    if (definition[i] === '"') inQuotes = !inQuotes;
    else if (!inQuotes && definition.startsWith(needle, i)) {
      return `${definition.slice(0, i)} ON ${unqualified} ${definition.slice(i + needle.length)}`;
    }
  }
  return definition;
}

/** Triggers keyed by the oid of their table or view. */
export async function readTriggers(ctx: CatalogContext, deps: DependencyIndex): Promise<Map<number, Trigger[]>> {
  const rows = await queryCatalog<TriggerRow>(ctx, (s) => triggersSql(ctx.serverVersion, s));
  const byTable = new Map<number, Trigger[]>();
  for (const row of rows) {
    const trigger: Trigger = {
      name: row.name,
      table: row.table,
      definition: unqualifyTriggerDefinition(row.definition, row.qualified, row.unqualified),
      enabled: row.enabled,
      inherited: row.inherited,
      comment: row.comment,
      dependsOn: deps.merged([deps.keys('trigger', row.oid, 0, [row.relid])]),
    };
    const list = byTable.get(row.relid);
    if (list) list.push(trigger);
    else byTable.set(row.relid, [trigger]);
  }
  return byTable;
}
