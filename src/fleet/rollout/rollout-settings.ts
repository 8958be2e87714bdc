import { ROLLOUT_DEFAULTS, failureBudgetLimit, type RolloutConfig } from '../config/sections/rollout-config.js';

/** The `rollout:` section of schemafleet.yml, validated and with defaults applied. */
export type RolloutSettings = RolloutConfig;

/** A full RolloutConfig from a few overrides (library callers and tests need not spell out every knob). */
export function rolloutSettings(overrides: Partial<RolloutConfig> = {}): RolloutConfig {
  return {
    batchSize: ROLLOUT_DEFAULTS.batchSize,
    concurrency: ROLLOUT_DEFAULTS.concurrency,
    perClusterConcurrency: overrides.concurrency ?? ROLLOUT_DEFAULTS.concurrency,
    canary: { kind: 'count', count: 0 },
    waves: [],
    failureBudget: ROLLOUT_DEFAULTS.failureBudget,
    lockTimeoutMs: ROLLOUT_DEFAULTS.lockTimeoutMs,
    statementTimeoutMs: ROLLOUT_DEFAULTS.statementTimeoutMs,
    retries: ROLLOUT_DEFAULTS.retries,
    verify: ROLLOUT_DEFAULTS.verify,
    niceRatio: ROLLOUT_DEFAULTS.niceRatio,
    parallelWorkers: ROLLOUT_DEFAULTS.parallelWorkers,
    adaptiveConcurrency: null,
    allowDestructive: false,
    allowLintErrors: false,
    ...overrides,
  };
}

/** Failures tolerated; the rollout stops once more than this many failed. */
export function failureBudgetCount(settings: RolloutConfig, totalTenants: number): number {
  return failureBudgetLimit(settings.failureBudget, totalTenants);
}

export function hasCanaries(settings: RolloutConfig): boolean {
  return settings.canary.kind === 'count' ? settings.canary.count > 0 : settings.canary.ids.length > 0;
}
