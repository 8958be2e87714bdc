import type { WorkloadResult } from './app-workload.js';
import type { RolloutResult } from './rollout-result.js';

export const PHASES = ['before', 'during', 'after'] as const;

/** One rollout (ours or the naive one) with the workload measured around it. */
export interface ComparisonRun {
  readonly rollout: RolloutResult;
  readonly workload: WorkloadResult;
}
