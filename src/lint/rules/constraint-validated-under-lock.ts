import type { LintRule, RuleViolation } from '../rule.js';
import { hasHazard, locksExistingTable, lockBlocks, sizeHint, stepsWithChanges } from './plan-facts.js';

/**
 * A CHECK or FOREIGN KEY the planner could not add NOT VALID (foreign keys on a partitioned table
 * before PostgreSQL 18): the scan of every row runs under the lock the ADD takes. Added NOT VALID
 * and validated later (SHARE UPDATE EXCLUSIVE) is the online form and is not reported.
 */
export const constraintValidatedUnderLock: LintRule = {
  id: 'constraint-validated-under-lock',
  category: 'blocking-lock',
  defaultSeverity: 'error',
  why: 'A CHECK or FOREIGN KEY added without NOT VALID checks every existing row while holding a lock that blocks writes (or everything) on the table.',
  fix: 'Add the constraint to each partition NOT VALID and VALIDATE it there (SHARE UPDATE EXCLUSIVE), then add it to the parent; or upgrade to PostgreSQL 18, where the planner adds it NOT VALID on the parent too.',
  check(context) {
    const out: RuleViolation[] = [];
    for (const { step, index, change } of stepsWithChanges(context)) {
      if (!change || (change.kind !== 'add-constraint' && change.kind !== 'replace-constraint')) continue;
      const c = change.kind === 'add-constraint' ? change.constraint : change.to;
      if (c.kind !== 'check' && c.kind !== 'foreign key') continue;
      if (!step.transactional || step.lock === null || !hasHazard(step, 'table-scan') || !locksExistingTable(context, step)) continue;
      const table = change.table;
      const ref = c.references?.table;
      const partitioned = context.current.tables.find((t) => t.name === table)?.kind === 'partitioned';
      const others = c.kind === 'foreign key' && ref !== undefined && ref !== table ? ` and ${ref}` : '';
      out.push({
        object: `${table}.${c.name}`,
        message: `${c.kind === 'foreign key' ? 'FOREIGN KEY' : 'CHECK'} ${c.name} on ${partitioned ? 'partitioned ' : ''}${table}${sizeHint(step, table)} is added without NOT VALID${
          partitioned && c.kind === 'foreign key' ? ` (PostgreSQL ${Math.floor(context.serverVersion / 10000)} can't add a NOT VALID foreign key to a partitioned table)` : ''
        }: every existing row is checked under ${step.lock} on ${table}${others}, which blocks ${lockBlocks(step.lock)} until the scan finishes.`,
        step: index,
      });
    }
    return out;
  },
};
