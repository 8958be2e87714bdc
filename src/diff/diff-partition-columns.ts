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
 * parent's changes to the same column) is not simply its current state, because PostgreSQL copies
 * settings to a new partition and passes the parent's changes down: startingColumn works it out.
 */
export function diffPartitionColumns(ctx: DiffContext, from: Table | undefined, to: Table): SchemaChange[] {
  const parentName = to.partitionOf?.parent;
  if (parentName === undefined) return [];
  const parentTo = byName(ctx.desiredTables.get(parentName)?.columns ?? [], (c) => c.name);
  const parentFrom = ctx.recreatedTables.has(parentName) ? new Map<string, Column>() : byName(ctx.currentTables.get(parentName)?.columns ?? [], (c) => c.name);
  const current = from ? byName(from.columns, (c) => c.name) : new Map<string, Column>();
  const attachedThroughout = from !== undefined && from.partitionOf?.parent === parentName && from.partitionOf.bound === to.partitionOf?.bound && from.partitionOf.detachPending !== true;
  const changes: SchemaChange[] = [];
  for (const wanted of to.columns) {
    const parent = parentTo.get(wanted.name);
    // Identity and generated columns take everything from the parent.
    if (!parent || parent.identity !== null || parent.generated !== null) continue;
    const own = current.get(wanted.name);
    const start = startingColumn(wanted, own, parent, parentFrom.get(wanted.name), attachedThroughout, from === undefined);
    const id = `${to.name}.${wanted.name}`;
    const cluster = clusterProp(ctx, graphKey.column(to.name, wanted.name));
    if (start.default !== wanted.default || (start.notNull && !wanted.notNull) || SETTINGS.slice(2).some((key) => !sameValue(start[key], wanted[key]))) {
      changes.push({ id: `alter-column:${id}`, kind: 'alter-column', table: to.name, from: start, to: wanted, ...cluster });
    }
    if (wanted.notNull && !start.notNull) changes.push({ id: `set-not-null:${id}`, kind: 'set-not-null', table: to.name, column: wanted.name });
    changes.push(...commentChange({ kind: 'column', name: wanted.name, table: to.name }, own?.comment ?? null, wanted.comment, own !== undefined));
  }
  return changes;
}

/** The settings a partition keeps of its own; the first two are DEFAULT and NOT NULL. */
const SETTINGS = ['default', 'notNull', 'storage', 'compression', 'statistics', 'attributeOptions'] as const;
type Setting = (typeof SETTINGS)[number];

/**
 * How PostgreSQL carries each setting from a parent to a partition that stays attached: ALTER
 * COLUMN SET/DROP DEFAULT, SET/DROP NOT NULL, SET STORAGE and SET STATISTICS pass down to every
 * partition; SET COMPRESSION and SET (n_distinct …) do not; a type change gives every partition
 * its new type's storage and the default compression.
 */
const PASSED_DOWN: Record<Setting, 'when changed' | 'when changed or retyped' | 'reset by retype' | 'never'> = {
  default: 'when changed',
  notNull: 'when changed',
  storage: 'when changed or retyped',
  statistics: 'when changed',
  compression: 'reset by retype',
  attributeOptions: 'never',
};

/** What a partition created PARTITION OF does not copy from its parent: it starts without them. */
const NOT_COPIED: Partial<Pick<Column, Setting>> = { statistics: null, attributeOptions: [] };

const sameValue = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * The partition's column as it stands when its own changes run (see above):
 *   - created with the partition (which comes after the parent's column changes): the parent's
 *     DEFAULT, NOT NULL, storage and compression, no statistics target or options;
 *   - new to an existing partition: what the parent's ADD COLUMN gives it and what passes down;
 *   - attached throughout: its own, or the parent's where PASSED_DOWN says so;
 *   - detached and attached again: either may be what it holds, so the one that differs from the
 *     wanted one (the statement runs; it is idempotent).
 */
function startingColumn(wanted: Column, own: Column | undefined, parent: Column, parentBefore: Column | undefined, attachedThroughout: boolean, newPartition: boolean): Column {
  // No column before on the parent (it is new, or the partition moved under a new parent): everything passed down.
  const retyped = parentBefore === undefined || parentBefore.type !== parent.type || parentBefore.collation !== parent.collation;
  const startOf = <K extends Setting>(key: K): Column[K] => {
    const notCopied = NOT_COPIED[key] as Column[K] | undefined;
    const rule = PASSED_DOWN[key];
    if (own === undefined) return notCopied !== undefined && (newPartition || rule === 'never') ? notCopied : parent[key];
    const changed = parentBefore === undefined || !sameValue(parentBefore[key], parent[key]);
    const reached =
      rule === 'when changed'
        ? changed
          ? parent[key]
          : own[key]
        : rule === 'when changed or retyped'
          ? changed || retyped
            ? parent[key]
            : own[key]
          : rule === 'reset by retype'
            ? retyped
              ? (null as Column[K])
              : own[key]
            : own[key];
    return attachedThroughout || sameValue(own[key], wanted[key]) ? reached : own[key];
  };
  return {
    ...wanted,
    default: startOf('default'),
    notNull: startOf('notNull'),
    storage: startOf('storage'),
    compression: startOf('compression'),
    statistics: startOf('statistics'),
    attributeOptions: startOf('attributeOptions'),
  };
}
