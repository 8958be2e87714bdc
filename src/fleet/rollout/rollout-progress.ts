import type { RolloutTotals } from '../rollout-events.js';

export const EMPTY_TOTALS: RolloutTotals = { tenants: 0, migrated: 0, unchanged: 0, failed: 0, skipped: 0, cancelled: 0, pending: 0 };

export function doneOf(totals: RolloutTotals): number {
  return totals.tenants - totals.pending;
}

/**
 * Rate over a sliding window of recent readings, so the ETA follows what the fleet does now (a pause,
 * a slow cluster) rather than the average since the start.
 */
export function createRateMeter(windowMs = 15_000): { sample(done: number, at: number): { tenantsPerSecond: number }; etaSeconds(pending: number, tenantsPerSecond: number): number | null } {
  const samples: { done: number; at: number }[] = [];
  return {
    sample(done, at) {
      samples.push({ done, at });
      while (samples.length > 2 && (samples[0]?.at ?? at) < at - windowMs) samples.shift();
      const first = samples[0];
      if (!first || at - first.at <= 0) return { tenantsPerSecond: 0 };
      return { tenantsPerSecond: Math.max(0, (done - first.done) / ((at - first.at) / 1000)) };
    },
    etaSeconds(pending, tenantsPerSecond) {
      if (pending === 0) return 0;
      return tenantsPerSecond > 0 ? Math.round(pending / tenantsPerSecond) : null;
    },
  };
}
