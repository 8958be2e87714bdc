import type { Plan, PlanStep } from '../plan/step.js';
import { plural } from '../util/plural.js';

// The two judgements `schemafleet apply` and the fleet rollout share, so a plan is refused and a
// target counts as done by the same rule (and told in the same words) whichever runs it.

/** Steps that would remove data: the caller must opt in to them. */
function destructiveSteps(plan: Plan): PlanStep[] {
  return plan.steps.filter((step) => step.hazards.some((hazard) => hazard.kind === 'data-loss'));
}

export interface DestructiveRefusal {
  /** One line: how many steps would lose data, and the first of them. */
  readonly message: string;
  /** Every such step with its number in the plan, one per line, for callers that show them all. */
  readonly list: string;
}

/** Why `plan` may not run: it has data-losing steps and they were not allowed; null when it may. */
export function destructiveRefusal(plan: Plan, allowDestructive: boolean): DestructiveRefusal | null {
  const destructive = destructiveSteps(plan);
  if (destructive.length === 0 || allowDestructive) return null;
  return {
    message: `${plural(destructive.length, 'step')} would lose data (first: ${destructive[0]?.sql ?? ''})`,
    list: destructive.map((step) => `  ${plan.steps.indexOf(step) + 1}. ${step.sql}`).join('\n'),
  };
}

export interface ReplanFailure {
  /** One line: every step ran, yet a fresh plan is not empty; with the first step it still wants. */
  readonly message: string;
  /** What the fresh plan still wants, one step per line. */
  readonly list: string;
  readonly remaining: readonly PlanStep[];
}

/**
 * The verification: a target counts as migrated only when a plan made afresh from its state after
 * the steps is empty; "all statements succeeded" is not the same as "the schema is right" (a
 * concurrent change, a planner gap, an IF NOT EXISTS that kept an INVALID index, …). null: done.
 */
export function verificationFailure(fresh: Plan): ReplanFailure | null {
  if (fresh.steps.length === 0) return null;
  return {
    message: `verification failed: every step ran, but a fresh plan still has ${plural(fresh.steps.length, 'step')} (first: ${fresh.steps[0]?.sql ?? ''})`,
    list: fresh.steps.map((step) => `  ${step.sql}`).join('\n'),
    remaining: fresh.steps,
  };
}
