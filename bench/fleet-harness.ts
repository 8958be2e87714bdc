/** What the fleet benchmarks share: connections, a list source, and a timer that also samples RSS and CPU. */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Tenant, TenantSource } from '../src/fleet/tenant.js';

export interface FleetPhase {
  readonly tenants: number;
  readonly seconds: number;
  readonly tenantsPerSecond: number;
  readonly peakRssMb: number;
  /**
   * Busy CPU of the whole machine per tenant (every process: PostgreSQL's backends, this process,
   * anything else running), and of this process alone (Node: the rollout, or the baseline's
   * driver), in milliseconds; null where /proc/stat cannot be read. On a host whose cores are all
   * busy, throughput is cores ÷ CPU per tenant, so this is what a change has to cut.
   */
  readonly machineCpuMsPerTenant: number | null;
  readonly processCpuMsPerTenant: number;
  /** The machine's busy share of its cores' time while `fn` ran (1 = every core busy throughout). */
  readonly machineBusyShare: number | null;
}

/** Busy and total CPU milliseconds of the machine since boot, from /proc/stat's first line; null off Linux. */
function machineCpuMs(): { busy: number; total: number } | null {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
    // user nice system idle iowait irq softirq steal, in USER_HZ ticks (100 per second on Linux).
    const [user, nice, system, idle, iowait, irq, softirq, steal] = fields as [number, number, number, number, number, number, number, number];
    const busy = user + nice + system + irq + softirq + steal;
    return { busy: busy * 10, total: (busy + idle + iowait) * 10 };
  } catch {
    return null;
  }
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
  const cpuBefore = machineCpuMs();
  const processBefore = process.cpuUsage();
  const start = performance.now();
  try {
    const value = await fn();
    const seconds = (performance.now() - start) / 1000;
    const cpuAfter = machineCpuMs();
    const processUsed = process.cpuUsage(processBefore);
    peak = Math.max(peak, process.memoryUsage().rss);
    const machineBusy = cpuBefore && cpuAfter ? cpuAfter.busy - cpuBefore.busy : null;
    return {
      phase: {
        tenants,
        seconds,
        tenantsPerSecond: tenants / seconds,
        peakRssMb: peak / 2 ** 20,
        machineCpuMsPerTenant: machineBusy === null ? null : machineBusy / tenants,
        processCpuMsPerTenant: (processUsed.user + processUsed.system) / 1000 / tenants,
        machineBusyShare: machineBusy === null ? null : machineBusy / (seconds * 1000 * availableParallelism()),
      },
      value,
    };
  } finally {
    clearInterval(sampler);
  }
}

/** The round with the median ratio (an odd number of rounds: a round that ran). */
export function medianRound<R extends { readonly ratio: number }>(rounds: readonly R[]): R {
  return [...rounds].sort((a, b) => a.ratio - b.ratio)[Math.floor(rounds.length / 2)]!;
}
