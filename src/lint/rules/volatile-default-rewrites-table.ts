import type { LintRule, RuleViolation } from '../rule.js';
import { hasHazard, locksExistingTable, sizeHint, stepsWithChanges } from './plan-facts.js';

/**
 * ADD COLUMN with a volatile default (random(), gen_random_uuid(), clock_timestamp(), nextval() of
 * a serial …) evaluates it per row: a full rewrite. Non-volatile defaults (constants, now()) are
 * stored in the catalog (PostgreSQL 11+) and stay quiet.
 */
export const volatileDefaultRewritesTable: LintRule = {
  id: 'volatile-default-rewrites-table',
  category: 'table-rewrite',
  defaultSeverity: 'error',
  why: 'A column added with a volatile default is filled row by row: the table and all its indexes are rewritten under ACCESS EXCLUSIVE.',
  fix: 'Add the column without a default, then SET DEFAULT in a later change (catalog only, new rows get it), and backfill existing rows in batches.',
  check(context) {
    const out: RuleViolation[] = [];
    for (const { step, index, change } of stepsWithChanges(context)) {
      if (change?.kind !== 'add-column' || !hasHazard(step, 'table-rewrite') || !locksExistingTable(context, step)) continue;
      const { column, table } = change;
      if (column.default === null || column.identity !== null || column.generated !== null) continue;
      const serial = /^nextval\(/.test(column.default);
      out.push({
        object: `${table}.${column.name}`,
        message: `Adding ${table}.${column.name} with DEFAULT ${column.default} (${serial ? 'a serial column: nextval() is volatile' : 'volatile: evaluated for every row'}) rewrites ${table}${sizeHint(step, table)} and all its indexes under ACCESS EXCLUSIVE: every read and write on ${table} waits until the rewrite finishes.`,
        step: index,
      });
    }
    return out;
  },
};
