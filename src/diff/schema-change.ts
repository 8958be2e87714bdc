import type {
  Collation,
  Column,
  CompositeType,
  Constraint,
  Domain,
  EnumType,
  Extension,
  Index,
  MaterializedView,
  Policy,
  ReplicaIdentity,
  Routine,
  Sequence,
  Table,
  Trigger,
  View,
} from '../schema/model.js';

/** What a GRANT or REVOKE names: ON TABLE (tables, views, materialized views), SEQUENCE or ROUTINE. */
export interface PrivilegeObject {
  readonly kind: 'table' | 'sequence' | 'routine';
  readonly name: string;
  readonly arguments: string | null;
}

/** What a COMMENT ON statement targets. */
export interface CommentTarget {
  readonly kind:
    | 'schema'
    | 'extension'
    | 'collation'
    | 'type'
    | 'domain'
    | 'sequence'
    | 'table'
    | 'column'
    | 'constraint'
    | 'domain constraint'
    | 'index'
    | 'trigger'
    | 'policy'
    | 'view'
    | 'materialized view'
    | 'function'
    | 'procedure';
  readonly name: string;
  /** The table a column / constraint / trigger / policy belongs to (the domain of a domain constraint, the type of a composite type's attribute). */
  readonly table?: string;
  /** Identity arguments of a routine. */
  readonly arguments?: string;
}

export interface EnumValueAddition {
  readonly value: string;
  readonly before: string | null;
  readonly after: string | null;
}

export interface Base {
  /** `<kind>:<object>`: unique within one diff, stable across runs. */
  readonly id: string;
  /**
   * Changes that must commit together (a view dropped and re-created around a column change, …):
   * the id of the cluster, shared by its members. Absent when the change stands alone.
   */
  readonly cluster?: string;
  /**
   * Set only in a diff of several schemas (diff-schema-set.ts): the schema the change is made in.
   * Its names stay unqualified, as in a one-schema diff; its steps run with search_path set to it.
   */
  readonly schema?: string;
}

export type SchemaChange = Base &
  (
    | { readonly kind: 'add-extension'; readonly extension: Extension }
    | { readonly kind: 'drop-extension'; readonly extension: Extension }
    | { readonly kind: 'alter-extension'; readonly from: Extension; readonly to: Extension }
    | {
        /** GRANT …, or with grantOption GRANT … WITH GRANT OPTION. */
        readonly kind: 'grant-privileges';
        readonly object: PrivilegeObject;
        readonly grantee: string;
        readonly privileges: readonly string[];
        readonly grantOption: boolean;
      }
    | {
        /** REVOKE …, or with grantOption only REVOKE GRANT OPTION FOR …. */
        readonly kind: 'revoke-privileges';
        readonly object: PrivilegeObject;
        readonly grantee: string;
        readonly privileges: readonly string[];
        readonly grantOption: boolean;
      }
    | { readonly kind: 'add-collation'; readonly collation: Collation }
    | { readonly kind: 'drop-collation'; readonly collation: Collation }
    | { readonly kind: 'add-enum'; readonly enum: EnumType }
    | { readonly kind: 'drop-enum'; readonly enum: EnumType }
    | { readonly kind: 'add-enum-values'; readonly enum: string; readonly values: readonly EnumValueAddition[] }
    | {
        /** Values removed or reordered: rename the old type, create the new one, move columns, drop the old. */
        readonly kind: 'recreate-enum';
        readonly from: EnumType;
        readonly to: EnumType;
        readonly removedValues: readonly string[];
        readonly columns: readonly { readonly table: string; readonly column: string; readonly type: string; readonly default: string | null }[];
      }
    | { readonly kind: 'add-domain'; readonly domain: Domain }
    | { readonly kind: 'drop-domain'; readonly domain: Domain; readonly replaced: boolean }
    | { readonly kind: 'alter-domain'; readonly from: Domain; readonly to: Domain }
    | { readonly kind: 'add-composite-type'; readonly type: CompositeType }
    | { readonly kind: 'drop-composite-type'; readonly type: CompositeType }
    | { readonly kind: 'alter-composite-type'; readonly from: CompositeType; readonly to: CompositeType }
    | { readonly kind: 'add-sequence'; readonly sequence: Sequence }
    | { readonly kind: 'drop-sequence'; readonly sequence: Sequence }
    | {
        /** `from` is null right after add-sequence: only OWNED BY is left to set. */
        readonly kind: 'alter-sequence';
        readonly from: Sequence | null;
        readonly to: Sequence;
      }
    | {
        readonly kind: 'add-table';
        readonly table: Table;
        /** Foreign keys left out of CREATE TABLE (they reference a table created later in the plan). */
        readonly deferredConstraints: readonly string[];
      }
    | { readonly kind: 'drop-table'; readonly table: Table; readonly replaced: boolean }
    | { readonly kind: 'alter-table'; readonly from: Table; readonly to: Table }
    | { readonly kind: 'set-row-level-security'; readonly table: string; readonly from: { enabled: boolean; force: boolean } | null; readonly to: { enabled: boolean; force: boolean } }
    | { readonly kind: 'set-inheritance'; readonly table: string; readonly from: readonly string[]; readonly to: readonly string[] }
    | { readonly kind: 'set-replica-identity'; readonly table: string; readonly from: ReplicaIdentity | null; readonly to: ReplicaIdentity }
    | { readonly kind: 'attach-partition'; readonly table: string; readonly parent: string; readonly bound: string }
    | {
        readonly kind: 'detach-partition';
        readonly table: string;
        readonly parent: string;
        readonly bound: string;
        /** An earlier DETACH … CONCURRENTLY stopped halfway: only FINALIZE completes it. */
        readonly pending?: true;
      }
    | { readonly kind: 'add-column'; readonly table: string; readonly column: Column }
    | { readonly kind: 'drop-column'; readonly table: string; readonly column: Column }
    | {
        /** Everything but NOT NULL being set, which is its own change (it waits for a validation scan). */
        readonly kind: 'alter-column';
        readonly table: string;
        readonly from: Column;
        readonly to: Column;
      }
    | { readonly kind: 'set-not-null'; readonly table: string; readonly column: string }
    | { readonly kind: 'add-constraint'; readonly table: string; readonly constraint: Constraint }
    | { readonly kind: 'drop-constraint'; readonly table: string; readonly constraint: Constraint; readonly replaced: boolean; readonly carries?: readonly CarriedForeignKey[] }
    | {
        readonly kind: 'replace-constraint';
        readonly table: string;
        readonly from: Constraint;
        readonly to: Constraint;
        readonly carries?: readonly CarriedForeignKey[];
        /** A foreign key redefined while the key it references goes: the id of that key's change, whose transaction drops and re-adds it (CarriedForeignKey). */
        readonly carriedBy?: string;
      }
    /** The same constraint (kind, definition, validity) under another name: a catalog-only RENAME CONSTRAINT, not a drop and an add. */
    | { readonly kind: 'rename-constraint'; readonly table: string; readonly from: Constraint; readonly to: Constraint }
    | { readonly kind: 'validate-constraint'; readonly table: string; readonly constraint: Constraint }
    | { readonly kind: 'add-index'; readonly index: Index }
    | { readonly kind: 'drop-index'; readonly index: Index; readonly replaced: boolean; readonly carries?: readonly CarriedForeignKey[] }
    | { readonly kind: 'rebuild-index'; readonly from: Index; readonly to: Index; readonly carries?: readonly CarriedForeignKey[] }
    | { readonly kind: 'add-trigger'; readonly trigger: Trigger }
    | { readonly kind: 'drop-trigger'; readonly trigger: Trigger; readonly replaced: boolean }
    | { readonly kind: 'alter-trigger'; readonly from: Trigger; readonly to: Trigger }
    | { readonly kind: 'add-policy'; readonly policy: Policy }
    | { readonly kind: 'drop-policy'; readonly policy: Policy; readonly replaced: boolean }
    | { readonly kind: 'alter-policy'; readonly from: Policy; readonly to: Policy }
    | { readonly kind: 'add-view'; readonly view: View }
    | { readonly kind: 'drop-view'; readonly view: View; readonly replaced: boolean }
    | { readonly kind: 'replace-view'; readonly from: View; readonly to: View }
    | { readonly kind: 'add-materialized-view'; readonly view: MaterializedView }
    | { readonly kind: 'drop-materialized-view'; readonly view: MaterializedView; readonly replaced: boolean }
    | { readonly kind: 'add-routine'; readonly routine: Routine }
    | { readonly kind: 'drop-routine'; readonly routine: Routine; readonly replaced: boolean }
    | { readonly kind: 'replace-routine'; readonly from: Routine; readonly to: Routine }
    | { readonly kind: 'set-comment'; readonly target: CommentTarget; readonly comment: string | null }
    /** A schema of a multi-schema file that the database lacks (diff-schema-set.ts). */
    | { readonly kind: 'add-schema'; readonly schema: string }
    /** A scoped schema the file no longer declares: its objects are dropped by their own changes first. */
    | { readonly kind: 'drop-schema'; readonly schema: string }
  );

export type ChangeKind = SchemaChange['kind'];

/** One member of the union, by kind. */
export type ChangeOf<K extends ChangeKind> = Extract<SchemaChange, { kind: K }>;

/**
 * A foreign key that references exactly the columns of a primary key or unique constraint that goes
 * away: PostgreSQL may back it with that constraint's index, and then refuses to drop the constraint
 * while it exists. The change that drops the constraint drops it first and adds it back as desired
 * (NOT VALID, then validated) in the same transaction, once the key it references is there. A
 * foreign key that is redefined too (other actions, or moved to the new composite key) is carried
 * the same way, as its own change (`changeId`, marked carriedBy) has no order that works: its drop
 * must come before the key's, its add after the new key.
 */
export interface CarriedForeignKey {
  readonly table: string;
  /** As it is now. */
  readonly from: Constraint;
  /** As desired. */
  readonly constraint: Constraint;
  /** The foreign key's own replace-constraint change when it is redefined; its steps are counted as that change's (lint, preflight). */
  readonly changeId: string | null;
}
