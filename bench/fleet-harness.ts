/** What the fleet benchmarks share: connections, a list source, and a timer that also samples RSS. */
import type { Tenant, TenantSource } from '../src/fleet/tenant.js';

export interface FleetPhase {
  readonly tenants: number;
  readonly seconds: number;
  readonly tenantsPerSecond: number;
  readonly peakRssMb: number;
}

export function listSource(tenants: readonly Tenant[]): TenantSource {
  return {
    description: `list (${tenants.length} tenants)`,
    async *pages(pageSize) {
      for (let start = 0; start < tenants.length; start += pageSize) yield tenants.slice(start, start + pageSize);
    },
  };
}

/** Peak RSS while `fn` runs, sampled every 20 ms (the whole bench process: an upper bound). */
export async function timed<T>(tenants: number, fn: () => Promise<T>): Promise<{ phase: FleetPhase; value: T }> {
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const start = performance.now();
  try {
    const value = await fn();
    const seconds = (performance.now() - start) / 1000;
    peak = Math.max(peak, process.memoryUsage().rss);
    return { phase: { tenants, seconds, tenantsPerSecond: tenants / seconds, peakRssMb: peak / 2 ** 20 }, value };
  } finally {
    clearInterval(sampler);
  }
}

/** The round with the median ratio (an odd number of rounds: a round that ran). */
export function medianRound<R extends { readonly ratio: number }>(rounds: readonly R[]): R {
  return [...rounds].sort((a, b) => a.ratio - b.ratio)[Math.floor(rounds.length / 2)]!;
}
