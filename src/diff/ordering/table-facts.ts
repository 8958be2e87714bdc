import type { ObjectKey, Table } from '../../schema/model.js';
import { graphKey, isColumnOf } from '../object-keys.js';
import type { FamilyFacts } from './facts.js';
import { constraintDeps, constraintCreates } from './constraint-facts.js';
import { indexCreates } from './index-facts.js';
import { desiredColumnKeys, collationKeys } from './column-keys.js';

// Ordering facts (see ordering-facts.ts) of the changes to tables: creating and dropping them,
// their settings, inheritance and partitions.

export const tableFacts: FamilyFacts<'add-table' | 'drop-table' | 'alter-table' | 'set-row-level-security' | 'set-inheritance' | 'set-replica-identity' | 'attach-partition' | 'detach-partition'> = {
  'add-table': (f, change, ctx) => {
    f.needs.push(...collationKeys(ctx, change.table.columns));
    for (const parent of change.table.inherits ?? []) f.needs.push(graphKey.table(parent));
    const t = change.table;
    f.creates.push(...tableCreates(t, change.deferredConstraints));
    if (t.partitionOf) {
      f.needs.push(graphKey.table(t.partitionOf.parent));
      // After the parent's column changes, so it copies the parent's new storage and compression
      // (diff-partition-columns.ts counts on it).
      for (const c of t.columns) f.needs.push(graphKey.columnSettings(t.partitionOf.parent, c.name));
    }
    for (const c of t.columns) f.needs.push(...c.dependsOn);
    for (const c of t.constraints) {
      if (c.inherited || change.deferredConstraints.includes(c.name)) continue;
      f.needs.push(...constraintDeps(t.name, c).filter((k) => !isColumnOf(k, t.name) && k !== graphKey.table(t.name)));
    }
  },
  'drop-table': (f, change, ctx) => {
    const t = change.table;
    f.drops.push(...tableCreates(t, []));
    // A child of inheritance goes before its parent, which PostgreSQL will not drop under it.
    for (const parent of t.inherits ?? []) f.releases.push(graphKey.table(parent));
    for (const i of t.indexes) f.drops.push(...indexCreates(ctx, i, 'current'));
    for (const tr of t.triggers) f.drops.push(graphKey.trigger(t.name, tr.name));
    for (const p of t.policies) f.drops.push(graphKey.policy(t.name, p.name));
    for (const c of t.columns) f.releases.push(...c.dependsOn);
    if (t.partitionOf) f.releases.push(graphKey.table(t.partitionOf.parent));
    for (const c of t.constraints) {
      const ref = c.references?.table;
      // Foreign keys to another dropped table of this schema are dropped by their own change
      // first. One to another schema's table (`audit.plans`) is not this diff's to drop: the
      // table goes first, before a set's other schema drops what it references (diff-schema-set.ts).
      if (ref !== undefined && ref !== t.name && ctx.currentTables.has(ref) && (!ctx.desiredTables.has(ref) || ctx.recreatedTables.has(ref))) continue;
      f.releases.push(...constraintDeps(t.name, c).filter((k) => !isColumnOf(k, t.name) && k !== graphKey.table(t.name)));
    }
  },
  'alter-table': (f, change) => {
    f.needs.push(graphKey.table(change.to.name));
  },
  'set-row-level-security': (f, change, ctx) => {
    f.needs.push(graphKey.table(change.table));
    // Turn RLS on once its policies exist, so no moment denies every row.
    const table = ctx.desiredTables.get(change.table);
    if (change.to.enabled) for (const p of table?.policies ?? []) f.needs.push(graphKey.policy(change.table, p.name));
  },
  'set-inheritance': (f, change, ctx) => {
    // INHERIT wants the parent, and every column of it already on the child.
    f.needs.push(graphKey.table(change.table), ...change.to.map((p) => graphKey.table(p)), ...desiredColumnKeys(ctx, change.table));
    f.releases.push(...change.from.filter((p) => !change.to.includes(p)).map((p) => graphKey.table(p)));
  },
  'set-replica-identity': (f, change, ctx) => {
    f.needs.push(graphKey.table(change.table));
    // USING INDEX wants the index, or the key whose index it is, and its columns NOT NULL.
    const to = change.to;
    if (typeof to !== 'string') {
      const table = ctx.desiredTables.get(change.table);
      const key = table?.constraints.find((c) => c.name === to.index);
      f.needs.push(key ? graphKey.constraint(change.table, key.name) : graphKey.index(to.index));
      const index = key ? null : table?.indexes.find((i) => i.name === to.index);
      for (const c of key?.columns ?? index?.columns ?? []) f.needs.push(graphKey.notNull(change.table, c));
    }
  },
  'attach-partition': (f, change, ctx) => {
    // ATTACH wants every column of the parent already on the table (one added to it in this plan).
    f.needs.push(graphKey.table(change.table), graphKey.table(change.parent), ...desiredColumnKeys(ctx, change.table));
    // After the parent's column changes, which would otherwise pass down over the table's own settings.
    for (const c of ctx.desiredTables.get(change.table)?.columns ?? []) f.needs.push(graphKey.columnSettings(change.parent, c.name));
    f.creates.push(graphKey.partition(change.table));
  },
  'detach-partition': (f, change) => {
    f.drops.push(graphKey.partition(change.table));
    if (change.pending) f.creates.push(graphKey.detachFinalized(change.table));
  },
};

function tableCreates(table: Table, deferred: readonly string[]): ObjectKey[] {
  const keys = [graphKey.table(table.name)];
  for (const c of table.columns) {
    keys.push(graphKey.column(table.name, c.name));
    if (c.notNull) keys.push(graphKey.notNull(table.name, c.name));
  }
  for (const c of table.constraints) if (!c.inherited && !deferred.includes(c.name)) keys.push(...constraintCreates(table.name, c));
  if (table.partitionOf) keys.push(graphKey.partition(table.name));
  return keys;
}
