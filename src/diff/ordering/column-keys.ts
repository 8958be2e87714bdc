import type { ObjectKey } from '../../schema/model.js';
import type { DiffContext } from '../diff-context.js';
import { graphKey } from '../object-keys.js';

// Column keys several families' facts need.

/**
 * A partition's own DEFAULT / NOT NULL is set once it exists and is attached, and after its
 * parent's changes to the column, which PostgreSQL passes down to every partition
 * (diff-partition-columns.ts).
 */
export function partitionSettingsNeeds(ctx: DiffContext, table: string, column: string): ObjectKey[] {
  const parent = ctx.desiredTables.get(table)?.partitionOf?.parent;
  return parent === undefined ? [] : [graphKey.table(table), graphKey.partition(table), graphKey.columnSettings(parent, column)];
}

export function desiredColumnKeys(ctx: DiffContext, table: string): ObjectKey[] {
  return (ctx.desiredTables.get(table)?.columns ?? []).map((c) => graphKey.column(table, c.name));
}

export function currentColumnKeys(ctx: DiffContext, table: string): ObjectKey[] {
  return (ctx.currentTables.get(table)?.columns ?? []).map((c) => graphKey.column(table, c.name));
}

/** Collations of the schema that columns use: made before them. */
export function collationKeys(ctx: DiffContext, columns: readonly { readonly collation: string | null }[]): ObjectKey[] {
  const own = new Set((ctx.desired.collations ?? []).map((c) => c.name));
  return columns.flatMap((c) => (c.collation !== null && own.has(c.collation) ? [graphKey.collation(c.collation)] : []));
}
