import type { LintRule, RuleViolation } from '../rule.js';
import { isExistingTable, stepsWithChanges } from './plan-facts.js';

/**
 * Creating a partition of an existing partitioned table, or detaching one without CONCURRENTLY,
 * takes ACCESS EXCLUSIVE on the parent: the whole partitioned table stops for reads and writes.
 */
export const partitionChangeLocksParent: LintRule = {
  id: 'partition-change-locks-parent',
  category: 'blocking-lock',
  defaultSeverity: 'warning',
  why: 'CREATE TABLE … PARTITION OF and DETACH PARTITION (without CONCURRENTLY) take ACCESS EXCLUSIVE on the partitioned parent: every query on any partition waits, and a default partition is scanned under it.',
  fix: 'Create partitions ahead of time, while the default partition (if any) is small; detach on PostgreSQL 14+ without a default partition so the planner uses DETACH … CONCURRENTLY.',
  check(context) {
    const out: RuleViolation[] = [];
    for (const { step, index, change } of stepsWithChanges(context)) {
      if (!change || step.onNewObject || step.lock !== 'ACCESS EXCLUSIVE') continue;
      if (change.kind === 'add-table' && change.table.partitionOf) {
        const parent = change.table.partitionOf.parent;
        if (step.table !== parent || !isExistingTable(context, parent)) continue;
        const def = context.current.tables.find((t) => t.partitionOf?.parent === parent && t.partitionOf.bound === 'DEFAULT');
        out.push({
          object: change.table.name,
          message: `Creating partition ${change.table.name} of ${parent} takes ACCESS EXCLUSIVE on ${parent}: every read and write on ${parent} and all its partitions waits until it commits.${
            def ? ` ${parent} has a default partition (${def.name}): it is scanned under that lock to move-check its rows against ${change.table.partitionOf.bound}.` : ''
          }`,
          step: index,
        });
      } else if (change.kind === 'detach-partition' && step.table === change.parent && !change.pending) {
        if (!isExistingTable(context, change.parent)) continue;
        const hasDefault = context.current.tables.some((t) => t.partitionOf?.parent === change.parent && t.partitionOf.bound === 'DEFAULT');
        const why =
          context.serverVersion < 140000
            ? `PostgreSQL ${Math.floor(context.serverVersion / 10000)} has no DETACH … CONCURRENTLY`
            : hasDefault
              ? `${change.parent} has a default partition, so CONCURRENTLY is not allowed`
              : 'no concurrent form';
        out.push({
          object: change.table,
          message: `DETACH PARTITION ${change.table} from ${change.parent} takes ACCESS EXCLUSIVE on ${change.parent} and ${change.table} (${why}): every read and write on ${change.parent} waits until it commits.`,
          step: index,
        });
      }
    }
    return out;
  },
};
