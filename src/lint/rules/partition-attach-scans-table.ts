import type { LintRule, RuleViolation } from '../rule.js';
import { hasHazard, isExistingTable, sizeHint, stepsWithChanges } from './plan-facts.js';

/**
 * ATTACH PARTITION of a table with rows: its bound is checked by a full scan under ACCESS
 * EXCLUSIVE, unless the plan proves the bound first (a CHECK validated under SHARE UPDATE
 * EXCLUSIVE, plan/partition-bound-proof.ts), which it does for one-column RANGE and LIST keys. A
 * default partition is scanned either way.
 */
export const partitionAttachScansTable: LintRule = {
  id: 'partition-attach-scans-table',
  category: 'blocking-lock',
  defaultSeverity: 'error',
  why: 'ATTACH PARTITION scans the attached table (and the default partition) under ACCESS EXCLUSIVE to prove every row fits the bound, unless a validated CHECK already proves it.',
  fix: 'For a one-column RANGE or LIST key the plan proves the bound itself. Otherwise: before attaching, add a CHECK constraint equal to the partition bound NOT VALID and VALIDATE it (SHARE UPDATE EXCLUSIVE); ATTACH PARTITION then skips the scan. For a default partition, a CHECK on it that excludes the new bound does the same.',
  check(context) {
    const out: RuleViolation[] = [];
    const steps = stepsWithChanges(context);
    for (const { step, index, change } of steps) {
      if (change?.kind !== 'attach-partition' || step.onNewObject || !isExistingTable(context, change.table) || !/\bATTACH PARTITION\b/.test(step.sql)) continue;
      // The plan validated a proof of the bound before this step: the table itself is not scanned.
      const proved = steps.some((other) => other.index < index && other.change?.id === change.id && hasHazard(other.step, 'validation-scan'));
      const defaultPartition = context.current.tables.find((t) => t.partitionOf?.parent === change.parent && t.partitionOf.bound === 'DEFAULT' && t.name !== change.table);
      const defaultScan = defaultPartition ? `The default partition ${defaultPartition.name} is scanned${proved ? '' : ' too'}, under ACCESS EXCLUSIVE, for rows that belong to ${change.table}.` : '';
      if (proved && !defaultPartition) continue;
      out.push({
        object: change.table,
        message: proved
          ? `ATTACH PARTITION ${change.table} to ${change.parent}: the plan proves ${change.bound} for ${change.table} first, but ${defaultScan.charAt(0).toLowerCase()}${defaultScan.slice(1)}`
          : `ATTACH PARTITION ${change.table} to ${change.parent} scans ${change.table}${sizeHint(step, change.table)} under ACCESS EXCLUSIVE to check ${change.bound}: every read and write on ${change.table} waits for the scan (${change.parent} itself only takes SHARE UPDATE EXCLUSIVE). The plan proves the bound with a CHECK first only for a plain table under a one-column RANGE or LIST key.${defaultScan ? ` ${defaultScan}` : ''}`,
        step: index,
      });
    }
    return out;
  },
};
