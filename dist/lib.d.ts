import type pg from 'pg';
import { z } from 'zod';

export declare interface AdaptiveConcurrencyConfig {
    /** The allowed probe time as a multiple of the cluster's idle one (more than 1). */
    readonly maxSlowdown: number;
    /** How often the probe is timed. */
    readonly everyMs: number;
}

/** Every rule the linter runs, sorted by id. */
export declare const allRules: readonly LintRule[];

/**
 * Brings one tenant to `desired`: plans from its live state, refuses what was not allowed, applies,
 * then plans again. The tenant counts as migrated only when that fresh plan is empty; anything
 * else is a failure that lists what is left, because "all statements succeeded" is not the same
 * as "the schema is right" (a concurrent change, a planner gap, an IF NOT EXISTS that kept an
 * INVALID index, …).
 */
export declare function applyAndVerify(target: ApplyTarget, desired: SchemaModel, options?: ApplyAndVerifyOptions): Promise<VerifiedApplyResult>;

export declare interface ApplyAndVerifyOptions<Current = SchemaModel> extends ApplyOptions {
    /** Run steps that lose data (dropped tables, columns, …). Without it such a plan is refused. */
    readonly allowDestructive?: boolean;
    /**
     * The fingerprint of the state a reviewed plan was computed from: when the live state has moved
     * on since, what would run is no longer what was reviewed, so the apply is refused.
     */
    readonly expectedCurrentFingerprint?: string;
    readonly planOptions?: PlanOptions;
    /** Called with the plan computed from the live state, before anything runs (reporters size their output by it). */
    readonly onPlanned?: (plan: Plan, current: Current) => void;
}

export declare interface ApplyOptions extends RetryOptions {
    /** How long any statement may wait in a lock queue. Default 2000 ms. */
    readonly lockTimeoutMs?: number;
    /** The longest any one step may run (the config's rollout.statementTimeout); see stepBudgetMs in apply-run.ts. */
    readonly statementTimeoutMs?: number;
    /**
     * Parallel workers a step's statement may use (max_parallel_maintenance_workers and
     * max_parallel_workers_per_gather). Default 0: each statement keeps to the one backend.
     */
    readonly parallelWorkers?: number;
    readonly onProgress?: (event: ApplyProgressEvent) => void;
    /** Where the time goes, for a caller that adds it up (a rollout's phase clock); `ms` is fractional. */
    readonly onTiming?: (what: ApplyTiming, ms: number) => void;
    /** Shown in pg_stat_activity so DBAs can tell who holds or waits for a lock. */
    readonly applicationName?: string;
}

/**
 * Runs a plan on one connection to `target`. Every statement that can take a lock is preceded by
 * its lock_timeout, so an application query never waits behind a queued migration statement for
 * longer than that; a statement that gives up is retried (with its whole group) after a jittered
 * backoff, by which time the blocker has often gone.
 *
 * Database errors of a step come back as a `failed` result; only a database that cannot be
 * reached at all throws (UnreachableDatabaseError).
 */
export declare function applyPlan(target: ApplyTarget, plan: Plan, options?: ApplyOptions): Promise<ApplyResult>;

export declare type ApplyProgressEvent = {
    readonly type: 'step-started';
    readonly stepIndex: number;
    readonly step: PlanStep;
    readonly attempt: number;
} | {
    readonly type: 'step-finished';
    readonly stepIndex: number;
    readonly step: PlanStep;
    readonly durationMs: number;
} | {
    readonly type: 'step-retried';
    readonly stepIndex: number;
    readonly step: PlanStep;
    /** The attempt that failed. */
    readonly attempt: number;
    readonly delayMs: number;
    readonly error: StepError;
    /** Steps rolled back with the failed one and run again (its whole group). */
    readonly rerunStepIndexes: readonly number[];
} | {
    readonly type: 'step-failed';
    readonly stepIndex: number;
    readonly step: PlanStep;
    readonly error: StepError;
} | {
    readonly type: 'invalid-index-dropped';
    readonly stepIndex: number;
    readonly index: string;
};

export declare interface ApplyResult {
    readonly status: 'applied' | 'failed';
    /** Steps that ran and were committed. */
    readonly stepsRun: number;
    /** Tries needed by the unit that needed the most: 1 means nothing was retried. */
    readonly attempts: number;
    /** Retries over the whole plan. */
    readonly retries: number;
    readonly durationMs: number;
    readonly error?: StepError;
}

/** Where a plan is applied: one database, one schema in it. */
export declare interface ApplyTarget {
    readonly url: string;
    readonly schema: string;
}

/**
 * `lock-check`: looking for long lock holders; `statement`: a step's round trip (its commit, if
 * asynchronous, included); `synchronous-commit`: the round trip that ends with the plan's one
 * synchronous COMMIT.
 */
export declare type ApplyTiming = 'lock-check' | 'statement' | 'synchronous-commit';

/** Bad schema file, flag or config: exit 2. */
export declare class BadInputError extends SchemafleetError {
    readonly location?: SourceLocation | undefined;
    readonly name = "BadInputError";
    constructor(message: string, hint?: string, location?: SourceLocation | undefined);
}

/**
 * Builds what rules read from a computed migration. "Created" covers every relation that does not
 * exist on the current side: a brand-new table has no rows and no readers to block.
 */
export declare function buildLintContext(current: SchemaModel, desired: SchemaModel, migration: Migration): LintContext;

/** `count: 0` means no canary phase. */
export declare type CanaryConfig = {
    readonly kind: 'count';
    readonly count: number;
} | {
    readonly kind: 'ids';
    readonly ids: readonly string[];
};

/**
 * A foreign key that references exactly the columns of a primary key or unique constraint that goes
 * away: PostgreSQL may back it with that constraint's index, and then refuses to drop the constraint
 * while it exists. The change that drops the constraint drops it first and adds it back as desired
 * (NOT VALID, then validated) in the same transaction, once the key it references is there. A
 * foreign key that is redefined too (other actions, or moved to the new composite key) is carried
 * the same way, as its own change (`changeId`, marked carriedBy) has no order that works: its drop
 * must come before the key's, its add after the new key.
 */
export declare interface CarriedForeignKey {
    readonly table: string;
    /** As it is now. */
    readonly from: Constraint;
    /** As desired. */
    readonly constraint: Constraint;
    /** The foreign key's own replace-constraint change when it is redefined; its steps are counted as that change's (lint, preflight). */
    readonly changeId: string | null;
}

export declare type ChangeKind = SchemaChange['kind'];

export declare interface CheckedSchema {
    readonly schema: string;
    /** A file of several schemas (schema-set.ts): the others it may declare and name, or `all` (any but PostgreSQL's own). */
    readonly others?: readonly string[] | 'all';
    readonly sources: readonly SourceText[];
    readonly statements: readonly CheckedStatement[];
}

export declare interface CheckedStatement extends ParsedStatement {
    readonly action: StatementAction;
    readonly targets: readonly StatementTarget[];
    /** The schema its unqualified names are created in (creation-schemas.ts); absent when none is. */
    readonly createdIn?: string;
}

/**
 * Reads, parses and checks the schema file(s) against the allow-list without touching a
 * database. Every syntax error and refused statement is reported at once, in one BadInputError.
 */
export declare function checkSchemaFiles(path: string, schema?: string, others?: readonly string[] | 'all'): Promise<CheckedSchema>;

/** Where a worker's last claim ended, in claim order. */
export declare interface ClaimCursor {
    readonly sequence: number;
    readonly tenantId: string;
    readonly wave: string | null;
}

export declare interface ClaimedTenant {
    readonly tenantId: string;
    readonly cluster: string;
    readonly schema: string;
    readonly wave: string | null;
    readonly sequence: number;
    /** As registered; null for rows registered before ledger version 4. */
    readonly location: string | null;
    /** 1 on the first claim; more after a dead worker's claim was taken over or a rerun requeued it. */
    readonly attempts: number;
    /** Set when this claim was taken over from a worker whose heartbeat went stale. */
    readonly takenOverFrom: string | null;
}

export declare interface ClaimHolder {
    readonly workerId: string;
    readonly claimed: number;
    readonly heartbeatAgeMs: number;
    /** Its claims are taken over once its heartbeat is this old. */
    readonly staleAfterMs: number;
}

export declare interface ClaimOptions {
    /** A claim whose heartbeat is older than this belongs to a dead worker and is taken over. */
    readonly staleAfterMs: number;
    /** undefined: any wave; null: tenants without a wave; a string: only that wave. */
    readonly wave?: string | null;
    /** Clusters not to claim from (for example those the health gate has paused). */
    readonly excludeClusters?: readonly string[];
    /**
     * The wave barrier: only tenants of the first wave (in claim order) that still has a tenant
     * pending or claimed, so no wave starts before the one ahead of it is done, and a dead worker's
     * stale claim in that wave is what gets taken over.
     */
    readonly inWaveOrder?: boolean;
    /** Only these tenants (a run narrower than the rollout); the wave barrier then looks at these alone. */
    readonly onlyTenants?: readonly string[];
    /**
     * With inWaveOrder: this worker's last claim. Pending tenants of its wave after it are claimed
     * first, starting there in the claim index; only when none are left does the claim look at the
     * whole rollout (the wave barrier, stale claims to take over, tenants released behind the cursor).
     */
    readonly after?: ClaimCursor;
}

export declare interface ClusterHealth {
    readonly cluster: string;
    readonly open: boolean;
    readonly phase: GatePhase;
    /** Why it is closed: the latest unhealthy reading's reason. */
    readonly reason: string | null;
    readonly pausedSince: number | null;
    /** While closed: since when every probe has been healthy (the resume clock). */
    readonly healthySince: number | null;
    readonly readings: readonly HealthReading[];
}

export declare type ClusterUrls = ReadonlyMap<string, string> | Readonly<Record<string, string>> | ((cluster: string) => string | undefined);

export declare interface Collation {
    readonly name: string;
    /** The options of CREATE COLLATION: `provider = icu, locale = 'en-u-kn-true'`, `provider = libc, lc_collate = 'C', lc_ctype = 'C'`. */
    readonly definition: string;
    readonly comment: string | null;
}

export declare interface Column {
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

/** What a COMMENT ON statement targets. */
export declare interface CommentTarget {
    readonly kind: 'schema' | 'extension' | 'collation' | 'type' | 'domain' | 'sequence' | 'table' | 'column' | 'constraint' | 'domain constraint' | 'index' | 'trigger' | 'policy' | 'view' | 'materialized view' | 'function' | 'procedure';
    readonly name: string;
    /** The table a column / constraint / trigger / policy belongs to (the domain of a domain constraint, the type of a composite type's attribute). */
    readonly table?: string;
    /** Identity arguments of a routine. */
    readonly arguments?: string;
}

export declare interface CompositeType {
    readonly name: string;
    readonly attributes: readonly {
        readonly name: string;
        readonly type: string;
        readonly collation: string | null;
    }[];
    /** COMMENT ON COLUMN of each attribute, in `attributes` order. Absent in hand-built models. */
    readonly attributeComments?: readonly (string | null)[];
    readonly comment: string | null;
    readonly dependsOn: readonly ObjectKey[];
}

export declare interface Constraint {
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
    readonly references: {
        readonly table: string;
        readonly columns: readonly string[];
    } | null;
    /** Inherited from a partition parent: created and dropped with the parent's. */
    readonly inherited: boolean;
    readonly comment: string | null;
    readonly dependsOn: readonly ObjectKey[];
}

export declare type ConstraintKind = 'primary key' | 'unique' | 'check' | 'foreign key' | 'exclusion';

export declare type ControlAction = 'pause' | 'resume' | 'abort';

/**
 * Per cluster: closes as soon as any probe reads above pauseAbove or cannot be read, and opens again
 * only after every probe has read at or below resumeBelow for resumeAfterMs without interruption
 * (hysteresis, so a value hovering near one threshold does not flap). Values between the thresholds
 * keep the current state.
 *
 * sql probes run per cluster, on that cluster. http and command probes have no cluster (a Prometheus
 * query, a script): each runs once per interval and its reading counts for every cluster, so one of
 * them going unhealthy pauses all clusters.
 */
export declare function createHealthGate(options: HealthGateOptions): HealthGate;

export declare const DEFAULT_LOCK_TIMEOUT_MS = 2000;

/** The desired schema as each PostgreSQL major version builds it (see scratch-pool.ts for why). */
export declare interface DesiredModels {
    /** The model of the first load: its fingerprint names the schema (a rollout's identity). */
    readonly primary: SchemaModel;
    /** The model a server of this version (server_version_num) is compared with. */
    forServer(serverVersionNum: number): Promise<SchemaModel>;
}

export declare interface DesiredSchema {
    readonly model: SchemaModel;
    readonly statements: readonly SchemaStatement[];
}

export declare interface DesiredSchemas extends DesiredModels {
    /** The first load, with its statements (file:line:col for lint findings). */
    readonly primaryLoad: DesiredSchema;
    /** Waits for loads still in flight (each closes its own scratch servers); later calls of forServer fail. */
    close(): Promise<void>;
}

/**
 * current × desired → typed changes in an order that can run: same inputs, byte-identical output.
 * Every family walks names in sorted order and the dependency sort breaks ties by phase and id,
 * so neither the input arrays' order nor Map iteration order can leak into the result.
 */
export declare function diffSchemas(current: SchemaModel, desired: SchemaModel): SchemaChange[];

export declare interface Domain {
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

export declare interface DomainConstraint {
    readonly name: string;
    /** pg_get_constraintdef, e.g. `CHECK ((VALUE > 0))`. */
    readonly definition: string;
    readonly validated: boolean;
    readonly comment: string | null;
}

export declare interface EnumType {
    readonly name: string;
    readonly values: readonly string[];
    readonly comment: string | null;
}

export declare interface EnumValueAddition {
    readonly value: string;
    readonly before: string | null;
    readonly after: string | null;
}

/**
 * Errors a user can cause. Each carries an exit code (documented in README.md) and a short hint,
 * and its message never contains a password: URLs are passed through `redactUrl` first.
 */
export declare const ExitCode: {
    readonly ok: 0;
    readonly refused: 1;
    readonly badInput: 2;
    readonly unreachable: 3;
    /** A rollout stopped by SIGINT/SIGTERM: in-flight tenants finished or were rolled back, the rest wait for a rerun. */
    readonly cancelled: 4;
    readonly internal: 70;
};

export declare type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export declare interface Extension {
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

/** How many tenants may fail before no new tenant starts; see failureBudgetLimit. */
export declare type FailureBudget = {
    readonly kind: 'count';
    readonly count: number;
} | {
    readonly kind: 'percent';
    readonly percent: number;
};

/** A finding as every reporter sees it (the JSON output's shape, plus docs). */
export declare interface Finding {
    readonly rule: string;
    readonly severity: Severity;
    readonly category: RuleCategory;
    readonly object: string;
    readonly message: string;
    readonly fix: string;
    readonly location: {
        readonly file: string;
        readonly line: number;
    } | null;
    /** Link to docs/rules/<id>.md. */
    readonly docs: string;
    readonly step: number | null;
}

/**
 * sha256 (hex) of the model's content. `schema` and `serverVersion` say where the model was read,
 * not what it holds, so two tenants on the same schema share a fingerprint.
 *
 * Plain JSON.stringify is canonical here because every model comes from one producer
 * (introspectSchema, or a JSON round trip of its output, which keeps key order): objects are built
 * with a fixed key order and arrays are sorted. A key-sorting walk would cost 4× as much, and this
 * runs once per tenant.
 */
export declare function fingerprintModel(model: SchemaModel): string;

/**
 * The resolved configuration: what loadFleetConfig returns. Durations are milliseconds, paths are
 * absolute, defaults are filled in, presets are expanded, list/file tenants are read.
 */
export declare interface FleetConfig {
    /** Absolute path of the config file itself. */
    readonly configPath: string;
    /** Absolute path of the schema file or folder. */
    readonly schema: string;
    /** Default schema for database tenants that do not name one (with schemaNames: its first). */
    readonly schemaName: string;
    /**
     * `schemaNames: [app, audit]`: each database tenant is these schemas, planned as one set
     * (src/schema/schema-set.ts; the first takes the file's unqualified names); null for one schema.
     */
    readonly schemaNames: readonly string[] | null;
    readonly tenants: TenantsConfig;
    readonly rollout: RolloutConfig;
    readonly health: HealthConfig;
    /** null: the ledger lives on the first tenant's database (see ledgerUrl). */
    readonly ledger: {
        readonly url: string;
    } | null;
    readonly lint: LintConfig;
}

export declare type FleetConfigEnv = Readonly<Record<string, string | undefined>>;

export declare interface FoundRollout {
    readonly rollout: RolloutRecord;
    /** False when an existing rollout with the same schema hash was joined or resumed. */
    readonly created: boolean;
    /** Failed/cancelled/skipped tenants put back to pending because nobody was working on the rollout. */
    readonly requeued: number;
}

/** unknown: not every probe has been read yet, so nothing may start; it opens on the first good readings. */
export declare type GatePhase = 'unknown' | 'open' | 'closed';

/** True when a finding should fail the check (exit 1, apply refused). */
export declare function hasErrors(findings: readonly Finding[]): boolean;

export declare interface Hazard {
    readonly kind: HazardKind;
    readonly message: string;
}

export declare type HazardKind = 
/** ACCESS EXCLUSIVE (or SHARE) lock on an existing table: blocks reads and/or writes while held. */
'blocking-lock'
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

/**
 * Built-in health probes. Thresholds are deliberately conservative defaults for a shared OLTP
 * server; every one can be overridden with pauseAbove/resumeBelow.
 */
export declare const HEALTH_PRESETS: readonly ['active-sessions', 'lock-waiters', 'replication-lag', 'cpu'];

export declare interface HealthConfig {
    readonly probes: readonly HealthProbe[];
    readonly checkEveryMs: number;
    /** How long every probe must stay under resumeBelow before a paused cluster resumes. */
    readonly resumeAfterMs: number;
}

export declare interface HealthGate {
    /** Starts the probe timers (unref'd: they never keep the process alive). */
    start(): void;
    /** Stops the timers, closes probe connections, rejects pending waitUntilOpen calls. */
    stop(): Promise<void>;
    isOpen(cluster: string): boolean;
    /** Resolves once the cluster is open; rejects with the signal's reason when aborted, or when the gate stops. */
    waitUntilOpen(cluster: string, signal?: AbortSignal): Promise<void>;
    /** Reads every probe that applies to the cluster now (between batches), updating the gate. */
    readNow(cluster: string): Promise<HealthReading[]>;
    state(cluster: string): ClusterHealth;
    /** Starts monitoring a cluster (for clusters found in later tenant pages); `url` overrides `clusters`. */
    addCluster(cluster: string, url?: string): void;
}

export declare interface HealthGateOptions {
    readonly probes: readonly ProbeSpec[];
    /** Where each cluster's sql probes connect. Clusters not listed are monitored from the first time they are asked about. */
    readonly clusters: ClusterUrls;
    /** How long every probe must stay at or below resumeBelow before a paused cluster resumes. */
    readonly resumeAfterMs: number;
    readonly now?: () => number;
    readonly onEvent?: RolloutEventListener;
}

export declare type HealthPreset = (typeof HEALTH_PRESETS)[number];

export declare type HealthProbe = ProbeCommon & ({
    readonly kind: 'sql';
    readonly query: string;
} | {
    readonly kind: 'http';
    readonly url: string;
    readonly jsonPath: string;
}
/** Run with the shell; its stdout must be one number. */
| {
    readonly kind: 'command';
    readonly command: string;
});

export declare interface HealthReading {
    readonly probe: string;
    readonly kind: ProbeKind;
    /** null for probes that apply to every cluster (http, command). */
    readonly cluster: string | null;
    readonly value: number | null;
    /** Why no number could be read. */
    readonly error: string | null;
    readonly status: ReadingStatus;
    /** For unhealthy readings: `lock-waiters 12 > 10`, `cpu unreadable: HTTP 500`. */
    readonly reason: string | null;
    readonly at: number;
}

export declare interface Identity {
    readonly generation: 'ALWAYS' | 'BY DEFAULT';
    readonly sequence: Omit<Sequence, 'name' | 'ownedBy' | 'comment' | 'unlogged'>;
}

export declare interface Index {
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

/**
 * Reads one schema of a live database into the model with one catalog query per object family
 * (about fifteen round trips whatever the size of the schema).
 *
 * It runs inside a read-only REPEATABLE READ transaction, so every family sees the same snapshot,
 * and the SET LOCAL of search_path ends with it. Inside a caller's transaction it uses a savepoint
 * instead and rolls back to it, which restores search_path and leaves the caller's work alone.
 */
export declare function introspectSchema(client: pg.ClientBase, schema?: string): Promise<SchemaModel>;

export declare interface Ledger {
    /** Creates or upgrades the `schemafleet` tables; idempotent and safe to race. */
    ensureSchema(): Promise<void>;
    /** Ensures the schema, then joins/resumes the rollout for this schema hash or starts one. Throws RolloutConflictError. */
    findOrCreateRollout(input: NewRollout & {
        readonly staleAfterMs?: number;
    }): Promise<FoundRollout>;
    /** Returns how many were new. */
    registerTenants(rolloutId: string, tenants: readonly TenantRegistration[]): Promise<number>;
    /**
     * After a fleet is registered: the planner's statistics of the tenant rows brought up to date.
     * Autovacuum's ANALYZE comes a minute or more later (longer on a busy server); until then the
     * planner took 100,000 fresh rows for a handful and sorted every pending tenant to claim 50.
     */
    refreshStatistics(): Promise<void>;
    /** Ordered by sequence. Empty when nothing is claimable or the rollout is not running. */
    claimTenants(rolloutId: string, workerId: string, limit: number, options: ClaimOptions): Promise<ClaimedTenant[]>;
    /** Returns how many claims this worker still holds. */
    heartbeat(workerId: string, rolloutId: string): Promise<number>;
    /** False when the worker no longer holds the claim. */
    recordTenantResult(rolloutId: string, tenantId: string, workerId: string, result: TenantResult): Promise<boolean>;
    releaseClaims(rolloutId: string, workerId: string, state?: 'pending' | 'cancelled'): Promise<number>;
    requeueTenants(rolloutId: string, states: readonly Exclude<LedgerTenantState, 'pending' | 'claimed'>[], scope?: readonly string[]): Promise<number>;
    /** The standing request; null when none, or the rollout (or the ledger) does not exist. */
    readRequest(rolloutId: string): Promise<ControlAction | null>;
    /** False when the rollout does not exist, has ended, or has an abort request (abort is final). */
    requestControl(rolloutId: string, action: ControlAction, by: string): Promise<boolean>;
    setRolloutState(rolloutId: string, state: RolloutState): Promise<RolloutRecord | null>;
    getRollout(rolloutId: string): Promise<RolloutRecord | null>;
    totals(rolloutId: string): Promise<RolloutTotals>;
    /** The given rollout, else the newest one; null when there is none. */
    status(rolloutId?: string, options?: {
        readonly failureLimit?: number;
        readonly scope?: readonly string[];
    }): Promise<LedgerStatus | null>;
    latestRollout(): Promise<RolloutRecord | null>;
    close(): Promise<void>;
}

export declare interface LedgerClaim {
    readonly tenantId: string;
    readonly wave: string | null;
    /** Claim order (LedgerTenantEntry.sequence): the last of a batch is where the next claim starts. */
    readonly sequence: number;
    readonly schema: string;
    /** The tenant's database as registered (locationOf): with the schema, what resolves the claim to a connection. */
    readonly location: string | null;
    /** Tries so far, this one included. */
    readonly attempts: number;
}

export declare interface LedgerFailure {
    readonly tenantId: string;
    readonly message: string | null;
    readonly sqlstate: string | null;
}

export declare type LedgerRequest = 'pause' | 'resume' | 'abort';

export declare type LedgerRolloutState = 'running' | 'paused' | 'succeeded' | 'failed' | 'aborted' | 'cancelled';

export declare interface LedgerStatus {
    readonly rollout: RolloutRecord;
    readonly counts: Readonly<Record<LedgerTenantState, number>>;
    readonly totals: RolloutTotals;
    /** At most `failureLimit` (default 100), oldest first; `failedTotal` has the full count. */
    readonly failures: readonly TenantFailure[];
    readonly failedTotal: number;
    readonly workers: readonly WorkerStatus[];
    /** With a scope asked for: its tenants not done yet (pending or claimed). */
    readonly scopePending?: number;
}

/**
 * What the orchestrator needs from the ledger (src/fleet/ledger adapts to it). Kept narrow so the
 * engine can be tested against a small in-memory ledger and the SQL one alike.
 */
export declare interface LedgerTenantEntry {
    readonly tenant: Tenant;
    /** `canary`, `tier=free`, … or `default`. */
    readonly wave: string;
    /** Claim order, lower first; it encodes the wave order (canaries lowest). */
    readonly sequence: number;
}

export declare interface LedgerTenantResult {
    readonly outcome: TenantOutcome;
    readonly steps: number;
    readonly durationMs: number;
    readonly planFingerprint: string | null;
    readonly error: {
        readonly message: string;
        readonly sqlstate: string | null;
    } | null;
    /** How a migrated tenant was confirmed at the desired state: read back, or by its plan's proof (plan-proofs.ts). */
    readonly verifiedBy?: 'read-back' | 'proof';
}

export declare type LedgerTenantState = 'pending' | 'claimed' | 'migrated' | 'unchanged' | 'failed' | 'skipped' | 'cancelled';

/** The control database: `ledger.url`, or else the first tenant's database. */
export declare function ledgerUrl(config: Pick<FleetConfig, 'ledger'>, firstTenant: Pick<Tenant, 'url'>): string;

/** The ledger writes a worker makes on its own behalf, named in a ledger-write-failed event. */
export declare type LedgerWrite = 'record' | 'heartbeat' | 'release-claims' | 'set-state';

export declare type LintConfig = z.infer<typeof lintConfigSchema>;

/**
 * The `lint:` section of schemafleet.yml. Rule ids are checked against the registry by
 * `validateLintConfig` (unknown ids are errors that name the key path).
 */
export declare const lintConfigSchema: z.ZodObject<{
    rules: z.ZodDefault<z.ZodRecord<z.ZodString, z.ZodEnum<{
        error: "error";
        info: "info";
        off: "off";
        warning: "warning";
    }>>>;
    ignore: z.ZodDefault<z.ZodArray<z.ZodObject<{
        rule: z.ZodString;
        object: z.ZodString;
        reason: z.ZodString;
    }, z.core.$strict>>>;
}, z.core.$strict>;

/** Everything a rule may read. Rules never parse SQL: the plan and the changes carry the facts. */
export declare interface LintContext {
    readonly current: SchemaModel;
    readonly desired: SchemaModel;
    readonly changes: readonly SchemaChange[];
    readonly plan: Plan;
    /** Tables (and views, types …) created by this plan: lock and data rules never fire on them. */
    readonly createdTables: ReadonlySet<string>;
    /** server_version_num of the database the plan is for (the current side). */
    readonly serverVersion: number;
}

export declare interface LintRule {
    /** Stable kebab-case id, used in config, ignore comments and the docs URL (docs/rules/<id>.md). */
    readonly id: string;
    readonly category: RuleCategory;
    readonly defaultSeverity: Severity;
    /** One line: why this is a risk. */
    readonly why: string;
    /** One line: the concrete fix. */
    readonly fix: string;
    check(context: LintContext): readonly RuleViolation[];
}

/**
 * The desired state: the schema file(s) checked with the PostgreSQL parser and the allow-list,
 * applied to a throwaway database as an unprivileged role, and introspected like any tenant.
 * `major` asks for a scratch server of that PostgreSQL major version (the target's), see
 * desired-schemas.ts for what happens when none can be had.
 */
export declare function loadDesiredSchema(options: LoadDesiredSchemaOptions & {
    readonly major?: number;
}): Promise<DesiredSchema>;

export declare interface LoadDesiredSchemaOptions {
    /** A .sql file or a folder of .sql files (lexical order). */
    readonly path: string;
    /** The schema the statements are applied in (default public). */
    readonly schema?: string;
    /** A server where schemafleet may create and drop throwaway databases; otherwise an embedded one. */
    readonly devUrl?: string;
    /** An open scratch server to reuse (several loads, one embedded PostgreSQL); left open. */
    readonly scratch?: ScratchServer;
    /** The statements come from a pull request: one time budget, errors without DETAIL/CONTEXT. */
    readonly untrusted?: UntrustedSqlLimits;
}

/**
 * Loads the schema file(s) once for the first version asked (`major`, or the scratch server's
 * default), and again, on first need, for every other major version a target runs. When no
 * scratch server of a target's version can be had (offline, no binaries for the platform), the
 * first load stands in only if it holds nothing that version prints differently; otherwise the
 * target gets a VersionMismatchError naming both versions and the fix, before anything is applied.
 */
export declare function loadDesiredSchemas(options: LoadDesiredSchemasOptions): Promise<DesiredSchemas>;

export declare interface LoadDesiredSchemasOptions extends LoadDesiredSchemaOptions {
    /** The major version to load for first (the target's, when there is one). */
    readonly major?: number;
    /** Scratch servers shared with other loads (left open); otherwise the load opens its own. */
    readonly pool?: ScratchPool;
}

/**
 * Reads, validates and resolves schemafleet.yml. Every problem in the file is reported at once, in
 * one BadInputError (exit 2), each as `file: key.path: what was expected`. Messages never contain
 * a URL's password: URL values are never quoted back.
 */
export declare function loadFleetConfig(path?: string, env?: FleetConfigEnv): Promise<FleetConfig>;

/**
 * A plan is steps; a step is SQL plus the facts the linter, the apply engine and the reporters need.
 * Plans are written for a search_path set to the target schema (object names are unqualified), so
 * one plan fits every tenant schema with the same live state.
 */
declare type LockMode_2 = 'ACCESS SHARE' | 'ROW SHARE' | 'ROW EXCLUSIVE' | 'SHARE UPDATE EXCLUSIVE' | 'SHARE' | 'SHARE ROW EXCLUSIVE' | 'EXCLUSIVE' | 'ACCESS EXCLUSIVE';
export { LockMode_2 as LockMode }

export declare interface MaterializedView {
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

export declare interface Migration {
    readonly changes: readonly SchemaChange[];
    readonly plan: Plan;
}

export declare interface NewRollout {
    readonly schemaHash: string;
    readonly commit?: string | null;
    readonly actor?: string | null;
    /** Stored as jsonb and shown by `status`: never put URLs with passwords here. */
    readonly config?: unknown;
    /**
     * The tenants this run works on, when it is narrower than the rollout (--tenants, another config):
     * only these are put back to pending on a resume, so a narrower rerun never erases others' failures.
     */
    readonly scope?: readonly string[];
}

/** A key naming one object in a model, used for dependencies: `table:orders`, `routine:f(integer)`, … */
export declare type ObjectKey = string;

/** Stable keys used in `dependsOn` and by the diff's dependency graph. */
export declare const objectKey: {
    readonly table: (name: string) => ObjectKey;
    readonly column: (table: string, column: string) => ObjectKey;
    readonly view: (name: string) => ObjectKey;
    readonly materializedView: (name: string) => ObjectKey;
    readonly sequence: (name: string) => ObjectKey;
    readonly type: (name: string) => ObjectKey;
    readonly routine: (name: string, identityArguments: string) => ObjectKey;
    readonly extension: (name: string) => ObjectKey;
    readonly collation: (name: string) => ObjectKey;
    readonly index: (name: string) => ObjectKey;
    readonly constraint: (table: string, name: string) => ObjectKey;
    readonly trigger: (table: string, name: string) => ObjectKey;
    readonly policy: (table: string, name: string) => ObjectKey;
};

/**
 * Connects to the control database (a small pool: the orchestrator heartbeats, claims and records
 * concurrently). Throws UnreachableDatabaseError when it cannot connect. Does not create tables;
 * findOrCreateRollout does, the read-only calls tolerate their absence.
 */
export declare function openLedger(url: string, options?: {
    readonly maxConnections?: number;
}): Promise<Ledger>;

export declare function openScratchPool(options?: {
    readonly devUrl?: string;
    readonly scratch?: ScratchServer;
}): ScratchPool;

export declare function openScratchServer(options?: OpenScratchServerOptions): Promise<ScratchServer>;

export declare interface OpenScratchServerOptions {
    /** A server where schemafleet may create and drop databases and roles; otherwise an embedded one. */
    readonly devUrl?: string;
    /**
     * The PostgreSQL major version the scratch server must run (the target's: views and other
     * deparsed text differ between majors). A dev-url of another major is then passed over for an
     * embedded server of this one. Default: the dev-url's, or the embedded default.
     */
    readonly major?: number;
}

export declare const ORCHESTRATOR_PHASES: readonly [
/** Reading the tenant source and registering its tenants in the ledger. */
'register', 
/** Claiming a batch of tenants from the ledger. */
'claim', 
/** A batch's schema tenants locked and read with one introspection (shared-schema-reader.ts). */
'batch-read', 
/** The batch's deferred verification reads and ledger records (beside the next batch's work). */
'batch-verify'];

/** One statement as the parser saw it, before the allow-list and the scratch database. */
export declare interface ParsedStatement {
    readonly source: SourceText;
    /** JS string index of the statement's first token in `source.text`. */
    readonly start: number;
    /** The statement text from its first token, without the terminating semicolon. */
    readonly sql: string;
    readonly location: SourceLocation;
    readonly nodeType: string;
    /** The parse tree of the statement (the object under the node type). */
    readonly node: Record<string, unknown>;
    readonly leadingComments: readonly string[];
}

export declare interface PhaseClock {
    add(phase: RolloutPhase, ms: number): void;
}

export declare interface Plan {
    /** Target schema the plan was computed for (of several, the primary: steps say where they run). */
    readonly schema: string;
    readonly steps: readonly PlanStep[];
    /** sha256 of the current model the plan was computed from: apply refuses a plan for another state. */
    readonly currentFingerprint: string;
    readonly desiredFingerprint: string;
}

/** A lint pass over a migration; only errors matter here (they refuse the plan unless allowed). */
export declare type PlanLinter = (current: SchemaModel, migration: Migration) => readonly {
    readonly rule: string;
    readonly severity: string;
    readonly category?: string;
    readonly message: string;
}[];

/** Diff and plan in one call: what the CLI, the apply engine and the fleet use. */
export declare function planMigration(current: SchemaModel, desired: SchemaModel, options?: PlanOptions): Migration;

export declare interface PlanOptions {
    /** Live row and byte counts by table name, used to size hazard messages. */
    readonly tableFacts?: ReadonlyMap<string, TableFacts>;
}

export declare interface PlanStep {
    readonly sql: string;
    /** false for statements that cannot run in a transaction block (CONCURRENTLY, …). */
    readonly transactional: boolean;
    /** Strongest lock the statement takes, on `table`; null when it locks no existing table. */
    readonly lock: LockMode_2 | null;
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

export declare interface Policy {
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

export declare interface Privilege {
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

/** What a GRANT or REVOKE names: ON TABLE (tables, views, materialized views), SEQUENCE or ROUTINE. */
export declare interface PrivilegeObject {
    readonly kind: 'table' | 'sequence' | 'routine';
    readonly name: string;
    readonly arguments: string | null;
}

export declare interface ProbeCommon {
    readonly name: string;
    readonly pauseAbove: number;
    readonly resumeBelow: number;
    /** Always set: a probe without `every` inherits health.checkEvery. */
    readonly everyMs: number;
    /** The preset it was expanded from, if any. */
    readonly preset: HealthPreset | null;
}

export declare type ProbeKind = 'sql' | 'http' | 'command';

/**
 * One health probe, as the configuration produces it. `sql` probes run on every cluster; `http` and
 * `command` probes see no cluster (a Prometheus query, a script), so each reading applies to all.
 */
export declare interface ProbeSpec {
    readonly name: string;
    readonly kind: ProbeKind;
    /** sql: read-only query; the first column of the first row is the value. */
    readonly query?: string;
    /** http: GET, JSON response. */
    readonly url?: string;
    /** http: where the value is, e.g. `data.result[0].value[1]`; the whole body when omitted. */
    readonly jsonPath?: string;
    /** command: run with `sh -c`; stdout is the value. */
    readonly command?: string;
    /** Pause when the value goes above this. */
    readonly pauseAbove: number;
    /** Resume only once the value has stayed at or below this for the gate's resumeAfterMs. */
    readonly resumeBelow: number;
    readonly everyMs: number;
    /** How long one reading may take before it counts as unreadable. Default 5 s. */
    readonly timeoutMs?: number;
}

/**
 * healthy: at or below resumeBelow. elevated: between the thresholds (keeps an open gate open and a
 * closed one closed). unhealthy: above pauseAbove, or no number could be read.
 */
export declare type ReadingStatus = 'healthy' | 'elevated' | 'unhealthy';

/** Removes the password from a postgres URL (and from any text that quotes it). */
export declare function redactUrl(url: string): string;

/** A plan refused (destructive, unsupported) or a verification that failed: exit 1. */
export declare class RefusedError extends SchemafleetError {
    readonly name = "RefusedError";
    constructor(message: string, hint?: string);
}

/**
 * A plan as one SQL script a person can read or run with psql: search_path first, groups wrapped
 * in BEGIN/COMMIT, statements that can't run in a transaction block marked.
 */
export declare function renderPlanSql(plan: Plan): string;

/** `default` (the primary key), `full` (every column), `nothing`, or `{ index }` (USING INDEX). */
export declare type ReplicaIdentity = 'default' | 'full' | 'nothing' | {
    readonly index: string;
};

export declare interface RetryOptions {
    /** Tries per unit (a group or a lone step), the first one included. Default 5. */
    readonly maxAttempts?: number;
    /** First backoff before jitter. Default 200 ms. */
    readonly baseDelayMs?: number;
    /** Upper bound of any one backoff. Default 5 s. */
    readonly maxDelayMs?: number;
    /** Injectable for tests; returns [0, 1). */
    readonly random?: () => number;
    /** Injectable for tests. */
    readonly sleep?: (ms: number) => Promise<void>;
}

export declare interface RolloutConfig {
    readonly batchSize: number;
    readonly concurrency: number;
    readonly perClusterConcurrency: number;
    readonly canary: CanaryConfig;
    readonly waves: readonly WaveConfig[];
    readonly failureBudget: FailureBudget;
    readonly lockTimeoutMs: number;
    /** The longest any one step may run (statement_timeout). */
    readonly statementTimeoutMs: number;
    readonly retries: number;
    /** Which migrated tenants are read back: every one, or those whose plan is not yet proven (plan-proofs.ts). */
    readonly verify: VerifyMode;
    /**
     * After each tenant its worker slot rests this many times the time the tenant kept the database
     * busy (its catalog reads and the statements that succeeded; lock waits, tries that timed out and
     * retry backoff left out), as gh-ost's --nice-ratio.
     */
    readonly niceRatio: number;
    /**
     * Parallel workers each statement may use on the tenant's server (max_parallel_maintenance_workers
     * and max_parallel_workers_per_gather, set per step). 0 keeps an index build or validation scan to
     * its one backend, so `concurrency` bounds the cores the rollout takes from the application.
     */
    readonly parallelWorkers: number;
    /**
     * Adaptive per-cluster concurrency (rollout/latency-governor.ts): null runs perClusterConcurrency
     * tenants per cluster throughout; set, a cluster starts at one tenant and grows towards
     * perClusterConcurrency only while a small fixed query's time stays within maxSlowdown × idle.
     */
    readonly adaptiveConcurrency: AdaptiveConcurrencyConfig | null;
    readonly allowDestructive: boolean;
    readonly allowLintErrors: boolean;
}

export declare type RolloutEvent = {
    readonly type: 'rollout-started';
    readonly rolloutId: string;
    readonly workerId: string;
    readonly tenants: number | null;
    readonly dryRun: boolean;
    readonly at: number;
} | {
    readonly type: 'batch-started';
    readonly batch: number;
    readonly size: number;
    readonly wave: string | null;
    readonly at: number;
} | {
    readonly type: 'batch-finished';
    readonly batch: number;
    readonly at: number;
} | {
    readonly type: 'tenant-started';
    readonly tenantId: string;
    readonly cluster: string;
    readonly at: number;
} | {
    readonly type: 'tenant-retried';
    readonly tenantId: string;
    readonly attempt: number;
    readonly reason: string;
    readonly at: number;
} | {
    readonly type: 'tenant-finished';
    readonly tenantId: string;
    readonly outcome: TenantOutcome;
    readonly steps: number;
    readonly durationMs: number;
    readonly planFingerprint: string | null;
    /** migrated: confirmed by reading the schema back, or by its plan's proof (rollout.verify); null otherwise. */
    readonly verifiedBy: 'read-back' | 'proof' | null;
    readonly error: {
        readonly message: string;
        readonly sqlstate: string | null;
    } | null;
    readonly at: number;
}
/** Nothing to claim yet tenants are left (others' claims in the current wave, paused clusters): what the worker waits for. */
| {
    readonly type: 'waiting';
    readonly reason: string;
    readonly at: number;
} | {
    readonly type: 'paused';
    readonly cluster: string | null;
    readonly reason: string;
    readonly at: number;
} | {
    readonly type: 'resumed';
    readonly cluster: string | null;
    readonly pausedMs: number;
    readonly at: number;
}
/** rollout.adaptiveConcurrency: the cluster's limit on tenants at once changed, and why. */
| {
    readonly type: 'concurrency-changed';
    readonly cluster: string;
    readonly limit: number;
    readonly reason: string;
    readonly at: number;
} | {
    readonly type: 'progress';
    readonly totals: RolloutTotals;
    readonly tenantsPerSecond: number;
    readonly etaSeconds: number | null;
    readonly at: number;
} | {
    readonly type: 'failure-budget-spent';
    readonly failed: number;
    readonly budget: number;
    readonly at: number;
} | {
    readonly type: 'aborted';
    readonly reason: string;
    readonly at: number;
}
/**
* A write to the ledger failed (after its retry, for a result): the rollout goes on, but what the
* ledger shows lags until a later write (or another worker's takeover) puts it right.
*/
| {
    readonly type: 'ledger-write-failed';
    readonly operation: LedgerWrite;
    readonly tenantId: string | null;
    readonly message: string;
    readonly at: number;
}
/**
* Schema-per-tenant: the shared lock-and-read of a batch's `tenants` in one database failed. Nothing
* is lost (they lock and read their schemas one by one), but the batch is slower; a rollout that
* reports this on every batch runs several times slower than it should. `database` is
* user@host:port/name, never the URL; `message` carries the SQLSTATE when there is one.
*/
| {
    readonly type: 'batch-read-failed';
    readonly batch: number;
    readonly database: string;
    readonly tenants: number;
    readonly message: string;
    readonly at: number;
} | {
    readonly type: 'rollout-finished';
    readonly rolloutId: string;
    readonly state: 'succeeded' | 'failed' | 'aborted' | 'cancelled' | 'dry-run';
    readonly totals: RolloutTotals;
    readonly durationMs: number;
    readonly tenantsPerSecond: number;
    readonly at: number;
};

export declare type RolloutEventListener = (event: RolloutEvent) => void;

export declare interface RolloutFailure {
    readonly tenantId: string;
    readonly message: string;
    readonly sqlstate: string | null;
}

export declare type RolloutFinalState = 'succeeded' | 'failed' | 'aborted' | 'cancelled' | 'dry-run';

export declare interface RolloutLedger {
    /** Resumes the running rollout of `schemaHash`, or creates one. */
    /** Resumes the running rollout of `schemaHash`, or creates one; `scope`: see NewRollout.scope. */
    findOrCreateRollout(input: {
        readonly schemaHash: string;
        readonly workerId: string;
        readonly commit?: string | null;
        readonly scope?: readonly string[];
    }): Promise<{
        readonly id: string;
        readonly resumed: boolean;
    }>;
    /** Idempotent: tenants already registered keep their state. */
    registerTenants(rolloutId: string, entries: readonly LedgerTenantEntry[]): Promise<void>;
    /** Every page of this worker's fleet is registered (the SQL ledger refreshes its planner statistics). */
    fleetRegistered?(rolloutId: string): Promise<void>;
    /** Up to `limit` pending tenants (or ones whose worker stopped heartbeating), in sequence order. */
    claim(rolloutId: string, workerId: string, limit: number, options?: {
        readonly wave?: string;
        readonly excludeClusters?: readonly string[];
        readonly inWaveOrder?: boolean;
        readonly onlyTenants?: readonly string[];
        readonly after?: Pick<LedgerClaim, 'tenantId' | 'wave' | 'sequence'>;
    }): Promise<readonly LedgerClaim[]>;
    /** Every claim this worker still holds back to pending, without an outcome (busy tenants, a stop). */
    releaseClaims(rolloutId: string, workerId: string): Promise<void>;
    record(rolloutId: string, workerId: string, tenantId: string, result: LedgerTenantResult): Promise<void>;
    heartbeat(rolloutId: string, workerId: string): Promise<void>;
    /** With `scope`, also how many of those tenants are not done yet (scopePending). */
    status(rolloutId: string, scope?: readonly string[]): Promise<RolloutLedgerStatus>;
    setState(rolloutId: string, state: LedgerRolloutState): Promise<void>;
    close(): Promise<void>;
}

export declare interface RolloutLedgerStatus {
    readonly state: LedgerRolloutState;
    readonly totals: RolloutTotals;
    /** Tenants claimed by some worker and not yet recorded. */
    readonly running: number;
    /** The latest pause/resume/abort request, null when none. */
    readonly request: LedgerRequest | null;
    /** Who made the request (for the pause/abort reason shown to users). */
    readonly requestedBy?: string | null;
    /** Failed tenants of the whole rollout (every worker), oldest first, possibly capped. */
    readonly failures: readonly LedgerFailure[];
    /** Asked with a scope: its tenants pending or claimed. */
    readonly scopePending?: number;
    /** Workers holding claims, with how long ago they last heartbeated: what a waiting worker waits for. */
    readonly claimHolders?: readonly ClaimHolder[];
}

export declare type RolloutPhase = (typeof TENANT_PHASES)[number] | (typeof ORCHESTRATOR_PHASES)[number];

export declare interface RolloutRecord {
    readonly id: string;
    /** Fingerprint of the desired schema: a rerun with the same one resumes this rollout. */
    readonly schemaHash: string;
    readonly commit: string | null;
    readonly actor: string | null;
    readonly state: RolloutState;
    /** The standing control request (a level, not an event): every worker obeys it until another replaces it. */
    readonly requested: ControlAction | null;
    readonly requestedBy: string | null;
    readonly requestedAt: Date | null;
    /** Non-secret summary of the configuration the rollout was started with. */
    readonly config: unknown;
    /** Cached on every state change; status() always counts afresh. */
    readonly totals: RolloutTotals | null;
    readonly createdAt: Date;
    readonly updatedAt: Date;
    readonly finishedAt: Date | null;
}

/**
 * Database tenants that are several schemas (config `schemaNames: [app, audit]`): each is read,
 * planned, applied and verified as one set (src/schema/schema-set.ts), so a foreign key from
 * `audit` to `app` is ordered across the two. These tenants take none of the schema-tenant batch
 * paths (shared batch reads, the catalog digest, batch verification): each is read in full on its
 * own connection and verified individually by an empty re-plan of its whole set.
 */
export declare interface RolloutSchemaSet {
    /** Where the file's unqualified names land; the plan's session search_path. */
    readonly primary: string;
    readonly scope: readonly string[];
    /** fingerprintSchemaSet of the desired set: it names the rollout (register-fleet.ts), as a one-schema model's fingerprint does. */
    readonly fingerprint: string;
    /** The desired set as the tenant's PostgreSQL major version builds it (see load-desired-schema-set.ts). */
    readonly desiredFor: (serverVersionNum: number) => Promise<SchemaSet>;
    /** A lint pass over the set's plan (lintSchemaSet); only errors refuse it. */
    readonly lint?: (migration: SchemaSetMigration) => readonly {
        readonly rule: string;
        readonly severity: string;
        readonly category?: string;
        readonly message: string;
    }[];
}

/** The `rollout:` section of schemafleet.yml, validated and with defaults applied. */
export declare type RolloutSettings = RolloutConfig;

export declare type RolloutState = 'running' | 'paused' | 'succeeded' | 'failed' | 'aborted' | 'cancelled';

export declare interface RolloutSummary {
    readonly rolloutId: string;
    readonly state: RolloutFinalState;
    /** Why the rollout stopped early (canary, failure budget, abort request, signal); null when it ran to the end. */
    readonly stopReason: string | null;
    readonly resumed: boolean;
    /** The whole rollout, every worker's tenants. */
    readonly totals: RolloutTotals;
    /** What this worker did. */
    readonly worker: RolloutTotals;
    readonly durationMs: number;
    readonly tenantsPerSecond: number;
    readonly failures: readonly RolloutFailure[];
    /** Distinct live states planned: tenants in the same state share one plan. */
    readonly distinctPlans: number;
    /** How this worker's migrated tenants were confirmed: read back, or by their plan's proof (rollout.verify). */
    readonly verifiedBy: {
        readonly readBack: number;
        readonly proof: number;
    };
    /** Tenants of this worker whose starting state was taken on their catalog digest instead of a full read (starting-states.ts). */
    readonly statesByDigest: number;
}

export declare interface RolloutTotals {
    readonly tenants: number;
    readonly migrated: number;
    readonly unchanged: number;
    readonly failed: number;
    readonly skipped: number;
    readonly cancelled: number;
    readonly pending: number;
}

export declare interface Routine {
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

export declare type RuleCategory = 'blocking-lock' | 'table-rewrite' | 'may-fail-on-data' | 'data-loss' | 'breaks-running-code' | 'transaction-safety' | 'performance'
/** Findings of the linter itself (ignore comments, a rule that crashed); rules never use it. */
| 'linter';

/** What a rule reports; the engine adds severity, category, fix, docs link and source location. */
export declare interface RuleViolation {
    /** The object the finding is about, as `table`, `table.column`, `index`, `type`, `function(args)`. */
    readonly object: string;
    /** Specific to this occurrence: names the table, the lock, what it blocks, what to expect. */
    readonly message: string;
    /** Index into plan.steps of the step that carries the risk, when there is one. */
    readonly step?: number;
}

/**
 * Runs the rules on one plan and turns what they report into findings: severity from config,
 * ignores applied (config and inline), locations mapped to the schema file, deterministic order.
 * Never throws because of a rule: a crashed rule is itself a finding.
 */
export declare function runLint(context: LintContext, options?: RunLintOptions): Finding[];

export declare interface RunLintOptions {
    readonly rules?: readonly LintRule[];
    readonly config?: LintConfig;
    /** The desired side's statements: source locations and inline ignores come from them. */
    readonly statements?: readonly SchemaStatement[];
    /**
     * The schema the plan's objects are in, when the statements describe several (lint-schema-set.ts):
     * an object is looked up among that schema's statements only, for its location and inline ignores.
     */
    readonly schema?: string;
    readonly docsBaseUrl?: string;
    /**
     * Report ignores that match nothing (default true). `plan` and `apply` run per tenant, where a
     * tenant already past the change rightly has nothing to ignore; they turn this off.
     */
    readonly reportUnusedIgnores?: boolean;
}

/**
 * Drives one worker of a rollout: registers the fleet in the ledger, then claims batches and runs
 * them under global and per-cluster concurrency, behind the health gate, obeying pause/resume/abort
 * requests, the canary and the failure budget. Many workers can run this against one ledger.
 *
 * The parts: register-fleet.ts (the source into the ledger), claim-loop.ts (claims and batches),
 * rollout-scheduler.ts (queues and the gate), batch-scope.ts (what a batch's tenants share),
 * tenant-run.ts and verify-batch.ts (one tenant, one batch's verification), tenant-results.ts
 * (counts, events, ledger records), rollout-control.ts with ledger-requests.ts (stops, pause and
 * abort requests), dry-run.ts, and rollout-summary.ts (the end).
 */
export declare function runRollout(options: RunRolloutOptions): Promise<RolloutSummary>;

export declare interface RunRolloutOptions {
    /** The config's `rollout:` section (rolloutSettings() fills in defaults). */
    readonly settings: RolloutSettings;
    /** Loaded once for the whole rollout; its fingerprint names the rollout. */
    readonly desired: SchemaModel;
    /** The desired model for a tenant's PostgreSQL version (see MigrateTenantContext.desiredFor). */
    readonly desiredFor?: (serverVersionNum: number) => Promise<SchemaModel>;
    readonly source: TenantSource;
    /** Required unless dryRun: a dry run changes nothing and so records nothing. */
    readonly ledger?: RolloutLedger;
    /**
     * Started and stopped by the caller, who also routes its paused/resumed events to onEvent; the
     * rollout adds each cluster it meets and reads the gate between batches and before each tenant.
     */
    readonly healthGate?: HealthGate;
    readonly workerId?: string;
    readonly dryRun?: boolean;
    readonly filter?: (tenant: Tenant) => boolean;
    /** SIGINT/SIGTERM: stop starting tenants, give in-flight ones graceMs, then cancel them. */
    readonly signal?: AbortSignal;
    readonly graceMs?: number;
    readonly onEvent?: RolloutEventListener;
    readonly lockTenant?: TenantLocker;
    readonly lint?: PlanLinter;
    readonly commit?: string | null;
    readonly actor?: string | null;
    /** How often requests, rollout state and totals are read from the ledger (and progress emitted). */
    readonly pollMs?: number;
    readonly heartbeatMs?: number;
    readonly pageSize?: number;
    /** Adds up where the time goes, phase by phase (phase-clock.ts): for benchmarks and profiling. */
    readonly phases?: PhaseClock;
    /** Database tenants of several schemas (config schemaNames): each is planned as one set (schema-set-tenant.ts). */
    readonly schemaSet?: RolloutSchemaSet;
}

export declare type SchemaChange = SchemaChangeBase & ({
    readonly kind: 'add-extension';
    readonly extension: Extension;
} | {
    readonly kind: 'drop-extension';
    readonly extension: Extension;
} | {
    readonly kind: 'alter-extension';
    readonly from: Extension;
    readonly to: Extension;
} | {
    /** GRANT …, or with grantOption GRANT … WITH GRANT OPTION. */
    readonly kind: 'grant-privileges';
    readonly object: PrivilegeObject;
    readonly grantee: string;
    readonly privileges: readonly string[];
    readonly grantOption: boolean;
} | {
    /** REVOKE …, or with grantOption only REVOKE GRANT OPTION FOR …. */
    readonly kind: 'revoke-privileges';
    readonly object: PrivilegeObject;
    readonly grantee: string;
    readonly privileges: readonly string[];
    readonly grantOption: boolean;
} | {
    readonly kind: 'add-collation';
    readonly collation: Collation;
} | {
    readonly kind: 'drop-collation';
    readonly collation: Collation;
} | {
    readonly kind: 'add-enum';
    readonly enum: EnumType;
} | {
    readonly kind: 'drop-enum';
    readonly enum: EnumType;
} | {
    readonly kind: 'add-enum-values';
    readonly enum: string;
    readonly values: readonly EnumValueAddition[];
} | {
    /** Values removed or reordered: rename the old type, create the new one, move columns, drop the old. */
    readonly kind: 'recreate-enum';
    readonly from: EnumType;
    readonly to: EnumType;
    readonly removedValues: readonly string[];
    readonly columns: readonly {
        readonly table: string;
        readonly column: string;
        readonly type: string;
        readonly default: string | null;
    }[];
} | {
    readonly kind: 'add-domain';
    readonly domain: Domain;
} | {
    readonly kind: 'drop-domain';
    readonly domain: Domain;
    readonly replaced: boolean;
} | {
    readonly kind: 'alter-domain';
    readonly from: Domain;
    readonly to: Domain;
} | {
    readonly kind: 'add-composite-type';
    readonly type: CompositeType;
} | {
    readonly kind: 'drop-composite-type';
    readonly type: CompositeType;
} | {
    readonly kind: 'alter-composite-type';
    readonly from: CompositeType;
    readonly to: CompositeType;
} | {
    readonly kind: 'add-sequence';
    readonly sequence: Sequence;
} | {
    readonly kind: 'drop-sequence';
    readonly sequence: Sequence;
} | {
    /** `from` is null right after add-sequence: only OWNED BY is left to set. */
    readonly kind: 'alter-sequence';
    readonly from: Sequence | null;
    readonly to: Sequence;
} | {
    readonly kind: 'add-table';
    readonly table: Table;
    /** Foreign keys left out of CREATE TABLE (they reference a table created later in the plan). */
    readonly deferredConstraints: readonly string[];
} | {
    readonly kind: 'drop-table';
    readonly table: Table;
    readonly replaced: boolean;
} | {
    readonly kind: 'alter-table';
    readonly from: Table;
    readonly to: Table;
} | {
    readonly kind: 'set-row-level-security';
    readonly table: string;
    readonly from: {
        enabled: boolean;
        force: boolean;
    } | null;
    readonly to: {
        enabled: boolean;
        force: boolean;
    };
} | {
    readonly kind: 'set-inheritance';
    readonly table: string;
    readonly from: readonly string[];
    readonly to: readonly string[];
} | {
    readonly kind: 'set-replica-identity';
    readonly table: string;
    readonly from: ReplicaIdentity | null;
    readonly to: ReplicaIdentity;
} | {
    readonly kind: 'attach-partition';
    readonly table: string;
    readonly parent: string;
    readonly bound: string;
} | {
    readonly kind: 'detach-partition';
    readonly table: string;
    readonly parent: string;
    readonly bound: string;
    /** An earlier DETACH … CONCURRENTLY stopped halfway: only FINALIZE completes it. */
    readonly pending?: true;
} | {
    readonly kind: 'add-column';
    readonly table: string;
    readonly column: Column;
} | {
    readonly kind: 'drop-column';
    readonly table: string;
    readonly column: Column;
} | {
    /** Everything but NOT NULL being set, which is its own change (it waits for a validation scan). */
    readonly kind: 'alter-column';
    readonly table: string;
    readonly from: Column;
    readonly to: Column;
} | {
    readonly kind: 'set-not-null';
    readonly table: string;
    readonly column: string;
} | {
    readonly kind: 'add-constraint';
    readonly table: string;
    readonly constraint: Constraint;
} | {
    readonly kind: 'drop-constraint';
    readonly table: string;
    readonly constraint: Constraint;
    readonly replaced: boolean;
    readonly carries?: readonly CarriedForeignKey[];
} | {
    readonly kind: 'replace-constraint';
    readonly table: string;
    readonly from: Constraint;
    readonly to: Constraint;
    readonly carries?: readonly CarriedForeignKey[];
    /** A foreign key redefined while the key it references goes: the id of that key's change, whose transaction drops and re-adds it (CarriedForeignKey). */
    readonly carriedBy?: string;
}
/** The same constraint (kind, definition, validity) under another name: a catalog-only RENAME CONSTRAINT, not a drop and an add. */
| {
    readonly kind: 'rename-constraint';
    readonly table: string;
    readonly from: Constraint;
    readonly to: Constraint;
} | {
    readonly kind: 'validate-constraint';
    readonly table: string;
    readonly constraint: Constraint;
} | {
    readonly kind: 'add-index';
    readonly index: Index;
} | {
    readonly kind: 'drop-index';
    readonly index: Index;
    readonly replaced: boolean;
    readonly carries?: readonly CarriedForeignKey[];
} | {
    readonly kind: 'rebuild-index';
    readonly from: Index;
    readonly to: Index;
    readonly carries?: readonly CarriedForeignKey[];
} | {
    readonly kind: 'add-trigger';
    readonly trigger: Trigger;
} | {
    readonly kind: 'drop-trigger';
    readonly trigger: Trigger;
    readonly replaced: boolean;
} | {
    readonly kind: 'alter-trigger';
    readonly from: Trigger;
    readonly to: Trigger;
} | {
    readonly kind: 'add-policy';
    readonly policy: Policy;
} | {
    readonly kind: 'drop-policy';
    readonly policy: Policy;
    readonly replaced: boolean;
} | {
    readonly kind: 'alter-policy';
    readonly from: Policy;
    readonly to: Policy;
} | {
    readonly kind: 'add-view';
    readonly view: View;
} | {
    readonly kind: 'drop-view';
    readonly view: View;
    readonly replaced: boolean;
} | {
    readonly kind: 'replace-view';
    readonly from: View;
    readonly to: View;
} | {
    readonly kind: 'add-materialized-view';
    readonly view: MaterializedView;
} | {
    readonly kind: 'drop-materialized-view';
    readonly view: MaterializedView;
    readonly replaced: boolean;
} | {
    readonly kind: 'add-routine';
    readonly routine: Routine;
} | {
    readonly kind: 'drop-routine';
    readonly routine: Routine;
    readonly replaced: boolean;
} | {
    readonly kind: 'replace-routine';
    readonly from: Routine;
    readonly to: Routine;
} | {
    readonly kind: 'set-comment';
    readonly target: CommentTarget;
    readonly comment: string | null;
}
/** A schema of a multi-schema file that the database lacks (diff-schema-set.ts). */
| {
    readonly kind: 'add-schema';
    readonly schema: string;
}
/** A scoped schema the file no longer declares: its objects are dropped by their own changes first. */
| {
    readonly kind: 'drop-schema';
    readonly schema: string;
});

export declare interface SchemaChangeBase {
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

export declare class SchemafleetError extends Error {
    readonly exitCode: ExitCode;
    readonly hint?: string | undefined;
    readonly name: string;
    constructor(message: string, exitCode: ExitCode, hint?: string | undefined);
}

/**
 * The one description of a schema. Both sides of every diff come from `introspectSchema`, so
 * every text field here is PostgreSQL's own canonical spelling (format_type, pg_get_expr,
 * pg_get_constraintdef, pg_get_viewdef, …) read with `search_path` set to the introspected schema:
 * references to objects of that schema are unqualified, so two schemas with the same content
 * produce identical models whatever their names. Arrays are sorted by name (columns keep their
 * attnum order, enum values their sort order) so a model serialises deterministically.
 */
export declare interface SchemaModel {
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

/**
 * Several PostgreSQL schemas of one database described together (a database tenant with `app`
 * and `audit`). Each schema keeps its own SchemaModel, read with search_path set to it, so names
 * of its own objects stay unqualified and the per-schema diff and planner work unchanged; a
 * reference to another schema of the set is recorded in `dependsOn` as `kind:schema.name`, the
 * spelling PostgreSQL prints for it (see diff/diff-schema-set.ts, which orders across schemas).
 */
export declare interface SchemaSet {
    /**
     * The schema unqualified names of the schema file land in, and the plan's session search_path.
     * It always exists on the desired side: schemafleet creates it, as for a single-schema file.
     */
    readonly primary: string;
    /** The schemas the set manages: the others of the database are left alone. */
    readonly scope: readonly string[];
    /** The models of the schemas that exist, by name; a scoped schema absent here does not exist. */
    readonly models: ReadonlyMap<string, SchemaModel>;
}

export declare interface SchemaSetDiff {
    /** Every schema's changes (and add-schema / drop-schema) in one order that can run; each carries its schema, ids qualified by it. */
    readonly changes: readonly SchemaChange[];
    readonly parts: readonly SchemaSetPart[];
}

export declare interface SchemaSetMigration {
    readonly changes: readonly SchemaChange[];
    readonly plan: Plan;
    readonly diff: SchemaSetDiff;
}

/** One schema of a set diff: its two models and its changes with their one-schema ids (what lint reads). */
export declare interface SchemaSetPart {
    readonly schema: string;
    readonly current: SchemaModel;
    readonly desired: SchemaModel;
    readonly changes: readonly SchemaChange[];
}

/** One statement of the schema file(s), with where it came from. */
export declare interface SchemaStatement {
    readonly sql: string;
    readonly location: SourceLocation;
    /** libpg-query node type: CreateStmt, IndexStmt, … */
    readonly nodeType: string;
    /** Object keys (see objectKey in model.ts) this statement defines or alters, best effort. */
    readonly defines: readonly string[];
    /**
     * Comments between the previous statement and this one, as written (`-- …` or `/* … *\/`).
     * A comment after the previous statement on its own line counts too.
     */
    readonly leadingComments: readonly string[];
    /** Lines of the parts written inside the statement (a CREATE TABLE's columns and constraints), by object key. */
    readonly partLines?: Readonly<Record<string, number>>;
    /**
     * The schema(s) of each key of `defines`, where known: a file of several schemas can hold
     * `app.users` and `audit.users`, both `table:users`. Usually one; `GRANT … ON app.s, audit.s` gives two.
     */
    readonly schemas?: Readonly<Record<string, readonly string[]>>;
}

/** A throwaway database, owned by a throwaway role that is not a superuser. */
export declare interface ScratchDatabase {
    /** Connects as the unprivileged scratch role. Untrusted SQL only ever runs through this URL. */
    readonly url: string;
    /** Connects to the scratch database as the server's admin (for extensions that need it). */
    readonly adminUrl: string;
    readonly name: string;
    readonly role: string;
    /** Drops the database and the role; safe to call twice. */
    readonly drop: () => Promise<void>;
}

/**
 * Scratch servers by PostgreSQL major version, started on first use and closed together.
 *
 * PostgreSQL prints views, CHECKs, index expressions and other stored text differently from one
 * major version to the next, and ships other extension versions, so a desired model read on a
 * PostgreSQL 18 scratch server never equals a PostgreSQL 15 tenant's, however often the plan runs.
 * A tenant is therefore compared with the desired model as its own major version builds it: the
 * dev-url when it runs that version, otherwise an embedded server of that version.
 */
export declare interface ScratchPool {
    /** The scratch server for `major` (undefined: the dev-url, or the default embedded server). */
    forMajor(major?: number): Promise<ScratchServer>;
    /** Closes every server started; safe to call twice. */
    close(): Promise<void>;
}

export declare interface ScratchServer {
    /** The scratch server's PostgreSQL major version (13 … 18). */
    readonly major: number;
    /** Where it is, for messages: the dev-url (redacted) or `embedded PostgreSQL 18.4`. */
    readonly description: string;
    createDatabase(): Promise<ScratchDatabase>;
    /** Drops scratch databases still open and stops the embedded server, if one was started. */
    close(): Promise<void>;
}

export declare interface Sequence {
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
    readonly ownedBy: {
        readonly table: string;
        readonly column: string;
    } | null;
    readonly comment: string | null;
}

export declare type Severity = 'error' | 'warning' | 'info';

export declare interface SourceLocation {
    file: string;
    line: number;
    column: number;
}

/**
 * One schema file's text with the offset conversions error messages need. libpg-query reports
 * statement spans in UTF-8 bytes but syntax-error cursors in characters, and PostgreSQL reports
 * error positions in characters too, so every offset is turned into a JS string index first.
 */
export declare class SourceText {
    /** The name shown in messages (relative to the working directory when inside it). */
    readonly file: string;
    readonly text: string;
    private readonly lineStarts;
    private bytes;
    constructor(
    /** The name shown in messages (relative to the working directory when inside it). */
    file: string, text: string);
    get lines(): readonly string[];
    byteOffsetToIndex(byteOffset: number): number;
    /** The index `count` code points after `start` (characters as PostgreSQL counts them). */
    advanceCodePoints(start: number, count: number): number;
    private lineOf;
    /** 1-based line and column; the column counts code points, as editors show them. */
    locationAt(index: number): SourceLocation;
    lineText(line: number): string;
    /** `file:line:col: message` followed by the source line and a caret under the column. */
    format(index: number, message: string): {
        message: string;
        location: SourceLocation;
    };
    excerpt(location: SourceLocation): string;
    /**
     * Skips whitespace and comments from `index`; returns where the next token starts and the
     * comments passed on the way (a later lint reads `-- schemafleet:ignore` from them).
     */
    skipTrivia(index: number, end?: number): {
        index: number;
        comments: string[];
    };
}

/** How an allowed statement reaches the scratch database. */
export declare type StatementAction = 
/** Run as the unprivileged scratch role. */
'apply'
/** Run as the dev server's admin: some allowed extensions need a superuser to be created. */
| 'apply-as-admin'
/** Nothing to run: schemafleet creates the target schema itself. */
| 'skip';

/**
 * The objects a statement creates or alters, read from its parse tree. The allow-list uses the
 * schema each one is qualified with; `defines` turns them into object keys for lint findings.
 */
export declare interface StatementTarget {
    readonly kind: 'table' | 'column' | 'constraint' | 'index' | 'sequence' | 'view' | 'materialized view' | 'type' | 'routine' | 'trigger' | 'policy' | 'extension' | 'collation' | 'schema' | 'relation' | 'other';
    /** Schema the name is qualified with, when it is. */
    readonly schema?: string;
    readonly name: string;
    /** The table a column, constraint, trigger or policy belongs to. */
    readonly table?: string;
    /** For routines: the argument types as written, to be resolved to identity arguments. */
    readonly argTypes?: readonly TypeNameNode[];
    /** Byte offset in the file where a column or constraint is written inside its statement (findings point at its line). */
    readonly location?: number;
}

export declare interface StepError {
    readonly message: string;
    readonly sqlstate?: string;
    readonly detail?: string;
    readonly hint?: string;
    readonly stepIndex: number;
    readonly sql: string;
}

export declare type StorageMode = 'plain' | 'main' | 'external' | 'extended';

export declare interface Table {
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
    readonly partitionOf: {
        readonly parent: string;
        readonly bound: string;
        readonly detachPending?: true;
    } | null;
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

export declare interface TableFacts {
    readonly rows: number;
    readonly bytes: number;
}

/**
 * A tenant is an id plus where it lives: a database (its URL) and a schema in it. Database-per-tenant
 * fleets use `public` (or any fixed schema); schema-per-tenant fleets share one URL.
 */
export declare interface Tenant {
    readonly id: string;
    /** Connection URL; may carry a password, so it is never printed (use redactUrl). */
    readonly url: string;
    readonly schema: string;
    readonly labels: Readonly<Record<string, string>>;
}

/**
 * Where a rollout's time goes, added up per phase (RunRolloutOptions.phases), so the cost of each
 * piece of per-tenant work can be read without a profiler (bench/bench-release.ts prints it).
 *
 * Tenant phases are time a tenant held a worker slot; summed over tenants they can exceed the
 * rollout's wall time (slots run side by side). Orchestrator phases (`register`, `claim`,
 * `batch-read`) run on the claim loop and are wall time.
 */
export declare const TENANT_PHASES: readonly [
/** The whole time the tenant held a worker slot: every phase below, and the Node work between them. */
'slot', 
/** A connection from the warm pool, or a new backend. */
'connect', 
/** The tenant's advisory lock, when its batch's reader did not take it. */
'lock', 
/** The starting state: digest and/or full catalog read on the tenant's connection. */
'read', 
/** Fingerprint of the starting state and its plan (cached by fingerprint). */
'plan', 
/** Looking for long transactions holding a lock a step needs (long-lock-holders.ts). */
'lock-checks', 
/** The steps' round trips, their (asynchronous) commits included. */
'steps', 
/** The round trip of the tenant's last transactional unit, whose synchronous commit makes every earlier step durable. */
'final-commit', 
/** Reading back after the steps, on the tenant's connection. */
'verify', 
/** Handing the tenant's result to the ledger: the write itself runs off the slot, so this is only a wait when `concurrency` writes are already on their way. */
'record', 
/** Resetting the connection and handing it back to the warm pool. */
'release'];

export declare interface TenantFailure {
    readonly tenantId: string;
    readonly cluster: string;
    readonly schema: string;
    readonly attempts: number;
    readonly message: string | null;
    readonly sqlstate: string | null;
    readonly finishedAt: Date | null;
}

/**
 * `--tenants GLOB`, repeatable: a tenant is kept when it matches any positive glob (or there are
 * none) and no `!negated` one. So `acme-*` keeps acme's tenants and `!internal-*` drops internal ones.
 */
export declare function tenantFilter(globs: readonly string[]): (tenant: Pick<Tenant, 'id'>) => boolean;

/**
 * Keeps two workers, or two rollouts, off one tenant: a session-level advisory lock taken on the
 * tenant's own database, so it holds whichever ledger the other side uses.
 */
export declare type TenantLocker = ((client: pg.ClientBase, tenant: Tenant) => Promise<boolean>) & {
    /** The same for many tenants of one database in one round trip (whether each was locked, in order): a batch's fifty locks were fifty round trips. */
    readonly many?: (client: pg.ClientBase, tenants: readonly Tenant[]) => Promise<boolean[]>;
};

/**
 * What a rollout tells its reporters. The fleet knows nothing of terminals or GitHub: the CLI
 * progress bar, JSON lines, the check run and the job summary are all built from these.
 */
export declare type TenantOutcome = 'migrated' | 'unchanged' | 'failed' | 'skipped' | 'cancelled';

export declare interface TenantRegistration {
    readonly id: string;
    readonly cluster: string;
    readonly schema: string;
    readonly wave?: string | null;
    /** Claim order: lower first. Encode wave order and canaries here. */
    readonly sequence: number;
    /** user@host:port/database (locationOf), never a URL: what lets a worker resolve the claim without a per-tenant map. */
    readonly location?: string | null;
}

export declare interface TenantResult {
    readonly outcome: TenantOutcome;
    readonly planFingerprint?: string | null;
    readonly steps?: number;
    readonly durationMs?: number;
    /** Callers redact secrets before recording: the ledger stores what it is given. */
    readonly error?: {
        readonly message: string;
        readonly sqlstate?: string | null;
    } | null;
    /** migrated: confirmed by reading the schema back, or by its plan's proof. */
    readonly verifiedBy?: 'read-back' | 'proof';
}

/** The resolved section: list and file tenants are read when the config is loaded. */
export declare type TenantsConfig = {
    readonly kind: 'list';
    readonly tenants: readonly Tenant[];
}
/** `path` is absolute; the file is read (and validated) when the config is loaded. */
| {
    readonly kind: 'file';
    readonly path: string;
    readonly tenants: readonly Tenant[];
}
/** `url` has its environment variables expanded; never print it without redactUrl. */
| {
    readonly kind: 'query';
    readonly url: string;
    readonly sql: string;
} | {
    readonly kind: 'schemas';
    readonly url: string;
    readonly match: string;
};

/** Where tenants come from. Pages keep memory flat however large the fleet is. */
export declare interface TenantSource {
    /** e.g. `list (3 tenants)`, `query on postgres://…/control`, `schemas like 'tenant_%'`. */
    readonly description: string;
    pages(pageSize: number): AsyncIterable<readonly Tenant[]>;
}

/** The tenant source a loaded schemafleet.yml describes. */
export declare function tenantSourceFromConfig(config: Pick<FleetConfig, 'tenants' | 'schemaName'>): TenantSource;

export declare interface Trigger {
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

export declare interface TypeNameNode {
    names?: {
        String?: {
            sval?: string;
        };
    }[];
    arrayBounds?: unknown[];
    pct_type?: boolean;
}

/** A database that cannot be reached or logged into: exit 3. */
export declare class UnreachableDatabaseError extends SchemafleetError {
    readonly name = "UnreachableDatabaseError";
    constructor(message: string, hint?: string);
}

export declare interface UnsupportedObject {
    /** What it is, in PostgreSQL's words: "aggregate", "operator", "foreign table", "rule", … */
    readonly kind: string;
    readonly name: string;
}

/**
 * How SQL nobody reviewed yet (a pull request's) is run: one time budget for every statement of
 * the review, and errors told with their SQLSTATE, message and position only (DETAIL and CONTEXT
 * can quote what an expression read).
 */
export declare interface UntrustedSqlLimits {
    /** When the review's budget runs out (Date.now() clock). */
    readonly deadline: number;
    /** The whole budget, for the message. */
    readonly budgetMs: number;
}

export declare interface VerificationFailure {
    readonly message: string;
}

export declare interface VerifiedApplyResult extends Omit<ApplyResult, 'error'> {
    /** The plan that was computed from the live state and applied. */
    readonly plan: Plan;
    /** Why it failed: a step failed, or the database still differs after every step ran. */
    readonly reason?: 'step' | 'verification';
    readonly error?: StepError | VerificationFailure;
    /** Steps a fresh plan still wants after the apply; empty when the tenant is done. */
    readonly remaining: readonly PlanStep[];
}

/** rollout.verify: read back every migrated tenant, or only those whose plan is not yet proven (rollout/plan-proofs.ts). */
export declare type VerifyMode = 'every' | 'proven';

/**
 * A desired schema whose model can only be had from another PostgreSQL major version than the
 * target's, and which holds objects that version prints differently: a plan would never converge.
 */
export declare class VersionMismatchError extends SchemafleetError {
    readonly name = "VersionMismatchError";
}

export declare interface View {
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

/** A tenant is in a wave when, for every label named in `match`, its value is one of the listed values. */
export declare interface WaveConfig {
    readonly name: string;
    readonly match: Readonly<Record<string, readonly string[]>>;
}

export declare interface WorkerStatus {
    readonly id: string;
    readonly hostname: string | null;
    readonly pid: number | null;
    readonly startedAt: Date;
    readonly heartbeatAt: Date;
    /** Measured on the ledger's clock, so worker clock skew does not matter. */
    readonly heartbeatAgeMs: number;
    readonly claimed: number;
}

export { }
