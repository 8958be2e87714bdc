import type { LintRule, RuleViolation } from '../rule.js';

/**
 * A constraint that only changes name is renamed in place (RENAME CONSTRAINT: no scan, no index
 * build, the key kept throughout). The database is fine; code that names the constraint is not.
 */
export const constraintRenamed: LintRule = {
  id: 'constraint-renamed',
  category: 'breaks-running-code',
  defaultSeverity: 'info',
  why: 'Renaming a constraint is instant for the database, but code that names it breaks when the plan runs: INSERT … ON CONFLICT ON CONSTRAINT, and error handling that matches the constraint name in unique or check violations.',
  fix: 'Look for the old name in the application (ON CONFLICT ON CONSTRAINT, error handling); use the column list in ON CONFLICT (…) instead of the constraint name, which survives renames.',
  check(context) {
    const out: RuleViolation[] = [];
    for (const change of context.changes) {
      if (change.kind !== 'rename-constraint') continue;
      const step = context.plan.steps.findIndex((s) => s.changeId === change.id);
      const old = change.from.name;
      const indexed = change.from.kind === 'primary key' || change.from.kind === 'unique' || change.from.kind === 'exclusion';
      const breaks = indexed ? `ON CONFLICT ON CONSTRAINT ${old} and error handling that matches "${old}" stop working` : `error handling that matches "${old}" stops working`;
      out.push({
        object: `${change.table}.${old}`,
        message: `${change.from.kind} ${old} on ${change.table} is renamed to ${change.to.name} in place (no scan, no index build): ${breaks} when the plan runs.`,
        step: step >= 0 ? step : undefined,
      });
    }
    return out;
  },
};
