import type { LintRule, RuleViolation } from '../rule.js';

/** A column that was NOT NULL may now hold NULLs: readers that assumed otherwise are surprised. */
export const dropNotNull: LintRule = {
  id: 'drop-not-null',
  category: 'breaks-running-code',
  defaultSeverity: 'info',
  why: 'Dropping NOT NULL lets the column hold NULLs: application code, reports and other services that assume a value is always there may break once one is written.',
  fix: 'Make sure every reader handles NULL in this column before new writers start leaving it empty.',
  check(context) {
    const out: RuleViolation[] = [];
    for (const change of context.changes) {
      if (change.kind !== 'alter-column' || context.createdTables.has(change.table)) continue;
      if (!change.from.notNull || change.to.notNull) continue;
      const step = context.plan.steps.findIndex((s) => s.changeId === change.id);
      out.push({
        object: `${change.table}.${change.to.name}`,
        message: `${change.table}.${change.to.name} may hold NULL from now on: readers of ${change.table}.${change.to.name} that assume a value is always present must handle NULL.`,
        step: step >= 0 ? step : undefined,
      });
    }
    return out;
  },
};
