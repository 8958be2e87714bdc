import type { LintRule, RuleViolation } from '../rule.js';
import { isExistingTable, sizeHint, stepsWithChanges } from './plan-facts.js';

/** ATTACH PARTITION of a table with rows: its bound is checked by a full scan under ACCESS EXCLUSIVE. */
export const partitionAttachScansTable: LintRule = {
  id: 'partition-attach-scans-table',
  category: 'blocking-lock',
  defaultSeverity: 'error',
  why: 'ATTACH PARTITION scans the attached table (and the default partition) under ACCESS EXCLUSIVE to prove every row fits the bound, unless a validated CHECK already proves it.',
  fix: 'Before attaching, add a CHECK constraint equal to the partition bound NOT VALID and VALIDATE it (SHARE UPDATE EXCLUSIVE): ATTACH PARTITION then skips the scan. Drop the check afterwards.',
  check(context) {
    const out: RuleViolation[] = [];
    for (const { step, index, change } of stepsWithChanges(context)) {
      if (change?.kind !== 'attach-partition' || step.onNewObject || !isExistingTable(context, change.table)) continue;
      const defaultPartition = context.current.tables.find((t) => t.partitionOf?.parent === change.parent && t.partitionOf.bound === 'DEFAULT');
      out.push({
        object: change.table,
        message: `ATTACH PARTITION ${change.table} to ${change.parent} scans ${change.table}${sizeHint(step, change.table)} under ACCESS EXCLUSIVE to check ${change.bound}: every read and write on ${change.table} waits for the scan (${change.parent} itself only takes SHARE UPDATE EXCLUSIVE).${
          defaultPartition ? ` The default partition ${defaultPartition.name} is scanned too, under ACCESS EXCLUSIVE.` : ''
        }`,
        step: index,
      });
    }
    return out;
  },
};
