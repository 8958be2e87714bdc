import { SqlProbeSession } from '../health/sql-probe.js';
import type { AdaptiveConcurrencyConfig } from '../config/sections/rollout-config.js';
import { createLatencyGovernor, type LatencyGovernor, type LimitChange } from './latency-governor.js';

/**
 * The reading: a fixed slice of CPU work on the server (counting 20,000 generated rows, about 2 ms
 * of an idle core; no table, no lock, no IO), timed by the server itself, from when it starts on
 * the statement to its result. That time grows as the server's cores are shared, which is what the
 * application's queries feel; timed there, it leaves out the network (a runner far from the
 * database, and its jitter) and this process's own event loop. A `SELECT 1` timed from here was
 * tried first and barely moved: its round trip is mostly the network and a wake-up (0.2 ms idle,
 * 0.4–0.7 ms under four index builds on two cores), and the governor kept letting three and four
 * tenants in (docs/benchmarks.md).
 * @internal test/fleet/rollout/cluster-governors.test.ts runs the probe itself under load.
 */
export const PROBE_QUERY = `SELECT (extract(epoch FROM clock_timestamp() - statement_timestamp()) * 1000 + n * 0)::float8
  FROM (SELECT count(*) FROM generate_series(1, 20000)) AS work(n)`;
/** Readings taken back to back before a cluster's first tenant: their median is its idle probe time. */
const PRIMING_READINGS = 7;

export interface ClusterGovernorsOptions {
  readonly config: AdaptiveConcurrencyConfig;
  /** rollout.perClusterConcurrency. */
  readonly max: number;
  /** Tenants running on the cluster now (its queue's running count). */
  readonly inFlight: (cluster: string) => number;
  readonly onChange: (cluster: string, change: LimitChange) => void;
}

interface ClusterGovernor {
  readonly governor: LatencyGovernor;
  readonly session: SqlProbeSession;
  /** Resolves once the idle probe time is known (or could not be read: the governor starts at one tenant anyway). */
  ready: Promise<void>;
  timer: NodeJS.Timeout | undefined;
}

/**
 * The edge of latency-governor.ts: one probe connection per cluster (shared with nothing), the
 * idle probe time read before the cluster's first tenant, then a reading every `every`, each fed
 * to the cluster's governor, whose limit the rollout applies to the cluster's queue. Timers are
 * unref'd; stop() ends them and closes the connections.
 */
export class ClusterGovernors {
  private readonly clusters = new Map<string, ClusterGovernor>();
  private stopped = false;

  constructor(private readonly options: ClusterGovernorsOptions) {}

  /** The cluster's current limit (1 before its governor exists: slow start). */
  limit(cluster: string): number {
    return this.clusters.get(cluster)?.governor.limit ?? 1;
  }

  /** Starts governing the cluster (idempotent) and resolves once its idle probe time is read. */
  ready(cluster: string, url: string): Promise<void> {
    let entry = this.clusters.get(cluster);
    // Stopped: no new probe connection that nothing would close.
    if (!entry && this.stopped) return Promise.resolve();
    if (!entry) {
      const governor = createLatencyGovernor({ max: this.options.max, maxSlowdown: this.options.config.maxSlowdown });
      const session = new SqlProbeSession(url);
      const created: ClusterGovernor = { governor, session, ready: Promise.resolve(), timer: undefined };
      created.ready = this.prime(created).then(() => this.schedule(cluster, created));
      this.clusters.set(cluster, created);
      entry = created;
    }
    return entry.ready;
  }

  /** A tenant on the cluster finished: the governor counts generations at each level by these. */
  finished(cluster: string): void {
    this.clusters.get(cluster)?.governor.finished();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const entry of this.clusters.values()) clearTimeout(entry.timer);
    await Promise.all([...this.clusters.values()].map((entry) => entry.session.close()));
  }

  private timeoutMs(): number {
    return Math.max(1_000, this.options.config.everyMs * 4);
  }

  /** The probe's time in ms, or null when it failed. */
  private async read(entry: ClusterGovernor): Promise<number | null> {
    try {
      return await entry.session.read(PROBE_QUERY, this.timeoutMs());
    } catch {
      return null;
    }
  }

  private async prime(entry: ClusterGovernor): Promise<void> {
    // The first reading opens the connection (and warms the backend): not a reading of the load.
    if ((await this.read(entry)) === null) return;
    const readings: number[] = [];
    for (let i = 0; i < PRIMING_READINGS && !this.stopped; i++) {
      const reading = await this.read(entry);
      if (reading !== null) readings.push(reading);
    }
    entry.governor.prime(readings);
  }

  /** One reading every `every`, never two at once (a slow reading delays the next one). */
  private schedule(cluster: string, entry: ClusterGovernor): void {
    if (this.stopped) return;
    entry.timer = setTimeout(() => {
      void this.read(entry).then((reading) => {
        if (this.stopped) return;
        const change = entry.governor.observe(reading, this.options.inFlight(cluster));
        if (change) this.options.onChange(cluster, change);
        this.schedule(cluster, entry);
      });
    }, this.options.config.everyMs);
    entry.timer.unref();
  }
}
