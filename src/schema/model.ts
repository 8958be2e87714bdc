/**
 * The one description of a schema. Both sides of every diff come from `introspectSchema`, so
 * every text field here is PostgreSQL's own canonical spelling (format_type, pg_get_expr,
 * pg_get_constraintdef, pg_get_viewdef, …) read with `search_path` set to the introspected schema:
 * references to objects of that schema are unqualified, so two schemas with the same content
 * produce identical models whatever their names. Arrays are sorted by name (columns keep their
 * attnum order, enum values their sort order) so a model serialises deterministically.
 */
export interface SchemaModel {
  /** The schema that was introspected (not part of any comparison). */
  readonly schema: string;
  /** server_version_num of the server it was read from. */
  readonly serverVersion: number;
  readonly comment: string | null;
  readonly extensions: readonly Extension[];
  readonly collations: readonly Collation[];
  readonly enums: readonly EnumType[];
  readonly domains: readonly Domain[];
  readonly compositeTypes: readonly CompositeType[];
  readonly sequences: readonly Sequence[];
  readonly tables: readonly Table[];
  readonly views: readonly View[];
  readonly materializedViews: readonly MaterializedView[];
  readonly routines: readonly Routine[];
  /**
   * Privileges granted on the schema's tables, views, sequences and routines to roles other than
   * the object's owner, sorted. Null in a desired model whose schema file has no GRANT or REVOKE:
   * privileges are then not managed, and whatever a tenant grants is left alone.
   */
  readonly privileges: readonly Privilege[] | null;
  /** Objects in the schema that the model does not cover; reported by name, never ignored. */
  readonly unsupported: readonly UnsupportedObject[];
}

/** A key naming one object in a model, used for dependencies: `table:orders`, `routine:f(integer)`, … */
export type ObjectKey = string;

export interface UnsupportedObject {
  /** What it is, in PostgreSQL's words: "aggregate", "operator", "foreign table", "rule", … */
  readonly kind: string;
  readonly name: string;
}

export interface Extension {
  readonly name: string;
  /** Schema the extension's objects live in (it may be another schema than the introspected one). */
  readonly schema: string;
  /**
   * extversion. In a desired model, null when the schema file's CREATE EXTENSION names no VERSION:
   * any installed version will do (see unpinExtensionVersions).
   */
  readonly version: string | null;
  readonly comment: string | null;
}

export interface Collation {
  readonly name: string;
  /** The options of CREATE COLLATION: `provider = icu, locale = 'en-u-kn-true'`, `provider = libc, lc_collate = 'C', lc_ctype = 'C'`. */
  readonly definition: string;
  readonly comment: string | null;
}

export interface EnumType {
  readonly name: string;
  readonly values: readonly string[];
  readonly comment: string | null;
}

export interface Domain {
  readonly name: string;
  /** format_type of the base type. */
  readonly baseType: string;
  readonly notNull: boolean;
  readonly default: string | null;
  /** Collation name when it differs from the base type's default, else null. */
  readonly collation: string | null;
  readonly constraints: readonly DomainConstraint[];
  readonly comment: string | null;
  readonly dependsOn: readonly ObjectKey[];
}

export interface DomainConstraint {
  readonly name: string;
  /** pg_get_constraintdef, e.g. `CHECK ((VALUE > 0))`. */
  readonly definition: string;
  readonly validated: boolean;
  readonly comment: string | null;
}

export interface CompositeType {
  readonly name: string;
  readonly attributes: readonly { readonly name: string; readonly type: string; readonly collation: string | null }[];
  /** COMMENT ON COLUMN of each attribute, in `attributes` order. Absent in hand-built models. */
  readonly attributeComments?: readonly (string | null)[];
  readonly comment: string | null;
  readonly dependsOn: readonly ObjectKey[];
}

export interface Sequence {
  readonly name: string;
  /** smallint | integer | bigint */
  readonly dataType: string;
  readonly start: string;
  readonly increment: string;
  readonly min: string;
  readonly max: string;
  readonly cache: string;
  readonly cycle: boolean;
  /** CREATE UNLOGGED SEQUENCE (PostgreSQL 15+). */
  readonly unlogged: boolean;
  /** Set by OWNED BY (serial columns too). Identity sequences are not listed here: they belong to their column. */
  readonly ownedBy: { readonly table: string; readonly column: string } | null;
  readonly comment: string | null;
}

export interface Table {
  readonly name: string;
  /** `partitioned` for a partitioned parent (relkind p). */
  readonly kind: 'table' | 'partitioned';
  readonly unlogged: boolean;
  /** pg_get_partkeydef for a partitioned table, e.g. `RANGE (created_at)`. */
  readonly partitionKey: string | null;
  /**
   * Set when this table is a partition: its parent and pg_get_expr of the bound. `detachPending`
   * (only ever true, and only in a live read) marks one whose DETACH … CONCURRENTLY stopped halfway:
   * still linked to its parent, but its rows no longer show up there.
   */
  readonly partitionOf: { readonly parent: string; readonly bound: string; readonly detachPending?: true } | null;
  /**
   * INHERITS: the parents of a child of table inheritance, in order (not a partition's). Its
   * columns and CHECK constraints from them are marked inherited. Absent in hand-built models.
   */
  readonly inherits?: readonly string[];
  readonly columns: readonly Column[];
  readonly constraints: readonly Constraint[];
  /** Indexes that do not back a constraint (those are part of the constraint). */
  readonly indexes: readonly Index[];
  readonly triggers: readonly Trigger[];
  readonly policies: readonly Policy[];
  readonly rowLevelSecurity: boolean;
  readonly forceRowLevelSecurity: boolean;
  /** REPLICA IDENTITY: what logical replication and CDC send of an updated or deleted row. */
  readonly replicaIdentity: ReplicaIdentity;
  /** reloptions as `key=value`, sorted (fillfactor, autovacuum_*, …). */
  readonly options: readonly string[];
  readonly comment: string | null;
}

/** `default` (the primary key), `full` (every column), `nothing`, or `{ index }` (USING INDEX). */
export type ReplicaIdentity = 'default' | 'full' | 'nothing' | { readonly index: string };

export interface Column {
  readonly name: string;
  /** format_type(atttypid, atttypmod): `character varying(20)`, `integer[]`, `"Mood"`. */
  readonly type: string;
  readonly notNull: boolean;
  /** pg_get_expr of the default; null when none (and always null for identity / generated columns). */
  readonly default: string | null;
  readonly identity: Identity | null;
  /** pg_get_expr of a stored generated column's expression. */
  readonly generated: string | null;
  /** Collation name when it differs from the type's default collation, else null. */
  readonly collation: string | null;
  /** Columns inherited from a partition parent are listed on the partition too, marked here. */
  readonly inherited: boolean;
  /** attstorage (`plain`, `main`, `external`, `extended`): SET STORAGE, or its type's own (typeStorage). */
  readonly storage: StorageMode;
  /** The column type's own storage (typstorage): what a type change gives the column. */
  readonly typeStorage: StorageMode;
  /** COMPRESSION pglz | lz4 (PostgreSQL 14+); null for the server's default_toast_compression. */
  readonly compression: string | null;
  /** SET STATISTICS target; null for default_statistics_target. */
  readonly statistics: number | null;
  /** SET (n_distinct = …, n_distinct_inherited = …) as `key=value`, sorted. */
  readonly attributeOptions: readonly string[];
  readonly comment: string | null;
  /** Routines, types and sequences the default / generation expression / type use. */
  readonly dependsOn: readonly ObjectKey[];
}

export type StorageMode = 'plain' | 'main' | 'external' | 'extended';

export interface Identity {
  readonly generation: 'ALWAYS' | 'BY DEFAULT';
  readonly sequence: Omit<Sequence, 'name' | 'ownedBy' | 'comment' | 'unlogged'>;
}

export type ConstraintKind = 'primary key' | 'unique' | 'check' | 'foreign key' | 'exclusion';

export interface Constraint {
  readonly name: string;
  readonly kind: ConstraintKind;
  /** pg_get_constraintdef: `FOREIGN KEY (a) REFERENCES t(id) ON DELETE CASCADE`, `CHECK ((x > 0))`, … */
  readonly definition: string;
  readonly columns: readonly string[];
  /** false for a NOT VALID constraint. */
  readonly validated: boolean;
  readonly deferrable: boolean;
  readonly initiallyDeferred: boolean;
  /** For foreign keys. */
  readonly references: { readonly table: string; readonly columns: readonly string[] } | null;
  /** Inherited from a partition parent: created and dropped with the parent's. */
  readonly inherited: boolean;
  readonly comment: string | null;
  readonly dependsOn: readonly ObjectKey[];
}

export interface Index {
  readonly name: string;
  readonly table: string;
  readonly unique: boolean;
  /**
   * pg_get_indexdef with the `ON [ONLY] schema.table` part normalised to `ON table`, so the
   * definition is the same whatever schema it lives in: `CREATE UNIQUE INDEX i ON t USING btree (lower(email)) WHERE …`.
   */
  readonly definition: string;
  readonly method: string;
  /** Key columns (expressions show as their text) and INCLUDE columns. */
  readonly columns: readonly string[];
  readonly predicate: string | null;
  /** false when a failed concurrent build left it INVALID. */
  readonly valid: boolean;
  /** Index of a partition attached to its parent's index: created and dropped with the parent's. */
  readonly inherited: boolean;
  readonly comment: string | null;
}

export interface Trigger {
  readonly name: string;
  readonly table: string;
  /** pg_get_triggerdef. */
  readonly definition: string;
  /** O (origin, the default), D (disabled), R (replica), A (always). */
  readonly enabled: 'O' | 'D' | 'R' | 'A';
  readonly inherited: boolean;
  readonly comment: string | null;
  readonly dependsOn: readonly ObjectKey[];
}

export interface Policy {
  readonly name: string;
  readonly table: string;
  readonly permissive: boolean;
  /** ALL | SELECT | INSERT | UPDATE | DELETE */
  readonly command: string;
  readonly roles: readonly string[];
  readonly using: string | null;
  readonly withCheck: string | null;
  readonly comment: string | null;
}

export interface View {
  readonly name: string;
  /** pg_get_viewdef(oid, true). */
  readonly definition: string;
  /** reloptions: security_barrier, security_invoker, check_option. */
  readonly options: readonly string[];
  readonly columns: readonly string[];
  /**
   * format_type of each column, in `columns` order. CREATE OR REPLACE VIEW cannot change a column's
   * type, so the diff must see types, not only names. Absent in hand-built models.
   */
  readonly columnTypes?: readonly string[];
  /** COMMENT ON COLUMN of each column, in `columns` order. Absent in hand-built models. */
  readonly columnComments?: readonly (string | null)[];
  /** Its triggers (INSTEAD OF, or statement-level BEFORE/AFTER); `table` names the view. Absent in hand-built models. */
  readonly triggers?: readonly Trigger[];
  readonly comment: string | null;
  /** Relations, columns (`column:t.c`), routines and types the view reads. */
  readonly dependsOn: readonly ObjectKey[];
}

export interface MaterializedView {
  readonly name: string;
  readonly definition: string;
  readonly options: readonly string[];
  readonly columns: readonly string[];
  /** COMMENT ON COLUMN of each column, in `columns` order. Absent in hand-built models. */
  readonly columnComments?: readonly (string | null)[];
  readonly indexes: readonly Index[];
  readonly comment: string | null;
  readonly dependsOn: readonly ObjectKey[];
}

export interface Routine {
  readonly kind: 'function' | 'procedure';
  readonly name: string;
  /** pg_get_function_identity_arguments: `a integer, b text`. Identity is `name(args)`. */
  readonly identityArguments: string;
  /** pg_get_function_arguments (with defaults). */
  readonly arguments: string;
  /** pg_get_function_result; null for a procedure. */
  readonly returns: string | null;
  readonly language: string;
  /** prosrc (or the SQL-standard body's pg_get_function_sqlbody). */
  readonly body: string;
  /** The full CREATE OR REPLACE statement, unqualified, as the planner will emit it. */
  readonly definition: string;
  readonly comment: string | null;
  readonly dependsOn: readonly ObjectKey[];
}

export interface Privilege {
  /** `table` stands for tables, views and materialized views (GRANT … ON TABLE takes them all). */
  readonly kind: 'table' | 'sequence' | 'routine';
  readonly name: string;
  /** A routine's identity arguments; null for the others. */
  readonly arguments: string | null;
  /** A role name, or PUBLIC. */
  readonly grantee: string;
  /** SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER, MAINTAIN, USAGE or EXECUTE. */
  readonly privilege: string;
  readonly grantable: boolean;
}

/** Stable keys used in `dependsOn` and by the diff's dependency graph. */
export const objectKey = {
  table: (name: string): ObjectKey => `table:${name}`,
  column: (table: string, column: string): ObjectKey => `column:${table}.${column}`,
  view: (name: string): ObjectKey => `view:${name}`,
  materializedView: (name: string): ObjectKey => `materialized view:${name}`,
  sequence: (name: string): ObjectKey => `sequence:${name}`,
  type: (name: string): ObjectKey => `type:${name}`,
  routine: (name: string, identityArguments: string): ObjectKey => `routine:${name}(${identityArguments})`,
  extension: (name: string): ObjectKey => `extension:${name}`,
  collation: (name: string): ObjectKey => `collation:${name}`,
  // Indexes are named uniquely per schema; constraints, triggers and policies per table.
  index: (name: string): ObjectKey => `index:${name}`,
  constraint: (table: string, name: string): ObjectKey => `constraint:${table}.${name}`,
  trigger: (table: string, name: string): ObjectKey => `trigger:${table}.${name}`,
  policy: (table: string, name: string): ObjectKey => `policy:${table}.${name}`,
} as const;
