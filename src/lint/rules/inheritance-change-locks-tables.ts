import type { LintRule, RuleViolation } from '../rule.js';
import { inheritanceSteps, sizeHint } from './plan-facts.js';

/**
 * What NO INHERIT and INHERIT lock, verified in pg_locks on PostgreSQL 15.20 and 18.4: ACCESS EXCLUSIVE on the
 * child either way (a catalog change, no scan: ~6 ms on a 2M-row child), and on the parent only
 * ACCESS SHARE (NO INHERIT) or SHARE UPDATE EXCLUSIVE (INHERIT). NO INHERIT still stops the
 * parent's readers: a query on the parent reads (and locks) its children, so it waits for the
 * child's lock; a transaction that has read the parent holds the child, so the step waits for it.
 * INHERIT is not visible to the parent's queries until it commits, so they go on.
 */
export const inheritanceChangeLocksTables: LintRule = {
  id: 'inheritance-change-locks-tables',
  category: 'blocking-lock',
  defaultSeverity: 'warning',
  why: 'ALTER TABLE … NO INHERIT / INHERIT takes ACCESS EXCLUSIVE on the child; with NO INHERIT every query that reads the parent waits too, as it reads the child, and the step waits for every transaction that has read the parent.',
  fix: 'Apply when no long transaction reads the parent: apply waits for long lock holders and retries within lock_timeout, but a parent under constant long reports may never let the child go; schedule the change for a quiet period.',
  check(context) {
    const out: RuleViolation[] = [];
    for (const { step, index, child, parent: p, added } of inheritanceSteps(context)) {
      if (step.lock !== 'ACCESS EXCLUSIVE') continue;
      const size = sizeHint(step, child);
      const message = added
        ? `ALTER TABLE ${child} INHERIT ${p} takes ACCESS EXCLUSIVE on ${child} and SHARE UPDATE EXCLUSIVE on ${p} (no scan: columns and CHECK constraints are compared in the catalog): every read and write on ${child}${size} waits until it commits; reads and writes on ${p} go on (VACUUM and schema changes on ${p} wait).`
        : `ALTER TABLE ${child} NO INHERIT ${p} takes ACCESS EXCLUSIVE on ${child} and ACCESS SHARE on ${p} (no scan); a query on ${p} reads ${child} too, so every read and write on ${child}${size} and every read, update and delete on ${p} waits until it commits (inserts into ${p} itself go on), and the step first waits for every transaction that has read ${p}.`;
      out.push({ object: child, message, step: index });
    }
    return out;
  },
};
