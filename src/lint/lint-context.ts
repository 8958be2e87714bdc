import type { Migration } from '../plan/plan-migration.js';
import type { SchemaModel } from '../schema/model.js';
import type { LintContext } from './rule.js';

/**
 * Builds what rules read from a computed migration. "Created" covers every relation that does not
 * exist on the current side: a brand-new table has no rows and no readers to block.
 */
export function buildLintContext(current: SchemaModel, desired: SchemaModel, migration: Migration): LintContext {
  const existing = new Set([...current.tables, ...current.views, ...current.materializedViews].map((r) => r.name));
  const createdTables = new Set([...desired.tables, ...desired.views, ...desired.materializedViews].map((r) => r.name).filter((name) => !existing.has(name)));
  return { current, desired, changes: migration.changes, plan: migration.plan, createdTables, serverVersion: current.serverVersion };
}
