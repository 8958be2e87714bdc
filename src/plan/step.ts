/**
 * A plan is steps; a step is SQL plus the facts the linter, the apply engine and the reporters need.
 * Plans are written for a search_path set to the target schema (object names are unqualified), so
 * one plan fits every tenant schema with the same live state.
 */
export type LockMode = 'ACCESS SHARE' | 'ROW SHARE' | 'ROW EXCLUSIVE' | 'SHARE UPDATE EXCLUSIVE' | 'SHARE' | 'SHARE ROW EXCLUSIVE' | 'EXCLUSIVE' | 'ACCESS EXCLUSIVE';

export type HazardKind =
  /** ACCESS EXCLUSIVE (or SHARE) lock on an existing table: blocks reads and/or writes while held. */
  | 'blocking-lock'
  /** The table (and its indexes) are rewritten: time and lock proportional to the table size. */
  | 'table-rewrite'
  /** Full scan under a lock that blocks writes (e.g. SET NOT NULL without a proof). */
  | 'table-scan'
  /** Data is removed: dropped table, column, enum value, or a narrowing type change. */
  | 'data-loss'
  /** May fail on existing data (NULLs, duplicates, orphans, violations). */
  | 'may-fail-on-data'
  /** Code that uses the old shape stops working (dropped/renamed objects, changed signatures). */
  | 'breaks-running-code'
  /** Cannot run inside a transaction block (CONCURRENTLY, ALTER TYPE … ADD VALUE before PG 12 use). */
  | 'non-transactional'
  /** Long-running index build; uses I/O and CPU, no blocking lock. */
  | 'index-build'
  /** An index is removed: queries relying on it may slow down. */
  | 'index-dropped'
  /** Validation scan of a NOT VALID constraint (SHARE UPDATE EXCLUSIVE: reads and writes go on). */
  | 'validation-scan'
  /** Changes to functions, triggers or policies whose effect depends on user code. */
  | 'user-code'
  /** Row level security changes what rows queries see. */
  | 'row-visibility';

export interface Hazard {
  readonly kind: HazardKind;
  readonly message: string;
}

export interface PlanStep {
  readonly sql: string;
  /** false for statements that cannot run in a transaction block (CONCURRENTLY, …). */
  readonly transactional: boolean;
  /** Strongest lock the statement takes, on `table`; null when it locks no existing table. */
  readonly lock: LockMode | null;
  /** The existing table (or view, index's table) it locks; null for new objects. */
  readonly table: string | null;
  readonly hazards: readonly Hazard[];
  /**
   * Steps with the same group run in one transaction (all transactional); null means its own.
   * Groups let NOT VALID + VALIDATE, or drop + recreate of a view, commit together or not at all.
   */
  readonly group: number | null;
  /** statement_timeout for the step in ms: short for catalog-only steps, long for builds and scans. */
  readonly timeoutMs: number;
  /** What kind of change produced the step (for reporters and the linter). */
  readonly changeId: string;
  /** true when the step operates only on objects created earlier in the same plan. */
  readonly onNewObject: boolean;
  /**
   * Only in a plan of several schemas (plan-schema-set.ts): the schema the step runs in. Its names
   * are unqualified like every step's; the apply session sets search_path to it for the step, and
   * the rendered SQL shows that SET.
   */
  readonly schema?: string;
}

export interface Plan {
  /** Target schema the plan was computed for (of several, the primary: steps say where they run). */
  readonly schema: string;
  readonly steps: readonly PlanStep[];
  /** sha256 of the current model the plan was computed from: apply refuses a plan for another state. */
  readonly currentFingerprint: string;
  readonly desiredFingerprint: string;
}
