import pg from 'pg';
import { LatencyRecorder, type LatencyReport } from './latency-stats.js';
import { LockMonitor, type PhaseLockWaits } from './lock-monitor.js';
import { LongReader } from './long-reader.js';
import { OpenLoop } from './open-loop.js';
import { appQuery, pickQueryType } from './app-queries.js';

/** application_name of every application query: what the lock monitor watches. */
const APP_NAME = 'sf-bench-app';

export interface WorkloadConfig {
  /** Database holding the tenant schemas (127.0.0.1). */
  readonly url: string;
  readonly schemas: readonly string[];
  /** Schemas that also get a long-running reader transaction. */
  readonly readerSchemas: readonly string[];
  readonly readerHoldMs: number;
  readonly readerGapMs: number;
  readonly qps: number;
  /** Rows present in each tenant's orders / accounts at the start. */
  readonly orders: number;
  readonly accounts: number;
  readonly queryTimeoutMs: number;
  readonly poolPerTenant: number;
  readonly monitorEveryMs: number;
  /** Lock waits are also counted at these thresholds (e.g. the lock timeout). */
  readonly waitThresholdsMs: readonly number[];
  /** Everything stops by itself after this long, whatever the controller says. */
  readonly maxDurationMs: number;
}

export interface WorkloadResult {
  readonly latency: LatencyReport;
  readonly locks: Record<string, PhaseLockWaits>;
  readonly dispatched: number;
  readonly dropped: number;
  readonly readerTransactions: number;
  readonly monitorPolls: number;
}

/** Before the first phase is named (connections warming up): recorded under this name, not reported. */
const WARMUP_PHASE = 'warmup';

/**
 * The application: open-loop queries at a fixed rate over a sample of tenants (a pool per tenant),
 * long-running reader transactions on some of them, and a lock monitor, each query and lock wait
 * counted in the phase current when it was due.
 */
export class AppWorkload {
  private phase = WARMUP_PHASE;
  private readonly recorder = new LatencyRecorder();
  private readonly pools: pg.Pool[] = [];
  private readonly readers: LongReader[] = [];
  private readonly monitor: LockMonitor;
  private readonly loop: OpenLoop;
  private readonly deadline: number;

  constructor(private readonly config: WorkloadConfig) {
    this.deadline = Date.now() + config.maxDurationMs;
    this.monitor = new LockMonitor({
      url: config.url,
      applicationName: APP_NAME,
      everyMs: config.monitorEveryMs,
      phase: () => this.phase,
      deadline: this.deadline,
      thresholdsMs: config.waitThresholdsMs,
    });
    this.loop = new OpenLoop({
      qps: config.qps,
      deadline: this.deadline,
      maxInFlight: Math.max(100, Math.ceil((config.qps * config.queryTimeoutMs) / 1000) * 2),
      fire: (intendedAt) => this.fire(intendedAt),
      onDropped: () => this.recorder.record(this.phase, 'dropped', config.queryTimeoutMs, 'overload'),
    });
  }

  setPhase(phase: string): void {
    this.phase = phase;
  }

  async start(): Promise<void> {
    for (const schema of this.config.schemas) {
      const pool = new pg.Pool({
        connectionString: this.config.url,
        max: this.config.poolPerTenant,
        application_name: APP_NAME,
        // Server-side backstop behind the client-side timeout, so nothing outlives the bench.
        statement_timeout: this.config.queryTimeoutMs + 5_000,
        options: `-c search_path=${schema}`,
      });
      pool.on('error', () => undefined);
      this.pools.push(pool);
      await pool.query('SELECT 1 FROM orders LIMIT 1');
    }
    await this.monitor.start();
    for (const schema of this.config.readerSchemas) {
      const reader = new LongReader({ url: this.config.url, schema, holdMs: this.config.readerHoldMs, gapMs: this.config.readerGapMs, deadline: this.deadline });
      await reader.start();
      this.readers.push(reader);
    }
    this.loop.start();
  }

  async stop(): Promise<WorkloadResult> {
    await this.loop.stop(this.config.queryTimeoutMs + 1_000);
    await Promise.all(this.readers.map((reader) => reader.stop()));
    await this.monitor.stop();
    await Promise.all(this.pools.map((pool) => pool.end().catch(() => undefined)));
    return {
      latency: this.recorder.report(),
      locks: this.monitor.summary(),
      dispatched: this.loop.dispatched,
      dropped: this.loop.dropped,
      readerTransactions: this.readers.reduce((sum, reader) => sum + reader.transactions, 0),
      monitorPolls: this.monitor.pollCount.polls,
    };
  }

  private async fire(intendedAt: number): Promise<void> {
    const phase = this.phase;
    const pool = this.pools[Math.floor(Math.random() * this.pools.length)];
    if (!pool) return;
    const query = appQuery(pickQueryType(), { orders: this.config.orders, accounts: this.config.accounts });
    let error: string | undefined;
    let timer: NodeJS.Timeout | undefined;
    const budget = Math.max(1, this.config.queryTimeoutMs - (performance.now() - intendedAt));
    const running = pool.query(query.sql, query.params as unknown[]);
    try {
      await Promise.race([
        running,
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new TimeoutError()), budget);
        }),
      ]);
    } catch (caught) {
      error = caught instanceof TimeoutError ? 'timeout' : ((caught as { code?: string }).code ?? 'error');
      running.catch(() => undefined);
    } finally {
      clearTimeout(timer);
    }
    this.recorder.record(phase, query.type, performance.now() - intendedAt, error);
  }
}

class TimeoutError extends Error {}
