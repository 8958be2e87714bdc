import pg from 'pg';
import type { HealthGate } from '../fleet/health/index.js';
import type { RolloutEvent } from '../fleet/rollout-events.js';

export const HEALTH_PROBE_NAME = 'replica-lag-seconds';
/** What the demo's sql probe reads: a value in a control table the demo itself sets. */
export const HEALTH_PROBE_QUERY = 'SELECT lag_seconds FROM demo_control.health';
export const HEALTH_SETUP_SQL = `
CREATE TABLE demo_control.health (lag_seconds numeric NOT NULL);
INSERT INTO demo_control.health VALUES (0);
`;
const UNHEALTHY_LAG = 42;

export interface HealthFlipOptions {
  /** The demo database, where demo_control.health lives. */
  readonly url: string;
  /** Share of the fleet started before the replica "falls behind". */
  readonly atFraction?: number;
  /** How long it stays behind once the rollout has paused. */
  readonly unhealthyForMs?: number;
  readonly say?: (text: string) => void;
}

export interface HealthFlip {
  /** Feed every rollout event here. */
  onEvent(event: RolloutEvent): void;
  /** The gate to nudge right after the flip, so a small fleet pauses before it is done (a reading it would take anyway). */
  attach(gate: HealthGate | undefined, cluster: string): void;
  /** Waits for pending writes and puts the value back to healthy. */
  close(): Promise<void>;
  readonly flipped: boolean;
}

/**
 * Makes the rollout pause on purpose: once `atFraction` of the tenants have started, it sets the value the
 * sql probe reads above pauseAbove; once the gate has paused, it waits `unhealthyForMs` and sets it
 * back. Everything else is the product: the probe reading it, the gate closing and reopening after
 * resumeAfter, the rollout holding new tenants, the reporters printing the pause and its length.
 */
export function createHealthFlip(options: HealthFlipOptions): HealthFlip {
  const atFraction = options.atFraction ?? 0.3;
  const unhealthyForMs = options.unhealthyForMs ?? 3_000;
  let total: number | null = null;
  let started = 0;
  let state: 'waiting' | 'unhealthy' | 'recovering' | 'done' = 'waiting';
  let gate: { gate: HealthGate; cluster: string } | null = null;
  let timer: NodeJS.Timeout | undefined;
  const pending = new Set<Promise<void>>();

  const setLag = (value: number): void => {
    const write = (async () => {
      const client = new pg.Client({ connectionString: options.url, application_name: 'schemafleet demo' });
      await client.connect();
      try {
        await client.query('UPDATE demo_control.health SET lag_seconds = $1', [value]);
      } finally {
        await client.end().catch(() => undefined);
      }
      if (value > 0 && gate) await gate.gate.readNow(gate.cluster).catch(() => undefined);
    })().catch((error: unknown) => options.say?.(`demo: could not set the simulated replica lag: ${error instanceof Error ? error.message : String(error)}`));
    pending.add(write);
    void write.finally(() => pending.delete(write));
  };

  return {
    get flipped() {
      return state !== 'waiting';
    },
    attach(target, cluster) {
      gate = target ? { gate: target, cluster } : null;
    },
    onEvent(event) {
      if (event.type === 'rollout-started') total = event.tenants;
      // Counted as they start: schema tenants of a batch finish together (one verification read), so
      // on a small fleet counting finished ones would flip only when nothing is left to pause.
      else if (event.type === 'tenant-started') {
        started++;
        if (state === 'waiting' && total !== null && started >= Math.ceil(total * atFraction)) {
          state = 'unhealthy';
          options.say?.(`demo: ${started}/${total} tenants started, simulating a replica falling ${UNHEALTHY_LAG}s behind`);
          setLag(UNHEALTHY_LAG);
        }
      } else if (event.type === 'paused' && state === 'unhealthy') {
        state = 'recovering';
        timer = setTimeout(() => {
          state = 'done';
          options.say?.('demo: the replica caught up (lag 0s)');
          setLag(0);
        }, unhealthyForMs);
      }
    },
    async close() {
      clearTimeout(timer);
      if (state === 'unhealthy' || state === 'recovering') setLag(0);
      await Promise.allSettled([...pending]);
    },
  };
}
