import type { LintRule, RuleViolation } from '../rule.js';

/**
 * ALTER COLUMN … ADD GENERATED AS IDENTITY on a column that already holds values: the new sequence
 * starts at START WITH, not past the existing values.
 */
export const identityAddedToExistingColumn: LintRule = {
  id: 'identity-added-to-existing-column',
  category: 'may-fail-on-data',
  defaultSeverity: 'warning',
  why: 'An identity added to an existing column starts its sequence at START WITH, whatever values the column already holds: inserts that take the generated value collide with existing keys.',
  fix: 'On every tenant, move the identity past the highest value right after the rollout (ALTER TABLE t ALTER COLUMN c RESTART WITH <max + 1>), before inserts rely on it; or declare START WITH above the highest value any tenant holds.',
  check(context) {
    const out: RuleViolation[] = [];
    for (const change of context.changes) {
      if (change.kind !== 'alter-column' || context.createdTables.has(change.table)) continue;
      const { from, to } = change;
      if (from.identity !== null || to.identity === null) continue;
      const table = context.desired.tables.find((t) => t.name === change.table);
      const keys = (table?.constraints ?? []).filter((c) => (c.kind === 'primary key' || c.kind === 'unique') && c.columns.includes(to.name)).map((c) => c.name);
      const step = context.plan.steps.findIndex((s) => s.changeId === change.id);
      out.push({
        object: `${change.table}.${to.name}`,
        message: `${change.table}.${to.name} becomes an identity column (GENERATED ${to.identity.generation}) starting at ${to.identity.sequence.start}: existing values are not taken into account, so on tenants where ${change.table}.${to.name} already holds ${to.identity.sequence.start} or more, inserts that take the generated value ${keys.length > 0 ? `fail on ${keys.join(', ')} (duplicate key)` : 'repeat existing values'}.`,
        step: step >= 0 ? step : undefined,
      });
    }
    return out;
  },
};
