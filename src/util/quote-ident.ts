import { QUOTED_KEYWORDS } from './postgres-keywords.js';

const BARE_IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/** Same result as PostgreSQL's quote_ident: bare only when it would read back unchanged. */
export function quoteIdent(name: string): string {
  if (BARE_IDENTIFIER.test(name) && !QUOTED_KEYWORDS.has(name)) return name;
  return `"${name.replaceAll('"', '""')}"`;
}

/** A string literal that survives any standard_conforming_strings setting (E'' when needed). */
export function quoteLiteral(value: string): string {
  const doubled = value.replaceAll("'", "''");
  if (value.includes('\\')) return `E'${doubled.replaceAll('\\', '\\\\')}'`;
  return `'${doubled}'`;
}

/**
 * A name derived from `base` that fits PostgreSQL's 63-byte identifier limit. Truncation is by
 * bytes on a character boundary, so the same input always gives the same name.
 */
export function derivedName(base: string, suffix: string): string {
  const limit = 63 - Buffer.byteLength(suffix, 'utf8');
  let head = base;
  while (Buffer.byteLength(head, 'utf8') > limit) head = [...head].slice(0, -1).join('');
  return head + suffix;
}
