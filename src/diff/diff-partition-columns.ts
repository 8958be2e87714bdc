import type { Column, Table } from '../schema/model.js';
import type { SchemaChange } from './schema-change.js';
import { byName, clusterProp, commentChange, type DiffContext } from './diff-context.js';
import { graphKey } from './object-keys.js';

/**
 * A partition's columns are its parent's (added, typed and dropped with them), but each partition
 * keeps its own DEFAULT, NOT NULL (where the parent's column allows NULL), comments, storage,
 * compression, statistics target and attribute options:
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
    const attributes = startingAttributes(wanted, own, parent, before, attachedThroughout, from === undefined);
    const id = `${to.name}.${wanted.name}`;
    const cluster = clusterProp(ctx, graphKey.column(to.name, wanted.name));
    const startColumn: Column = { ...wanted, default: start.default, notNull: start.notNull, ...attributes };
    if (start.default !== wanted.default || (start.notNull && !wanted.notNull) || attributesDiffer(startColumn, wanted)) {
      changes.push({ id: `alter-column:${id}`, kind: 'alter-column', table: to.name, from: startColumn, to: wanted, ...cluster });
    }
    if (wanted.notNull && !start.notNull) changes.push({ id: `set-not-null:${id}`, kind: 'set-not-null', table: to.name, column: wanted.name });
    changes.push(...commentChange({ kind: 'column', name: wanted.name, table: to.name }, own?.comment ?? null, wanted.comment, own !== undefined));
  }
  return changes;
}

type Attributes = Pick<Column, 'storage' | 'compression' | 'statistics' | 'attributeOptions'>;

const sameValue = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

function attributesDiffer(a: Attributes, b: Attributes): boolean {
  return !sameValue(a.storage, b.storage) || !sameValue(a.compression, b.compression) || !sameValue(a.statistics, b.statistics) || !sameValue(a.attributeOptions, b.attributeOptions);
}

/**
 * Storage, compression, statistics target and attribute options, as PostgreSQL leaves them: a
 * partition is created (after its parent's column changes, see ordering-facts.ts) with its
 * parent's storage and compression but neither its statistics target nor its options; on the
 * parent, SET STORAGE and SET STATISTICS pass down to the partitions, SET COMPRESSION and SET
 * (n_distinct …) do not, and a type change gives every partition its new type's storage and the
 * default compression. A partition detached and attached again may or may not have been reached,
 * so each of its attributes starts as whichever possible value differs from the wanted one (the
 * statement is idempotent).
 */
function startingAttributes(wanted: Column, own: Column | undefined, parent: Column, parentBefore: Column | undefined, attachedThroughout: boolean, newPartition: boolean): Attributes {
  if (own === undefined) {
    // A new partition copies storage and compression; a column new to an existing one comes from the
    // parent's ADD COLUMN (its compression) and gets what passes down after it.
    return { storage: parent.storage, compression: parent.compression, statistics: newPartition ? null : parent.statistics, attributeOptions: [] };
  }
  // No column before on the parent (a partition moved under a new one): count everything as passed down.
  const retyped = parentBefore === undefined || parentBefore.type !== parent.type || parentBefore.collation !== parent.collation;
  const changed = (key: keyof Attributes): boolean => retyped || !sameValue(parentBefore[key], parent[key]);
  const reached: Attributes = {
    storage: changed('storage') ? parent.storage : own.storage,
    compression: retyped ? null : own.compression,
    statistics: changed('statistics') ? parent.statistics : own.statistics,
    attributeOptions: own.attributeOptions,
  };
  if (attachedThroughout) return reached;
  const either = <K extends keyof Attributes>(key: K): Attributes[K] => (sameValue(own[key], wanted[key]) ? reached[key] : own[key]);
  return { storage: either('storage'), compression: either('compression'), statistics: either('statistics'), attributeOptions: either('attributeOptions') };
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
