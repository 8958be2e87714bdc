import type { SchemaModel } from '../../schema/model.js';
import type { Tenant, TenantSource } from '../tenant.js';
import type { RolloutEventListener, RolloutTotals } from '../rollout-events.js';
import type { RolloutLedger, TenantLocker } from './rollout-ledger-port.js';
import type { HealthGate } from '../health/index.js';
import type { RolloutSettings } from './rollout-settings.js';
import type { PlanLinter } from './migrate-tenant.js';
import type { PhaseClock } from './phase-clock.js';
import type { RolloutSchemaSet } from './schema-set-tenant.js';

export interface RunRolloutOptions {
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

export type RolloutFinalState = 'succeeded' | 'failed' | 'aborted' | 'cancelled' | 'dry-run';

export interface RolloutFailure {
  readonly tenantId: string;
  readonly message: string;
  readonly sqlstate: string | null;
}

export interface RolloutSummary {
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
  readonly verifiedBy: { readonly readBack: number; readonly proof: number };
  /** Tenants of this worker whose starting state was taken on their catalog digest instead of a full read (starting-states.ts). */
  readonly statesByDigest: number;
}

/** Why this worker stopped starting tenants: a signal, an abort request, the canary, the budget, or another worker ended the rollout. */
export type StopKind = 'cancelled' | 'aborted' | 'canary' | 'budget' | 'ended-elsewhere';
