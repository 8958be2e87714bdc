import type { Plan } from '../../plan/step.js';
import type { DataCheckSet } from '../preflight/data-checks.js';

export interface CachedPlan {
  readonly plan: Plan;
  /** Why this plan may not run without an opt-in (data loss, lint errors); null when it may. */
  readonly refusal: string | null;
  /** A dry run's: the data checks preflight runs for this plan (dry-run-checks.ts). */
  readonly checks?: DataCheckSet;
  /** A dry run's, for a tenant of several schemas: each schema's checks, run in that schema. */
  readonly setChecks?: readonly { readonly schema: string; readonly checks: DataCheckSet }[];
}

/**
 * Plans by the fingerprint of the live state they start from. The desired model is fixed for a
 * rollout, so tenants in the same state share one plan: a fleet of a few distinct states plans a
 * few times, not once per tenant. Bounded, because a fleet where every tenant drifted differently
 * must not keep every plan in memory.
 */
export function createPlanCache(maxEntries = 500): { get(fingerprint: string, compute: () => CachedPlan): CachedPlan; readonly size: number } {
  const entries = new Map<string, CachedPlan>();
  return {
    get(fingerprint, compute) {
      const hit = entries.get(fingerprint);
      if (hit) {
        // Re-inserting keeps recently used states at the end, so eviction drops the oldest.
        entries.delete(fingerprint);
        entries.set(fingerprint, hit);
        return hit;
      }
      const fresh = compute();
      entries.set(fingerprint, fresh);
      if (entries.size > maxEntries) {
        const oldest = entries.keys().next().value;
        if (oldest !== undefined) entries.delete(oldest);
      }
      return fresh;
    },
    get size() {
      return entries.size;
    },
  };
}
