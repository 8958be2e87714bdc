import type { LintContext, RuleViolation } from './rule.js';
import { tablePart } from './object-keys.js';

/**
 * Whether a violation is about something this plan creates. A new table has no rows to rewrite,
 * scan or lose and no readers to block, whatever a rule concluded.
 */
export function isOnCreatedObject(violation: RuleViolation, context: LintContext): boolean {
  if (violation.step !== undefined && context.plan.steps[violation.step]?.onNewObject) return true;
  const created = context.createdTables;
  if (created.has(violation.object)) return true;
  const table = tablePart(violation.object);
  if (table) return created.has(table);
  const indexTable = context.desired.tables.find((t) => t.indexes.some((i) => i.name === violation.object))?.name;
  return indexTable !== undefined && created.has(indexTable);
}
