import type { Collation } from '../model.js';
import { byName, commentOf, holds, notExtensionMember, queryCatalog, type CatalogContext, type CatalogScope } from './catalog.js';

/**
 * Collations of the schema. pg_collation's columns moved between releases (colliculocale in 15
 * and 16, colllocale from 17, collicurules from 16), so the row is read through to_jsonb.
 */
const COLLATIONS_SQL = (s: CatalogScope): string => `
SELECT ${s.key('co.collnamespace')}co.collname::text AS name, co.collprovider::text AS provider, co.collisdeterministic AS deterministic,
       co.collcollate AS lc_collate, co.collctype AS lc_ctype,
       COALESCE(pg_catalog.to_jsonb(co) ->> 'colllocale', pg_catalog.to_jsonb(co) ->> 'colliculocale') AS locale,
       pg_catalog.to_jsonb(co) ->> 'collicurules' AS rules,
       ${commentOf('pg_collation', 'co.oid')} AS comment
  FROM pg_catalog.pg_collation co
 WHERE ${s.in('co.collnamespace')} AND ${notExtensionMember('pg_collation', 'co.oid')}
`;

interface CollationRow {
  name: string;
  /** c (libc), i (icu), b (builtin, PostgreSQL 17+), d (default: not creatable). */
  provider: string;
  deterministic: boolean;
  lc_collate: string | null;
  lc_ctype: string | null;
  locale: string | null;
  rules: string | null;
  comment: string | null;
}

const literal = (text: string): string => `'${text.replace(/'/g, "''")}'`;
const PROVIDERS: Record<string, string> = { c: 'libc', i: 'icu', b: 'builtin' };

/** The options of CREATE COLLATION that give this collation back. */
function collationDefinition(row: Omit<CollationRow, 'name' | 'comment'>): string {
  const options = [`provider = ${PROVIDERS[row.provider] ?? row.provider}`];
  if (row.provider === 'c') options.push(`lc_collate = ${literal(row.lc_collate ?? '')}`, `lc_ctype = ${literal(row.lc_ctype ?? '')}`);
  else options.push(`locale = ${literal(row.locale ?? '')}`);
  if (row.rules) options.push(`rules = ${literal(row.rules)}`);
  if (!row.deterministic) options.push('deterministic = false');
  return options.join(', ');
}

export async function readCollations(ctx: CatalogContext): Promise<Collation[]> {
  if (!holds(ctx, 'pg_collation')) return [];
  const rows = await queryCatalog<CollationRow>(ctx, COLLATIONS_SQL);
  return byName(rows.map((row) => ({ name: row.name, definition: collationDefinition(row), comment: row.comment })));
}
