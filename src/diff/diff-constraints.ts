import type { Constraint, Table } from '../schema/model.js';
import type { CarriedForeignKey, SchemaChange } from './schema-change.js';
import { byName, clusterProp, commentChange, comparedAcrossInheritance, compareText, unionNames, type DiffContext } from './diff-context.js';
import { graphKey } from './object-keys.js';

/** pg_get_constraintdef appends NOT VALID to unvalidated constraints; validity is compared on its own. */
export function constraintBody(constraint: Constraint): string {
  return constraint.definition.replace(/\s+NOT VALID$/, '');
}

export function diffConstraints(ctx: DiffContext, fromTable: Table, toTable: Table): SchemaChange[] {
  const table = toTable.name;
  const compared = comparedConstraints(fromTable, toTable);
  const current = new Map(byName(compared.from, (c) => c.name));
  const desired = byName(compared.to, (c) => c.name);
  const changes: SchemaChange[] = [];
  // A renamed constraint is compared under its new name from here on: equal, so nothing more.
  for (const { from, to } of renamedConstraints(ctx, table, current, desired)) {
    changes.push({ id: `rename-constraint:${table}.${to.name}`, kind: 'rename-constraint', table, from, to, ...clusterProp(ctx, graphKey.constraint(table, to.name)) });
    current.delete(from.name);
    current.set(to.name, from);
  }
  for (const name of unionNames(current, desired)) {
    const from = current.get(name);
    const to = desired.get(name);
    const key = graphKey.constraint(table, name);
    const cluster = clusterProp(ctx, key);
    const id = `${table}.${name}`;
    let existed = from !== undefined;
    if (from && !to) changes.push({ id: `drop-constraint:${id}`, kind: 'drop-constraint', table, constraint: from, replaced: false, ...cluster });
    if (!from && to) changes.push({ id: `add-constraint:${id}`, kind: 'add-constraint', table, constraint: to, ...cluster });
    if (from && to) {
      if (ctx.replaced.has(key)) {
        changes.push({ id: `drop-constraint:${id}`, kind: 'drop-constraint', table, constraint: from, replaced: true, ...cluster });
        changes.push({ id: `add-constraint:${id}`, kind: 'add-constraint', table, constraint: to, ...cluster });
        existed = false;
      } else if (from.kind !== to.kind || constraintBody(from) !== constraintBody(to) || (from.validated && !to.validated)) {
        // No ALTER makes a validated constraint NOT VALID again: it is dropped and added NOT VALID (no scan).
        changes.push({ id: replaceConstraintId(table, name), kind: 'replace-constraint', table, from, to, ...cluster });
        existed = false;
      } else if (!from.validated && to.validated) {
        changes.push({ id: `validate-constraint:${id}`, kind: 'validate-constraint', table, constraint: to });
      }
    }
    if (to) changes.push(...commentChange({ kind: 'constraint', name, table }, from?.comment ?? null, to.comment, existed));
  }
  return mergeRenamedPrimaryKey(changes).map((change) => withCarriedForeignKeys(ctx, change));
}

/**
 * A table's own constraints. For a child of table inheritance, one inherited on a side only is
 * compared too: NO INHERIT makes the parent's CHECK constraints the child's own, INHERIT leaves
 * a matching one of the child's local; one only its parent adds or drops comes and goes with it.
 */
function comparedConstraints(from: Table, to: Table): { readonly from: Constraint[]; readonly to: Constraint[] } {
  // DETACH leaves a partition the constraints it had from its parent, as its own.
  if (from.partitionOf !== null && from.partitionOf.detachPending !== true && to.partitionOf === null && (to.inherits?.length ?? 0) === 0) {
    return { from: [...from.constraints], to: to.constraints.filter((c) => !c.inherited) };
  }
  if ((from.inherits?.length ?? 0) === 0 && (to.inherits?.length ?? 0) === 0) {
    const own = from.constraints.filter((c) => !c.inherited);
    const wanted = to.constraints.filter((c) => !c.inherited);
    // ATTACH takes a foreign key the table has as its copy of the parent's when they match, and
    // keeps its name: one of the same name and definition stays, any other goes first (so the
    // copy ATTACH makes carries the parent's name).
    if (from.partitionOf === null && to.partitionOf !== null) return { from: own.filter((c) => !mergedOnAttach(c, to)), to: wanted };
    return { from: own, to: wanted };
  }
  return comparedAcrossInheritance(from.constraints, to.constraints);
}

function mergedOnAttach(own: Constraint, partition: Table): boolean {
  return (
    own.kind === 'foreign key' &&
    partition.constraints.some((c) => c.inherited && c.kind === 'foreign key' && c.name === own.name && c.validated === own.validated && constraintBody(c) === constraintBody(own))
  );
}

/** Constraint kinds whose rename keeps everything else: foreign keys are left to drop and add (see renamedConstraints). */
const RENAMEABLE = new Set<Constraint['kind']>(['primary key', 'unique', 'check', 'exclusion']);

/**
 * Constraints that only change name: one only in the current table and one only in the desired
 * table, of the same kind, definition and validity. RENAME CONSTRAINT changes the catalog (and the
 * name of a key's index) under a moment's ACCESS EXCLUSIVE; a drop and an add would build the key's
 * index again or scan the table for a CHECK, and leave the table without its key in between.
 * Not paired: foreign keys (a key replaced in the same plan carries the foreign keys that reference
 * it by name: carriedForeignKeys), a constraint dropped and created again for a dependency
 * (ctx.replaced), and a key whose new name any relation of the schema has now (its index takes that
 * name). Pairs are made in name order, so the same schemas always give the same plan.
 */
function renamedConstraints(ctx: DiffContext, table: string, current: ReadonlyMap<string, Constraint>, desired: ReadonlyMap<string, Constraint>): { from: Constraint; to: Constraint }[] {
  const gone = [...current.values()].filter((c) => !desired.has(c.name) && RENAMEABLE.has(c.kind) && !ctx.replaced.has(graphKey.constraint(table, c.name)));
  const added = [...desired.values()].filter((c) => !current.has(c.name) && RENAMEABLE.has(c.kind)).sort((a, b) => compareText(a.name, b.name));
  if (gone.length === 0 || added.length === 0) return [];
  const relations = currentRelationNames(ctx);
  const pairs: { from: Constraint; to: Constraint }[] = [];
  const taken = new Set<string>();
  for (const from of gone.sort((a, b) => compareText(a.name, b.name))) {
    const to = added.find(
      (c) => !taken.has(c.name) && c.kind === from.kind && c.validated === from.validated && constraintBody(c) === constraintBody(from) && !(c.kind !== 'check' && relations.has(c.name)),
    );
    if (!to) continue;
    taken.add(to.name);
    pairs.push({ from, to });
  }
  return pairs;
}

/** Every relation name in the current schema (a key's index is a relation named after the key). */
function currentRelationNames(ctx: DiffContext): Set<string> {
  const m = ctx.current;
  return new Set([
    ...m.tables.flatMap((t) => [t.name, ...t.indexes.map((i) => i.name), ...t.constraints.filter((c) => c.kind !== 'check' && c.kind !== 'foreign key').map((c) => c.name)]),
    ...m.sequences.map((s) => s.name),
    ...m.views.map((v) => v.name),
    ...m.materializedViews.map((v) => v.name),
  ]);
}

function replaceConstraintId(table: string, name: string): string {
  return `replace-constraint:${table}.${name}`;
}

/**
 * What carrying foreign keys means for the rest of the list, which each table's diff could not see:
 * - the redefinition of a carried foreign key (CarriedForeignKey.changeId) is marked carried by its
 *   key's change, which plans its steps; it stays in the list for what reads changes (lint,
 *   preflight data checks, the object diff);
 * - an unchanged carried foreign key's comment goes with the DROP, so it is set again (a
 *   redefined one's is, by its table's diff).
 */
export function completeCarriedForeignKeys(changes: readonly SchemaChange[]): SchemaChange[] {
  const carrier = new Map<string, string>();
  const comments: SchemaChange[] = [];
  const ids = new Set(changes.map((change) => change.id));
  for (const change of changes) {
    if (change.kind !== 'drop-constraint' && change.kind !== 'replace-constraint' && change.kind !== 'drop-index' && change.kind !== 'rebuild-index') continue;
    for (const carried of change.carries ?? []) {
      if (carried.changeId !== null) carrier.set(carried.changeId, change.id);
      else {
        const comment = commentChange({ kind: 'constraint', name: carried.constraint.name, table: carried.table }, null, carried.constraint.comment, false);
        comments.push(...comment.filter((c) => !ids.has(c.id)));
      }
    }
  }
  if (carrier.size === 0 && comments.length === 0) return [...changes];
  const marked = changes.map((change) => {
    const by = change.kind === 'replace-constraint' ? carrier.get(change.id) : undefined;
    return by === undefined ? change : { ...change, carriedBy: by };
  });
  return [...marked, ...comments];
}

/** A primary key or unique constraint's drop or replacement, with the unchanged foreign keys it must carry (CarriedForeignKey). */
function withCarriedForeignKeys(ctx: DiffContext, change: SchemaChange): SchemaChange {
  if (change.kind !== 'drop-constraint' && change.kind !== 'replace-constraint') return change;
  // Dropped to be added again by a change of its own (as the dependant of a dropped object, which a
  // key never is): its foreign keys would have to come back after that add, not here.
  if (change.kind === 'drop-constraint' && change.replaced) return change;
  const gone = change.kind === 'drop-constraint' ? change.constraint : change.from;
  const carries = gone.kind === 'primary key' || gone.kind === 'unique' ? carriedForeignKeys(ctx, change.table, gone.columns) : [];
  return carries.length === 0 ? change : { ...change, carries };
}

/** The unchanged or redefined foreign keys that reference `table` over the unique key `columns` (a key or unique index that goes). */
export function carriedForeignKeys(ctx: DiffContext, table: string, columns: readonly string[]): CarriedForeignKey[] {
  const key = [...columns].sort().join(',');
  const carried: CarriedForeignKey[] = [];
  for (const from of [...ctx.currentTables.values()].sort((a, b) => compareText(a.name, b.name))) {
    const to = ctx.desiredTables.get(from.name);
    // A foreign key of a dropped or re-created table goes with it.
    if (!to || ctx.recreatedTables.has(from.name)) continue;
    for (const fk of from.constraints) {
      if (fk.kind !== 'foreign key' || fk.inherited || fk.references?.table !== table) continue;
      // PostgreSQL matches the referenced columns to a unique index as a set.
      if ([...fk.references.columns].sort().join(',') !== key) continue;
      const wanted = to.constraints.find((c) => c.name === fk.name && !c.inherited);
      // One that is dropped, becomes another kind of constraint, or is replaced with a dependency
      // (a column's type) is dropped and added by its own change.
      if (!wanted || wanted.kind !== 'foreign key' || ctx.replaced.has(graphKey.constraint(from.name, fk.name))) continue;
      const redefined = constraintBody(wanted) !== constraintBody(fk);
      carried.push({ table: from.name, from: fk, constraint: wanted, changeId: redefined ? replaceConstraintId(from.name, fk.name) : null });
    }
  }
  return carried;
}

/**
 * A primary key replaced by one with another name would otherwise be a drop and an add: the table
 * would go without uniqueness (and ON CONFLICT would fail) from the drop until the new index is
 * built. As one replace, the new index is built first and the swap commits in one transaction.
 */
function mergeRenamedPrimaryKey(changes: SchemaChange[]): SchemaChange[] {
  const isPrimaryKey = (c: SchemaChange, kind: 'drop-constraint' | 'add-constraint'): boolean =>
    c.kind === kind && c.constraint.kind === 'primary key' && !(kind === 'drop-constraint' && c.kind === 'drop-constraint' && c.replaced);
  const drop = changes.find((c) => isPrimaryKey(c, 'drop-constraint'));
  const add = changes.find((c) => isPrimaryKey(c, 'add-constraint'));
  if (!drop || !add || drop.kind !== 'drop-constraint' || add.kind !== 'add-constraint') return changes;
  const replace: SchemaChange = {
    id: `replace-constraint:${add.table}.${add.constraint.name}`,
    kind: 'replace-constraint',
    table: add.table,
    from: drop.constraint,
    to: add.constraint,
    ...(add.cluster ? { cluster: add.cluster } : {}),
  };
  return changes.flatMap((c) => (c === drop ? [] : c === add ? [replace] : [c]));
}
