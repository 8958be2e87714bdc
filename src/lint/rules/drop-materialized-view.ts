import type { LintRule, RuleViolation } from '../rule.js';

/** Dropping a materialized view discards its stored rows (recomputable, but readers break). */
export const dropMaterializedView: LintRule = {
  id: 'drop-materialized-view',
  category: 'data-loss',
  defaultSeverity: 'warning',
  why: 'Dropping a materialized view discards its stored rows (a snapshot that may no longer be recomputable), and queries still reading it fail.',
  fix: 'Make sure nothing reads the materialized view any more and that its contents can be recomputed (or are backed up), then ignore this finding with the reason.',
  check(context) {
    const out: RuleViolation[] = [];
    for (const change of context.changes) {
      if (change.kind !== 'drop-materialized-view' || change.replaced) continue;
      const step = context.plan.steps.findIndex((s) => s.changeId === change.id);
      out.push({
        object: change.view.name,
        message: `Drops materialized view ${change.view.name} with its stored rows (${change.view.columns.join(', ')}); queries still reading ${change.view.name} fail.`,
        step: step >= 0 ? step : undefined,
      });
    }
    return out;
  },
};
