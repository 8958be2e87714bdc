import { SqlProbeSession } from '../health/sql-probe.js';
import type { AdaptiveConcurrencyConfig } from '../config/config-schema.js';
import { createLatencyGovernor, type LatencyGovernor, type LimitChange } from './latency-governor.js';

/** The trivial query whose round trip is the reading: no table, no lock, no IO. */
export const ROUND_TRIP_QUERY = 'SELECT 1';
/** Readings taken back to back before a cluster's first tenant: their median is its idle round trip. */
export const PRIMING_READINGS = 7;

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
  /** Resolves once the idle round trip is known (or could not be read: the governor starts at one tenant anyway). */
  ready: Promise<void>;
  timer: NodeJS.Timeout | undefined;
}

/**
 * The edge of latency-governor.ts: one probe connection per cluster (shared with nothing), the
 * idle round trip read before the cluster's first tenant, then a reading every `every`, each fed
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

  /** Starts governing the cluster (idempotent) and resolves once its idle round trip is read. */
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

  async stop(): Promise<void> {
    this.stopped = true;
    for (const entry of this.clusters.values()) clearTimeout(entry.timer);
    await Promise.all([...this.clusters.values()].map((entry) => entry.session.close()));
  }

  private timeoutMs(): number {
    return Math.max(1_000, this.options.config.everyMs * 4);
  }

  /** Round trip in ms, or null when the probe failed. */
  private async read(entry: ClusterGovernor): Promise<number | null> {
    const started = performance.now();
    try {
      await entry.session.read(ROUND_TRIP_QUERY, this.timeoutMs());
      return performance.now() - started;
    } catch {
      return null;
    }
  }

  private async prime(entry: ClusterGovernor): Promise<void> {
    // The first reading opens the connection: not a round trip.
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
