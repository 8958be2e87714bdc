import type { LintRule, RuleViolation } from '../rule.js';

/** Dropping a standalone sequence loses its counter. */
export const dropSequence: LintRule = {
  id: 'drop-sequence',
  category: 'data-loss',
  defaultSeverity: 'warning',
  why: 'Dropping a sequence loses its current value on every tenant: a sequence created again starts over and hands out numbers already in use.',
  fix: 'Make sure nothing calls nextval() on it any more; if it comes back under another name, create it with START WITH above the highest value in use on every tenant (setval).',
  check(context) {
    const out: RuleViolation[] = [];
    for (const change of context.changes) {
      if (change.kind !== 'drop-sequence') continue;
      const s = change.sequence;
      const step = context.plan.steps.findIndex((x) => x.changeId === change.id);
      const users = context.current.tables.flatMap((t) => t.columns.filter((c) => c.dependsOn.includes(`sequence:${s.name}`)).map((c) => `${t.name}.${c.name}`));
      out.push({
        object: s.name,
        message: `Drops sequence ${s.name} and its current value on every tenant${users.length > 0 ? ` (used by the default of ${users.join(', ')})` : ''}; code calling nextval('${s.name}') fails, and a re-created sequence would restart at ${s.start}.`,
        step: step >= 0 ? step : undefined,
      });
    }
    return out;
  },
};
