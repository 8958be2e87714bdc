import type { SchemaModel } from '../../schema/model.js';
import { emptyModelLike } from '../../schema/empty-model.js';
import { planMigration } from '../../plan/plan-migration.js';
import { quoteIdent } from '../../util/quote-ident.js';

/** `add-table:orders` → `table orders`; `set-comment:table:orders` → `comment on table orders`. */
export function blockTitle(changeId: string): string {
  const [kind = '', ...rest] = changeId.split(':');
  const name = rest.join(':');
  if (kind === 'set-comment') return `comment on ${name.replace(':', ' ')}`;
  return `${kind
    .replace(/^add-/, '')
    .replace(/^alter-/, '')
    .replace(/-/g, ' ')} ${name}`;
}

/**
 * A schema file that declares `model`: what creating it from nothing takes, as the planner writes
 * it (so loading the file and planning it against the database it came from gives no steps),
 * one object per block under a comment that names it, in the planner's dependency order. Names are
 * left unqualified, so the file fits any tenant schema. Deterministic: the same model gives the
 * same bytes. An empty schema is declared with CREATE SCHEMA, since an empty file is refused.
 */
export function renderSchemaFile(model: SchemaModel): string {
  const { plan } = planMigration(emptyModelLike(model), model);
  const lines: string[] = [`-- Schema ${model.schema}, written by schemafleet dump. Names are unqualified: load it with --schema-name.`];
  let lastChange: string | undefined;
  for (const step of plan.steps) {
    // The steps of one change (a table and what it sets after creation) stay in one block.
    if (step.changeId !== lastChange) lines.push('', `-- ${blockTitle(step.changeId)}`);
    lastChange = step.changeId;
    lines.push(`${step.sql};`);
  }
  if (plan.steps.length === 0) lines.push('', `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(model.schema)};`);
  return `${lines.join('\n')}\n`;
}
