import { setMaxListeners } from 'node:events';
import { hostname } from 'node:os';
import type { RolloutEvent } from '../rollout-events.js';
import type { LedgerClaim, LedgerStatus, RolloutLedger } from './rollout-ledger-port.js';
import type { RolloutSettings } from './rollout-settings.js';
import type { RunRolloutOptions, StopKind } from './rollout-types.js';
import { ClusterGovernors } from './cluster-governors.js';
import { createPlanCache } from './plan-cache.js';
import { createPlanProofs, type PlanProofs } from './plan-proofs.js';
import { createStartingStates, type StartingStates } from './starting-states.js';
import { createTenantDirectory } from './tenant-directory.js';
import { createRateMeter } from './rollout-progress.js';
import { createWarmConnections, type WarmConnections } from './warm-connections.js';
import { createScheduler, type RolloutScheduler } from './rollout-scheduler.js';
import { createTenantResults, type TenantResults } from './tenant-results.js';

/** What changes while one worker's rollout runs; read and written by the run's parts below. */
interface RunState {
  rolloutId: string;
  resumed: boolean;
  stop: { kind: StopKind; reason: string } | null;
  requestPaused: { since: number; reason: string } | null;
  /** The ledger's latest status of the whole rollout (null in a dry run and before registration). */
  shared: LedgerStatus | null;
  budget: number;
  /** This run's tenants when the rollout holds more (see register-fleet.ts); null when they are the same. */
  scope: readonly string[] | null;
  graceTimer: NodeJS.Timeout | undefined;
  lastProgressKey: string;
  lastWait: string;
  /** This worker's last claim: the next claim starts after it (tenant-claims.ts, CLAIM_AFTER_SQL). */
  claimCursor: LedgerClaim | null;
  /**
   * The previous batch's verification, still running while the next batch is claimed and read:
   * the two catalog reads then run side by side. Never rejects. At most one is in flight, so at
   * most three batches' readers (and the advisory locks they hold) are open at once.
   */
  verifying: Promise<void>;
}

/** One worker's rollout: its settings, services and state, handed explicitly to each part of the run. */
export interface RolloutContext {
  readonly options: RunRolloutOptions;
  readonly settings: RolloutSettings;
  readonly workerId: string;
  readonly dryRun: boolean;
  readonly graceMs: number;
  readonly pollMs: number;
  readonly heartbeatMs: number;
  readonly startedAt: number;
  readonly directory: ReturnType<typeof createTenantDirectory>;
  readonly plans: ReturnType<typeof createPlanCache>;
  readonly proofs: PlanProofs;
  readonly startingStates: StartingStates;
  readonly rate: ReturnType<typeof createRateMeter>;
  readonly connections: WarmConnections;
  /** Databases that hold several tenants (schema-per-tenant): their connections are kept warm between tenants. */
  readonly sharedUrls: Set<string>;
  readonly scheduler: RolloutScheduler;
  /** rollout.adaptiveConcurrency: each cluster's limit follows its probe time (latency-governor.ts). */
  readonly governors: ClusterGovernors | null;
  readonly inFlight: Set<AbortController>;
  /** Aborted on any stop, so waits on the health gate end at once. */
  readonly stopped: AbortController;
  readonly results: TenantResults;
  readonly state: RunState;
  emit(event: RolloutEvent): void;
  ledger(): RolloutLedger;
}

export function createRolloutContext(options: RunRolloutOptions): RolloutContext {
  const settings = options.settings;
  const dryRun = options.dryRun ?? false;
  if (!dryRun && !options.ledger) throw new Error('runRollout needs a ledger unless it is a dry run');
  const stopped = new AbortController();
  // Every tenant waiting on a paused cluster listens on this one signal: with concurrency above 10
  // Node would warn about a leak that is not one.
  setMaxListeners(0, stopped.signal);
  const state: RunState = {
    rolloutId: 'dry-run',
    resumed: false,
    stop: null,
    requestPaused: null,
    shared: null,
    budget: Number.POSITIVE_INFINITY,
    scope: null,
    graceTimer: undefined,
    lastProgressKey: '',
    lastWait: '',
    claimCursor: null,
    verifying: Promise.resolve(),
  };
  const emit = (event: RolloutEvent): void => {
    // A reporter that throws must not take a tenant's migration down with it.
    try {
      options.onEvent?.(event);
    } catch {
      /* ignored on purpose */
    }
  };
  const ledger = (): RolloutLedger => {
    if (!options.ledger) throw new Error('no ledger');
    return options.ledger;
  };
  const adaptive = settings.adaptiveConcurrency;
  let governors: ClusterGovernors | null = null;
  const scheduler = createScheduler({
    concurrency: settings.concurrency,
    clusterLimit: (cluster) => (governors ? governors.limit(cluster) : settings.perClusterConcurrency),
    ...(options.healthGate ? { healthGate: options.healthGate } : {}),
    isStopped: () => state.stop !== null,
    isPaused: () => state.requestPaused !== null,
    stopped: stopped.signal,
  });
  if (adaptive && !dryRun && settings.perClusterConcurrency > 1) {
    governors = new ClusterGovernors({
      config: adaptive,
      max: settings.perClusterConcurrency,
      inFlight: (cluster) => scheduler.pending(cluster),
      onChange: (cluster, change) => {
        scheduler.setLimit(cluster, change.limit);
        emit({ type: 'concurrency-changed', cluster, limit: change.limit, reason: change.reason, at: Date.now() });
      },
    });
  }
  const workerId = options.workerId ?? `${hostname()}:${process.pid}`;
  return {
    options,
    settings,
    workerId,
    dryRun,
    graceMs: options.graceMs ?? 5_000,
    pollMs: options.pollMs ?? 1_000,
    heartbeatMs: options.heartbeatMs ?? 5_000,
    startedAt: Date.now(),
    directory: createTenantDirectory(),
    plans: createPlanCache(),
    proofs: createPlanProofs(settings.verify),
    startingStates: createStartingStates(settings.verify),
    rate: createRateMeter(),
    connections: createWarmConnections({ maxIdle: settings.concurrency }),
    sharedUrls: new Set(),
    scheduler,
    governors,
    inFlight: new Set(),
    stopped,
    results: createTenantResults({ ledger, rolloutId: () => state.rolloutId, workerId, concurrency: settings.concurrency, emit }),
    state,
    emit,
    ledger,
  };
}
