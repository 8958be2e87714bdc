/**
 * The SQL plan of a review with each step's facts on the line above it: its number (findings name
 * steps by it), the lock it takes on an existing table, whether it runs outside a transaction, and
 * its hazards ("DATA LOSS" where a column is dropped). A plan too long to read in a comment is shown
 * in summary form: only the steps that lock an existing table or carry a hazard.
 */
import type { Plan, PlanStep } from '../../plan/step.js';
import { fencedBlock } from '../markdown.js';
import { plural } from '../../util/plural.js';
import { hazardLabels } from './step-risk.js';

/** Past this many characters of SQL a plan is not read in a comment; it is summarised instead. */
export const PLAN_SQL_BUDGET = 12_000;

/** A short plan is shown open: its hazards are the review. */
const OPEN_STEPS = 12;

/** Whether the statement's first line names the table, so the note need not repeat it. */
function namesTable(step: PlanStep, table: string): boolean {
  const first = step.sql.split('\n', 1)[0] ?? '';
  return new RegExp(`(^|[\\s."(])${table.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[\\s;(])`).test(first);
}

function stepNote(step: PlanStep, index: number): string {
  const facts = [`${index + 1}`];
  if (step.lock && step.table && !step.onNewObject) facts.push(namesTable(step, step.table) ? step.lock : `${step.lock} on ${step.table}`);
  if (!step.transactional) facts.push('outside a transaction');
  const hazards = hazardLabels(step);
  if (hazards.length > 0) facts.push(`⚠ ${hazards.join(', ')}`);
  return `-- ${facts.join(' · ')}`;
}

/**
 * A statement as the comment shows it. A multi-line statement that carries no hazard (a new
 * table's or view's definition: the pull request's own diff shows it) is cut to its first line;
 * the check run and job summary show it whole.
 */
function shownSql(step: PlanStep, whole: boolean): string {
  if (whole || !step.sql.includes('\n') || step.hazards.length > 0) return `${step.sql};`;
  const lines = step.sql.split('\n');
  return `${lines[0]} … -- ${lines.length} lines`;
}

function stepSql(step: PlanStep, index: number, whole = true): string {
  return `${stepNote(step, index)}\n${shownSql(step, whole)}`;
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

/**
 * The plan section, or '' for an empty plan. `budget` bounds the SQL shown (characters);
 * `wholeStatements` false cuts hazard-free definitions to their first line (the comment; the check
 * run shows them whole).
 */
export function renderPlan(plan: Plan | null, budget = PLAN_SQL_BUDGET, wholeStatements = true): string {
  if (!plan || plan.steps.length === 0) return '';
  const summary = `SQL plan: ${counts(plan)}`;
  // Each step opens with its `--` note, so no blank line is needed between them.
  const all = plan.steps.map((step, index) => stepSql(step, index, wholeStatements)).join('\n');
  if (all.length <= budget) {
    const open = plan.steps.length <= OPEN_STEPS ? ' open' : '';
    return [`<details${open}><summary>${summary}</summary>`, '', fencedBlock(all, 'sql'), '', '</details>'].join('\n');
  }
  const shown: string[] = [];
  let length = 0;
  let risky = 0;
  plan.steps.forEach((step, index) => {
    if (!isRisky(step)) return;
    risky++;
    const sql = stepSql(step, index, wholeStatements);
    if (length + sql.length + 1 > budget) return;
    shown.push(sql);
    length += sql.length + 1;
  });
  const left = risky - shown.length;
  const quiet = plan.steps.length - risky;
  const note = `Summary form: the ${plural(risky, 'step')} that ${risky === 1 ? 'locks an existing table or carries' : 'lock an existing table or carry'} a hazard${left > 0 ? ` (${shown.length} shown, ${left} more in the full review)` : ''}${quiet > 0 ? `; the other ${quiet} lock no existing table and carry none` : ''}.`;
  const body = shown.length > 0 ? ['', fencedBlock(shown.join('\n'), 'sql')] : [];
  return [`<details><summary>${summary}</summary>`, '', note, ...body, '', '</details>'].join('\n');
}
