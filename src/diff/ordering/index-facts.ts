import type { Index, ObjectKey } from '../../schema/model.js';
import type { DiffContext } from '../diff-context.js';
import { graphKey, indexUniqueKey } from '../object-keys.js';
import type { FamilyFacts } from './facts.js';
import { carryFacts } from './constraint-facts.js';

// Ordering facts (see ordering-facts.ts) of the changes to indexes.

export const indexFacts: FamilyFacts<'add-index' | 'drop-index' | 'rebuild-index'> = {
  'add-index': (f, change, ctx) => {
    f.creates.push(...indexCreates(ctx, change.index, 'desired'));
    f.needs.push(...indexDeps(ctx, change.index, 'desired'));
    // On a partitioned table the planner builds the index on every partition: they must exist.
    for (const t of ctx.desired.tables) if (t.partitionOf?.parent === change.index.table) f.needs.push(graphKey.table(t.name));
  },
  'drop-index': (f, change, ctx) => {
    f.drops.push(...indexCreates(ctx, change.index, 'current'));
    f.releases.push(...indexDeps(ctx, change.index, 'current'));
    carryFacts(f, change.carries);
  },
  'rebuild-index': (f, change, ctx) => {
    f.creates.push(...indexCreates(ctx, change.to, 'desired'));
    f.drops.push(...indexCreates(ctx, change.from, 'current'));
    f.needs.push(...indexDeps(ctx, change.to, 'desired'));
    carryFacts(f, change.carries);
  },
};

function relationColumns(ctx: DiffContext, relation: string, side: 'current' | 'desired'): Set<string> {
  const model = side === 'current' ? ctx.current : ctx.desired;
  const table = model.tables.find((t) => t.name === relation);
  if (table) return new Set(table.columns.map((c) => c.name));
  const mv = model.materializedViews.find((v) => v.name === relation);
  return new Set(mv?.columns ?? []);
}

function ownerKey(ctx: DiffContext, relation: string): ObjectKey {
  const isView = ctx.desired.materializedViews.some((v) => v.name === relation) || ctx.current.materializedViews.some((v) => v.name === relation);
  return isView ? graphKey.materializedView(relation) : graphKey.table(relation);
}

function indexDeps(ctx: DiffContext, index: Index, side: 'current' | 'desired'): ObjectKey[] {
  const columns = relationColumns(ctx, index.table, side);
  // Expression keys show as their text: the columns they mention count too (DROP COLUMN drops the index).
  const mentioned = [...columns].filter((c) => !index.columns.includes(c) && index.columns.some((entry) => mentionsColumn(entry, c)));
  return [ownerKey(ctx, index.table), ...index.columns.filter((c) => columns.has(c)).map((c) => graphKey.column(index.table, c)), ...mentioned.map((c) => graphKey.column(index.table, c))];
}

function mentionsColumn(expression: string, column: string): boolean {
  const escaped = column.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^\\w$"])${escaped}($|[^\\w$"])`).test(expression) || expression.includes(`"${column.replaceAll('"', '""')}"`);
}

export function indexCreates(ctx: DiffContext, index: Index, side: 'current' | 'desired'): ObjectKey[] {
  const unique = indexUniqueKey(index, relationColumns(ctx, index.table, side));
  return [graphKey.index(index.name), ...(unique ? [unique] : [])];
}
