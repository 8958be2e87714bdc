import PQueue from 'p-queue';
import type { HealthGate } from '../health/index.js';

export interface RolloutScheduler {
  /**
   * Runs `work` once the tenant's cluster has a slot, a global slot is free, and nothing holds the
   * cluster back (a pause request, its health gate). The cluster slot is held while waiting on the
   * gate, so a paused cluster starts nothing new. `beforeWait` runs first, inside the cluster slot.
   * Returns without running `work` when the rollout stops first.
   */
  run(cluster: string, work: () => Promise<void>, beforeWait?: () => Promise<void>): Promise<void>;
  /** Tenants of the cluster queued or running now (what the adaptive governor reads). */
  pending(cluster: string): number;
  /** rollout.adaptiveConcurrency changes a cluster's limit while it runs. */
  setLimit(cluster: string, limit: number): void;
}

export interface SchedulerOptions {
  readonly concurrency: number;
  /** The limit a cluster's queue starts with. */
  readonly clusterLimit: (cluster: string) => number;
  readonly healthGate?: HealthGate;
  readonly isStopped: () => boolean;
  /** A pause request is in force: nothing starts anywhere. */
  readonly isPaused: () => boolean;
  /** Aborted on any stop, so waits on the health gate end at once. */
  readonly stopped: AbortSignal;
}

/** The cluster queues and the global queue of one worker, and the wait for a cluster to be allowed to start. */
export function createScheduler(options: SchedulerOptions): RolloutScheduler {
  const global = new PQueue({ concurrency: options.concurrency });
  const clusters = new Map<string, PQueue>();
  const clusterQueue = (cluster: string): PQueue => {
    let queue = clusters.get(cluster);
    if (!queue) {
      queue = new PQueue({ concurrency: options.clusterLimit(cluster) });
      clusters.set(cluster, queue);
    }
    return queue;
  };
  const mayStartNow = (cluster: string): boolean => !options.isStopped() && !options.isPaused() && (options.healthGate?.isOpen(cluster) ?? true);

  /** Waits while the rollout is paused or the cluster's gate closed; false when the rollout stopped meanwhile. */
  const waitUntilMayStart = async (cluster: string): Promise<boolean> => {
    const gate = options.healthGate;
    for (;;) {
      if (options.isStopped()) return false;
      if (options.isPaused()) {
        await sleep(250);
        continue;
      }
      if (!gate || gate.isOpen(cluster)) return !options.isStopped();
      try {
        await gate.waitUntilOpen(cluster, options.stopped);
      } catch {
        // Stopped (or the gate was stopped): the loop head decides.
        if (!options.isStopped()) await sleep(250);
      }
    }
  };

  return {
    async run(cluster, work, beforeWait) {
      await clusterQueue(cluster).add(async () => {
        await beforeWait?.();
        for (;;) {
          if (!(await waitUntilMayStart(cluster))) return;
          // Checked again once a global slot is free: the gate may have closed while this tenant queued.
          const started = await global.add(async () => {
            if (options.isStopped()) return true;
            if (!mayStartNow(cluster)) return false;
            await work();
            return true;
          });
          if (started) return;
        }
      });
    },
    pending: (cluster) => clusters.get(cluster)?.pending ?? 0,
    setLimit(cluster, limit) {
      const queue = clusters.get(cluster);
      if (queue) queue.concurrency = limit;
    },
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
