import type { ChangeOf, CommentTarget } from '../diff/schema-change.js';
import { quoteLiteral } from '../util/quote-ident.js';
import type { PlanContext, StepDraft } from './plan-context.js';
import { qi } from './sql-fragments.js';

function targetSql(t: CommentTarget): string {
  const table = t.table !== undefined ? qi(t.table) : '';
  switch (t.kind) {
    case 'column':
      return `COLUMN ${table}.${qi(t.name)}`;
    case 'constraint':
    case 'trigger':
    case 'policy':
      return `${t.kind.toUpperCase()} ${qi(t.name)} ON ${table}`;
    case 'domain constraint':
      return `CONSTRAINT ${qi(t.name)} ON DOMAIN ${table}`;
    case 'function':
    case 'procedure':
      return `${t.kind.toUpperCase()} ${qi(t.name)}(${t.arguments ?? ''})`;
    default:
      return `${t.kind.toUpperCase()} ${qi(t.name)}`;
  }
}

export function planSetComment(ctx: PlanContext, change: ChangeOf<'set-comment'>): StepDraft[] {
  const value = change.comment === null ? 'NULL' : quoteLiteral(change.comment);
  if (change.target.kind === 'schema') {
    // The plan does not know the tenant's schema name: the comment goes on whatever search_path names.
    const literal = change.comment === null ? 'NULL' : quoteLiteral(change.comment);
    return [{ sql: `DO $sf$ BEGIN EXECUTE format('COMMENT ON SCHEMA %I IS %s', current_schema(), ${literal === 'NULL' ? "'NULL'" : `quote_literal(${literal})`}); END $sf$` }];
  }
  const t = change.target;
  const owner = t.kind === 'table' || t.kind === 'column' ? (t.kind === 'table' ? t.name : (t.table ?? null)) : null;
  const isNew = owner !== null && ctx.newTables.has(owner);
  const lock = owner !== null && !isNew ? ('SHARE UPDATE EXCLUSIVE' as const) : null;
  return [{ sql: `COMMENT ON ${targetSql(t)} IS ${value}`, lock, table: lock ? owner : null, onNewObject: isNew }];
}
