import type { LintRule, RuleViolation } from '../rule.js';

/**
 * Dropping a function or procedure breaks its callers. A trigger function whose triggers go too, and a
 * routine replaced by an overload with the same name (routine-signature-changed), are left out.
 */
export const dropRoutine: LintRule = {
  id: 'drop-routine',
  category: 'breaks-running-code',
  defaultSeverity: 'warning',
  why: 'Dropping a function or procedure makes every caller (application queries, other functions, scheduled jobs) fail.',
  fix: 'Remove every call first (search code, views, other routines and cron jobs for its name), then drop it in a later release; ignore this finding with the reason once that is done.',
  check(context) {
    const out: RuleViolation[] = [];
    for (const change of context.changes) {
      if (change.kind !== 'drop-routine' || change.replaced) continue;
      const r = change.routine;
      // A new routine of the same name and kind takes its place: routine-signature-changed reports that.
      const successor = context.desired.routines.some(
        (d) => d.name === r.name && d.kind === r.kind && !context.current.routines.some((c) => c.name === d.name && c.identityArguments === d.identityArguments),
      );
      if (successor) continue;
      // Only triggers call a trigger function, and a trigger that still used it would keep it in the desired schema.
      if (r.returns === 'trigger' || r.returns === 'event_trigger') continue;
      const step = context.plan.steps.findIndex((s) => s.changeId === change.id);
      out.push({
        object: `${r.name}(${r.identityArguments})`,
        message: `Drops ${r.kind} ${r.name}(${r.identityArguments}): every caller of ${r.name} fails once it is gone.`,
        step: step >= 0 ? step : undefined,
      });
    }
    return out;
  },
};
