import { objectKey, type Constraint, type Index, type ObjectKey } from '../schema/model.js';
import { uniqueIndexKeys } from '../schema/index-keys.js';

/**
 * Keys for things the model's `objectKey` does not name but the dependency graph needs:
 * constraints, indexes, triggers, policies, a column's NOT NULL and settings, and "a unique key over these
 * columns" (what a foreign key needs to exist on the referenced side).
 */
export const graphKey = {
  ...objectKey,
  constraint: (table: string, name: string): ObjectKey => `constraint:${table}.${name}`,
  index: (name: string): ObjectKey => `index:${name}`,
  trigger: (table: string, name: string): ObjectKey => `trigger:${table}.${name}`,
  policy: (table: string, name: string): ObjectKey => `policy:${table}.${name}`,
  notNull: (table: string, column: string): ObjectKey => `not null:${table}.${column}`,
  /** A column's DEFAULT and NOT NULL as its changes leave them: what a partition's own ones must follow (PostgreSQL passes the parent's down). */
  columnSettings: (table: string, column: string): ObjectKey => `column settings:${table}.${column}`,
  uniqueKey: (table: string, columns: readonly string[]): ObjectKey => `unique key:${table}(${[...columns].sort().join(',')})`,
  rowLevelSecurity: (table: string): ObjectKey => `row level security:${table}`,
  /** A table attached as a partition (made by CREATE … PARTITION OF or ATTACH, gone with DETACH). */
  partition: (table: string): ObjectKey => `partition:${table}`,
  /** Done by the FINALIZE of a partition left pending detach. */
  detachFinalized: (table: string): ObjectKey => `detach finalized:${table}`,
} as const;

/** A graphKey.column of one of `table`'s columns. */
export function isColumnOf(key: ObjectKey, table: string): boolean {
  return key.startsWith(graphKey.column(table, ''));
}

/** A graphKey.uniqueKey: what a foreign key needs on the columns it references, not an object of its own. */
export function isUniqueKey(key: ObjectKey): boolean {
  return key.startsWith('unique key:');
}

/** The unique key a PRIMARY KEY / UNIQUE constraint provides, if any. */
export function constraintUniqueKey(table: string, constraint: Constraint): ObjectKey | null {
  if (constraint.kind !== 'primary key' && constraint.kind !== 'unique') return null;
  return graphKey.uniqueKey(table, constraint.columns);
}

/** A plain-column, non-partial unique index can back a foreign key too (over its key columns, not its INCLUDE ones). */
export function indexUniqueKey(index: Index, tableColumns: ReadonlySet<string>): ObjectKey | null {
  if (!index.unique || index.predicate !== null) return null;
  const keys = uniqueIndexKeys(index);
  if (!keys.every((c) => tableColumns.has(c))) return null;
  return graphKey.uniqueKey(index.table, keys);
}
