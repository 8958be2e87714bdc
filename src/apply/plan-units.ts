import type { Plan } from '../plan/step.js';

/**
 * What runs as one piece: a transaction (one or more transactional steps that share a group) or a
 * lone non-transactional step. A failure undoes the whole unit (when it is a transaction) and a
 * retry runs the whole unit again.
 */
export interface ApplyUnit {
  readonly transactional: boolean;
  readonly stepIndexes: readonly number[];
}

/**
 * Splits a plan into units in plan order. Steps of one group must be adjacent: running them
 * together would otherwise reorder the plan, which the planner ordered by dependencies.
 */
export function planUnits(plan: Plan): ApplyUnit[] {
  const units: { transactional: boolean; stepIndexes: number[]; group: number | null }[] = [];
  const closedGroups = new Set<number>();
  plan.steps.forEach((step, index) => {
    const last = units.at(-1);
    if (!step.transactional) {
      if (step.group !== null && last?.group === step.group) {
        throw new Error(`invalid plan: step ${index + 1} cannot run in a transaction but shares group ${step.group} with a transactional step`);
      }
      if (last?.group != null) closedGroups.add(last.group);
      units.push({ transactional: false, stepIndexes: [index], group: null });
      return;
    }
    if (step.group !== null && last?.group === step.group) {
      last.stepIndexes.push(index);
      return;
    }
    if (last?.group != null) closedGroups.add(last.group);
    if (step.group !== null && closedGroups.has(step.group)) {
      throw new Error(`invalid plan: the steps of group ${step.group} are not adjacent (step ${index + 1})`);
    }
    units.push({ transactional: true, stepIndexes: [index], group: step.group });
  });
  return units.map(({ transactional, stepIndexes }) => ({ transactional, stepIndexes }));
}
