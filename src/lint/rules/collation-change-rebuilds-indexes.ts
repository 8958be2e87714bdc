import type { LintContext, LintRule, RuleViolation } from '../rule.js';
import { hasHazard, locksExistingTable, sizeHint, stepsWithChanges } from './plan-facts.js';

/** Indexes and index-backed constraints of the current table whose key includes the column. */
function indexesOn(context: LintContext, table: string, column: string): string[] {
  const t = context.current.tables.find((x) => x.name === table);
  if (!t) return [];
  const quoted = `"${column.replace(/"/g, '""')}"`;
  const names = t.indexes.filter((i) => i.columns.includes(column) || i.columns.includes(quoted)).map((i) => i.name);
  for (const c of t.constraints) if ((c.kind === 'primary key' || c.kind === 'unique' || c.kind === 'exclusion') && c.columns.includes(column)) names.push(c.name);
  return names.sort();
}

/**
 * A collation change keeps the data but re-sorts every index on the column: they are rebuilt while
 * the table is ACCESS EXCLUSIVE locked. A column without indexes only changes the catalog: quiet.
 */
export const collationChangeRebuildsIndexes: LintRule = {
  id: 'collation-change-rebuilds-indexes',
  category: 'table-rewrite',
  defaultSeverity: 'error',
  why: "Changing a column's collation rebuilds every index on the column while the table is ACCESS EXCLUSIVE locked.",
  fix: 'Build new indexes with the new collation concurrently (CREATE INDEX CONCURRENTLY … (col COLLATE "x")) and switch queries to them, or add a new column with the new collation and backfill it.',
  check(context) {
    const out: RuleViolation[] = [];
    for (const { step, index, change } of stepsWithChanges(context)) {
      if (change?.kind !== 'alter-column' || change.from.type !== change.to.type || change.from.collation === change.to.collation) continue;
      if (!hasHazard(step, 'index-build') || step.lock !== 'ACCESS EXCLUSIVE' || !locksExistingTable(context, step)) continue;
      const { table, from, to } = change;
      const indexes = indexesOn(context, table, to.name);
      if (indexes.length === 0) continue;
      out.push({
        object: `${table}.${to.name}`,
        message: `Changing the collation of ${table}.${to.name} from ${from.collation ?? 'the default'} to ${to.collation ?? 'the default'} rebuilds ${indexes.join(', ')} while ${table}${sizeHint(step, table)} is ACCESS EXCLUSIVE locked: every read and write on ${table} waits until the rebuild finishes.`,
        step: index,
      });
    }
    return out;
  },
};
