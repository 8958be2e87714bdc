import type { LintRule, RuleViolation } from '../rule.js';

/** A detached partition keeps its rows, but queries on the parent stop seeing them. */
export const partitionDetached: LintRule = {
  id: 'partition-detached',
  category: 'breaks-running-code',
  defaultSeverity: 'warning',
  why: 'Detaching a partition keeps its rows in a standalone table, but queries on the partitioned table stop seeing them and writes for that range fail (or go to the DEFAULT partition).',
  fix: 'Make sure nothing still reads that range through the parent (archive jobs, reports) and that no writer still sends rows for it; then ignore the finding with the reason.',
  check(context) {
    const out: RuleViolation[] = [];
    for (const change of context.changes) {
      // Finishing a detach that stopped halfway: its rows left the parent when it began.
      if (change.kind !== 'detach-partition' || change.pending) continue;
      const hasDefault = context.desired.tables.some((t) => t.partitionOf?.parent === change.parent && t.partitionOf.bound === 'DEFAULT' && t.name !== change.table);
      const step = context.plan.steps.findIndex((s) => s.changeId === change.id);
      out.push({
        object: change.table,
        message: `${change.table} is detached from ${change.parent} (${change.bound}): its rows stay in ${change.table} but disappear from queries on ${change.parent}, and new rows for that range ${hasDefault ? 'go to the DEFAULT partition' : `fail with "no partition of relation ${change.parent} found for row"`}.`,
        step: step >= 0 ? step : undefined,
      });
    }
    return out;
  },
};
