import type { LintRule, RuleViolation } from '../rule.js';
import { hasHazard, locksExistingTable, sizeHint, stepsWithChanges } from './plan-facts.js';

/** timestamp ↔ timestamptz has its own rule (it depends on the session TimeZone). */
export function isTimestampZoneChange(from: string, to: string): boolean {
  const base = (t: string) => t.replace(/\(\d+\)/, '');
  const a = base(from);
  const b = base(to);
  return (a === 'timestamp without time zone' && b === 'timestamp with time zone') || (a === 'timestamp with time zone' && b === 'timestamp without time zone');
}

/**
 * ALTER COLUMN … TYPE that is not binary-compatible rewrites the table and rebuilds its indexes.
 * Binary-compatible changes (varchar growth, varchar → text, numeric precision growth) carry no
 * rewrite hazard from the planner and stay quiet. Re-created enums move their columns the same way.
 */
export const columnTypeRewritesTable: LintRule = {
  id: 'column-type-rewrites-table',
  category: 'table-rewrite',
  defaultSeverity: 'error',
  why: 'A column type change that is not binary-compatible rewrites the whole table and rebuilds its indexes under ACCESS EXCLUSIVE.',
  fix: 'Expand and contract: add a new column of the new type, write both (trigger or application), backfill in batches, switch reads, then drop the old column.',
  check(context) {
    const out: RuleViolation[] = [];
    // A re-created enum's rewrite steps come one per column, in the order of change.columns.
    const enumRewrites = new Map<string, number>();
    for (const { step, index, change } of stepsWithChanges(context)) {
      if (change?.kind === 'recreate-enum' && hasHazard(step, 'table-rewrite')) enumRewrites.set(change.id, (enumRewrites.get(change.id) ?? -1) + 1);
      if (!change || !hasHazard(step, 'table-rewrite') || !locksExistingTable(context, step)) continue;
      const table = step.table;
      if (change.kind === 'alter-column') {
        const { from, to } = change;
        // The retype step (a SET EXPRESSION rewrite carries no conversion failure hazard).
        if (from.type === to.type || !hasHazard(step, 'may-fail-on-data') || isTimestampZoneChange(from.type, to.type)) continue;
        out.push({
          object: `${table}.${to.name}`,
          message: `Changing ${table}.${to.name} from ${from.type} to ${to.type} is not binary-compatible: rewrites ${table}${sizeHint(step, table)} and rebuilds its indexes under ACCESS EXCLUSIVE, blocking every read and write until it finishes.`,
          step: index,
        });
      } else if (change.kind === 'recreate-enum') {
        const candidate = change.columns[enumRewrites.get(change.id) ?? 0];
        const col = candidate?.table === table ? candidate : undefined;
        out.push({
          object: col ? `${col.table}.${col.column}` : table,
          message: `Enum ${change.to.name} is re-created (values removed or reordered), so ${col ? `${col.table}.${col.column}` : `a column of ${table}`} moves to the new type: rewrites ${table}${sizeHint(step, table)} under ACCESS EXCLUSIVE, blocking every read and write until it finishes.`,
          step: index,
        });
      }
    }
    return out;
  },
};
