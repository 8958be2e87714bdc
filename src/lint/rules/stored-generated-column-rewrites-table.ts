import type { LintRule, RuleViolation } from '../rule.js';
import { hasHazard, locksExistingTable, sizeHint, stepsWithChanges } from './plan-facts.js';

/** A stored generated column is computed for every existing row: adding it, or changing its expression, rewrites the table. */
export const storedGeneratedColumnRewritesTable: LintRule = {
  id: 'stored-generated-column-rewrites-table',
  category: 'table-rewrite',
  defaultSeverity: 'error',
  why: 'Adding a stored generated column (or changing its expression) computes it for every row: the table is rewritten under ACCESS EXCLUSIVE.',
  fix: 'Add a plain nullable column, keep it up to date with a trigger (or in application code), and backfill existing rows in batches.',
  check(context) {
    const out: RuleViolation[] = [];
    for (const { step, index, change } of stepsWithChanges(context)) {
      if (!change || !hasHazard(step, 'table-rewrite') || !locksExistingTable(context, step)) continue;
      if (change.kind === 'add-column' && change.column.generated !== null) {
        const { table, column } = change;
        out.push({
          object: `${table}.${column.name}`,
          message: `Adding stored generated column ${table}.${column.name} (${column.generated}) computes it for every row: rewrites ${table}${sizeHint(step, table)} under ACCESS EXCLUSIVE, blocking every read and write until it finishes.`,
          step: index,
        });
      } else if (
        change.kind === 'alter-column' &&
        change.from.generated !== null &&
        change.to.generated !== null &&
        change.from.generated !== change.to.generated &&
        !hasHazard(step, 'may-fail-on-data')
      ) {
        const { table, to } = change;
        out.push({
          object: `${table}.${to.name}`,
          message: `Changing the expression of ${table}.${to.name} to (${to.generated}) recomputes it for every row: rewrites ${table}${sizeHint(step, table)} under ACCESS EXCLUSIVE, blocking every read and write until it finishes.`,
          step: index,
        });
      }
    }
    return out;
  },
};
