import type { FleetConfig } from '../fleet/config/config-schema.js';
import type { HealthGate } from '../fleet/health/index.js';
import { newWorkerId, openLedger } from '../fleet/ledger/index.js';
import { runPreflight, type PreflightReport } from '../fleet/preflight/index.js';
import type { RolloutEvent } from '../fleet/rollout-events.js';
import { rolloutLedger } from '../fleet/rollout/ledger-adapter.js';
import { runRollout, type RolloutSummary } from '../fleet/rollout/run-rollout.js';
import type { TenantSource } from '../fleet/tenant.js';
import { healthGateFor } from '../fleet/health/health-gate-from-config.js';
import { lintMigration } from '../lint/lint-migration.js';
import type { RolloutReporter } from '../report/rollout/rollout-reporter.js';
import type { DesiredSchema } from '../schema/load/load-desired-schema.js';

export interface DemoFleetRun {
  readonly config: FleetConfig;
  readonly source: TenantSource;
  readonly desired: DesiredSchema;
}

/** `schemafleet preflight`'s engine with the config's settings, as the command runs it. */
export function demoPreflight(run: DemoFleetRun, signal: AbortSignal): Promise<PreflightReport> {
  const { config } = run;
  return runPreflight({
    desired: run.desired,
    source: run.source,
    lint: config.lint,
    concurrency: config.rollout.concurrency,
    perClusterConcurrency: config.rollout.perClusterConcurrency,
    lockTimeoutMs: Math.min(config.rollout.lockTimeoutMs, 2_000),
    allowDestructive: config.rollout.allowDestructive,
    signal,
  });
}

export interface DemoRolloutOptions {
  readonly reporter: RolloutReporter;
  /** Sees every event after the reporter (the health flip, the pause tally). */
  readonly observe: (event: RolloutEvent) => void;
  /** Called with the gate once it exists and before the rollout starts. */
  readonly onGate?: (gate: HealthGate | undefined) => void;
  readonly signal: AbortSignal;
}

/**
 * The rollout as `schemafleet rollout --config …` runs it: the config's settings, its health probes
 * in the health gate, the ledger, lint on every plan, the reporter. Only the wiring is repeated here
 * (the command's is private to it); every moving part is the product's own.
 */
export async function demoRollout(run: DemoFleetRun, options: DemoRolloutOptions): Promise<RolloutSummary> {
  const { config, source, desired } = run;
  const onEvent = (event: RolloutEvent): void => {
    options.reporter.onEvent(event);
    options.observe(event);
  };
  const gate = healthGateFor(config, onEvent);
  options.onGate?.(gate);
  if (!config.ledger) throw new Error('the demo config names its ledger');
  const ledger = rolloutLedger(await openLedger(config.ledger.url), {
    actor: 'schemafleet demo',
    config: { batchSize: config.rollout.batchSize, concurrency: config.rollout.concurrency, source: source.description },
  });
  gate?.start();
  try {
    return await runRollout({
      settings: config.rollout,
      desired: desired.model,
      source,
      ledger,
      ...(gate ? { healthGate: gate } : {}),
      workerId: `demo_${newWorkerId()}`,
      signal: options.signal,
      onEvent,
      lint: (current, migration) => lintMigration(current, desired, migration, config.lint, { reportUnusedIgnores: false }),
      commit: null,
    });
  } finally {
    await gate?.stop().catch(() => undefined);
    await ledger.close().catch(() => undefined);
  }
}
