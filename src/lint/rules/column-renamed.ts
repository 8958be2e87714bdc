import type { Column } from '../../schema/model.js';
import type { LintContext, LintRule, RuleViolation } from '../rule.js';

export interface LikelyColumnRename {
  readonly table: string;
  readonly from: Column;
  readonly to: Column;
  readonly dropChangeId: string;
  readonly addChangeId: string;
}

/**
 * A column dropped and another added to the same table with the same type, at the same position or
 * as the only candidates of that type: the schema file renamed it. The diff matches columns by name,
 * so the plan drops the old column with its data and adds an empty one.
 */
export function likelyColumnRenames(context: LintContext): LikelyColumnRename[] {
  const dropped = new Map<string, { column: Column; changeId: string }[]>();
  const added = new Map<string, { column: Column; changeId: string }[]>();
  for (const c of context.changes) {
    if (c.kind === 'drop-column') (dropped.get(c.table) ?? dropped.set(c.table, []).get(c.table))?.push({ column: c.column, changeId: c.id });
    if (c.kind === 'add-column') (added.get(c.table) ?? added.set(c.table, []).get(c.table))?.push({ column: c.column, changeId: c.id });
  }
  const renames: LikelyColumnRename[] = [];
  for (const [table, drops] of dropped) {
    if (context.createdTables.has(table)) continue;
    const current = context.current.tables.find((t) => t.name === table);
    const desired = context.desired.tables.find((t) => t.name === table);
    if (!current || !desired) continue;
    // A column dropped and added under the same name is re-created (e.g. becomes generated), not renamed.
    const adds = (added.get(table) ?? []).filter((a) => !drops.some((d) => d.column.name === a.column.name));
    const realDrops = drops.filter((d) => !(added.get(table) ?? []).some((a) => a.column.name === d.column.name));
    const sameType = (a: Column, b: Column) => a.type === b.type && a.collation === b.collation;
    const own = (cols: readonly Column[]) => cols.filter((c) => !c.inherited).map((c) => c.name);
    const currentPos = own(current.columns);
    const desiredPos = own(desired.columns);
    const taken = new Set<string>();
    for (const d of realDrops) {
      const candidates = adds.filter((a) => !taken.has(a.column.name) && sameType(a.column, d.column));
      const samePlace = candidates.find((a) => desiredPos.indexOf(a.column.name) === currentPos.indexOf(d.column.name));
      const onlyOne = candidates.length === 1 && realDrops.filter((x) => sameType(x.column, d.column)).length === 1 ? candidates[0] : undefined;
      const match = samePlace ?? onlyOne;
      if (!match) continue;
      taken.add(match.column.name);
      renames.push({ table, from: d.column, to: match.column, dropChangeId: d.changeId, addChangeId: match.changeId });
    }
  }
  return renames;
}

/** A rename seen as drop + add: old code breaks at once and the column's data is lost. */
export const columnRenamed: LintRule = {
  id: 'column-renamed',
  category: 'breaks-running-code',
  defaultSeverity: 'error',
  why: 'Renaming a column in the schema file is planned as DROP COLUMN + ADD COLUMN: the data is lost, and code still using the old name fails the moment it runs.',
  fix: 'Expand/contract: add the new column, write both (trigger or application), backfill it in batches, switch readers to it, and drop the old column in a later release.',
  check(context) {
    return likelyColumnRenames(context).map((r): RuleViolation => {
      const step = context.plan.steps.findIndex((s) => s.changeId === r.dropChangeId);
      return {
        object: `${r.table}.${r.from.name}`,
        message: `${r.table}.${r.from.name} looks renamed to ${r.to.name} (same type ${r.to.type}): the plan drops ${r.from.name} with all its values and adds an empty ${r.to.name}, and code still using ${r.from.name} fails at once.`,
        step: step >= 0 ? step : undefined,
      };
    });
  },
};
