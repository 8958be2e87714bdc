/**
 * How one plan differs from another for the same desired schema: the steps only it has, and how
 * many of the other's it lacks. Steps match by their SQL (a multiset: a statement planned twice
 * counts twice). The drift summary uses it to say what a drifted tenant's plan does beyond the
 * plan under review.
 */
import type { Plan } from './step.js';

export interface PlanDifference {
  /** SQL of the steps `plan` has and `reference` does not, in plan order. */
  readonly extra: readonly string[];
  /** How many of `reference`'s steps `plan` does not have. */
  readonly missing: number;
}

export function planDifference(plan: Plan, reference: Plan): PlanDifference {
  const left = new Map<string, number>();
  for (const step of reference.steps) left.set(step.sql, (left.get(step.sql) ?? 0) + 1);
  const extra: string[] = [];
  for (const step of plan.steps) {
    const n = left.get(step.sql) ?? 0;
    if (n > 0) left.set(step.sql, n - 1);
    else extra.push(step.sql);
  }
  let missing = 0;
  for (const n of left.values()) missing += n;
  return { extra, missing };
}

/** A step's SQL as a short phrase for one line: its first line, cut. */
export function stepHeadline(sql: string, max = 80): string {
  const first = sql.split('\n', 1)[0]?.trim() ?? '';
  const cut = first.length > max ? `${first.slice(0, max - 1)}…` : first;
  return sql.includes('\n') && cut === first ? `${first} …` : cut;
}
