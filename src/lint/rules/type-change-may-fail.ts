import { typeChangeEffect } from '../../plan/column-type-change.js';
import type { LintRule, RuleViolation } from '../rule.js';

const INTEGER_DIGITS: Record<string, number> = { smallint: 5, integer: 10, bigint: 19 };
const INTEGER_RANK: Record<string, number> = { smallint: 1, integer: 2, bigint: 3 };

function parse(type: string): { base: string; mods: number[] | null } {
  const m = /^(.*?)\(([\d, ]+)\)(.*)$/.exec(type);
  if (!m) return { base: type, mods: null };
  return { base: `${m[1] ?? ''}${m[3] ?? ''}`.trim(), mods: (m[2] ?? '').split(',').map((x) => Number(x.trim())) };
}

/** Conversions where every value of `from` has a value of `to`: the cast can't fail. */
function castAlwaysSucceeds(from: string, to: string): boolean {
  if (from.endsWith('[]') && to.endsWith('[]')) return castAlwaysSucceeds(from.slice(0, -2), to.slice(0, -2));
  const a = parse(from);
  const b = parse(to);
  // Every type has a text representation.
  if (b.base === 'text' || (b.base === 'character varying' && b.mods === null)) return true;
  const ra = INTEGER_RANK[a.base];
  const rb = INTEGER_RANK[b.base];
  if (ra !== undefined && rb !== undefined) return rb >= ra;
  const digits = INTEGER_DIGITS[a.base];
  if (digits !== undefined && b.base === 'numeric') return b.mods === null || (b.mods[0] ?? 0) - (b.mods[1] ?? 0) >= digits;
  if ((a.base === 'smallint' || a.base === 'integer') && b.base === 'double precision') return true;
  if (a.base === 'smallint' && b.base === 'real') return true;
  if (a.base === 'real' && b.base === 'double precision') return true;
  if (a.base === 'date' && b.base.startsWith('timestamp')) return true;
  if (a.base.startsWith('timestamp') && b.base.startsWith('timestamp')) return true;
  if (a.base === 'json' && b.base === 'jsonb') return true;
  // numeric → numeric that is not narrowing keeps every digit (more scale, as many integer digits).
  if (a.base === 'numeric' && b.base === 'numeric') return true;
  return false;
}

/** A rewriting type change whose cast is not total (text → integer, text → uuid, varchar → enum …). */
export const typeChangeMayFail: LintRule = {
  id: 'type-change-may-fail',
  category: 'may-fail-on-data',
  defaultSeverity: 'warning',
  why: 'Changing a column to a type that not every old value converts to fails the whole ALTER on tenants holding one such value.',
  fix: "Check every tenant for values that do not convert (e.g. SELECT … WHERE col !~ '^[0-9]+$'), fix them first; or add a new column of the new type, backfill it with a tolerant conversion, and switch readers over.",
  check(context) {
    const out: RuleViolation[] = [];
    for (const change of context.changes) {
      if (change.kind !== 'alter-column' || context.createdTables.has(change.table)) continue;
      const { from, to } = change;
      if (from.type === to.type) continue;
      // Binary-compatible changes don't convert; narrowing ones are narrowing-type-change's.
      if (typeChangeEffect(from.type, to.type) !== 'rewrite' || castAlwaysSucceeds(from.type, to.type)) continue;
      const step = context.plan.steps.findIndex((s) => s.changeId === change.id && s.hazards.some((h) => h.kind === 'may-fail-on-data'));
      out.push({
        object: `${change.table}.${to.name}`,
        message: `${change.table}.${to.name} changes from ${from.type} to ${to.type}: the ALTER casts every row and fails on tenants where a value of ${change.table}.${to.name} can't be converted to ${to.type}.`,
        step: step >= 0 ? step : undefined,
      });
    }
    return out;
  },
};
