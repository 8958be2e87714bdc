import type { LintRule, RuleViolation } from '../rule.js';
import { isExistingTable, partitionsOf, stepsWithChanges } from './plan-facts.js';
import { plural } from '../../util/plural.js';

/**
 * An index on an existing partitioned table is built online partition by partition: created ON ONLY
 * the parent (INVALID), built concurrently on each partition and attached. The fallback that locks
 * (sub-partitioned trees) is index-build-blocks-writes.
 */
export const indexOnPartitionedTable: LintRule = {
  id: 'index-on-partitioned-table',
  category: 'performance',
  defaultSeverity: 'warning',
  why: 'An index on a partitioned table is built one partition at a time: the build takes as long as all partitions together, and if a build fails the parent index stays INVALID until a re-run finishes it.',
  fix: "Nothing to change; expect the build to take the sum of the partitions' builds and plan it outside peak hours. Queries get the index only when the last partition is attached.",
  check(context) {
    const out: RuleViolation[] = [];
    const seen = new Set<string>();
    for (const { step, index, change } of stepsWithChanges(context)) {
      if (!change || (change.kind !== 'add-index' && change.kind !== 'rebuild-index') || seen.has(change.id)) continue;
      const idx = change.kind === 'add-index' ? change.index : change.to;
      const parent = context.current.tables.find((t) => t.name === idx.table);
      if (parent?.kind !== 'partitioned' || !isExistingTable(context, idx.table)) continue;
      // Only the online ON ONLY path: its steps on the parent take SHARE UPDATE EXCLUSIVE, never SHARE.
      const steps = context.plan.steps.filter((s) => s.changeId === change.id);
      if (steps.some((s) => s.lock === 'SHARE' || (s.lock === 'ACCESS EXCLUSIVE' && s.hazards.some((h) => h.kind === 'index-build')))) continue;
      if (step.table !== idx.table) continue;
      seen.add(change.id);
      const partitions = partitionsOf(context, idx.table);
      const concurrent = steps.filter((s) => !s.transactional).length;
      out.push({
        object: idx.name,
        message: `Index ${idx.name} on partitioned ${idx.table} is built partition by partition: created ON ONLY ${idx.table}, then ${plural(concurrent, 'concurrent build')} and attach${concurrent === 1 ? '' : 'es'} over ${plural(partitions.length, 'partition')}. Reads and writes go on; the parent index stays INVALID until the last partition is attached, and a failed build leaves it INVALID until a re-run.`,
        step: index,
      });
    }
    return out;
  },
};
