import type { LintRule, RuleViolation } from '../rule.js';
import { isExistingTable, stepsWithChanges } from './plan-facts.js';

/**
 * An index (or the index behind a PRIMARY KEY / UNIQUE constraint) goes away: queries that used it
 * may fall back to scans. A rebuild under the same name, a replaced constraint and a dropped table are quiet.
 */
export const indexDropped: LintRule = {
  id: 'index-dropped',
  category: 'performance',
  defaultSeverity: 'info',
  why: 'Queries that used a dropped index may fall back to sequential scans.',
  fix: 'Check the index is unused on every tenant (pg_stat_user_indexes.idx_scan stays 0 over a representative period) before dropping it.',
  check(context) {
    const out: RuleViolation[] = [];
    const seen = new Set<string>();
    for (const { step, index, change } of stepsWithChanges(context)) {
      if (!change || seen.has(change.id)) continue;
      if (change.kind === 'drop-index' && !change.replaced && isExistingTable(context, change.index.table)) {
        if (!context.desired.tables.some((t) => t.name === change.index.table)) continue;
        seen.add(change.id);
        const locked =
          step.lock === 'ACCESS EXCLUSIVE'
            ? ` It is dropped without CONCURRENTLY (partitioned table): ACCESS EXCLUSIVE on ${change.index.table} and its partitions blocks every read and write until it commits.`
            : '';
        out.push({
          object: change.index.name,
          message: `Index ${change.index.name} on ${change.index.table} (${change.index.columns.join(', ')}) is dropped: queries that used it may fall back to scans of ${change.index.table}.${locked}`,
          step: index,
        });
      } else if (change.kind === 'drop-constraint' && !change.replaced && (change.constraint.kind === 'primary key' || change.constraint.kind === 'unique')) {
        if (!isExistingTable(context, change.table) || !context.desired.tables.some((t) => t.name === change.table)) continue;
        seen.add(change.id);
        out.push({
          object: `${change.table}.${change.constraint.name}`,
          message: `Dropping ${change.constraint.kind === 'primary key' ? 'PRIMARY KEY' : 'UNIQUE'} ${change.constraint.name} also drops its index on ${change.table} (${change.constraint.columns.join(', ')}): lookups by those columns may fall back to scans.`,
          step: index,
        });
      }
    }
    return out;
  },
};
