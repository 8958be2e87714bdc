import type { LintRule, RuleViolation } from '../rule.js';

/** Dropping a table that surviving tables reference: their foreign keys go, their values point nowhere. */
export const dropReferencedTable: LintRule = {
  id: 'drop-referenced-table',
  category: 'data-loss',
  defaultSeverity: 'error',
  why: 'Dropping a table other tables reference also drops their foreign keys: their rows keep values that now point nowhere, and nothing enforces the relation any more.',
  fix: 'Drop or migrate the referencing columns first (or repoint them at the table that replaces this one), then drop the table in a later release.',
  check(context) {
    const out: RuleViolation[] = [];
    const survives = (name: string) => context.desired.tables.some((t) => t.name === name) && !context.changes.some((c) => c.kind === 'drop-table' && c.table.name === name);
    for (const change of context.changes) {
      if (change.kind !== 'drop-table' || change.replaced) continue;
      const dropped = change.table.name;
      const refs = context.current.tables
        .filter((t) => t.name !== dropped && survives(t.name))
        .flatMap((t) => t.constraints.filter((c) => !c.inherited && c.kind === 'foreign key' && c.references?.table === dropped).map((c) => ({ table: t.name, constraint: c })));
      if (refs.length === 0) continue;
      const list = refs.map((r) => `${r.table}.${r.constraint.name} (${r.table}(${r.constraint.columns.join(', ')}))`).join(', ');
      const step = context.plan.steps.findIndex((s) => s.changeId === change.id);
      out.push({
        object: dropped,
        message: `Dropping ${dropped} also drops foreign key${refs.length === 1 ? '' : 's'} ${list}: those rows keep values that reference nothing.`,
        step: step >= 0 ? step : undefined,
      });
    }
    return out;
  },
};
