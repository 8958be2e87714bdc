import type { Column, Table } from '../schema/model.js';
import type { SchemaChange } from './schema-change.js';
import { byName, clusterProp, commentChange, comparedColumns, unionNames, type DiffContext } from './diff-context.js';
import { graphKey } from './object-keys.js';

/** Columns are matched by name: their position never produces a change. */
export function diffColumns(ctx: DiffContext, fromTable: Table, toTable: Table): SchemaChange[] {
  const table = toTable.name;
  const compared = comparedColumns(fromTable, toTable);
  const current = byName(compared.from, (c) => c.name);
  const desired = byName(compared.to, (c) => c.name);
  const changes: SchemaChange[] = [];
  for (const name of unionNames(current, desired)) {
    const from = current.get(name);
    const to = desired.get(name);
    const cluster = clusterProp(ctx, graphKey.column(table, name));
    const id = `${table}.${name}`;
    const readd = from !== undefined && to !== undefined && mustReAdd(ctx, from, to);
    if (from && (!to || readd)) changes.push({ id: `drop-column:${id}`, kind: 'drop-column', table, column: from, ...cluster });
    if (to && (!from || readd)) changes.push({ id: `add-column:${id}`, kind: 'add-column', table, column: to, ...cluster });
    if (from && to && !readd && columnDiffers(from, to)) changes.push({ id: `alter-column:${id}`, kind: 'alter-column', table, from, to, ...cluster });
    if (from && to && !readd && to.notNull && !from.notNull) changes.push({ id: `set-not-null:${id}`, kind: 'set-not-null', table, column: name });
    if (to) changes.push(...commentChange({ kind: 'column', name, table }, from?.comment ?? null, to.comment, from !== undefined && !readd));
  }
  return changes;
}

function columnDiffers(from: Column, to: Column): boolean {
  return (
    from.type !== to.type ||
    (from.notNull && !to.notNull) ||
    from.default !== to.default ||
    from.generated !== to.generated ||
    from.collation !== to.collation ||
    JSON.stringify(from.identity) !== JSON.stringify(to.identity) ||
    from.storage !== to.storage ||
    from.compression !== to.compression ||
    from.statistics !== to.statistics ||
    from.attributeOptions.join(',') !== to.attributeOptions.join(',')
  );
}

/**
 * A plain column can't become generated in place, and a generation expression only changes in
 * place from PostgreSQL 17 (SET EXPRESSION): otherwise the column is dropped and added again.
 */
export function mustReAdd(ctx: DiffContext, from: Column, to: Column): boolean {
  if (to.generated === null || from.generated === to.generated) return false;
  return from.generated === null || ctx.current.serverVersion < 170000;
}
