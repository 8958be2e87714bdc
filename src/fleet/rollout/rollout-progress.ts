import type { RolloutTotals } from '../rollout-events.js';

export const EMPTY_TOTALS: RolloutTotals = { tenants: 0, migrated: 0, unchanged: 0, failed: 0, skipped: 0, cancelled: 0, pending: 0 };

/**
 * Tenants with an outcome. Counted from the outcomes rather than as tenants minus pending, so a
 * tenant counted in `tenants` but in no state yet (or a count read a moment apart) is never "done".
 */
export function doneOf(totals: RolloutTotals): number {
  return totals.migrated + totals.unchanged + totals.failed + totals.skipped + totals.cancelled;
}

/**
 * Rate over a sliding window of recent readings, so the ETA follows what the fleet does now (a slow
 * cluster) rather than the average since the start. While the rollout is paused (a pause request,
 * every cluster's gate closed) the rate is held at what it was, and the paused time is left out of
 * the window after: a pause is not slow work, and the rate and ETA used to decay through it.
 */
export function createRateMeter(windowMs = 15_000): {
  sample(done: number, at: number, paused?: boolean): { tenantsPerSecond: number };
  etaSeconds(pending: number, tenantsPerSecond: number): number | null;
} {
  let samples: { done: number; at: number }[] = [];
  let pausedSince: number | null = null;
  let lastRate = 0;
  return {
    sample(done, at, paused = false) {
      if (paused) {
        pausedSince ??= at;
        return { tenantsPerSecond: lastRate };
      }
      if (pausedSince !== null) {
        const gap = at - pausedSince;
        samples = samples.map((sample) => ({ ...sample, at: sample.at + gap }));
        pausedSince = null;
      }
      lastRate = rateOf(samples, done, at, windowMs);
      return { tenantsPerSecond: lastRate };
    },
    etaSeconds(pending, tenantsPerSecond) {
      if (pending === 0) return 0;
      return tenantsPerSecond > 0 ? Math.round(pending / tenantsPerSecond) : null;
    },
  };
}

function rateOf(samples: { done: number; at: number }[], done: number, at: number, windowMs: number): number {
  samples.push({ done, at });
  while (samples.length > 2 && (samples[0]?.at ?? at) < at - windowMs) samples.shift();
  const first = samples[0];
  if (!first || at - first.at <= 0) return 0;
  return Math.max(0, (done - first.done) / ((at - first.at) / 1000));
}
