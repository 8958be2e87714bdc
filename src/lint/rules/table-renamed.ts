import type { Table } from '../../schema/model.js';
import type { LintContext, LintRule, RuleViolation } from '../rule.js';

export interface LikelyTableRename {
  readonly from: Table;
  readonly to: Table;
  readonly dropChangeId: string;
}

const shape = (t: Table) =>
  t.columns
    .filter((c) => !c.inherited)
    .map((c) => `${c.name} ${c.type}`)
    .join(', ');

/** A table dropped and a new one created with exactly the same columns (names and types, in order). */
export function likelyTableRenames(context: LintContext): LikelyTableRename[] {
  const created = context.changes.flatMap((c) => (c.kind === 'add-table' && !context.current.tables.some((t) => t.name === c.table.name) ? [c.table] : []));
  const renames: LikelyTableRename[] = [];
  const taken = new Set<string>();
  for (const c of context.changes) {
    if (c.kind !== 'drop-table' || c.replaced) continue;
    const from = c.table;
    if (from.columns.length === 0) continue;
    const to = created.find((t) => !taken.has(t.name) && shape(t) === shape(from) && (t.partitionOf === null) === (from.partitionOf === null));
    if (!to) continue;
    taken.add(to.name);
    renames.push({ from, to, dropChangeId: c.id });
  }
  return renames;
}

/** A table rename seen as drop + create: every row is lost and old code breaks. */
export const tableRenamed: LintRule = {
  id: 'table-renamed',
  category: 'breaks-running-code',
  defaultSeverity: 'error',
  why: 'Renaming a table in the schema file is planned as DROP TABLE + CREATE TABLE: every row is lost, and code still using the old name fails at once.',
  fix: 'Keep the old name; or expand/contract: create the new table, write to both, copy the rows in batches, switch readers, and drop the old table in a later release.',
  check(context) {
    return likelyTableRenames(context).map((r): RuleViolation => {
      const step = context.plan.steps.findIndex((s) => s.changeId === r.dropChangeId);
      return {
        object: r.from.name,
        message: `Table ${r.from.name} looks renamed to ${r.to.name} (same columns: ${shape(r.to)}): the plan drops ${r.from.name} with all its rows and creates an empty ${r.to.name}, and code still using ${r.from.name} fails at once.`,
        step: step >= 0 ? step : undefined,
      };
    });
  },
};
