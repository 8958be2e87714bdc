import type { Constraint } from '../../schema/model.js';
import type { LintRule, RuleViolation } from '../rule.js';

/** The primary key of an existing table is replaced or removed. */
export const primaryKeyChanged: LintRule = {
  id: 'primary-key-changed',
  category: 'breaks-running-code',
  defaultSeverity: 'warning',
  why: 'Changing or dropping a primary key breaks what relies on it: foreign keys that reference it, ON CONFLICT clauses and ORMs that identify rows by it, and logical replication of UPDATE/DELETE.',
  fix: 'Expand/contract: add the new key as a UNIQUE constraint first, move foreign keys, ON CONFLICT targets and ORM mappings over to it, then swap the primary key in a later release.',
  check(context) {
    const out: RuleViolation[] = [];
    for (const from of context.current.tables) {
      const to = context.desired.tables.find((t) => t.name === from.name);
      if (!to || context.createdTables.has(from.name)) continue;
      const oldKey = from.constraints.find((c) => c.kind === 'primary key' && !c.inherited);
      if (!oldKey) continue;
      const newKey = to.constraints.find((c) => c.kind === 'primary key' && !c.inherited);
      const same = (a: Constraint, b: Constraint) => a.definition.replace(/\s+NOT VALID$/, '') === b.definition.replace(/\s+NOT VALID$/, '');
      if (newKey && same(oldKey, newKey)) continue;
      const changeIds = new Set([`replace-constraint:${from.name}.${oldKey.name}`, `drop-constraint:${from.name}.${oldKey.name}`]);
      const step = context.plan.steps.findIndex((s) => changeIds.has(s.changeId));
      const referencing = context.current.tables.flatMap((t) =>
        t.constraints.filter((c) => c.kind === 'foreign key' && !c.inherited && c.references?.table === from.name).map((c) => `${t.name}.${c.name}`),
      );
      const refs = referencing.length > 0 ? ` Foreign keys ${referencing.join(', ')} reference ${from.name} today.` : '';
      const oldCols = `(${oldKey.columns.join(', ')})`;
      out.push({
        object: `${from.name}.${oldKey.name}`,
        message: newKey
          ? `The primary key of ${from.name} changes from ${oldCols} to (${newKey.columns.join(', ')}): ON CONFLICT ${oldCols} clauses, ORMs and replicas that identify rows of ${from.name} by ${oldCols} break.${refs}`
          : `The primary key ${oldKey.name} ${oldCols} of ${from.name} is dropped: ON CONFLICT ${oldCols} clauses and ORMs that identify rows by it break, and UPDATE/DELETE on ${from.name} fail under logical replication (no replica identity).${refs}`,
        step: step >= 0 ? step : undefined,
      });
    }
    return out;
  },
};
