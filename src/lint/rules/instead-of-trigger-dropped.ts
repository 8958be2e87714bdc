import type { LintRule, RuleViolation } from '../rule.js';

/**
 * A view's INSTEAD OF trigger is what makes writes through it work (or what they do). Dropped from
 * a view that stays, INSERT/UPDATE/DELETE on the view fail when it is not automatically updatable
 * (`cannot insert into view "v"`, verified on PostgreSQL 15), or go straight to its base table
 * without the trigger's logic when it is. A trigger replaced in place is dropped and made again in
 * one transaction (no window), and one that goes with its view is drop-view's: both quiet.
 */
export const insteadOfTriggerDropped: LintRule = {
  id: 'instead-of-trigger-dropped',
  category: 'breaks-running-code',
  defaultSeverity: 'warning',
  why: "Without its INSTEAD OF trigger, writes through a view fail (a view that is not automatically updatable) or reach its base table without the trigger's logic.",
  fix: 'Move every writer to the base tables (or to a replacement trigger) first, then drop the trigger in a later release.',
  check(context) {
    const out: RuleViolation[] = [];
    const views = new Set(context.desired.views.map((v) => v.name));
    for (const change of context.changes) {
      if (change.kind !== 'drop-trigger' || change.replaced) continue;
      const t = change.trigger;
      // pg_get_triggerdef's canonical text is the only place the model keeps a trigger's timing.
      if (!views.has(t.table) || context.createdTables.has(t.table) || !t.definition.includes(' INSTEAD OF ')) continue;
      const step = context.plan.steps.findIndex((s) => s.changeId === change.id);
      out.push({
        object: `${t.table}.${t.name}`,
        message: `Drops INSTEAD OF trigger ${t.name} from view ${t.table}, which stays: the writes on ${t.table} it handled fail from then on if ${t.table} is not automatically updatable (cannot insert into view "${t.table}"), or go straight to its base table without what ${t.name} did if it is.`,
        step: step >= 0 ? step : undefined,
      });
    }
    return out;
  },
};
