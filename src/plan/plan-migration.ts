import type { SchemaChange } from '../diff/schema-change.js';
import { diffSchemas } from '../diff/diff-schemas.js';
import type { SchemaModel } from '../schema/model.js';
import { planChanges, type PlanOptions } from './plan-changes.js';
import type { Plan } from './step.js';

export interface Migration {
  readonly changes: readonly SchemaChange[];
  readonly plan: Plan;
}

/** Diff and plan in one call: what the CLI, the apply engine and the fleet use. */
export function planMigration(current: SchemaModel, desired: SchemaModel, options: PlanOptions = {}): Migration {
  const changes = diffSchemas(current, desired);
  return { changes, plan: planChanges(current, desired, changes, options) };
}
