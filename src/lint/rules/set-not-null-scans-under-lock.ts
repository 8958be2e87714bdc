import type { LintRule, RuleViolation } from '../rule.js';
import { hasHazard, locksExistingTable, sizeHint, stepsWithChanges } from './plan-facts.js';

/**
 * SET NOT NULL without a validated CHECK (col IS NOT NULL) proving it: the planner's fallback for
 * partitioned tables. The proven form (NOT VALID check, VALIDATE, SET NOT NULL) is not reported.
 */
export const setNotNullScansUnderLock: LintRule = {
  id: 'set-not-null-scans-under-lock',
  category: 'blocking-lock',
  defaultSeverity: 'error',
  why: 'SET NOT NULL without a validated CHECK (col IS NOT NULL) scans the whole table under ACCESS EXCLUSIVE.',
  fix: 'First add CHECK (col IS NOT NULL) NOT VALID to every partition and VALIDATE it (SHARE UPDATE EXCLUSIVE, reads and writes go on); SET NOT NULL on the parent then skips the scans. Drop the checks afterwards.',
  check(context) {
    const out: RuleViolation[] = [];
    for (const { step, index, change } of stepsWithChanges(context)) {
      if (change?.kind !== 'set-not-null' || step.lock !== 'ACCESS EXCLUSIVE') continue;
      if (!hasHazard(step, 'table-scan') || !locksExistingTable(context, step)) continue;
      const partitioned = context.current.tables.find((t) => t.name === change.table)?.kind === 'partitioned';
      out.push({
        object: `${change.table}.${change.column}`,
        message: `SET NOT NULL on ${change.table}.${change.column} is not proven by a validated check${partitioned ? ` (partitioned table: the planner has no online form)` : ''}: it scans ${partitioned ? 'every partition of ' : ''}${change.table}${sizeHint(step, change.table)} under ACCESS EXCLUSIVE, blocking every read and write until the scan finishes.`,
        step: index,
      });
    }
    return out;
  },
};
