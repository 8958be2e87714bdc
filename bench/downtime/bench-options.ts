import { parseConfigDuration } from '../../src/fleet/config/durations.js';

/** Sizes, rates and durations of one `npm run bench:downtime`; every one can be overridden from the environment. */
export interface DowntimeOptions {
  /** Schema tenants in the one bench database. */
  readonly tenants: number;
  /** Rows in each tenant's `orders`, the table the change touches. */
  readonly orders: number;
  readonly accounts: number;
  /** Tenants the application workload runs against (spread evenly over the fleet). */
  readonly sampleTenants: number;
  /** Sampled tenants that also carry a long-running reader transaction. */
  readonly readerTenants: number;
  /** How long each reader transaction holds its ACCESS SHARE lock, and the pause between two. */
  readonly readerHoldMs: number;
  readonly readerGapMs: number;
  /** Application queries per second over all sampled tenants (open loop). */
  readonly qps: number;
  readonly beforeMs: number;
  readonly afterMs: number;
  /** rollout.lockTimeout in the config our rollout runs with. */
  readonly lockTimeout: string;
  readonly lockTimeoutMs: number;
  readonly concurrency: number;
  /** rollout.niceRatio of our rollout (the naive one has no such thing). */
  readonly niceRatio: number;
  /**
   * rollout.adaptiveConcurrency.maxSlowdown of our rollout (default 1.5: on, as we advise for a
   * server whose cores the application needs); 0 runs `concurrency` tenants throughout.
   */
  readonly adaptiveSlowdown: number;
  /** rollout.parallelWorkers of our rollout (default 0, as the product's; 2 is PostgreSQL's own default). */
  readonly parallelWorkers: number;
  /** Client-side bound on every application query. */
  readonly queryTimeoutMs: number;
  readonly poolPerTenant: number;
  readonly monitorEveryMs: number;
  /** Longest either rollout may take before the bench gives up on it. */
  readonly rolloutDeadlineMs: number;
  /** Write docs/benchmarks.md (off for quick runs with small sizes). */
  readonly writeDocs: boolean;
  /** Measure our rollout only (quick runs while tuning): no naive rollout, no report, no docs. */
  readonly skipNaive: boolean;
}

type Env = Readonly<Record<string, string | undefined>>;

function whole(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${name}: expected a whole number from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  return value;
}

function ratio(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || value > 100) throw new Error(`${name}: expected a number from 0 to 100, got ${JSON.stringify(raw)}`);
  return value;
}

export function downtimeOptions(env: Env = process.env): DowntimeOptions {
  const tenants = whole(env, 'DOWNTIME_TENANTS', 40, 2, 500);
  const sampleTenants = Math.min(tenants, whole(env, 'DOWNTIME_SAMPLE_TENANTS', 8, 1, 50));
  const lockTimeout = env.DOWNTIME_LOCK_TIMEOUT ?? '1s';
  const lockTimeoutMs = parseConfigDuration(lockTimeout);
  if (lockTimeoutMs === null) throw new Error(`DOWNTIME_LOCK_TIMEOUT: expected a duration like 1s or 500ms, got ${JSON.stringify(lockTimeout)}`);
  const phaseMs = whole(env, 'DOWNTIME_PHASE_SECONDS', 10, 1, 600) * 1000;
  return {
    tenants,
    orders: whole(env, 'DOWNTIME_ROWS', 150_000, 100, 5_000_000),
    accounts: whole(env, 'DOWNTIME_ACCOUNTS', 2_000, 10, 1_000_000),
    sampleTenants,
    readerTenants: Math.min(sampleTenants, whole(env, 'DOWNTIME_READER_TENANTS', 2, 0, 50)),
    readerHoldMs: whole(env, 'DOWNTIME_READER_HOLD_MS', 3_000, 100, 60_000),
    readerGapMs: whole(env, 'DOWNTIME_READER_GAP_MS', 1_500, 0, 60_000),
    qps: whole(env, 'DOWNTIME_QPS', 300, 1, 5_000),
    beforeMs: phaseMs,
    afterMs: phaseMs,
    lockTimeout,
    lockTimeoutMs,
    concurrency: whole(env, 'DOWNTIME_CONCURRENCY', 4, 1, 64),
    niceRatio: ratio(env, 'DOWNTIME_NICE_RATIO', 0),
    adaptiveSlowdown: ratio(env, 'DOWNTIME_ADAPTIVE_SLOWDOWN', 1.5),
    parallelWorkers: whole(env, 'DOWNTIME_PARALLEL_WORKERS', 0, 0, 1024),
    queryTimeoutMs: whole(env, 'DOWNTIME_QUERY_TIMEOUT_MS', 10_000, 100, 120_000),
    poolPerTenant: whole(env, 'DOWNTIME_POOL', 10, 1, 50),
    monitorEveryMs: whole(env, 'DOWNTIME_MONITOR_MS', 20, 5, 1_000),
    rolloutDeadlineMs: whole(env, 'DOWNTIME_ROLLOUT_DEADLINE_SECONDS', 600, 10, 3_600) * 1000,
    writeDocs: env.DOWNTIME_NO_DOCS !== '1' && env.DOWNTIME_SKIP_NAIVE !== '1',
    skipNaive: env.DOWNTIME_SKIP_NAIVE === '1',
  };
}
