import type { Constraint, Table } from '../../schema/model.js';
import type { LintContext, LintRule, RuleViolation } from '../rule.js';

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

/** An index (or PK / UNIQUE constraint) on `table` whose leading columns are exactly the FK columns, in any order. */
function hasSupportingIndex(table: Table, columns: readonly string[]): boolean {
  const n = columns.length;
  const leading = (cols: readonly string[]) => sameSet(cols.slice(0, n), columns);
  if (table.indexes.some((i) => i.valid && i.predicate === null && (i.method === 'btree' || (i.method === 'hash' && n === 1)) && leading(i.columns))) return true;
  return table.constraints.some((c) => (c.kind === 'primary key' || c.kind === 'unique') && leading(c.columns));
}

/**
 * Deleting (or changing the key of) a referenced row makes PostgreSQL look up referencing rows; without
 * an index whose leading columns are the FK columns, each lookup scans the referencing table. Checked
 * for foreign keys new in this plan, and for existing ones whose supporting index this plan drops.
 */
export const foreignKeyWithoutIndex: LintRule = {
  id: 'foreign-key-without-index',
  category: 'performance',
  defaultSeverity: 'warning',
  why: 'Without an index on the referencing columns, every DELETE on the referenced table (and every UPDATE of its key) scans the referencing table.',
  fix: 'Add an index whose leading columns are the foreign key columns (CREATE INDEX ON t (fk_col)); the planner builds it concurrently.',
  check(context: LintContext) {
    const out: RuleViolation[] = [];
    const steps = context.plan.steps;
    const stepOf = (changeId: string): number | undefined => {
      const i = steps.findIndex((s) => s.changeId === changeId);
      return i >= 0 ? i : undefined;
    };
    const candidates: { table: Table; constraint: Constraint; step: number | undefined; reason: string }[] = [];
    const desired = new Map(context.desired.tables.map((t) => [t.name, t]));
    const current = new Map(context.current.tables.map((t) => [t.name, t]));
    const tablesLosingIndexes = new Set<string>();
    for (const change of context.changes) {
      if (change.kind === 'add-table') {
        for (const c of change.table.constraints) if (c.kind === 'foreign key' && !c.inherited) candidates.push({ table: change.table, constraint: c, step: stepOf(change.id), reason: 'new' });
      } else if (change.kind === 'add-constraint' || change.kind === 'replace-constraint') {
        const c = change.kind === 'add-constraint' ? change.constraint : change.to;
        const t = desired.get(change.table);
        if (c.kind === 'foreign key' && !c.inherited && t) candidates.push({ table: t, constraint: c, step: stepOf(change.id), reason: 'new' });
      } else if (change.kind === 'drop-index' && !change.replaced) {
        tablesLosingIndexes.add(change.index.table);
      } else if (change.kind === 'rebuild-index') {
        tablesLosingIndexes.add(change.to.table);
      } else if (change.kind === 'drop-constraint' && !change.replaced && (change.constraint.kind === 'primary key' || change.constraint.kind === 'unique')) {
        tablesLosingIndexes.add(change.table);
      }
    }
    for (const name of tablesLosingIndexes) {
      const before = current.get(name);
      const after = desired.get(name);
      if (!before || !after) continue;
      for (const c of after.constraints) {
        if (c.kind !== 'foreign key' || c.inherited || candidates.some((x) => x.table.name === name && x.constraint.name === c.name)) continue;
        if (!hasSupportingIndex(before, c.columns)) continue;
        const dropped = context.changes.find(
          (x) => (x.kind === 'drop-index' && x.index.table === name) || (x.kind === 'rebuild-index' && x.to.table === name) || (x.kind === 'drop-constraint' && x.table === name),
        );
        candidates.push({ table: after, constraint: c, step: dropped ? stepOf(dropped.id) : undefined, reason: 'lost' });
      }
    }
    // A new table's foreign keys are often added by later steps (tables first, then their keys): the
    // add-table change lists the key and so does its add-constraint. One finding a key, at the step that adds it.
    const byKey = new Map<string, (typeof candidates)[number]>();
    for (const candidate of candidates) {
      const key = `${candidate.table.name}.${candidate.constraint.name}`;
      const seen = byKey.get(key);
      if (!seen || (candidate.step !== undefined && steps[candidate.step]?.changeId.startsWith('add-constraint'))) byKey.set(key, candidate);
    }
    for (const { table, constraint: c, step, reason } of byKey.values()) {
      if (hasSupportingIndex(table, c.columns)) continue;
      const cols = c.columns.join(', ');
      const ref = c.references?.table ?? '?';
      out.push({
        object: `${table.name}.${c.name}`,
        message: `${reason === 'lost' ? `This plan drops the index that supported foreign key ${c.name}` : `Foreign key ${c.name}`} on ${table.name} (${cols}) → ${ref}${reason === 'lost' ? ', and no other index' : ' has no index'} on ${table.name} starts with (${cols}): every DELETE on ${ref} (and UPDATE of its key) scans ${table.name} for referencing rows.`,
        step,
      });
    }
    return out;
  },
};
