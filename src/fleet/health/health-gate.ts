import type { RolloutEvent, RolloutEventListener } from '../rollout-events.js';
import { readCommandProbe } from './command-probe.js';
import { readHttpProbe } from './http-probe.js';
import { DEFAULT_PROBE_TIMEOUT_MS, judgeReading, validateProbeSpec, type HealthReading, type ProbeSpec } from './probe-spec.js';
import { SqlProbeSession } from './sql-probe.js';

export type ClusterUrls = ReadonlyMap<string, string> | Readonly<Record<string, string>> | ((cluster: string) => string | undefined);

export interface HealthGateOptions {
  readonly probes: readonly ProbeSpec[];
  /** Where each cluster's sql probes connect. Clusters not listed are monitored from the first time they are asked about. */
  readonly clusters: ClusterUrls;
  /** How long every probe must stay at or below resumeBelow before a paused cluster resumes. */
  readonly resumeAfterMs: number;
  readonly now?: () => number;
  readonly onEvent?: RolloutEventListener;
}

/** unknown: not every probe has been read yet, so nothing may start; it opens on the first good readings. */
export type GatePhase = 'unknown' | 'open' | 'closed';

export interface ClusterHealth {
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

export interface HealthGate {
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

interface Waiter {
  resolve(): void;
  reject(error: unknown): void;
}

interface ClusterState {
  readonly cluster: string;
  phase: GatePhase;
  reason: string | null;
  pausedSince: number | null;
  healthySince: number | null;
  readonly sqlReadings: Map<string, HealthReading>;
  readonly waiters: Set<Waiter>;
  resumeTimer: NodeJS.Timeout | undefined;
  url: string | undefined;
}

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
export function createHealthGate(options: HealthGateOptions): HealthGate {
  for (const probe of options.probes) validateProbeSpec(probe);
  const now = options.now ?? Date.now;
  const sqlProbes = options.probes.filter((p) => p.kind === 'sql');
  const globalProbes = options.probes.filter((p) => p.kind !== 'sql');
  const globalReadings = new Map<string, HealthReading>();
  const clusters = new Map<string, ClusterState>();
  const sessions = new Map<string, SqlProbeSession>();
  const inflight = new Map<string, Promise<HealthReading>>();
  const timers = new Set<NodeJS.Timeout>();
  let started = false;
  let stopped = false;

  const emit = (event: RolloutEvent): void => {
    try {
      options.onEvent?.(event);
    } catch {
      // A failing reporter must not stop the gate from protecting the databases.
    }
  };

  const urlFor = (cluster: string): string | undefined => {
    const source = options.clusters;
    if (typeof source === 'function') return source(cluster);
    if (source instanceof Map) return source.get(cluster);
    return Object.hasOwn(source, cluster) ? (source as Record<string, string>)[cluster] : undefined;
  };

  const initialClusters = (): string[] => {
    const source = options.clusters;
    if (typeof source === 'function') return [];
    return source instanceof Map ? [...source.keys()] : Object.keys(source);
  };

  const open = (state: ClusterState): void => {
    const wasClosed = state.phase === 'closed';
    const pausedMs = state.pausedSince === null ? 0 : Math.max(0, now() - state.pausedSince);
    state.phase = 'open';
    state.reason = null;
    state.pausedSince = null;
    state.healthySince = null;
    clearTimeout(state.resumeTimer);
    state.resumeTimer = undefined;
    if (wasClosed) emit({ type: 'resumed', cluster: state.cluster, pausedMs, at: now() });
    for (const waiter of state.waiters) waiter.resolve();
    state.waiters.clear();
  };

  const close = (state: ClusterState, reason: string): void => {
    state.healthySince = null;
    clearTimeout(state.resumeTimer);
    state.resumeTimer = undefined;
    state.reason = reason;
    if (state.phase === 'closed') return;
    state.phase = 'closed';
    state.pausedSince = now();
    emit({ type: 'paused', cluster: state.cluster, reason, at: now() });
  };

  const evaluate = (state: ClusterState): void => {
    const readings = [...sqlProbes.map((p) => state.sqlReadings.get(p.name)), ...globalProbes.map((p) => globalReadings.get(p.name))];
    const unhealthy = readings.find((r) => r?.status === 'unhealthy');
    if (unhealthy) return close(state, unhealthy.reason ?? `${unhealthy.probe} unhealthy`);
    if (readings.some((r) => r === undefined)) return;
    if (state.phase !== 'closed') {
      if (state.phase === 'unknown') open(state);
      return;
    }
    if (!readings.every((r) => r?.status === 'healthy')) {
      state.healthySince = null;
      clearTimeout(state.resumeTimer);
      state.resumeTimer = undefined;
      return;
    }
    state.healthySince ??= now();
    const remaining = state.healthySince + options.resumeAfterMs - now();
    if (remaining <= 0) return open(state);
    // Readings may come less often than resumeAfterMs; the clock alone may complete the wait.
    if (!state.resumeTimer && !stopped) {
      state.resumeTimer = setTimeout(() => {
        state.resumeTimer = undefined;
        evaluate(state);
      }, remaining);
      state.resumeTimer.unref();
    }
  };

  const readProbe = (spec: ProbeSpec, cluster: string | null): Promise<HealthReading> => {
    const key = `${spec.name}\u0000${cluster ?? ''}`;
    const running = inflight.get(key);
    if (running) return running;
    const timeoutMs = spec.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
    const reading = (async (): Promise<HealthReading> => {
      try {
        const value = await measure(spec, cluster, timeoutMs);
        return judgeReading(spec, cluster, { value }, now());
      } catch (error) {
        return judgeReading(spec, cluster, { error: error instanceof Error ? error.message : String(error) }, now());
      }
    })().then((result) => {
      inflight.delete(key);
      if (stopped) return result;
      if (cluster === null) {
        globalReadings.set(spec.name, result);
        for (const state of clusters.values()) evaluate(state);
      } else {
        const state = clusters.get(cluster);
        if (state) {
          state.sqlReadings.set(spec.name, result);
          evaluate(state);
        }
      }
      return result;
    });
    inflight.set(key, reading);
    return reading;
  };

  const measure = async (spec: ProbeSpec, cluster: string | null, timeoutMs: number): Promise<number> => {
    if (spec.kind === 'http') return readHttpProbe(spec.url!, spec.jsonPath, timeoutMs);
    if (spec.kind === 'command') return readCommandProbe(spec.command!, timeoutMs);
    const state = cluster === null ? undefined : clusters.get(cluster);
    const url = state?.url;
    if (!url || cluster === null) throw new Error(`no connection URL for cluster ${cluster}`);
    if (stopped) throw new Error('health gate stopped');
    let session = sessions.get(cluster);
    if (!session) sessions.set(cluster, (session = new SqlProbeSession(url)));
    return session.read(spec.query!, timeoutMs);
  };

  const schedule = (spec: ProbeSpec, cluster: string | null): void => {
    if (stopped) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      void readProbe(spec, cluster).finally(() => schedule(spec, cluster));
    }, spec.everyMs);
    timer.unref();
    timers.add(timer);
  };

  const monitor = (spec: ProbeSpec, cluster: string | null): void => {
    void readProbe(spec, cluster).finally(() => schedule(spec, cluster));
  };

  const ensureCluster = (cluster: string, url?: string): ClusterState => {
    let state = clusters.get(cluster);
    if (state) {
      if (url && url !== state.url) {
        state.url = url;
        void sessions.get(cluster)?.close();
        sessions.delete(cluster);
      }
      return state;
    }
    state = {
      cluster,
      phase: 'unknown',
      reason: null,
      pausedSince: null,
      healthySince: null,
      sqlReadings: new Map(),
      waiters: new Set(),
      resumeTimer: undefined,
      url: url ?? urlFor(cluster),
    };
    clusters.set(cluster, state);
    if (started && !stopped) for (const spec of sqlProbes) monitor(spec, cluster);
    evaluate(state);
    return state;
  };

  return {
    start() {
      if (started || stopped) return;
      started = true;
      for (const cluster of initialClusters()) ensureCluster(cluster);
      for (const spec of globalProbes) monitor(spec, null);
      for (const cluster of clusters.keys()) for (const spec of sqlProbes) monitor(spec, cluster);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const state of clusters.values()) {
        clearTimeout(state.resumeTimer);
        for (const waiter of state.waiters) waiter.reject(new Error('health gate stopped'));
        state.waiters.clear();
      }
      await Promise.all([...sessions.values()].map((s) => s.close()));
      sessions.clear();
    },
    isOpen: (cluster) => ensureCluster(cluster).phase === 'open',
    waitUntilOpen(cluster, signal) {
      const state = ensureCluster(cluster);
      if (state.phase === 'open') return Promise.resolve();
      if (signal?.aborted) return Promise.reject(signal.reason);
      if (stopped) return Promise.reject(new Error('health gate stopped'));
      return new Promise<void>((resolve, reject) => {
        const onAbort = (): void => {
          state.waiters.delete(waiter);
          reject(signal?.reason);
        };
        const waiter: Waiter = {
          resolve: () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
          reject: (error) => {
            signal?.removeEventListener('abort', onAbort);
            reject(error);
          },
        };
        state.waiters.add(waiter);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
    async readNow(cluster) {
      ensureCluster(cluster);
      return Promise.all([...sqlProbes.map((spec) => readProbe(spec, cluster)), ...globalProbes.map((spec) => readProbe(spec, null))]);
    },
    state(cluster) {
      const state = ensureCluster(cluster);
      return {
        cluster,
        open: state.phase === 'open',
        phase: state.phase,
        reason: state.reason,
        pausedSince: state.pausedSince,
        healthySince: state.healthySince,
        readings: [...sqlProbes.flatMap((p) => state.sqlReadings.get(p.name) ?? []), ...globalProbes.flatMap((p) => globalReadings.get(p.name) ?? [])],
      };
    },
    addCluster(cluster, url) {
      ensureCluster(cluster, url);
    },
  };
}
