import type { LintRule, RuleViolation } from '../rule.js';
import { isTimestampZoneChange } from './column-type-rewrites-table.js';
import { locksExistingTable, sizeHint, stepsWithChanges } from './plan-facts.js';

/**
 * timestamp ↔ timestamptz: on PostgreSQL 12+ the rewrite is skipped only when the session TimeZone
 * is UTC (indexes on the column are still rebuilt); apply uses the server's TimeZone. Either way
 * the existing values are reinterpreted in that zone.
 */
export const timestampToTimestamptz: LintRule = {
  id: 'timestamp-to-timestamptz',
  category: 'table-rewrite',
  defaultSeverity: 'error',
  why: 'Converting between timestamp and timestamptz rewrites the table under ACCESS EXCLUSIVE unless the session TimeZone is UTC (PostgreSQL 12+), and reinterprets every stored value in that zone.',
  fix: "Make sure the role that applies migrations runs with TimeZone = UTC (ALTER ROLE … SET timezone = 'UTC') and that stored values are UTC: PostgreSQL 12+ then only rebuilds the indexes on the column. Otherwise add a new timestamptz column and backfill it in batches.",
  check(context) {
    const out: RuleViolation[] = [];
    for (const { step, index, change } of stepsWithChanges(context)) {
      if (change?.kind !== 'alter-column' || !isTimestampZoneChange(change.from.type, change.to.type)) continue;
      if (step.lock !== 'ACCESS EXCLUSIVE' || !step.hazards.some((h) => h.kind === 'table-rewrite') || !locksExistingTable(context, step)) continue;
      const { table, from, to } = change;
      const noRewriteIfUtc = context.serverVersion >= 120000;
      out.push({
        object: `${table}.${to.name}`,
        message: `Changing ${table}.${to.name} from ${from.type} to ${to.type} ${
          noRewriteIfUtc
            ? `rewrites ${table}${sizeHint(step, table)} under ACCESS EXCLUSIVE unless the applying session's TimeZone is UTC (then only its indexes on ${to.name} are rebuilt, still under ACCESS EXCLUSIVE)`
            : `rewrites ${table}${sizeHint(step, table)} under ACCESS EXCLUSIVE`
        }: every read and write on ${table} waits. Existing values are read as local time of that session's TimeZone.`,
        step: index,
      });
    }
    return out;
  },
};
