/**
 * Whether an ADD COLUMN default is non-volatile (PostgreSQL 11+ stores it in the catalog: no
 * rewrite). The text is pg_get_expr output. Any function not known to be stable or immutable
 * counts as volatile: a wrong "volatile" costs a warning, a wrong "stable" costs an outage.
 */
const NON_VOLATILE_FUNCTIONS = new Set([
  'now',
  'statement_timestamp',
  'transaction_timestamp',
  'current_setting',
  'txid_current',
  'lower',
  'upper',
  'length',
  'coalesce',
  'nullif',
  'greatest',
  'least',
  'to_jsonb',
  'jsonb_build_object',
  'jsonb_build_array',
  'json_build_object',
  'json_build_array',
  'array',
  'make_interval',
  'make_date',
  'make_timestamp',
  'make_timestamptz',
  'date_trunc',
  'timezone',
  'concat',
  'abs',
  'round',
  'trim',
  'btrim',
  'replace',
]);

/** Words that show up before "(" in canonical defaults without being function calls. */
const TYPE_WORDS = new Set(['varying', 'character', 'numeric', 'decimal', 'timestamp', 'time', 'interval', 'bit', 'varchar', 'char', 'zone']);

export function isVolatileDefault(expression: string): boolean {
  const withoutLiterals = expression.replace(/'(?:[^']|'')*'/g, "''");
  for (const match of withoutLiterals.matchAll(/([a-zA-Z_][a-zA-Z0-9_$.]*)\s*\(/g)) {
    const name = (match[1] ?? '').toLowerCase().replace(/^pg_catalog\./, '');
    if (TYPE_WORDS.has(name) || NON_VOLATILE_FUNCTIONS.has(name)) continue;
    return true;
  }
  return false;
}
