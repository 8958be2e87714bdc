import type { RolloutEvent } from '../../fleet/rollout-events.js';

/** Tenants whose live state planned the same way: one plan, run (or to run) on each of them. */
export interface PlanGroup {
  readonly fingerprint: string;
  readonly steps: number;
  readonly tenants: number;
  readonly examples: readonly string[];
  /** The plan as SQL: only mode preflight renders it (into its `plan` output). */
  readonly sql?: string;
}

const EXAMPLES = 5;

/** Collects tenant-finished events into groups by plan fingerprint, largest group first. */
export function planGroupCollector(): { readonly onEvent: (event: RolloutEvent) => void; groups(): PlanGroup[] } {
  const groups = new Map<string, { steps: number; tenants: number; examples: string[] }>();
  return {
    onEvent(event) {
      if (event.type !== 'tenant-finished' || event.planFingerprint === null) return;
      let group = groups.get(event.planFingerprint);
      if (!group) {
        group = { steps: event.steps, tenants: 0, examples: [] };
        groups.set(event.planFingerprint, group);
      }
      group.tenants++;
      if (group.examples.length < EXAMPLES) group.examples.push(event.tenantId);
    },
    groups() {
      return [...groups.entries()].map(([fingerprint, group]) => ({ fingerprint, ...group })).sort((a, b) => b.tenants - a.tenants || a.fingerprint.localeCompare(b.fingerprint));
    },
  };
}
