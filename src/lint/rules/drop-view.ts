import type { LintRule, RuleViolation } from '../rule.js';

/** Dropping a view (not re-creating it) breaks every query that reads it. */
export const dropView: LintRule = {
  id: 'drop-view',
  category: 'breaks-running-code',
  defaultSeverity: 'warning',
  why: 'Dropping a view makes every query, report or role that still reads it fail.',
  fix: 'Move every reader off the view first (search the code and reporting tools for its name), then drop it in a later release; ignore this finding with the reason once that is done.',
  check(context) {
    const out: RuleViolation[] = [];
    for (const change of context.changes) {
      if (change.kind !== 'drop-view' || change.replaced) continue;
      const step = context.plan.steps.findIndex((s) => s.changeId === change.id);
      const readers = context.desired.views.filter((v) => v.dependsOn.includes(`view:${change.view.name}`)).map((v) => v.name);
      out.push({
        object: change.view.name,
        message: `Drops view ${change.view.name} (${change.view.columns.join(', ')}): queries still reading ${change.view.name} fail once it is gone${readers.length > 0 ? ` (views ${readers.join(', ')} read it too)` : ''}.`,
        step: step >= 0 ? step : undefined,
      });
    }
    return out;
  },
};
