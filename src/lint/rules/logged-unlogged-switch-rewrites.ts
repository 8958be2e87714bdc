import type { LintRule, RuleViolation } from '../rule.js';
import { hasHazard, locksExistingTable, sizeHint, stepsWithChanges } from './plan-facts.js';

/** SET LOGGED / SET UNLOGGED copies the whole table into a new file under ACCESS EXCLUSIVE. */
export const loggedUnloggedSwitchRewrites: LintRule = {
  id: 'logged-unlogged-switch-rewrites',
  category: 'table-rewrite',
  defaultSeverity: 'error',
  why: 'SET LOGGED and SET UNLOGGED rewrite the table under ACCESS EXCLUSIVE; SET LOGGED also writes all of it to the WAL (replicas lag), SET UNLOGGED stops replicating it and empties it after a crash.',
  fix: 'Create a new table with the wanted persistence, copy rows in batches and swap names in a short transaction; or switch only while the table is small.',
  check(context) {
    const out: RuleViolation[] = [];
    for (const { step, index, change } of stepsWithChanges(context)) {
      if (change?.kind !== 'alter-table' || change.from.unlogged === change.to.unlogged) continue;
      if (!hasHazard(step, 'table-rewrite') || !locksExistingTable(context, step)) continue;
      const table = change.to.name;
      const verb = change.to.unlogged ? 'SET UNLOGGED' : 'SET LOGGED';
      out.push({
        object: table,
        message: `${verb} rewrites ${table}${sizeHint(step, table)} under ACCESS EXCLUSIVE: every read and write on ${table} waits until the copy finishes.${
          change.to.unlogged ? ` Afterwards ${table} is not replicated and is emptied after a crash.` : ` The whole table goes through the WAL: replicas fall behind while it is copied.`
        }`,
        step: index,
      });
    }
    return out;
  },
};
