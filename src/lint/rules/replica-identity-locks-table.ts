import type { LintRule, RuleViolation } from '../rule.js';
import { locksExistingTable, stepsWithChanges } from './plan-facts.js';

/**
 * ALTER TABLE … REPLICA IDENTITY takes ACCESS EXCLUSIVE on the table on every supported version
 * (verified in pg_locks on PostgreSQL 15.20 and 18.4; USING INDEX adds SHARE on the index) but only changes the
 * catalog: a few ms on a 2M-row table. The risk is the queue, not the work, so it is info: apply
 * waits out long lock holders and spends its lock_timeout in short slices, retrying.
 */
export const replicaIdentityLocksTable: LintRule = {
  id: 'replica-identity-locks-table',
  category: 'blocking-lock',
  defaultSeverity: 'info',
  why: 'ALTER TABLE … REPLICA IDENTITY takes ACCESS EXCLUSIVE on the table: brief (a catalog change, no scan), but it waits for every transaction that touched the table, and every later query on the table queues behind it.',
  fix: 'Nothing to change in the schema: apply already waits for long transactions and bounds the wait with lock_timeout and retries; on a table with long-running readers, apply in a quiet period.',
  check(context) {
    const out: RuleViolation[] = [];
    for (const { step, index, change } of stepsWithChanges(context)) {
      if (change?.kind !== 'set-replica-identity' || step.lock !== 'ACCESS EXCLUSIVE' || !locksExistingTable(context, step)) continue;
      out.push({
        object: change.table,
        message: `${step.sql} takes ACCESS EXCLUSIVE on ${change.table} (a catalog change, no scan: milliseconds whatever its size): it waits for every transaction that has touched ${change.table}, and every read and write on ${change.table} queues behind it until it commits.`,
        step: index,
      });
    }
    return out;
  },
};
