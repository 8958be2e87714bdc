import { columnUsesType } from '../../diff/build-diff-context.js';
import type { LintRule, RuleViolation } from '../rule.js';

/** ALTER DOMAIN … ADD CONSTRAINT / SET NOT NULL checks every stored value of every column of the domain. */
export const domainConstraintMayFail: LintRule = {
  id: 'domain-constraint-may-fail',
  category: 'may-fail-on-data',
  defaultSeverity: 'warning',
  why: 'A new or changed domain constraint (or NOT NULL) is checked against every stored value of every column using the domain, and fails on tenants where one violates it.',
  fix: 'Fix violating values in every column of the domain on every tenant first, or declare the domain constraint NOT VALID so only new values are checked.',
  check(context) {
    const out: RuleViolation[] = [];
    for (const change of context.changes) {
      if (change.kind !== 'alter-domain') continue;
      const { from, to } = change;
      const columns = context.current.tables
        .filter((t) => !context.createdTables.has(t.name) && context.desired.tables.some((d) => d.name === t.name))
        .flatMap((t) => t.columns.filter((c) => !c.inherited && columnUsesType(c, from.name)).map((c) => `${t.name}.${c.name}`));
      if (columns.length === 0) continue;
      const where = columns.join(', ');
      const steps = context.plan.steps;
      const stepFor = (i: number) => (i >= 0 ? i : undefined);
      const failing = steps.map((s, i) => ({ s, i })).filter(({ s }) => s.changeId === change.id && s.hazards.some((h) => h.kind === 'may-fail-on-data'));
      const previous = new Map(from.constraints.map((c) => [c.name, c.definition]));
      let n = 0;
      for (const c of to.constraints) {
        if (!c.validated || previous.get(c.name) === c.definition) continue;
        out.push({
          object: to.name,
          message: `Domain ${to.name} gets constraint ${c.name} ${c.definition}: validating it fails on tenants where a value in ${where} violates it.`,
          step: stepFor(failing[n++]?.i ?? -1),
        });
      }
      if (to.notNull && !from.notNull) {
        out.push({
          object: to.name,
          message: `Domain ${to.name} becomes NOT NULL: the ALTER fails on tenants where ${where} holds a NULL.`,
          step: stepFor(failing.find(({ s }) => s.hazards.some((h) => h.kind === 'table-scan'))?.i ?? -1),
        });
      }
    }
    return out;
  },
};
