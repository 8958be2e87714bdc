import type { EnumType } from '../schema/model.js';
import type { EnumValueAddition, SchemaChange } from './schema-change.js';
import { byName, clusterProp, commentChange, ownColumns, unionNames, type DiffContext } from './diff-context.js';
import { columnUsesType } from './build-diff-context.js';
import { graphKey } from './object-keys.js';
import { enumNeedsRecreate } from './replacement-rules.js';

export function diffEnums(ctx: DiffContext): SchemaChange[] {
  const current = byName(ctx.current.enums, (e) => e.name);
  const desired = byName(ctx.desired.enums, (e) => e.name);
  const changes: SchemaChange[] = [];
  for (const name of unionNames(current, desired)) {
    const from = current.get(name);
    const to = desired.get(name);
    if (from && !to) changes.push({ id: `drop-enum:${name}`, kind: 'drop-enum', enum: from });
    if (!from && to) changes.push({ id: `add-enum:${name}`, kind: 'add-enum', enum: to });
    if (from && to) {
      if (enumNeedsRecreate(from, to)) changes.push(recreateEnum(ctx, from, to));
      else if (to.values.length > from.values.length) {
        changes.push({ id: `add-enum-values:${name}`, kind: 'add-enum-values', enum: name, values: valueAdditions(from, to) });
      }
    }
    if (to) {
      const existed = from !== undefined && !enumNeedsRecreate(from, to);
      changes.push(...commentChange({ kind: 'type', name }, from?.comment ?? null, to.comment, existed));
    }
  }
  return changes;
}

/**
 * BEFORE the next value that already exists keeps the declared order; AFTER the previous one when
 * the new value goes last. Values are added in declared order, so "previous" always exists.
 */
function valueAdditions(from: EnumType, to: EnumType): EnumValueAddition[] {
  const existing = new Set(from.values);
  const additions: EnumValueAddition[] = [];
  to.values.forEach((value, i) => {
    if (existing.has(value)) return;
    const next = to.values.slice(i + 1).find((v) => existing.has(v));
    const previous = i > 0 ? (to.values[i - 1] ?? null) : null;
    additions.push({ value, before: next ?? null, after: next === undefined ? previous : null });
    existing.add(value);
  });
  return additions;
}

function recreateEnum(ctx: DiffContext, from: EnumType, to: EnumType): SchemaChange {
  const columns: { table: string; column: string; type: string; default: string | null }[] = [];
  for (const table of ctx.current.tables) {
    const target = ctx.desiredTables.get(table.name);
    if (!target || ctx.recreatedTables.has(table.name)) continue;
    const targetColumns = byName(ownColumns(target), (c) => c.name);
    for (const column of ownColumns(table)) {
      const next = targetColumns.get(column.name);
      if (!columnUsesType(column, from.name) || !next || !columnUsesType(next, to.name)) continue;
      columns.push({ table: table.name, column: column.name, type: next.type, default: next.default });
    }
  }
  columns.sort((a, b) => (a.table === b.table ? (a.column < b.column ? -1 : 1) : a.table < b.table ? -1 : 1));
  const removedValues = from.values.filter((v) => !to.values.includes(v));
  return { id: `recreate-enum:${from.name}`, kind: 'recreate-enum', from, to, removedValues, columns, ...clusterProp(ctx, graphKey.type(from.name)) };
}
