import type { Column, Identity, Sequence } from '../schema/model.js';
import { quoteIdent } from '../util/quote-ident.js';

export const qi = quoteIdent;

/** A collation name from the model (`C`, `en-x-icu`, or `schema.name`) as SQL. */
export function collationSql(collation: string): string {
  return collation
    .split('.')
    .map((part) => qi(part))
    .join('.');
}

function sequenceOptionsSql(s: Omit<Sequence, 'name' | 'ownedBy' | 'comment' | 'dataType' | 'unlogged'>): string {
  return `START WITH ${s.start} INCREMENT BY ${s.increment} MINVALUE ${s.min} MAXVALUE ${s.max} CACHE ${s.cache}${s.cycle ? ' CYCLE' : ' NO CYCLE'}`;
}

function identitySql(identity: Identity): string {
  return `GENERATED ${identity.generation} AS IDENTITY (${sequenceOptionsSql(identity.sequence)})`;
}

/** One column as written in CREATE TABLE / ADD COLUMN. */
export function columnDefinitionSql(column: Column): string {
  const parts = [qi(column.name), column.type];
  // Right after the type, where the grammar wants it (PostgreSQL 14+; a model read from an older server has none).
  if (column.compression !== null) parts.push(`COMPRESSION ${column.compression}`);
  if (column.collation !== null) parts.push(`COLLATE ${collationSql(column.collation)}`);
  if (column.generated !== null) parts.push(`GENERATED ALWAYS AS (${column.generated}) STORED`);
  if (column.identity !== null) parts.push(identitySql(column.identity));
  if (column.default !== null) parts.push(`DEFAULT ${column.default}`);
  if (column.notNull) parts.push('NOT NULL');
  return parts.join(' ');
}

/** pg_get_constraintdef marks unvalidated constraints; the planner decides validation itself. */
export function constraintBodySql(definition: string): string {
  return definition.replace(/\s+NOT VALID$/, '');
}

export function withOptionsSql(options: readonly string[]): string {
  return options.length > 0 ? ` WITH (${options.join(', ')})` : '';
}

/** The option names of `key=value` reloptions. */
export function optionNames(options: readonly string[]): string[] {
  return options.map((o) => o.split('=')[0] ?? o);
}

/** pg_get_viewdef ends with a semicolon and may start with whitespace. */
export function viewQuerySql(definition: string): string {
  return definition.trim().replace(/;\s*$/, '');
}
