import { createHash } from 'node:crypto';
import { diffSchemaSet, type SchemaSetDiff } from '../diff/diff-schema-set.js';
import type { SchemaChange } from '../diff/schema-change.js';
import { fingerprintModel } from '../schema/fingerprint-model.js';
import type { SchemaSet } from '../schema/schema-set.js';
import { planSteps } from './plan-changes.js';
import { buildPlanContext, type PlanOptions } from './plan-context.js';
import type { Plan } from './step.js';

export interface SchemaSetMigration {
  readonly changes: readonly SchemaChange[];
  readonly plan: Plan;
  readonly diff: SchemaSetDiff;
}

/**
 * Diff and plan for several schemas of one database: each change is planned in its own schema's
 * context, exactly as a one-schema plan would plan it, and its steps carry the schema they run in.
 */
export function planSchemaSet(current: SchemaSet, desired: SchemaSet, options: PlanOptions = {}): SchemaSetMigration {
  const diff = diffSchemaSet(current, desired);
  const contexts = new Map(diff.parts.map((part) => [part.schema, buildPlanContext(part.current, part.desired, part.changes, options)]));
  const steps = planSteps(diff.changes, (change) => {
    const ctx = contexts.get(change.schema ?? desired.primary);
    if (!ctx) throw new Error(`planSchemaSet: no context for schema ${String(change.schema)}`);
    return ctx;
  });
  return {
    changes: diff.changes,
    diff,
    plan: { schema: desired.primary, steps, currentFingerprint: fingerprintSchemaSet(current), desiredFingerprint: fingerprintSchemaSet(desired) },
  };
}

/** sha256 over the schemas' names and model fingerprints, in name order: a set's identity. */
export function fingerprintSchemaSet(set: SchemaSet): string {
  const entries = [...set.models.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([name, model]) => [name, fingerprintModel(model)]);
  return createHash('sha256').update(JSON.stringify(entries)).digest('hex');
}
