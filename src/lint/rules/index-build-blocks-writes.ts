import type { LintRule, RuleViolation } from '../rule.js';
import { hasHazard, locksExistingTable, lockBlocks, sizeHint, stepsWithChanges } from './plan-facts.js';

/**
 * An index built without CONCURRENTLY on an existing table: the planner's fallback where PostgreSQL
 * has no online form (sub-partitioned trees, partitions without a matching index, UNIQUE / PRIMARY
 * KEY on a partitioned table). Concurrent builds (SHARE UPDATE EXCLUSIVE) are not reported here.
 */
export const indexBuildBlocksWrites: LintRule = {
  id: 'index-build-blocks-writes',
  category: 'blocking-lock',
  defaultSeverity: 'error',
  why: 'An index built without CONCURRENTLY holds a lock that blocks writes (SHARE) or everything (ACCESS EXCLUSIVE) on the table for the whole build.',
  fix: 'Build the index on each partition concurrently first (CREATE INDEX CONCURRENTLY on every leaf partition), so the parent index only has to attach them; for a sub-partitioned tree do the same level by level.',
  check(context) {
    const out: RuleViolation[] = [];
    for (const { step, index, change } of stepsWithChanges(context)) {
      if (!change || !step.transactional || !locksExistingTable(context, step)) continue;
      if (step.lock !== 'SHARE' && step.lock !== 'ACCESS EXCLUSIVE') continue;
      if (!hasHazard(step, 'index-build')) continue;
      const table = step.table;
      const size = sizeHint(step, table);
      const blocks = lockBlocks(step.lock);
      if (change.kind === 'add-index' || change.kind === 'rebuild-index') {
        const name = change.kind === 'add-index' ? change.index.name : change.to.name;
        out.push({
          object: name,
          message: `Index ${name} is built without CONCURRENTLY on partitioned ${table}${size}: a ${step.lock} lock on ${table} and every partition blocks ${blocks} for the whole build.`,
          step: index,
        });
      } else if (change.kind === 'add-constraint' || change.kind === 'replace-constraint') {
        const c = change.kind === 'add-constraint' ? change.constraint : change.to;
        if (c.kind !== 'primary key' && c.kind !== 'unique') continue;
        out.push({
          object: `${table}.${c.name}`,
          message: `${c.kind === 'primary key' ? 'PRIMARY KEY' : 'UNIQUE'} ${c.name} on ${table}${size} builds its index under ${step.lock} (no CONCURRENTLY or USING INDEX on a partitioned table): ${blocks} on ${table} wait for the whole build.`,
          step: index,
        });
      }
    }
    return out;
  },
};
