import type { Plan } from '../../plan/step.js';

/**
 * The JSON shape other tools script against (documented in README.md, "CLI"). Fields may be
 * added; none of these may be renamed or dropped.
 */
export function planToJson(plan: Plan): Record<string, unknown> {
  return {
    schema: plan.schema,
    currentFingerprint: plan.currentFingerprint,
    desiredFingerprint: plan.desiredFingerprint,
    steps: plan.steps.map((step) => ({
      sql: step.sql,
      transactional: step.transactional,
      lock: step.lock,
      table: step.table,
      hazards: step.hazards.map((hazard) => ({ kind: hazard.kind, message: hazard.message })),
      group: step.group,
      timeoutMs: step.timeoutMs,
      changeId: step.changeId,
      onNewObject: step.onNewObject,
      // Only in a plan of several schemas: where the step runs (its names are unqualified).
      ...(step.schema !== undefined ? { schema: step.schema } : {}),
    })),
  };
}

export function toJsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
