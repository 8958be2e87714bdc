import type { Column, ObjectKey, SchemaModel, Table } from '../schema/model.js';
import type { CommentTarget, SchemaChange } from './schema-change.js';

/** Name → item, built once per side; lookups never depend on the input arrays' order. */
export function byName<T>(items: readonly T[], name: (item: T) => string): ReadonlyMap<string, T> {
  const map = new Map<string, T>();
  for (const item of items) map.set(name(item), item);
  return map;
}

/** Sorted union of the names of two maps, so every family walks objects in one fixed order. */
export function unionNames(a: ReadonlyMap<string, unknown>, b: ReadonlyMap<string, unknown>): string[] {
  return [...new Set([...a.keys(), ...b.keys()])].sort(compareText);
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Union-find over object keys: members of one set must commit together. */
export class Clusters {
  private readonly parent = new Map<ObjectKey, ObjectKey>();

  /** Registers a key as clustered, even alone (a view dropped and created again is a cluster of one key). */
  add(key: ObjectKey): void {
    if (!this.parent.has(key)) this.parent.set(key, key);
  }

  union(a: ObjectKey, b: ObjectKey): void {
    this.add(a);
    this.add(b);
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return;
    // The smaller key becomes the root so the cluster id does not depend on discovery order.
    if (compareText(ra, rb) < 0) this.parent.set(rb, ra);
    else this.parent.set(ra, rb);
  }

  find(key: ObjectKey): ObjectKey {
    let k = key;
    for (let p = this.parent.get(k); p !== undefined && p !== k; p = this.parent.get(k)) k = p;
    return k;
  }

  /** The cluster id for a key, or undefined when the key was never clustered. */
  clusterOf(key: ObjectKey): string | undefined {
    return this.parent.has(key) ? this.find(key) : undefined;
  }
}

/** Everything the per-family diffs share. */
export interface DiffContext {
  readonly current: SchemaModel;
  readonly desired: SchemaModel;
  readonly currentTables: ReadonlyMap<string, Table>;
  readonly desiredTables: ReadonlyMap<string, Table>;
  /** Tables that exist after the plan but not before it as the same object (new or re-created). */
  readonly createdTables: ReadonlySet<string>;
  /** Tables dropped and created again (kind or partition key changed). */
  readonly recreatedTables: ReadonlySet<string>;
  /** Objects (views, routines, triggers, constraints, policies, …) dropped and created again. */
  readonly replaced: ReadonlySet<ObjectKey>;
  readonly clusters: Clusters;
  /** Partitions left pending detach (Table.partitionOf.detachPending), to their parent: usually none. */
  readonly pendingDetach: ReadonlyMap<string, string>;
  /** Keys whose old object goes away (dropped, or dropped and created again), this schema's and any a set's other schemas passed in. */
  readonly gone: ReadonlySet<ObjectKey>;
}

/** The cluster a change belongs to, as an optional property to spread into the change. */
export function clusterProp(ctx: DiffContext, key: ObjectKey): { cluster?: string } {
  const cluster = ctx.clusters.clusterOf(key);
  return cluster === undefined ? {} : { cluster };
}

export function ownColumns(table: Table): Column[] {
  return table.columns.filter((c) => !c.inherited);
}

/**
 * The columns to compare between a table's two states: its own ones, except when it is attached
 * or detached (a partition's are all inherited, a table's of its own are all its own), where all
 * of them are: ATTACH and DETACH keep the columns, and only a real difference is a change. So is a
 * partition left pending detach, whatever it becomes: FINALIZE makes its columns its own, and its
 * parent's new columns no longer reach it.
 */
export function comparedColumns(from: Table, to: Table): { readonly from: Column[]; readonly to: Column[] } {
  if ((from.inherits?.length ?? 0) > 0 || (to.inherits?.length ?? 0) > 0) return inheritanceColumns(from, to);
  const attachedOrDetached = (from.partitionOf === null) !== (to.partitionOf === null) || from.partitionOf?.detachPending === true;
  return attachedOrDetached ? { from: [...from.columns], to: [...to.columns] } : { from: ownColumns(from), to: ownColumns(to) };
}

/**
 * A child of table inheritance: a column inherited on both sides changes with its parent, one
 * only its parent adds or drops comes and goes with it; the rest are compared, whichever side
 * calls them its own (INHERIT leaves matching columns local, NO INHERIT makes them local).
 */
function inheritanceColumns(from: Table, to: Table): { readonly from: Column[]; readonly to: Column[] } {
  return comparedAcrossInheritance(from.columns, to.columns);
}

/**
 * What a child of table inheritance compares of its columns or constraints: those inherited on
 * both sides are its parent's business, and so is one only the parent adds or drops.
 */
export function comparedAcrossInheritance<T extends { readonly name: string; readonly inherited: boolean }>(from: readonly T[], to: readonly T[]): { readonly from: T[]; readonly to: T[] } {
  const before = new Map(from.map((c) => [c.name, c]));
  const after = new Map(to.map((c) => [c.name, c]));
  const compared = (name: string): boolean => {
    const f = before.get(name);
    const t = after.get(name);
    if (f && t) return !(f.inherited && t.inherited);
    return f ? !f.inherited : !(t?.inherited ?? false);
  };
  return { from: from.filter((c) => compared(c.name)), to: to.filter((c) => compared(c.name)) };
}

/**
 * A COMMENT ON change when the comment differs; `existed` false means the object is created
 * (or re-created) by this plan, so only a non-null comment matters.
 */
export function commentChange(target: CommentTarget, from: string | null, to: string | null, existed: boolean): SchemaChange[] {
  const before = existed ? from : null;
  if (before === to) return [];
  const owner = target.table !== undefined ? `${target.table}.` : '';
  const args = target.arguments !== undefined ? `(${target.arguments})` : '';
  return [{ id: `set-comment:${target.kind}:${owner}${target.name}${args}`, kind: 'set-comment', target, comment: to }];
}
