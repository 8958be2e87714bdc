import type { LintRule, RuleViolation } from '../rule.js';
import { likelyColumnRenames } from './column-renamed.js';

/** Dropping a column loses its values (a rename-looking drop is column-renamed's). */
export const dropColumn: LintRule = {
  id: 'drop-column',
  category: 'data-loss',
  defaultSeverity: 'error',
  why: "Dropping a column deletes its values on every tenant, and code (or an ORM's cached column list) still using it fails.",
  fix: 'Stop reading and writing the column first (e.g. mark it ignored in the ORM and deploy), back up what you need, then drop it in a later release; ignore this finding with the reason once that is done.',
  check(context) {
    const renamed = new Set(likelyColumnRenames(context).map((r) => r.dropChangeId));
    const out: RuleViolation[] = [];
    for (const change of context.changes) {
      if (change.kind !== 'drop-column' || renamed.has(change.id) || context.createdTables.has(change.table)) continue;
      const from = change.column;
      const readded = context.changes.find((c) => c.kind === 'add-column' && c.table === change.table && c.column.name === from.name);
      // A generated column re-added with a new expression: its values were computed, nothing is lost.
      if (readded && from.generated !== null) continue;
      const step = context.plan.steps.findIndex((s) => s.changeId === change.id);
      out.push({
        object: `${change.table}.${from.name}`,
        message: readded
          ? `${change.table}.${from.name} becomes a generated column, which PostgreSQL can't do in place: it is dropped and added again, so its stored values are replaced by computed ones on every tenant.`
          : `Drops column ${change.table}.${from.name} (${from.type}) and its values on every tenant; queries still reading or writing ${from.name} fail.`,
        step: step >= 0 ? step : undefined,
      });
    }
    return out;
  },
};
