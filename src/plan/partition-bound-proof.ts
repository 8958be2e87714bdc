import { scanTopLevel } from '../util/split-top-level.js';

/**
 * ATTACH PARTITION of a table that already has rows scans it under ACCESS EXCLUSIVE to prove every
 * row fits the bound, unless a validated CHECK constraint already implies the partition constraint
 * (PostgreSQL's documented way round it). This builds that CHECK's expression from the parent's
 * partition key (pg_get_partkeydef) and the bound (pg_get_expr of relpartbound), in the shape
 * PostgreSQL gives the partition constraint itself, so its prover sees the two as the same:
 * - RANGE on one column: `col IS NOT NULL AND col >= lower AND col < upper` (MINVALUE / MAXVALUE
 *   leave their side out);
 * - LIST on one column: `col IS NOT NULL AND col = ANY (ARRAY[…])`, or `col IS NULL OR …` when the
 *   list holds NULL.
 * Anything else (several key columns, an expression, a collation or operator class of its own, HASH,
 * DEFAULT) gets null: the plan attaches with the scan, as before, and the linter says so. A proof
 * PostgreSQL does not accept only costs that scan, never a wrong attach: ATTACH still checks.
 */
export function partitionBoundProof(partitionKey: string | null, bound: string): string | null {
  // Backslash escapes (E'…' strings) are not worth a parser of their own: attach with the scan.
  if (bound.includes('\\')) return null;
  const key = /^(RANGE|LIST) \(("(?:[^"]|"")+"|[a-z_][a-z0-9_$]*)\)$/.exec(partitionKey ?? '');
  if (!key) return null;
  const [, strategy, column] = key as unknown as [string, 'RANGE' | 'LIST', string];
  if (strategy === 'RANGE') {
    const range = /^FOR VALUES FROM \((.*)\) TO \((.*)\)$/s.exec(bound);
    if (!range) return null;
    const lower = splitValues(range[1]!);
    const upper = splitValues(range[2]!);
    if (lower?.length !== 1 || upper?.length !== 1) return null;
    const parts = [`${column} IS NOT NULL`];
    if (lower[0] !== 'MINVALUE') parts.push(`${column} >= ${lower[0]}`);
    if (upper[0] !== 'MAXVALUE') parts.push(`${column} < ${upper[0]}`);
    return parts.join(' AND ');
  }
  const list = /^FOR VALUES IN \((.*)\)$/s.exec(bound);
  const values = list ? splitValues(list[1]!) : null;
  if (!values || values.length === 0) return null;
  const nonNull = values.filter((value) => value !== 'NULL');
  const match = nonNull.length === 1 ? `${column} = ${nonNull[0]}` : `${column} = ANY (ARRAY[${nonNull.join(', ')}])`;
  if (nonNull.length === values.length) return `${column} IS NOT NULL AND ${match}`;
  return nonNull.length === 0 ? `${column} IS NULL` : `${column} IS NULL OR ${match}`;
}

/** The comma-separated values of a bound; null when its quotes or parentheses do not close (not a bound this understands). */
function splitValues(text: string): string[] | null {
  const { parts, balanced } = scanTopLevel(text);
  return balanced && parts.length > 0 && parts.every((value) => value.length > 0) ? parts : null;
}
