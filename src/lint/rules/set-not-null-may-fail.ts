import type { LintContext, LintRule, RuleViolation } from '../rule.js';

/** The step of `changeId` that carries `kind`, else its first step. */
function stepOf(context: LintContext, changeId: string, kind: string): number | undefined {
  const steps = context.plan.steps;
  const i = steps.findIndex((s) => s.changeId === changeId && s.hazards.some((h) => h.kind === kind));
  const j = i >= 0 ? i : steps.findIndex((s) => s.changeId === changeId);
  return j >= 0 ? j : undefined;
}

/**
 * SET NOT NULL on an existing table. The planner removes the long lock (CHECK … NOT VALID, VALIDATE,
 * then SET NOT NULL proven by the check), but the validation still fails where NULLs exist.
 */
export const setNotNullMayFail: LintRule = {
  id: 'set-not-null-may-fail',
  category: 'may-fail-on-data',
  defaultSeverity: 'warning',
  why: 'Making an existing column NOT NULL fails on every tenant that still holds a NULL in it.',
  fix: 'Backfill the NULLs first (UPDATE … WHERE col IS NULL in batches, or a default on new rows), and check each tenant with SELECT count(*) … WHERE col IS NULL before rolling out.',
  check(context) {
    const out: RuleViolation[] = [];
    for (const change of context.changes) {
      if (change.kind !== 'set-not-null' || context.createdTables.has(change.table)) continue;
      const table = context.current.tables.find((t) => t.name === change.table);
      if (!table) continue;
      const partitioned = table.kind === 'partitioned';
      out.push({
        object: `${change.table}.${change.column}`,
        message: partitioned
          ? `SET NOT NULL on ${change.table}.${change.column} fails on tenants where any partition of ${change.table} holds a NULL in ${change.column}.`
          : `${change.table}.${change.column} becomes NOT NULL: the planner validates a CHECK (${change.column} IS NOT NULL) first without blocking writes, but that validation fails on tenants where ${change.table}.${change.column} holds NULLs.`,
        step: stepOf(context, change.id, 'may-fail-on-data'),
      });
    }
    return out;
  },
};
