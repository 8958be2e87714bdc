import type { LockMode } from '../../plan/step.js';
import type { LintRule, RuleViolation } from '../rule.js';
import { hasHazard, locksExistingTable, lockBlocks, stepsWithChanges } from './plan-facts.js';

const BLOCKING: ReadonlySet<LockMode> = new Set(['ACCESS EXCLUSIVE', 'EXCLUSIVE', 'SHARE ROW EXCLUSIVE', 'SHARE']);

/**
 * Steps of one group commit together, so a lock taken by an early step is held until the group's
 * last step commits. When a later step rewrites or scans another table (a re-created enum moving
 * columns of several tables, …), the first table stays blocked for that whole rewrite too.
 */
export const transactionHoldsLocksDuringRewrite: LintRule = {
  id: 'transaction-holds-locks-during-rewrite',
  category: 'transaction-safety',
  defaultSeverity: 'warning',
  why: 'Locks are held until COMMIT: in a transaction that rewrites or scans one table, every table locked earlier in it stays blocked for the whole rewrite.',
  fix: "Make the change one table at a time (for an enum: stop writing the value, migrate each table's column on its own, then remove the value), so each lock window covers one table's rewrite.",
  check(context) {
    const out: RuleViolation[] = [];
    const steps = stepsWithChanges(context);
    const groups = new Map<number, typeof steps>();
    for (const s of steps) if (s.step.group !== null) groups.set(s.step.group, [...(groups.get(s.step.group) ?? []), s]);
    for (const members of groups.values()) {
      const held = new Map<string, LockMode>();
      const reported = new Set<string>();
      for (const { step, index } of members) {
        const long = hasHazard(step, 'table-rewrite') || hasHazard(step, 'table-scan');
        if (long && locksExistingTable(context, step)) {
          const others = [...held].filter(([table]) => table !== step.table && !reported.has(table));
          if (others.length > 0) {
            for (const [table] of others) reported.add(table);
            const first = members[0]?.index ?? index;
            const last = members[members.length - 1]?.index ?? index;
            const what = others.map(([table, lock]) => `${table} (${lock}: ${lockBlocks(lock)})`).join(', ');
            out.push({
              object: others[0]?.[0] ?? step.table,
              message: `Steps ${first + 1}–${last + 1} commit together, so ${what} stay${others.length === 1 ? 's' : ''} locked while step ${index + 1} ${hasHazard(step, 'table-rewrite') ? 'rewrites' : 'scans'} ${step.table}: queries on ${others.map(([t]) => t).join(', ')} wait for ${step.table}'s rewrite as well as their own.`,
              step: index,
            });
          }
        }
        if (step.lock !== null && BLOCKING.has(step.lock) && locksExistingTable(context, step)) {
          const prev = held.get(step.table);
          if (prev !== 'ACCESS EXCLUSIVE') held.set(step.table, step.lock);
        }
      }
    }
    return out;
  },
};
