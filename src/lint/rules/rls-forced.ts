import type { LintRule, RuleViolation } from '../rule.js';

/** FORCE ROW LEVEL SECURITY makes the policies apply to the table owner too. */
export const rlsForced: LintRule = {
  id: 'rls-forced',
  category: 'breaks-running-code',
  defaultSeverity: 'warning',
  why: 'FORCE ROW LEVEL SECURITY applies the policies to the table owner as well: an application or job connecting as the owner suddenly sees and writes only the rows the policies allow.',
  fix: 'Check which role the application, migrations and background jobs connect as; make sure the policies grant the owner what it needs (or that it connects as another role) before forcing RLS.',
  check(context) {
    const out: RuleViolation[] = [];
    for (const change of context.changes) {
      if (change.kind !== 'set-row-level-security' || context.createdTables.has(change.table)) continue;
      if (!change.to.force || !change.to.enabled || (change.from?.force === true && change.from.enabled)) continue;
      const table = context.desired.tables.find((t) => t.name === change.table);
      const policies = table?.policies.map((p) => p.name) ?? [];
      const step = context.plan.steps.findIndex((s) => s.changeId === change.id);
      out.push({
        object: change.table,
        message: `Row level security on ${change.table} is forced: the owner of ${change.table} (often the application's role) becomes subject to ${policies.length > 0 ? `policies ${policies.join(', ')}` : 'its policies — and there are none, so the owner sees no rows'}.`,
        step: step >= 0 ? step : undefined,
      });
    }
    return out;
  },
};
