import type { LintRule, RuleViolation } from '../rule.js';

/**
 * Attaching an existing table checks its rows against the bound; creating or attaching a partition
 * next to a DEFAULT partition checks that the default holds no row that belongs to the new bound.
 */
export const partitionBoundMayFail: LintRule = {
  id: 'partition-bound-may-fail',
  category: 'may-fail-on-data',
  defaultSeverity: 'warning',
  why: 'A partition bound is checked against existing rows: attaching fails on rows outside the bound, and a new partition fails when the DEFAULT partition already holds rows that belong to it.',
  fix: 'Move rows that do not fit (or rows of the new range out of the DEFAULT partition) before rolling out; the plan proves a one-column RANGE or LIST bound with a CHECK validated before the attach (where that validation fails instead); for other keys, add such a CHECK yourself to spare the attach its scan.',
  check(context) {
    const out: RuleViolation[] = [];
    const defaultOf = (parent: string): string | undefined =>
      context.current.tables.find(
        (t) => t.partitionOf?.parent === parent && t.partitionOf.bound === 'DEFAULT' && context.desired.tables.some((d) => d.name === t.name && d.partitionOf?.parent === parent),
      )?.name;
    const stepOf = (changeId: string) => {
      const i = context.plan.steps.findIndex((s) => s.changeId === changeId);
      return i >= 0 ? i : undefined;
    };
    for (const change of context.changes) {
      if (change.kind === 'attach-partition') {
        if (context.createdTables.has(change.parent)) continue;
        const def = change.bound === 'DEFAULT' ? undefined : defaultOf(change.parent);
        const problems: string[] = [];
        if (!context.createdTables.has(change.table)) problems.push(`where a row of ${change.table} is outside ${change.bound}`);
        if (def !== undefined) problems.push(`where the DEFAULT partition ${def} already holds rows in ${change.bound}`);
        if (problems.length === 0) continue;
        out.push({
          object: change.table,
          message: `Attaching ${change.table} to ${change.parent} ${change.bound} fails on tenants ${problems.join(', and on tenants ')}.`,
          step: stepOf(change.id),
        });
      }
      if (change.kind === 'add-table' && change.table.partitionOf) {
        const { parent, bound } = change.table.partitionOf;
        if (bound === 'DEFAULT' || context.createdTables.has(parent)) continue;
        const def = defaultOf(parent);
        if (def === undefined) continue;
        out.push({
          object: change.table.name,
          message: `Creating partition ${change.table.name} of ${parent} ${bound} scans the DEFAULT partition ${def} and fails on tenants where ${def} already holds rows in that range.`,
          step: stepOf(change.id),
        });
      }
    }
    return out;
  },
};
