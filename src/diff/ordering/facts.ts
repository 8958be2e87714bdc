import type { ObjectKey } from '../../schema/model.js';
import type { DiffContext } from '../diff-context.js';
import type { SchemaChange } from '../schema-change.js';

/**
 * What a change does to the dependency graph:
 * - creates: keys that exist after it (a change that needs one runs later);
 * - drops: keys whose old object is gone after it (a change that releases one runs earlier);
 * - needs: keys that must exist when it runs;
 * - releases: keys it stops depending on (it must run before they are dropped);
 * - awaits: keys whose old object must be gone first (a name to reuse, a PRIMARY KEY before DROP NOT NULL).
 */
export interface OrderingFacts {
  readonly creates: readonly ObjectKey[];
  readonly drops: readonly ObjectKey[];
  readonly needs: readonly ObjectKey[];
  readonly releases: readonly ObjectKey[];
  readonly awaits: readonly ObjectKey[];
}

/** The facts of one change while they are being gathered. */
export interface Facts {
  creates: ObjectKey[];
  drops: ObjectKey[];
  needs: ObjectKey[];
  releases: ObjectKey[];
  awaits: ObjectKey[];
}

export type ChangeKind = SchemaChange['kind'];
export type ChangeOf<K extends ChangeKind> = Extract<SchemaChange, { readonly kind: K }>;

/** Adds to `f` what `change` does to the graph. */
export type FactsFor<C extends SchemaChange> = (f: Facts, change: C, ctx: DiffContext) => void;
/** The facts of a change of kind K (or of either kind, for a function two kinds share). */
export type FactsOf<K extends ChangeKind> = FactsFor<ChangeOf<K>>;

/** Every change kind's facts: a kind without an entry does not compile. */
export type OrderingFactsTable = { readonly [K in ChangeKind]: FactsOf<K> };

/** One family's part of the table: an entry for each of its kinds. */
export type FamilyFacts<K extends ChangeKind> = { readonly [P in K]: FactsOf<P> };

export const minus = (a: readonly ObjectKey[], b: readonly ObjectKey[]) => a.filter((k) => !b.includes(k));
