import { typeChangeEffect } from '../../plan/column-type-change.js';
import type { LintRule, RuleViolation } from '../rule.js';

/** What a narrowing cast does to values that don't fit, by type family. */
function consequence(from: string, to: string): string {
  const base = (t: string) => t.replace(/\(.*\)/, '').trim();
  const a = base(from);
  const b = base(to);
  // The plan has no USING here: the assignment cast rejects what does not fit (column-type-change.ts, needsUsingCast).
  if ((a === 'character varying' || a === 'text') && b === 'character varying') return `longer strings make the ALTER fail ("value too long for type ${to}")`;
  if (a === 'bit varying') return `longer bit strings make the ALTER fail ("bit string too long")`;
  if (a === 'numeric' && b === 'numeric') return `values are rounded to the new scale, and values too large for the new precision make the ALTER fail`;
  if (['smallint', 'integer', 'bigint'].includes(a)) return `values outside the range of ${to} make the ALTER fail ("out of range")`;
  if (b === 'date') return `the time of day is silently dropped`;
  if (a === 'double precision') return `values lose precision, and values outside the range of real make the ALTER fail`;
  return `fractional seconds beyond the new precision are rounded away`;
}

/** Type changes that can lose data or fail: varchar(50)→varchar(10), bigint→integer, numeric scale down, timestamp→date … */
export const narrowingTypeChange: LintRule = {
  id: 'narrowing-type-change',
  category: 'may-fail-on-data',
  defaultSeverity: 'error',
  why: 'A narrowing column type change rewrites the table and either rejects values that do not fit (the ALTER fails: strings too long, numbers out of range) or silently rounds or drops part of them (data loss: numeric scale, timestamp to date).',
  fix: 'Check every tenant for values that do not fit (e.g. SELECT count(*) … WHERE length(col) > 10), fix them first, or keep the wider type and enforce the limit with a CHECK constraint added NOT VALID.',
  check(context) {
    const out: RuleViolation[] = [];
    for (const change of context.changes) {
      if (change.kind !== 'alter-column' || context.createdTables.has(change.table)) continue;
      const { from, to } = change;
      if (from.type === to.type || typeChangeEffect(from.type, to.type) !== 'narrowing') continue;
      const step = context.plan.steps.findIndex((s) => s.changeId === change.id && s.hazards.some((h) => h.kind === 'data-loss' || h.kind === 'may-fail-on-data'));
      out.push({
        object: `${change.table}.${to.name}`,
        message: `${change.table}.${to.name} narrows from ${from.type} to ${to.type}: on tenants holding values that don't fit, ${consequence(from.type, to.type)}.`,
        step: step >= 0 ? step : undefined,
      });
    }
    return out;
  },
};
