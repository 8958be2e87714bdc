import type { LintRule, RuleViolation } from '../rule.js';
import { isExistingTable, stepsWithChanges } from './plan-facts.js';

/**
 * Adding a foreign key takes SHARE ROW EXCLUSIVE on the referenced table as well; dropping one
 * (or a table that has one) takes ACCESS EXCLUSIVE on it. Brief, but on a table nobody touched.
 */
export const foreignKeyLocksReferencedTable: LintRule = {
  id: 'foreign-key-locks-referenced-table',
  category: 'blocking-lock',
  defaultSeverity: 'info',
  why: 'Adding a foreign key briefly takes SHARE ROW EXCLUSIVE, and dropping one ACCESS EXCLUSIVE, on the referenced table too: that table can queue behind a long transaction.',
  fix: 'Nothing to change in the schema; apply keeps the wait short with lock_timeout and retries. Roll out when the referenced table has no long-running transactions.',
  check(context) {
    const out: RuleViolation[] = [];
    const desiredTables = new Set(context.desired.tables.map((t) => t.name));
    const seen = new Set<string>();
    for (const { index, change } of stepsWithChanges(context)) {
      if (!change || seen.has(change.id)) continue;
      if (change.kind === 'add-constraint' || change.kind === 'replace-constraint') {
        const c = change.kind === 'add-constraint' ? change.constraint : change.to;
        const ref = c.references?.table;
        // A new table's foreign key is covered by "changes on created tables never report locks".
        if (c.kind !== 'foreign key' || ref === undefined || ref === change.table) continue;
        if (!isExistingTable(context, change.table) || !isExistingTable(context, ref)) continue;
        seen.add(change.id);
        out.push({
          object: `${change.table}.${c.name}`,
          message: `Adding foreign key ${c.name} on ${change.table} also takes SHARE ROW EXCLUSIVE on the referenced table ${ref}: inserts, updates and deletes on ${ref} wait until the step commits (brief: it is added NOT VALID and validated separately).${
            change.kind === 'replace-constraint' &&
            change.from.kind === 'foreign key' &&
            change.from.references?.table !== undefined &&
            change.from.references.table !== change.table &&
            desiredTables.has(change.from.references.table)
              ? ` Dropping the old definition takes ACCESS EXCLUSIVE on ${change.from.references.table}: reads wait too.`
              : ''
          }`,
          step: index,
        });
      } else if (change.kind === 'drop-constraint') {
        const c = change.constraint;
        const ref = c.references?.table;
        if (c.kind !== 'foreign key' || ref === undefined || ref === change.table) continue;
        if (!isExistingTable(context, ref) || !desiredTables.has(ref)) continue;
        seen.add(change.id);
        out.push({
          object: `${change.table}.${c.name}`,
          message: `Dropping foreign key ${c.name} of ${change.table} takes ACCESS EXCLUSIVE on the referenced table ${ref} too: every read and write on ${ref} waits until it commits (brief, but it queues behind any long transaction on ${ref}).`,
          step: index,
        });
      } else if (change.kind === 'drop-table') {
        const refs = [
          ...new Set(
            change.table.constraints
              .filter((c) => c.kind === 'foreign key' && c.references !== null && c.references.table !== change.table.name)
              .map((c) => c.references?.table ?? '')
              .filter((r) => desiredTables.has(r) && isExistingTable(context, r)),
          ),
        ].sort();
        if (refs.length === 0) continue;
        seen.add(change.id);
        out.push({
          object: change.table.name,
          message: `Dropping table ${change.table.name} takes ACCESS EXCLUSIVE on the table${refs.length > 1 ? 's' : ''} it references (${refs.join(', ')}): every read and write on ${refs.join(', ')} waits until it commits.`,
          step: index,
        });
      }
    }
    return out;
  },
};
