// The `rollout:` section as the rollout reads it, and its defaults. ROLLOUT_DEFAULTS is the one
// place a default is written: the section's schema (rollout.ts), rolloutSettings and the test that
// docs/configuration.md states the same values all read it.

/** `count: 0` means no canary phase. */
export type CanaryConfig = { readonly kind: 'count'; readonly count: number } | { readonly kind: 'ids'; readonly ids: readonly string[] };

/** A tenant is in a wave when, for every label named in `match`, its value is one of the listed values. */
export interface WaveConfig {
  readonly name: string;
  readonly match: Readonly<Record<string, readonly string[]>>;
}

/** How many tenants may fail before no new tenant starts; see failureBudgetLimit. */
export type FailureBudget = { readonly kind: 'count'; readonly count: number } | { readonly kind: 'percent'; readonly percent: number };

/** rollout.verify: read back every migrated tenant, or only those whose plan is not yet proven (rollout/plan-proofs.ts). */
export type VerifyMode = 'every' | 'proven';

export interface RolloutConfig {
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

export interface AdaptiveConcurrencyConfig {
  /** The allowed probe time as a multiple of the cluster's idle one (more than 1). */
  readonly maxSlowdown: number;
  /** How often the probe is timed. */
  readonly everyMs: number;
}

/** The settings `adaptiveConcurrency: true` stands for, and the defaults of each key inside it. */
export const ADAPTIVE_DEFAULTS: AdaptiveConcurrencyConfig = { maxSlowdown: 1.5, everyMs: 100 };

/** Every key's default; perClusterConcurrency has none of its own, it follows concurrency. */
export const ROLLOUT_DEFAULTS: Omit<RolloutConfig, 'perClusterConcurrency'> = {
  batchSize: 50,
  concurrency: 8,
  canary: { kind: 'count', count: 0 },
  waves: [],
  failureBudget: { kind: 'percent', percent: 5 },
  lockTimeoutMs: 2_000,
  statementTimeoutMs: 3_600_000,
  retries: 5,
  verify: 'proven',
  niceRatio: 0,
  parallelWorkers: 0,
  adaptiveConcurrency: null,
  allowDestructive: false,
  allowLintErrors: false,
};

/**
 * Failures tolerated before the rollout stops starting tenants: it stops once *more* than this
 * many have failed. A percent budget is taken of the tenants in the rollout and never rounds to
 * zero, so "5%" of a 10-tenant fleet still tolerates one flaky tenant.
 */
export function failureBudgetLimit(budget: FailureBudget, tenantCount: number): number {
  if (budget.kind === 'count') return budget.count;
  return Math.max(1, Math.floor((tenantCount * budget.percent) / 100));
}
