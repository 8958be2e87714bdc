import type { Table } from '../../schema/model.js';
import { objectKey } from '../../schema/model.js';
import type { LintContext, LintRule, RuleViolation } from '../rule.js';
import { stepsWithChanges } from './plan-facts.js';

/** Existing tables with a column of the domain (or an array of it). */
function tablesUsing(context: LintContext, domain: string): Table[] {
  const key = objectKey.type(domain);
  return context.current.tables.filter((t) => !context.createdTables.has(t.name) && t.columns.some((c) => c.dependsOn.includes(key) || c.type === domain || c.type === `${domain}[]`));
}

/**
 * ALTER DOMAIN … VALIDATE CONSTRAINT and ALTER DOMAIN … SET NOT NULL check every column of the
 * domain under a SHARE lock on each table using it (verified on PostgreSQL 15 and 18): writes to
 * all of them wait for the scans. ADD CONSTRAINT … NOT VALID alone takes no table lock.
 */
export const domainConstraintScansTables: LintRule = {
  id: 'domain-constraint-scans-tables',
  category: 'blocking-lock',
  defaultSeverity: 'error',
  why: 'Validating a domain constraint (or SET NOT NULL on a domain) scans every table that uses the domain under a SHARE lock: inserts, updates and deletes on all of them wait.',
  fix: 'Declare the new domain constraint NOT VALID in the schema (new and updated values are checked at once), clean existing rows, and validate it at a quiet time; or put the CHECK on the columns, where it is validated under SHARE UPDATE EXCLUSIVE.',
  check(context) {
    const out: RuleViolation[] = [];
    for (const { step, index, change } of stepsWithChanges(context)) {
      if (change?.kind !== 'alter-domain') continue;
      if (!step.hazards.some((h) => h.kind === 'validation-scan' || h.kind === 'table-scan')) continue;
      const tables = tablesUsing(context, change.to.name);
      if (tables.length === 0) continue;
      const names = tables.map((t) => t.name).sort();
      const what = change.to.notNull && !change.from.notNull && step.hazards.some((h) => h.kind === 'table-scan') ? 'SET NOT NULL on domain' : 'Validating a new constraint of domain';
      out.push({
        object: change.to.name,
        message: `${what} ${change.to.name} scans every column of that type under a SHARE lock on ${names.join(', ')}: inserts, updates and deletes on ${names.length > 1 ? 'those tables' : names[0]} wait until the scan finishes.`,
        step: index,
      });
    }
    return out;
  },
};
