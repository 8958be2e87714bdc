import { formatDuration } from '../../util/duration.js';
/**
 * Adaptive per-cluster concurrency (rollout.adaptiveConcurrency): how many tenants may run on one
 * cluster at once, decided from how long a small fixed query takes on that cluster, the way TCP
 * finds a path's capacity. The application and the rollout share the server's cores and IO; once
 * they are saturated, more tenants at once add no throughput (each index build only takes longer)
 * but every application query waits longer for its turn. The probe (cluster-governors.ts) needs a
 * couple of milliseconds of a core, so its time grows as the cores are shared, like the
 * application's queries (measured, docs/benchmarks.md).
 *
 * Additive increase, multiplicative decrease, starting from one tenant (no burst at the start):
 * - the idle probe time is the median of the readings taken before the cluster's first tenant, and
 *   is lowered whenever a later window reads lower (a busy moment at the start only makes the
 *   governor laxer until the server is seen quieter);
 * - each decision looks at the second-highest of the last WINDOW readings: the tail the
 *   application's slow queries live in, without the window's one worst reading (a GC pause or a
 *   scheduling hiccup decides nothing; the median proved too forgiving: measured in
 *   docs/benchmarks.md);
 * - above the allowed time the limit halves; after that, the next WINDOW readings are all taken at
 *   the new level before the next decision;
 * - at or below it, the limit grows by one, but only once a generation of tenants has run at the
 *   current level (as many have finished since the last change as the limit) and every slot was in
 *   use for the whole window. A tenant's heavy statements (an index build, a validation scan) come
 *   a while after it starts, so readings taken soon after a slot opens are quiet: growing on them
 *   ran ahead of the load, every half second, and the builds let in were felt a window later.
 * Readings that failed (no connection, a timeout) count as too slow once they are most of a window.
 * Pure: the clock, the probe and the queue are the caller's (cluster-governors.ts).
 * @internal test/fleet/rollout/latency-governor.test.ts feeds readings a window at a time.
 */
export const WINDOW = 5;
/**
 * A reading of a couple of milliseconds moves by a scheduler tick or a cache miss whatever the load,
 * where a ratio means little on a fast server: the allowed time is at least this much above idle.
 * @internal test/fleet/rollout/latency-governor.test.ts feeds readings on either side of it.
 */
export const MIN_SLACK_MS = 0.5;

export interface GovernorSettings {
  /** rollout.perClusterConcurrency: the limit never grows past it. */
  readonly max: number;
  /** The allowed probe time, as a multiple of the idle one. */
  readonly maxSlowdown: number;
}

export interface LimitChange {
  readonly limit: number;
  readonly reason: string;
}

export interface LatencyGovernor {
  readonly limit: number;
  /** The idle probe time (ms), once primed. */
  readonly idleMs: number | null;
  /** Readings taken before the cluster's first tenant; their median is the idle probe time. */
  prime(readingsMs: readonly number[]): void;
  /** One reading (null: the probe failed), and the tenants running on the cluster now; a new limit when it changed. */
  observe(probeMs: number | null, inFlight: number): LimitChange | null;
  /** A tenant on the cluster finished its work, however it ended (one another worker held ran nothing here and is not reported). */
  finished(): void;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The second-highest reading: the window's tail, without its one worst reading. */
function upper(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, sorted.length - 2)]!;
}

/** A probe's latency: tenths of a millisecond still count. */
function latencyText(value: number): string {
  return formatDuration(value, { tenthsOfMs: true });
}

export function createLatencyGovernor(settings: GovernorSettings): LatencyGovernor {
  if (!(settings.max >= 1) || !(settings.maxSlowdown > 1)) throw new Error(`latency governor: max must be ≥ 1 and maxSlowdown > 1 (got ${settings.max}, ${settings.maxSlowdown})`);
  let limit = 1;
  let idle: number | null = null;
  const window: (number | null)[] = [];
  // Of the same readings, whether every slot was in use when each was taken.
  const busy: boolean[] = [];
  // Readings still to take at the current level before the next decision.
  let settling = WINDOW;
  // Tenants finished since the limit last changed.
  let turnedOver = 0;
  const allowed = (idleMs: number): number => Math.max(idleMs * settings.maxSlowdown, idleMs + MIN_SLACK_MS);
  const moveTo = (next: number, reason: string): LimitChange | null => {
    if (next === limit) return null;
    limit = next;
    settling = WINDOW;
    turnedOver = 0;
    return { limit, reason };
  };
  return {
    get limit() {
      return limit;
    },
    get idleMs() {
      return idle;
    },
    prime(readings) {
      if (readings.length > 0) idle = median(readings);
    },
    finished() {
      turnedOver += 1;
    },
    observe(probeMs, inFlight) {
      window.push(probeMs);
      busy.push(inFlight >= limit);
      if (window.length > WINDOW) {
        window.shift();
        busy.shift();
      }
      if (settling > 0) settling -= 1;
      if (window.length < WINDOW || settling > 0) return null;
      const failed = window.filter((reading) => reading === null).length;
      const readings = window.filter((reading): reading is number => reading !== null);
      // Most of the window failed: the server cannot answer the probe in time.
      if (failed * 2 > WINDOW) return moveTo(Math.max(1, Math.floor(limit / 2)), `the probe failed ${failed} of the last ${WINDOW} times`);
      const current = upper(readings);
      if (idle === null) {
        idle = current;
        return null;
      }
      const bound = allowed(idle);
      if (current > bound) return moveTo(Math.max(1, Math.floor(limit / 2)), `probe took ${latencyText(current)}, over the ${latencyText(bound)} allowed (idle ${latencyText(idle)})`);
      // Quieter than ever seen: that is the idle probe time now.
      if (current < idle) idle = current;
      // Only a window read with every slot in use, after a generation at this level, says the server
      // bears this many: readings taken while a slot stood empty, or before the tenants let in last
      // reached their heavy statements, read low.
      if (limit < settings.max && turnedOver >= limit && busy.every(Boolean))
        return moveTo(limit + 1, `probe took ${latencyText(current)}, within the ${latencyText(allowed(idle))} allowed (idle ${latencyText(idle)})`);
      return null;
    },
  };
}
