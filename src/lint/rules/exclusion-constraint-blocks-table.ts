import type { LintRule, RuleViolation } from '../rule.js';
import { locksExistingTable, sizeHint, stepsWithChanges } from './plan-facts.js';

/** EXCLUDE has no NOT VALID and no USING INDEX form: adding it to an existing table builds and checks under ACCESS EXCLUSIVE. */
export const exclusionConstraintBlocksTable: LintRule = {
  id: 'exclusion-constraint-blocks-table',
  category: 'blocking-lock',
  defaultSeverity: 'error',
  why: 'An exclusion constraint added to an existing table builds its index and checks every row under ACCESS EXCLUSIVE; PostgreSQL has no online form for it.',
  fix: 'Add it while the table is small or in a maintenance window, or create a new table with the constraint, copy rows in batches and swap; on busy tables consider a unique index or a trigger instead.',
  check(context) {
    const out: RuleViolation[] = [];
    for (const { step, index, change } of stepsWithChanges(context)) {
      if (!change || (change.kind !== 'add-constraint' && change.kind !== 'replace-constraint')) continue;
      const c = change.kind === 'add-constraint' ? change.constraint : change.to;
      if (c.kind !== 'exclusion' || step.lock !== 'ACCESS EXCLUSIVE' || !locksExistingTable(context, step)) continue;
      // The step that adds it (a replace also has a DROP step for the old one).
      if (!step.hazards.some((h) => h.kind === 'index-build' || h.kind === 'blocking-lock')) continue;
      out.push({
        object: `${change.table}.${c.name}`,
        message: `Exclusion constraint ${c.name} on ${change.table}${sizeHint(step, change.table)} builds its index and checks every existing row under ACCESS EXCLUSIVE: every read and write on ${change.table} waits until it finishes.`,
        step: index,
      });
    }
    return out;
  },
};
