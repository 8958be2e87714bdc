import type { Index, MaterializedView, Trigger, View } from '../model.js';
import { byName, commentOf, compareText, holdsRelations, notExtensionMember, queryCatalog, type CatalogContext, type CatalogScope } from './catalog.js';
import type { ColumnRow } from './columns.js';
import type { DependencyIndex } from './dependencies.js';

const VIEWS_SQL = (s: CatalogScope): string => `
SELECT ${s.key('c.relnamespace')}c.oid, c.relname::text AS name, c.relkind::text AS kind,
       ${s.seen('pg_catalog.pg_get_viewdef(c.oid, true)', 'c.relnamespace')} AS definition,
       COALESCE(c.reloptions, '{}')::text[] AS options,
       ${commentOf('pg_class', 'c.oid')} AS comment
  FROM pg_catalog.pg_class c
 WHERE ${s.in('c.relnamespace', { relation: 'c.oid' })} AND c.relkind IN ('v', 'm')
   AND ${notExtensionMember('pg_class', 'c.oid')}
`;

interface ViewRow {
  oid: number;
  name: string;
  kind: 'v' | 'm';
  definition: string;
  options: string[];
  comment: string | null;
}

export interface Views {
  readonly views: View[];
  readonly materializedViews: MaterializedView[];
}

/** Dependencies come from the view's _RETURN rule (folded onto the view by the dependency query). */
export async function readViews(ctx: CatalogContext, columns: Map<number, ColumnRow[]>, indexes: Map<number, Index[]>, triggers: Map<number, Trigger[]>, deps: DependencyIndex): Promise<Views> {
  const rows = holdsRelations(ctx, 'vm') ? await queryCatalog<ViewRow>(ctx, VIEWS_SQL) : [];
  const views: View[] = [];
  const materializedViews: MaterializedView[] = [];
  for (const row of rows) {
    const common = {
      name: row.name,
      definition: row.definition,
      options: [...row.options].sort(compareText),
      columns: (columns.get(row.oid) ?? []).map((c) => c.name),
      columnComments: (columns.get(row.oid) ?? []).map((c) => c.comment),
      comment: row.comment,
      dependsOn: deps.merged([deps.keys('relation', row.oid, 0, [row.oid])]),
    };
    if (row.kind === 'v') views.push({ ...common, columnTypes: (columns.get(row.oid) ?? []).map((c) => c.type), triggers: byName(triggers.get(row.oid) ?? []) });
    else materializedViews.push({ ...common, indexes: byName(indexes.get(row.oid) ?? []) });
  }
  return { views: byName(views), materializedViews: byName(materializedViews) };
}
