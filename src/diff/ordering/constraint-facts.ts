import type { Constraint, ObjectKey } from '../../schema/model.js';
import { constraintUniqueKey, graphKey } from '../object-keys.js';
import type { CarriedForeignKey } from '../schema-change.js';
import type { DiffContext } from '../diff-context.js';
import { type Facts, type FamilyFacts, minus } from './facts.js';

// Ordering facts (see ordering-facts.ts) of the changes to constraints, and the foreign keys a
// constraint's change carries.

export const constraintFacts: FamilyFacts<'add-constraint' | 'drop-constraint' | 'rename-constraint' | 'replace-constraint' | 'validate-constraint'> = {
  'add-constraint': (f, change) => {
    const { table, constraint } = change;
    f.creates.push(...constraintCreates(table, constraint));
    f.needs.push(...constraintDeps(table, constraint));
    if (constraint.kind === 'primary key') for (const c of constraint.columns) f.needs.push(graphKey.notNull(table, c));
  },
  'drop-constraint': (f, change, ctx) => {
    f.drops.push(...constraintCreates(change.table, change.constraint));
    f.releases.push(...constraintDeps(change.table, change.constraint));
    // One a partition had from its parent is its own to drop once DETACH ran.
    if (change.constraint.inherited) f.awaits.push(graphKey.partition(change.table));
    f.awaits.push(...detachedPartitionKeys(ctx, change.table));
    // DETACH of a partition of the referenced table checks this foreign key's rows: it goes first.
    if (change.constraint.references) f.releases.push(...detachedPartitionKeys(ctx, change.constraint.references.table));
    carryFacts(f, change.carries);
  },
  'rename-constraint': (f, change) => {
    // Only the name moves: what the constraint guarantees (its unique key) stays throughout.
    const before = constraintCreates(change.table, change.from);
    const after = constraintCreates(change.table, change.to);
    f.drops.push(...minus(before, after));
    f.creates.push(...minus(after, before));
  },
  'replace-constraint': (f, change, ctx) => {
    const { table, from, to } = change;
    // Its steps are the carrying change's, and so is its place in the order.
    if (change.carriedBy !== undefined) return;
    f.drops.push(...constraintCreates(table, from));
    f.creates.push(...constraintCreates(table, to));
    f.awaits.push(...detachedPartitionKeys(ctx, table));
    f.needs.push(...constraintDeps(table, to));
    if (to.kind === 'primary key') for (const c of to.columns) f.needs.push(graphKey.notNull(table, c));
    f.releases.push(...minus(constraintDeps(table, from), constraintDeps(table, to)));
    carryFacts(f, change.carries);
  },
  'validate-constraint': (f, change) => {
    f.needs.push(graphKey.constraint(change.table, change.constraint.name));
  },
};

export function constraintDeps(table: string, c: Constraint): ObjectKey[] {
  const deps = [graphKey.table(table), ...c.columns.map((col) => graphKey.column(table, col)), ...c.dependsOn];
  if (c.references && c.references.table !== table) {
    const ref = c.references;
    deps.push(graphKey.table(ref.table), ...ref.columns.map((col) => graphKey.column(ref.table, col)), graphKey.uniqueKey(ref.table, ref.columns));
  }
  return deps;
}

/**
 * What the change that carries foreign keys does for them: it drops them as they are and adds them
 * back as desired, so it needs what the desired ones need (the key they reference, a column added
 * for them) except what it creates itself, and releases what only the current ones used.
 */
export function carryFacts(f: Facts, carries: readonly CarriedForeignKey[] | undefined): void {
  for (const carried of carries ?? []) {
    const wanted = constraintDeps(carried.table, carried.constraint);
    f.needs.push(...wanted.filter((k) => !f.creates.includes(k)));
    f.releases.push(...minus(constraintDeps(carried.table, carried.from), wanted));
    f.creates.push(graphKey.constraint(carried.table, carried.constraint.name));
  }
}

export function constraintCreates(table: string, c: Constraint): ObjectKey[] {
  const unique = constraintUniqueKey(table, c);
  return [graphKey.constraint(table, c.name), ...(unique ? [unique] : [])];
}

/**
 * Partitions of `parent` that stay as tables (their DETACH, if any, drops these keys). A parent's
 * constraint is dropped after those partitions are detached: DETACH
 * leaves each its copy as its own (diff-constraints.ts compares them so), which the parent's DROP
 * would otherwise take with it (and a later DROP on the partition would find nothing).
 */
function detachedPartitionKeys(ctx: DiffContext, parent: string): ObjectKey[] {
  const keys: ObjectKey[] = [];
  for (const t of ctx.currentTables.values()) if (t.partitionOf?.parent === parent && ctx.desiredTables.has(t.name)) keys.push(graphKey.partition(t.name));
  return keys;
}
