/**
 * The SQL plan of a review with each step's facts on the line above it: its number (findings name
 * steps by it), the lock it takes on an existing table, whether it runs outside a transaction, and
 * its hazards ("DATA LOSS" where a column is dropped). A plan too long to read in a comment is shown
 * in summary form: only the steps that lock an existing table or carry a hazard.
 */
import type { Plan, PlanStep } from '../../plan/step.js';
import { fencedBlock, plural } from '../markdown.js';
import { hazardLabels } from './step-risk.js';

/** Past this many characters of SQL a plan is not read in a comment; it is summarised instead. */
export const PLAN_SQL_BUDGET = 12_000;

/** A short plan is shown open: its hazards are the review. */
const OPEN_STEPS = 12;

export function stepNote(step: PlanStep, index: number): string {
  const facts = [`${index + 1}`];
  if (step.lock && step.table && !step.onNewObject) facts.push(`${step.lock} on ${step.table}`);
  if (!step.transactional) facts.push('outside a transaction');
  const hazards = hazardLabels(step);
  if (hazards.length > 0) facts.push(`⚠ ${hazards.join(', ')}`);
  return `-- ${facts.join(' · ')}`;
}

function stepSql(step: PlanStep, index: number): string {
  return `${stepNote(step, index)}\n${step.sql};`;
}

/** Steps a reviewer must read even in a huge plan. */
function isRisky(step: PlanStep): boolean {
  return (step.lock !== null && !step.onNewObject) || hazardLabels(step).length > 0;
}

function counts(plan: Plan): string {
  const locking = plan.steps.filter((s) => s.lock !== null && s.table !== null && !s.onNewObject).length;
  const outside = plan.steps.filter((s) => !s.transactional).length;
  const parts = [plural(plan.steps.length, 'step'), `${locking} locking an existing table`];
  if (outside > 0) parts.push(`${outside} outside a transaction`);
  return parts.join(', ');
}

/** The plan section, or '' for an empty plan. `budget` bounds the SQL shown (characters). */
export function renderPlan(plan: Plan | null, budget = PLAN_SQL_BUDGET): string {
  if (!plan || plan.steps.length === 0) return '';
  const all = plan.steps.map(stepSql).join('\n\n');
  if (all.length <= budget) {
    const open = plan.steps.length <= OPEN_STEPS ? ' open' : '';
    return [`<details${open}><summary>SQL plan: ${counts(plan)}</summary>`, '', fencedBlock(all, 'sql'), '', '</details>'].join('\n');
  }
  const shown: string[] = [];
  let length = 0;
  let risky = 0;
  plan.steps.forEach((step, index) => {
    if (!isRisky(step)) return;
    risky++;
    const sql = stepSql(step, index);
    if (length + sql.length + 2 > budget) return;
    shown.push(sql);
    length += sql.length + 2;
  });
  const left = risky - shown.length;
  const quiet = plan.steps.length - risky;
  const note = `Summary form: the ${plural(risky, 'step')} that ${risky === 1 ? 'locks an existing table or carries' : 'lock an existing table or carry'} a hazard${left > 0 ? ` (${shown.length} shown, ${left} more in the full review)` : ''}${quiet > 0 ? `; the other ${quiet} lock no existing table and carry none` : ''}.`;
  const body = shown.length > 0 ? ['', fencedBlock(shown.join('\n\n'), 'sql')] : [];
  return [`<details><summary>SQL plan: ${counts(plan)}</summary>`, '', note, ...body, '', '</details>'].join('\n');
}
