import type pg from 'pg';
import type { SchemaModel } from '../../schema/model.js';
import type { Migration } from '../../plan/plan-migration.js';
import type { LedgerTenantResult, TenantLocker } from './rollout-ledger-port.js';
import type { RolloutSettings } from './rollout-settings.js';
import type { createPlanCache } from './plan-cache.js';
import type { PlanProofs } from './plan-proofs.js';
import type { StartingStates } from './starting-states.js';
import type { PhaseClock } from './phase-clock.js';
import type { RolloutSchemaSet } from './schema-set-tenant.js';

/** A lint pass over a migration; only errors matter here (they refuse the plan unless allowed). */
export type PlanLinter = (current: SchemaModel, migration: Migration) => readonly { readonly rule: string; readonly severity: string; readonly category?: string; readonly message: string }[];

export interface MigrateTenantContext {
  readonly desired: SchemaModel;
  /**
   * The desired model as the tenant's own PostgreSQL major version builds it (views and other
   * stored text differ between majors; see src/schema/load/desired-schemas.ts); default `desired`.
   */
  readonly desiredFor?: (serverVersionNum: number) => Promise<SchemaModel>;
  readonly settings: RolloutSettings;
  readonly plans: ReturnType<typeof createPlanCache>;
  readonly lockTenant: TenantLocker;
  readonly dryRun: boolean;
  readonly lint?: PlanLinter;
  /** Aborts the tenant's work now: its backends are terminated, its transactions roll back. */
  readonly cancel: AbortSignal;
  readonly onRetry: (attempt: number, reason: string) => void;
  /** Tries after a lost connection (server restart, dropped socket); default CONNECTION_RETRY. */
  readonly connectionRetry?: ConnectionRetryPolicy;
  /**
   * The tenant's schema as already read under its advisory lock, with the other schema tenants of
   * its batch in one go (schema-per-tenant); undefined when there is none (or it was used: a retry
   * and the verification read on the tenant's own connection).
   */
  readonly takePrefetched?: (schema: string) => SchemaModel | undefined;
  /**
   * Schema tenants of one database: return `unverified` once the plan has run, and let the caller
   * verify the batch's tenants together (verifyTenant on models read with one introspectSchemas):
   * a read in a database holding thousands of schemas costs about as much for fifty as for one.
   */
  readonly deferVerification?: boolean;
  /** Where the tenant's connection comes from and goes back to (warm between tenants of one database); default: a new one, closed after. */
  readonly connections?: TenantConnectionSource;
  /** Which tenants need reading back after their steps (see plan-proofs.ts); without it, every one. */
  readonly proofs?: PlanProofs;
  /** Starting states known by catalog digest (starting-states.ts); without it, every tenant is read in full. */
  readonly startingStates?: StartingStates;
  /**
   * Where the time the tenant kept its database busy is added up (rollout.niceRatio): its catalog
   * reads and the statements that succeeded. Waits for locks, tries that timed out and retry backoff
   * load nothing and are not counted.
   */
  readonly worked?: { ms: number };
  /** Where the tenant's time goes, phase by phase (phase-clock.ts); nothing is measured without it. */
  readonly phases?: PhaseClock;
  /**
   * Database tenants of several schemas (schemaNames): read, planned and verified as one set
   * (schema-set-tenant.ts); `takePrefetched`, `startingStates` and `deferVerification` are not used for them.
   */
  readonly schemaSet?: RolloutSchemaSet;
}

/** The part of WarmConnections a tenant uses; `keep` is decided by the source (does its database have more tenants coming?). */
export interface TenantConnectionSource {
  acquire(url: string, applicationName: string): Promise<pg.Client>;
  release(url: string, client: pg.Client): Promise<void>;
}

export interface ConnectionRetryPolicy {
  /** Extra tries after the first; 0 turns the retry off. */
  readonly retries: number;
  /** Wait before the first retry; doubled for each further one. */
  readonly baseDelayMs: number;
}

export type MigrateTenantResult =
  | { readonly kind: 'busy' }
  | { readonly kind: 'done'; readonly result: LedgerTenantResult }
  /** Every step ran (deferVerification): `result` is what verifyTenant confirms or turns into a failure; `proofKey` is where its verdict counts. */
  | { readonly kind: 'unverified'; readonly result: LedgerTenantResult; readonly proofKey: string; readonly clean: boolean };
