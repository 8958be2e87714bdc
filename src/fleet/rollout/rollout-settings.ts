import { ROLLOUT_DEFAULTS, failureBudgetLimit, type RolloutConfig } from '../config/sections/rollout-config.js';

/** The `rollout:` section of schemafleet.yml, validated and with defaults applied. */
export type RolloutSettings = RolloutConfig;

/**
 * A full RolloutConfig from a few overrides. @internal For tests, which need not spell out every
 * knob; everything else gets its settings from schemafleet.yml through loadFleetConfig.
 */
export function rolloutSettings(overrides: Partial<RolloutConfig> = {}): RolloutConfig {
  // The same defaults the config file gets (ROLLOUT_DEFAULTS), in RolloutConfig's key order.
  const { batchSize, concurrency, ...rest } = ROLLOUT_DEFAULTS;
  return { batchSize, concurrency, perClusterConcurrency: overrides.concurrency ?? concurrency, ...rest, ...overrides };
}

/** Failures tolerated; the rollout stops once more than this many failed. */
export function failureBudgetCount(settings: RolloutConfig, totalTenants: number): number {
  return failureBudgetLimit(settings.failureBudget, totalTenants);
}
