import type { SchemaModel } from '../../schema/model.js';
import { quoteIdent } from '../../util/quote-ident.js';
import type { LintRule, RuleViolation } from '../rule.js';

/** What uses the collation in the current schema: columns, the indexes on them or naming it, domains, composite types. */
function usersOf(model: SchemaModel, collation: string): string[] {
  const users: string[] = [];
  const clause = `COLLATE ${quoteIdent(collation)}`;
  for (const t of model.tables) {
    const columns = t.columns.filter((c) => c.collation === collation).map((c) => c.name);
    users.push(...columns.map((c) => `column ${t.name}.${c}`));
    for (const i of t.indexes) if (i.columns.some((c) => columns.includes(c)) || i.definition.includes(clause)) users.push(`index ${i.name}`);
  }
  for (const d of model.domains) if (d.collation === collation) users.push(`domain ${d.name}`);
  for (const c of model.compositeTypes) if (c.attributes.some((a) => a.collation === collation)) users.push(`type ${c.name}`);
  return users;
}

/**
 * No ALTER COLLATION changes a definition, so the planner drops the collation and creates it again
 * (diff-collations.ts). PostgreSQL refuses DROP COLLATION while anything uses it (verified on
 * PostgreSQL 15), so such a plan fails at that step; and were it forced, indexes sorted under the
 * old rules would be read under the new ones. A collation nothing uses is redefined quietly.
 */
export const collationRedefinedInUse: LintRule = {
  id: 'collation-redefined-in-use',
  category: 'breaks-running-code',
  defaultSeverity: 'error',
  why: 'A collation cannot be altered: the plan drops and re-creates it, which PostgreSQL refuses while a column, index or domain uses it; and a new definition changes how those values sort and compare.',
  fix: 'Create the new definition under a new name, move the columns to it (their indexes are rebuilt: see collation-change-rebuilds-indexes), and drop the old collation once nothing uses it.',
  check(context) {
    const out: RuleViolation[] = [];
    for (const change of context.changes) {
      if (change.kind !== 'drop-collation') continue;
      const name = change.collation.name;
      const next = context.desired.collations.find((c) => c.name === name);
      if (!next) continue;
      const users = usersOf(context.current, name);
      if (users.length === 0) continue;
      const step = context.plan.steps.findIndex((s) => s.changeId === change.id);
      out.push({
        object: name,
        message: `Collation ${name} is redefined (${change.collation.definition} → ${next.definition}), so the plan drops and re-creates it; ${users.join(', ')} use${users.length === 1 ? 's' : ''} it, so DROP COLLATION fails (cannot drop collation ${name} because other objects depend on it), and under the new definition their values would sort and compare differently.`,
        step: step >= 0 ? step : undefined,
      });
    }
    return out;
  },
};
