import type { LintRule, RuleViolation } from '../rule.js';
import { columnsAddedTo, constraintsCheckedOnExistingRows } from './check-may-fail.js';

/** A validated foreign key on existing rows fails on orphans. */
export const foreignKeyMayFail: LintRule = {
  id: 'foreign-key-may-fail',
  category: 'may-fail-on-data',
  defaultSeverity: 'warning',
  why: 'A new foreign key is validated against existing rows and fails on tenants that hold a value with no matching row in the referenced table.',
  fix: 'Delete or repair orphaned rows on every tenant first (SELECT … LEFT JOIN parent … WHERE parent.key IS NULL), or declare the foreign key NOT VALID and validate it after the cleanup.',
  check(context) {
    const out: RuleViolation[] = [];
    for (const c of constraintsCheckedOnExistingRows(context, ['foreign key'])) {
      const added = columnsAddedTo(context, c.table);
      // Rows of a column added in this plan without a default are NULL: a NULL never violates a foreign key.
      if (
        c.constraint.columns.some((name) => {
          const col = added.get(name);
          return col !== undefined && col.default === null && col.generated === null && col.identity === null;
        })
      )
        continue;
      const ref = c.constraint.references;
      const target = ref ? `${ref.table}(${ref.columns.join(', ')})` : 'the referenced table';
      const empty = ref !== null && context.createdTables.has(ref.table) ? ` ${ref?.table} is created by this plan and starts empty, so every non-NULL value is an orphan.` : '';
      out.push({
        object: `${c.table}.${c.constraint.name}`,
        message: `Foreign key ${c.constraint.name} on ${c.table}(${c.constraint.columns.join(', ')}) → ${target} ${c.validatesExisting ? 'was NOT VALID and is now validated, but the validation' : c.validatedOnline ? 'is added NOT VALID and then validated, but the validation' : 'is checked against every existing row and'} fails on tenants where a row of ${c.table} has no match in ${ref?.table ?? 'it'}.${empty}`,
        step: c.step,
      });
    }
    return out;
  },
};
