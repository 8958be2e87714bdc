import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadFleetConfig } from '../../src/fleet/config/load-fleet-config.js';
import { tenantSourceFromConfig } from '../../src/fleet/tenants/tenant-source-from-config.js';
import { loadDesiredSchema } from '../../src/schema/load/load-desired-schema.js';
import { openLedger } from '../../src/fleet/ledger/index.js';
import { rolloutLedger } from '../../src/fleet/rollout/ledger-adapter.js';
import { runRollout } from '../../src/fleet/rollout/run-rollout.js';
import { lintMigration } from '../../src/lint/lint-migration.js';
import type { RolloutEvent } from '../../src/fleet/rollout-events.js';
import { SCHEMA_V2, TENANT_MATCH } from './fleet-schema.js';
import type { RolloutResult } from './rollout-result.js';

export interface OurRolloutOptions {
  /** Where the scratch database for the desired schema may be created. */
  readonly adminUrl: string;
  readonly tenantsUrl: string;
  readonly ledgerUrl: string;
  readonly concurrency: number;
  readonly niceRatio: number;
  readonly adaptiveSlowdown: number;
  readonly parallelWorkers: number;
  /** As written in the config (`1s`). */
  readonly lockTimeout: string;
  readonly deadlineMs: number;
}

export interface PreparedRollout {
  run(): Promise<RolloutResult>;
}

/**
 * schemafleet as a user runs it: a schemafleet.yml (schema tenants, rollout.lockTimeout,
 * concurrency) and a schema file, loaded, linted and rolled out with runRollout, the way
 * `schemafleet rollout` does. The config and schema are read before the measured phase.
 */
export async function prepareOurRollout(options: OurRolloutOptions): Promise<PreparedRollout> {
  const dir = await mkdtemp(join(tmpdir(), 'sf-bench-downtime-'));
  try {
    await writeFile(join(dir, 'schema.sql'), SCHEMA_V2);
    await writeFile(
      join(dir, 'schemafleet.yml'),
      [
        'schema: schema.sql',
        'tenants:',
        '  schemas:',
        '    url: ${SF_BENCH_TENANTS_URL}',
        `    match: '${TENANT_MATCH}'`,
        'rollout:',
        `  concurrency: ${options.concurrency}`,
        ...(options.niceRatio > 0 ? [`  niceRatio: ${options.niceRatio}`] : []),
        ...(options.adaptiveSlowdown > 0 ? [`  adaptiveConcurrency: { maxSlowdown: ${options.adaptiveSlowdown} }`] : []),
        ...(options.parallelWorkers > 0 ? [`  parallelWorkers: ${options.parallelWorkers}`] : []),
        `  lockTimeout: ${options.lockTimeout}`,
        'ledger:',
        '  url: ${SF_BENCH_LEDGER_URL}',
        '',
      ].join('\n'),
    );
    const config = await loadFleetConfig(join(dir, 'schemafleet.yml'), { SF_BENCH_TENANTS_URL: options.tenantsUrl, SF_BENCH_LEDGER_URL: options.ledgerUrl });
    const desired = await loadDesiredSchema({ path: config.schema, schema: 'schemafleet_desired', devUrl: options.adminUrl });
    const source = tenantSourceFromConfig(config);
    return {
      run: async () => {
        const ledger = rolloutLedger(await openLedger(config.ledger?.url ?? options.ledgerUrl));
        const controller = new AbortController();
        const deadline = setTimeout(() => controller.abort(), options.deadlineMs);
        let retries = 0;
        const onEvent = (event: RolloutEvent): void => {
          if (event.type === 'tenant-retried') retries++;
          if (event.type === 'concurrency-changed' && process.env.DOWNTIME_DEBUG) console.error(`  concurrency ${event.limit}: ${event.reason}`);
        };
        try {
          const summary = await runRollout({
            settings: config.rollout,
            desired: desired.model,
            source,
            ledger,
            workerId: 'bench-downtime',
            signal: controller.signal,
            onEvent,
            pollMs: 500,
            lint: (current, migration) => lintMigration(current, desired, migration, config.lint, { reportUnusedIgnores: false }),
          });
          return {
            label: 'schemafleet',
            durationMs: summary.durationMs,
            migrated: summary.totals.migrated,
            failed: summary.totals.tenants - summary.totals.migrated,
            retries,
            failures: summary.failures.map((f) => `${f.tenantId}: ${f.message}`),
          };
        } finally {
          clearTimeout(deadline);
          await ledger.close().catch(() => undefined);
        }
      },
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
