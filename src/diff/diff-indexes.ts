import type { Index, ObjectKey } from '../schema/model.js';
import type { CarriedForeignKey, SchemaChange } from './schema-change.js';
import { carriedForeignKeys } from './diff-constraints.js';
import { uniqueIndexKeys } from '../schema/index-keys.js';
import { byName, commentChange, unionNames, type DiffContext } from './diff-context.js';
import { columnRetyped } from './replacement-rules.js';
import { mustReAdd } from './diff-columns.js';

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Whether the current index reads a column that is dropped (DROP COLUMN drops the index with it),
 * or whose type changes in a way its old definition may not survive: ALTER COLUMN … TYPE rebuilds the index with that definition, and an expression such as
 * `c ->> 'k'`, or a gin/gist/hash key, need not apply to the new type. Such an index is dropped
 * before the column changes instead of being swapped afterwards. A plain btree key column is
 * rebuilt fine, so that index keeps the build-then-swap; a false match in an expression only
 * costs the swap.
 */
function readsRetypedColumn(ctx: DiffContext, index: Index): boolean {
  const before = ctx.currentTables.get(index.table);
  const after = ctx.desiredTables.get(index.table);
  if (!before || !after) return false;
  const btree = / USING btree \(/.test(index.definition);
  return before.columns.some((column) => {
    const desired = after.columns.find((c) => c.name === column.name);
    // DROP COLUMN drops every index that reads the column: there is nothing left to swap.
    const dropped = !desired || mustReAdd(ctx, column, desired);
    if (!dropped && !columnRetyped(column, desired)) return false;
    const bare = new RegExp(`(^|[^\\w$"])${escapeRegExp(column.name)}($|[^\\w$"])`);
    const quoted = `"${column.name.replaceAll('"', '""')}"`;
    return index.columns.some((entry) => (entry === column.name ? dropped || !btree : bare.test(entry) || entry.includes(quoted)));
  });
}

/**
 * The foreign keys a unique index that goes may be the one behind: PostgreSQL refuses to drop it
 * while they stand ("cannot drop index … because other objects depend on it"), so its change
 * drops them first and adds them back (CarriedForeignKey). Which unique index of equal keys a
 * foreign key uses is PostgreSQL's pick: any of them may carry it.
 */
function carries(ctx: DiffContext, index: Index): { carries?: CarriedForeignKey[] } {
  if (!index.unique || index.predicate !== null || !ctx.currentTables.has(index.table)) return {};
  const carried = carriedForeignKeys(ctx, index.table, uniqueIndexKeys(index));
  return carried.length === 0 ? {} : { carries: carried };
}

/** Indexes of a table or materialized view that exists on both sides. */
export function diffIndexes(ctx: DiffContext, fromIndexes: readonly Index[], toIndexes: readonly Index[], owner: ObjectKey): SchemaChange[] {
  void owner;
  const current = byName(
    fromIndexes.filter((i) => !i.inherited),
    (i) => i.name,
  );
  const desired = byName(
    toIndexes.filter((i) => !i.inherited),
    (i) => i.name,
  );
  const changes: SchemaChange[] = [];
  for (const name of unionNames(current, desired)) {
    const from = current.get(name);
    const to = desired.get(name);
    let existed = from !== undefined;
    if (from && !to) changes.push({ id: `drop-index:${name}`, kind: 'drop-index', index: from, replaced: false, ...carries(ctx, from) });
    if (!from && to) changes.push({ id: `add-index:${name}`, kind: 'add-index', index: to });
    // An INVALID index (a failed concurrent build) is rebuilt even when its definition matches.
    if (from && to && (from.definition !== to.definition || (!from.valid && to.valid))) {
      if (from.definition !== to.definition && readsRetypedColumn(ctx, from)) {
        changes.push({ id: `drop-index:${name}`, kind: 'drop-index', index: from, replaced: true, ...carries(ctx, from) });
        changes.push({ id: `add-index:${name}`, kind: 'add-index', index: to });
      } else changes.push({ id: `rebuild-index:${name}`, kind: 'rebuild-index', from, to, ...carries(ctx, from) });
      existed = false;
    }
    if (to) changes.push(...commentChange({ kind: 'index', name }, from?.comment ?? null, to.comment, existed));
  }
  return changes;
}

/** Every index of a relation created (or re-created) by the plan. */
export function indexChangesForNewRelation(ctx: DiffContext, indexes: readonly Index[], owner: ObjectKey): SchemaChange[] {
  return diffIndexes(ctx, [], indexes, owner);
}
