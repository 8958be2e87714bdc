import type { LintRule, RuleViolation } from '../rule.js';
import { inheritanceSteps } from './plan-facts.js';

/**
 * A query on a parent table (without ONLY) reads its children: INHERIT and NO INHERIT change what
 * every SELECT, UPDATE and DELETE on the parent reaches, from the step's commit on. The lock is
 * inheritance-change-locks-tables'. A child the plan creates has no rows yet: quiet.
 */
export const inheritanceChanged: LintRule = {
  id: 'inheritance-changed',
  category: 'breaks-running-code',
  defaultSeverity: 'warning',
  why: "SELECT, UPDATE and DELETE on a parent table (without ONLY) reach its children's rows: INHERIT adds a table's rows to everything that runs on the parent, NO INHERIT takes them away.",
  fix: "Check the queries, reports and jobs that run on the parent without ONLY (deletes and updates above all) and whether they should see the child's rows; write ONLY where they should not.",
  check(context) {
    const out: RuleViolation[] = [];
    for (const { index, child, parent, added } of inheritanceSteps(context)) {
      out.push({
        object: child,
        message: added
          ? `After ALTER TABLE ${child} INHERIT ${parent}, queries on ${parent} without ONLY return the rows of ${child} too, UPDATE ${parent} changes them and DELETE FROM ${parent} now deletes rows of ${child}.`
          : `After ALTER TABLE ${child} NO INHERIT ${parent}, queries, updates and deletes on ${parent} stop reaching the rows of ${child}: reports over ${parent} no longer count them, and jobs that clean ${parent} up no longer touch them.`,
        step: index,
      });
    }
    return out;
  },
};
