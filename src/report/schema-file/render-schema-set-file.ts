import { planSchemaSet } from '../../plan/plan-schema-set.js';
import { emptyModelLike } from '../../schema/empty-model.js';
import type { SchemaSet } from '../../schema/schema-set.js';
import { quoteIdent, quoteLiteral } from '../../util/quote-ident.js';
import { blockTitle } from './render-schema-file.js';

/**
 * A schema file declaring several schemas (schema-set.ts): what creating them from an empty
 * primary schema takes, in the planner's order across schemas, one object per block. The other
 * schemas are declared with CREATE SCHEMA; objects keep the unqualified names the one-schema file
 * has, each schema's after a `SET search_path TO` naming it (the loader accepts a search_path over
 * the file's schemas), and references to another schema are qualified, as PostgreSQL prints them.
 * Planned against the database it came from, it gives no steps.
 */
export function renderSchemaSetFile(set: SchemaSet): string {
  const primary = set.models.get(set.primary);
  const start: SchemaSet = { ...set, models: new Map(primary ? [[set.primary, emptyModelLike(primary)]] : []) };
  const { plan, changes } = planSchemaSet(start, set);
  const byId = new Map(changes.map((c) => [c.id, c]));
  const names = [set.primary, ...[...set.models.keys()].filter((n) => n !== set.primary).sort()];
  const lines: string[] = [
    `-- Schemas ${names.join(', ')}, written by schemafleet dump. Load it with ${set.scope.map((s) => `--schema-name ${s}`).join(' ')} (the first takes unqualified names).`,
    '',
    `SET search_path TO ${quoteIdent(set.primary)};`,
  ];
  let searchPath = set.primary;
  let lastChange: string | undefined;
  for (const step of plan.steps) {
    const schema = step.schema ?? set.primary;
    if (step.changeId !== lastChange) lines.push('', `-- ${blockTitle(step.changeId)}`);
    if (schema !== searchPath && !step.changeId.startsWith('add-schema:')) {
      lines.push(`SET search_path TO ${quoteIdent(schema)};`);
      searchPath = schema;
    }
    lastChange = step.changeId;
    // The planner comments on "the current schema" through DO (one plan fits every tenant schema);
    // a schema file may not hold DO, and here the schema has a name.
    const change = byId.get(step.changeId);
    const schemaComment = change?.kind === 'set-comment' && change.target.kind === 'schema';
    lines.push(schemaComment ? `COMMENT ON SCHEMA ${quoteIdent(schema)} IS ${change.comment === null ? 'NULL' : quoteLiteral(change.comment)};` : `${step.sql};`);
  }
  return `${lines.join('\n')}\n`;
}
