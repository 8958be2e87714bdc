import type { Plan, PlanStep } from '../../src/plan/step.js';

/** A hand-written step with the facts the apply engine reads; the rest defaulted. */
export function step(sql: string, facts: Partial<PlanStep> = {}): PlanStep {
  return {
    sql,
    transactional: true,
    lock: null,
    table: null,
    hazards: [],
    group: null,
    timeoutMs: 30_000,
    changeId: 'test',
    onNewObject: false,
    ...facts,
  };
}

export function plan(steps: PlanStep[], schema = 'public'): Plan {
  return { schema, steps, currentFingerprint: 'current', desiredFingerprint: 'desired' };
}
