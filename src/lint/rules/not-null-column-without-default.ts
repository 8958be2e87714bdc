import type { LintRule, RuleViolation } from '../rule.js';

/** ADD COLUMN … NOT NULL without a default (or identity / generation) fails on a table with any row. */
export const notNullColumnWithoutDefault: LintRule = {
  id: 'not-null-column-without-default',
  category: 'may-fail-on-data',
  defaultSeverity: 'error',
  why: 'Adding a NOT NULL column without a default fails on every tenant whose table has at least one row.',
  fix: 'Give the column a constant default (instant on PostgreSQL 11+), or add it nullable, backfill it, then make it NOT NULL in a later change.',
  check(context) {
    const out: RuleViolation[] = [];
    for (const change of context.changes) {
      if (change.kind !== 'add-column' || context.createdTables.has(change.table)) continue;
      const c = change.column;
      if (!c.notNull || c.default !== null || c.identity !== null || c.generated !== null) continue;
      // A domain with a default fills existing rows just like a column default.
      if (context.desired.domains.some((d) => d.default !== null && (c.type === d.name || c.type === `"${d.name}"`))) continue;
      const step = context.plan.steps.findIndex((s) => s.changeId === change.id);
      out.push({
        object: `${change.table}.${c.name}`,
        message: `Column ${change.table}.${c.name} ${c.type} is added NOT NULL without a default: existing rows would get NULL, so ADD COLUMN fails on every tenant where ${change.table} is not empty.`,
        step: step >= 0 ? step : undefined,
      });
    }
    return out;
  },
};
