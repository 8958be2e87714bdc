import type { LintRule, RuleViolation } from '../rule.js';

/**
 * ALTER EXTENSION … UPDATE runs the extension's upgrade scripts, whatever they contain, as one
 * statement. The contrib updates measured on PostgreSQL 15 (citext 1.4 → 1.6, hstore 1.4 → 1.8,
 * pg_trgm 1.3 → 1.6, each with an indexed column of its type) locked no table, only the
 * extension's own functions and operators; but nothing in the catalog tells the planner what a
 * script does before it runs, so the step cannot be proven online: it is reported, not analysed.
 */
export const extensionUpdated: LintRule = {
  id: 'extension-updated',
  category: 'blocking-lock',
  defaultSeverity: 'warning',
  why: "ALTER EXTENSION … UPDATE runs the extension's upgrade scripts: they can replace functions and operators running queries use, and lock or rewrite tables that use its types; what they do is not known before they run, so the step is not proven online.",
  fix: "Read the extension's upgrade scripts (and release notes) for the versions crossed, try the update on a copy of a large tenant, and apply it in a plan of its own, in a quiet period.",
  check(context) {
    const out: RuleViolation[] = [];
    for (const change of context.changes) {
      if (change.kind !== 'alter-extension' || change.from.version === change.to.version) continue;
      const step = context.plan.steps.findIndex((s) => s.changeId === change.id);
      const others = context.plan.steps.length - 1;
      const name = change.to.name;
      out.push({
        object: name,
        message: `ALTER EXTENSION ${name} UPDATE TO '${change.to.version ?? ''}' (from ${change.from.version ?? 'an unknown version'}) runs ${name}'s upgrade scripts: they may replace functions and operators running queries use, and lock or rewrite tables that use its types; schemafleet cannot see into them, so the step is not proven online.${
          others > 0
            ? ` It shares the plan with ${others} other step${others === 1 ? '' : 's'}: apply it in a plan of its own, so that a long lock or a failure in its scripts holds up nothing else.`
            : ''
        }`,
        step: step >= 0 ? step : undefined,
      });
    }
    return out;
  },
};
