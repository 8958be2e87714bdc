import type { Table } from '../../schema/model.js';
import type { LintContext, LintRule, RuleViolation } from '../rule.js';
import { columnsAddedTo, constraintsCheckedOnExistingRows } from './check-may-fail.js';

interface NewKey {
  readonly object: string;
  readonly table: string;
  readonly what: string;
  readonly columns: readonly string[];
  readonly nullsNotDistinct: boolean;
  /** INCLUDE columns are mixed into `columns`: no proof from subsets then. */
  readonly hasInclude: boolean;
  readonly step: number | undefined;
}

/** The rows of `table` already satisfy a key on these columns: a wider key can't find duplicates. */
function provenUnique(table: Table, key: NewKey): boolean {
  if (key.hasInclude) return false;
  const within = (cols: readonly string[]) => cols.length > 0 && cols.every((c) => key.columns.includes(c));
  // A NULLS DISTINCT proof only proves a NULLS NOT DISTINCT (or primary) key when its columns hold no NULL.
  const notNull = (cols: readonly string[]) => cols.every((name) => table.columns.find((c) => c.name === name)?.notNull === true);
  for (const c of table.constraints) {
    if (!c.validated || (c.kind !== 'primary key' && c.kind !== 'unique')) continue;
    const strict = c.kind === 'primary key' || c.definition.includes('NULLS NOT DISTINCT') || notNull(c.columns);
    if (within(c.columns) && (strict || !key.nullsNotDistinct)) return true;
  }
  for (const i of table.indexes) {
    if (!i.unique || !i.valid || i.predicate !== null) continue;
    if (within(i.columns) && (i.definition.includes('NULLS NOT DISTINCT') || notNull(i.columns) || !key.nullsNotDistinct)) return true;
  }
  return false;
}

function newKeys(context: LintContext): NewKey[] {
  const keys: NewKey[] = [];
  for (const c of constraintsCheckedOnExistingRows(context, ['unique', 'primary key'])) {
    const kind = c.constraint.kind === 'primary key' ? 'Primary key' : 'Unique constraint';
    keys.push({
      object: `${c.table}.${c.constraint.name}`,
      table: c.table,
      what: `${kind} ${c.constraint.name} on ${c.table}(${c.constraint.columns.join(', ')})`,
      columns: c.constraint.columns,
      nullsNotDistinct: c.constraint.kind === 'primary key' || c.constraint.definition.includes('NULLS NOT DISTINCT'),
      hasInclude: c.constraint.definition.includes(' INCLUDE ('),
      step: c.step,
    });
  }
  for (const change of context.changes) {
    const index = change.kind === 'add-index' ? change.index : change.kind === 'rebuild-index' ? change.to : null;
    if (index === null || !index.unique || context.createdTables.has(index.table)) continue;
    if (change.kind === 'rebuild-index' && change.from.unique && change.from.valid && change.from.definition === change.to.definition) continue;
    const steps = context.plan.steps;
    const i = steps.findIndex((s) => s.changeId === change.id && s.hazards.some((h) => h.kind === 'may-fail-on-data'));
    keys.push({
      object: index.name,
      table: index.table,
      what: `Unique index ${index.name} on ${index.table}(${index.columns.join(', ')})${index.predicate !== null ? ` WHERE ${index.predicate}` : ''}`,
      columns: index.columns,
      nullsNotDistinct: index.definition.includes('NULLS NOT DISTINCT'),
      hasInclude: index.definition.includes(' INCLUDE ('),
      step: i >= 0 ? i : undefined,
    });
  }
  return keys;
}

/** A new unique key (constraint, primary key or unique index) on existing rows fails on duplicates. */
export const uniqueMayFail: LintRule = {
  id: 'unique-may-fail',
  category: 'may-fail-on-data',
  defaultSeverity: 'warning',
  why: 'A new unique key (UNIQUE, PRIMARY KEY or unique index) on an existing table fails on tenants that already hold duplicate keys.',
  fix: 'Find and resolve duplicates on every tenant first (SELECT key, count(*) … GROUP BY key HAVING count(*) > 1); the concurrent build leaves an INVALID index behind when it fails, which apply drops.',
  check(context) {
    const out: RuleViolation[] = [];
    for (const key of newKeys(context)) {
      const table = context.current.tables.find((t) => t.name === key.table) ?? context.current.materializedViews.find((m) => m.name === key.table);
      if (!table) continue;
      if ('constraints' in table && provenUnique(table, key)) continue;
      // A column added by this plan holds only NULLs (distinct) or identity values (unique) in existing rows.
      const added = columnsAddedTo(context, key.table);
      const fresh = key.columns.some((name) => {
        const col = added.get(name);
        return col !== undefined && col.generated === null && (col.identity !== null || (col.default === null && !key.nullsNotDistinct));
      });
      if (fresh) continue;
      out.push({
        object: key.object,
        message: `${key.what}: building its index fails on tenants where ${key.table} already holds duplicate (${key.columns.join(', ')}) values${key.nullsNotDistinct ? '' : ' (rows with a NULL in the key never conflict)'}.`,
        step: key.step,
      });
    }
    return out;
  },
};
