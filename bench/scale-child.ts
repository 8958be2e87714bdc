/**
 * One rollout of a large schema-tenant fleet in a process of its own, so its RSS is the rollout's
 * alone: `node --import tsx bench/scale-child.ts <job.json>`. Prints one JSON line (ScaleResult).
 * Every ledger call is timed, and `status` (what `schemafleet status` reads) once at the end.
 */
import { readFile } from 'node:fs/promises';
import { openLedger } from '../src/fleet/ledger/index.js';
import { rolloutLedger } from '../src/fleet/rollout/ledger-adapter.js';
import { runRollout } from '../src/fleet/rollout/run-rollout.js';
import { rolloutSettings } from '../src/fleet/rollout/rollout-settings.js';
import type { RolloutLedger } from '../src/fleet/rollout/rollout-ledger-port.js';
import type { SchemaModel } from '../src/schema/model.js';
import type { Tenant, TenantSource } from '../src/fleet/tenant.js';
import { createPhaseTotals } from '../src/fleet/rollout/phase-clock.js';

export interface ScaleJob {
  readonly ledgerUrl: string;
  /** Each database holds `schemasPerDatabase` tenants named `t_000000`…; ids are `<database>/<schema>`. */
  readonly databaseUrls: readonly string[];
  readonly schemasPerDatabase: number;
  readonly desired: SchemaModel;
  readonly concurrency: number;
}

export interface ScaleResult {
  readonly tenants: number;
  readonly seconds: number;
  readonly migrated: number;
  readonly peakRssMb: number;
  /** Every ledger call of the rollout (register, claims, records, heartbeats, polls), ms per tenant. */
  readonly ledgerMsPerTenant: number;
  readonly ledgerCalls: Readonly<Record<string, { readonly calls: number; readonly ms: number }>>;
  /** One `status` read after the rollout, as `schemafleet status` does it. */
  readonly statusMs: number;
}

/** Tenants made page by page, as a query source would return them: nothing holds the whole fleet but the rollout. */
function generatedSource(job: ScaleJob): TenantSource {
  return {
    description: 'generated',
    async *pages(pageSize) {
      for (const url of job.databaseUrls) {
        const database = new URL(url).pathname.slice(1);
        for (let start = 0; start < job.schemasPerDatabase; start += pageSize) {
          const page: Tenant[] = [];
          for (let i = start; i < Math.min(job.schemasPerDatabase, start + pageSize); i++) {
            const schema = `t_${String(i).padStart(6, '0')}`;
            page.push({ id: `${database}/${schema}`, url, schema, labels: {} });
          }
          yield page;
        }
      }
    },
  };
}

function timedLedger(ledger: RolloutLedger, calls: Record<string, { calls: number; ms: number }>): RolloutLedger {
  const wrapped = {} as Record<string, unknown>;
  for (const [name, fn] of Object.entries(ledger) as [string, (...args: unknown[]) => Promise<unknown>][]) {
    wrapped[name] = async (...args: unknown[]) => {
      const started = performance.now();
      try {
        return await fn(...args);
      } finally {
        const entry = (calls[name] ??= { calls: 0, ms: 0 });
        entry.calls += 1;
        entry.ms += performance.now() - started;
      }
    };
  }
  return wrapped as unknown as RolloutLedger;
}

const job = JSON.parse(await readFile(process.argv[2]!, 'utf8')) as ScaleJob;
const tenants = job.databaseUrls.length * job.schemasPerDatabase;
let peak = process.memoryUsage().rss;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
const raw = await openLedger(job.ledgerUrl);
const calls: Record<string, { calls: number; ms: number }> = {};
const started = performance.now();
const phases = createPhaseTotals();
const summary = await runRollout({
  settings: rolloutSettings({ concurrency: job.concurrency }),
  desired: job.desired,
  source: generatedSource(job),
  ledger: timedLedger(rolloutLedger(raw), calls),
  workerId: 'bench-scale',
  phases,
});
if (process.env.SCHEMAFLEET_BENCH_SCALE_PHASES) process.stderr.write(`${JSON.stringify({ ms: phases.ms, count: phases.count })}\n`);
const seconds = (performance.now() - started) / 1000;
const statusStarted = performance.now();
await raw.status(summary.rolloutId, { failureLimit: 1_000 });
const statusMs = performance.now() - statusStarted;
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);
await raw.close();
const ledgerMs = Object.entries(calls).reduce((sum, [name, entry]) => sum + (name === 'close' ? 0 : entry.ms), 0);
const result: ScaleResult = { tenants, seconds, migrated: summary.totals.migrated, peakRssMb: peak / 2 ** 20, ledgerMsPerTenant: ledgerMs / tenants, ledgerCalls: calls, statusMs };
process.stdout.write(`${JSON.stringify(result)}\n`);
