import { quoteIdent } from '../util/quote-ident.js';
import type { Plan } from './step.js';

/**
 * A plan as one SQL script a person can read or run with psql: search_path first, groups wrapped
 * in BEGIN/COMMIT, statements that can't run in a transaction block marked.
 */
export function renderPlanSql(plan: Plan): string {
  const lines: string[] = [`SET search_path TO ${quoteIdent(plan.schema)};`];
  let openGroup: number | null = null;
  // A plan of several schemas: each step runs in its own, as the apply session does it.
  let searchPath = plan.schema;
  for (const step of plan.steps) {
    if (openGroup !== null && step.group !== openGroup) {
      lines.push('COMMIT;');
      openGroup = null;
    }
    if (step.group !== null && openGroup === null) {
      lines.push('', 'BEGIN;');
      openGroup = step.group;
    } else if (openGroup === null) {
      lines.push('');
    }
    if (step.schema !== undefined && step.schema !== searchPath) {
      lines.push(`SET search_path TO ${quoteIdent(step.schema)};`);
      searchPath = step.schema;
    }
    if (!step.transactional) lines.push('-- non-transactional: run outside a transaction block');
    lines.push(`${step.sql};`);
  }
  if (openGroup !== null) lines.push('COMMIT;');
  return `${lines.join('\n')}\n`;
}
