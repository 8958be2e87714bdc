import type { Column, Table } from '../schema/model.js';
import type { SchemaChange } from './schema-change.js';
import { byName, clusterProp, commentChange, type DiffContext } from './diff-context.js';
import { graphKey } from './object-keys.js';

/**
 * A partition's columns are its parent's (added, typed and dropped with them), but each partition
 * keeps its own DEFAULT, NOT NULL (where the parent's column allows NULL) and comments:
 * `CREATE TABLE p PARTITION OF t (status DEFAULT 'archived', note NOT NULL) …`. This compares
 * those, for a partition created by the plan or one that is a partition before and after (a table
 * becoming one, or one left pending detach, has all its columns compared as its own by diffColumns).
 *
 * What the partition holds when its own changes run (ordering-facts.ts puts them after its
 * parent's changes to the same column) is not simply its current state, because PostgreSQL
 * passes column changes down: CREATE TABLE … PARTITION OF copies the parent's defaults and NOT
 * NULLs, and ALTER COLUMN SET/DROP DEFAULT and SET/DROP NOT NULL on the parent overwrite every
 * partition's. So the starting point is:
 *   - a created partition: the parent's desired column;
 *   - a partition attached throughout: the parent's desired column where the plan changes the
 *     parent's, else its own current one;
 *   - a partition detached and attached again (new bound, new parent): its own current one, and
 *     when the parent's changes too the statement is made anyway (idempotent), since whether the
 *     parent's change reached it depends on the order of the detach.
 */
export function diffPartitionColumns(ctx: DiffContext, from: Table | undefined, to: Table): SchemaChange[] {
  const parentName = to.partitionOf?.parent;
  if (parentName === undefined) return [];
  const parentTo = byName(ctx.desiredTables.get(parentName)?.columns ?? [], (c) => c.name);
  const parentFrom = ctx.recreatedTables.has(parentName) ? new Map<string, Column>() : byName(ctx.currentTables.get(parentName)?.columns ?? [], (c) => c.name);
  const current = from ? byName(from.columns, (c) => c.name) : new Map<string, Column>();
  const attachedThroughout =
    from !== undefined && from.partitionOf?.parent === parentName && from.partitionOf.bound === to.partitionOf?.bound && from.partitionOf.detachPending !== true;
  const changes: SchemaChange[] = [];
  for (const wanted of to.columns) {
    const parent = parentTo.get(wanted.name);
    // Identity and generated columns take everything from the parent.
    if (!parent || parent.identity !== null || parent.generated !== null) continue;
    const own = current.get(wanted.name);
    const before = parentFrom.get(wanted.name);
    const start = startingSettings(wanted, own, parent, before, attachedThroughout);
    const id = `${to.name}.${wanted.name}`;
    const cluster = clusterProp(ctx, graphKey.column(to.name, wanted.name));
    if (start.default !== wanted.default || (start.notNull && !wanted.notNull)) {
      changes.push({ id: `alter-column:${id}`, kind: 'alter-column', table: to.name, from: { ...wanted, default: start.default, notNull: start.notNull }, to: wanted, ...cluster });
    }
    if (wanted.notNull && !start.notNull) changes.push({ id: `set-not-null:${id}`, kind: 'set-not-null', table: to.name, column: wanted.name });
    changes.push(...commentChange({ kind: 'column', name: wanted.name, table: to.name }, own?.comment ?? null, wanted.comment, own !== undefined));
  }
  return changes;
}

interface Settings {
  readonly default: string | null;
  readonly notNull: boolean;
}

/** What the partition's column holds once the parent's changes ran (see above). */
function startingSettings(wanted: Column, own: Column | undefined, parent: Column, parentBefore: Column | undefined, attachedThroughout: boolean): Settings {
  if (own === undefined) return parent;
  const defaultPassedDown = parentBefore === undefined || parentBefore.default !== parent.default;
  const notNullPassedDown = parentBefore === undefined || parentBefore.notNull !== parent.notNull;
  if (attachedThroughout) {
    return { default: defaultPassedDown ? parent.default : own.default, notNull: notNullPassedDown ? parent.notNull : own.notNull };
  }
  // Either may be what it holds: of the two, the one that differs from what is wanted, so the statement runs.
  return {
    default: !defaultPassedDown || own.default !== wanted.default ? own.default : parent.default,
    notNull: !notNullPassedDown || own.notNull !== wanted.notNull ? own.notNull : parent.notNull,
  };
}
