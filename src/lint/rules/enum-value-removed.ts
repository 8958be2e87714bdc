import type { LintRule, RuleViolation } from '../rule.js';

/** Removing an enum value re-creates the type; rows holding the value can't be converted. */
export const enumValueRemoved: LintRule = {
  id: 'enum-value-removed',
  category: 'data-loss',
  defaultSeverity: 'error',
  why: 'Removing an enum value re-creates the type and converts every column using it: tenants with rows holding the removed value fail, and code writing it breaks.',
  fix: "First migrate the rows (UPDATE … SET col = '<other value>' WHERE col = '<removed>') and stop writing the value on every tenant; then remove it.",
  check(context) {
    const out: RuleViolation[] = [];
    for (const change of context.changes) {
      if (change.kind !== 'recreate-enum' || change.removedValues.length === 0) continue;
      const columns = change.columns.filter((c) => !context.createdTables.has(c.table));
      if (columns.length === 0) continue;
      const values = change.removedValues.map((v) => `'${v}'`).join(', ');
      const where = columns.map((c) => `${c.table}.${c.column}`).join(', ');
      const step = context.plan.steps.findIndex((s) => s.changeId === change.id && s.hazards.some((h) => h.kind === 'may-fail-on-data'));
      out.push({
        object: change.from.name,
        message: `Enum ${change.from.name} loses ${values}: the type is re-created and ${where} converted, which fails on tenants where a row holds ${change.removedValues.length === 1 ? 'that value' : 'one of those values'}; code writing ${values} fails afterwards.`,
        step: step >= 0 ? step : undefined,
      });
    }
    return out;
  },
};
