import type { LintRule, RuleViolation } from '../rule.js';
import { hasHazard, locksExistingTable, sizeHint, stepsWithChanges } from './plan-facts.js';

/** Each rewriting step copies the whole table again: two rewrites cost twice the time under ACCESS EXCLUSIVE. */
export const multipleRewritesOfOneTable: LintRule = {
  id: 'multiple-rewrites-of-one-table',
  category: 'table-rewrite',
  defaultSeverity: 'warning',
  why: 'Every rewriting step copies the whole table again under ACCESS EXCLUSIVE: several in one plan multiply the outage.',
  fix: 'Avoid the rewrites (expand and contract, defaults set after the column is added), or ship the changes in separate deploys so each lock window stays as short as one rewrite.',
  check(context) {
    const byTable = new Map<string, number[]>();
    const steps = stepsWithChanges(context);
    for (const { step, index } of steps) {
      if (!hasHazard(step, 'table-rewrite') || !locksExistingTable(context, step)) continue;
      byTable.set(step.table, [...(byTable.get(step.table) ?? []), index]);
    }
    const out: RuleViolation[] = [];
    for (const [table, indexes] of [...byTable].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (indexes.length < 2) continue;
      const what = indexes.map((i) => `step ${i + 1} (${steps[i]?.step.changeId ?? ''})`).join(', ');
      out.push({
        object: table,
        message: `${table}${sizeHint(steps[indexes[0] ?? 0]?.step, table)} is rewritten ${indexes.length} times in this plan — ${what} — each under ACCESS EXCLUSIVE: reads and writes on ${table} are blocked for the sum of the rewrites.`,
        step: indexes[1],
      });
    }
    return out;
  },
};
