import type { LintRule, RuleViolation } from '../rule.js';
import { constraintsCheckedOnExistingRows } from './check-may-fail.js';

/** Exclusion constraints can't be added NOT VALID: existing conflicting rows make them fail. */
export const exclusionMayFail: LintRule = {
  id: 'exclusion-may-fail',
  category: 'may-fail-on-data',
  defaultSeverity: 'warning',
  why: 'A new exclusion constraint checks every pair of existing rows and fails on tenants that already hold conflicting rows; it has no NOT VALID form.',
  fix: "Find and resolve conflicting rows on every tenant first (a self-join with the constraint's operators), then add the constraint.",
  check(context) {
    const out: RuleViolation[] = [];
    for (const c of constraintsCheckedOnExistingRows(context, ['exclusion'])) {
      out.push({
        object: `${c.table}.${c.constraint.name}`,
        message: `Exclusion constraint ${c.constraint.name} on ${c.table} (${c.constraint.definition}) fails on tenants where two existing rows of ${c.table} conflict.`,
        step: c.step,
      });
    }
    return out;
  },
};
