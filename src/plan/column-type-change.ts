/**
 * How an ALTER COLUMN … TYPE behaves, from the two format_type spellings. Binary-compatible changes
 * (verified on PostgreSQL 15: varchar widening, varchar ↔ text, numeric precision up at the same
 * scale, dropping a length/precision limit) only touch the catalog; everything else rewrites the
 * table, and a narrowing change can also lose or reject data.
 */
export type TypeChangeEffect = 'binary-compatible' | 'rewrite' | 'narrowing';

interface ParsedType {
  readonly base: string;
  readonly mods: readonly number[] | null;
}

function parse(type: string): ParsedType {
  const m = /^(.*?)\(([\d, ]+)\)(.*)$/.exec(type);
  if (!m) return { base: type, mods: null };
  return { base: `${m[1] ?? ''}${m[3] ?? ''}`.trim(), mods: (m[2] ?? '').split(',').map((x) => Number(x.trim())) };
}

const STRING = new Set(['character varying', 'text']);
const PRECISION_TYPES = new Set(['timestamp without time zone', 'timestamp with time zone', 'time without time zone', 'time with time zone', 'interval']);
const INTEGER_RANK: Record<string, number> = { smallint: 1, integer: 2, bigint: 3 };

export function typeChangeEffect(from: string, to: string): TypeChangeEffect {
  if (from === to) return 'binary-compatible';
  const a = parse(from);
  const b = parse(to);
  if (STRING.has(a.base) && STRING.has(b.base)) {
    const limitTo = b.base === 'text' ? null : (b.mods?.[0] ?? null);
    const limitFrom = a.base === 'text' ? null : (a.mods?.[0] ?? null);
    if (limitTo === null) return 'binary-compatible';
    if (limitFrom !== null && limitTo >= limitFrom) return 'binary-compatible';
    return 'narrowing';
  }
  if (a.base === b.base && a.base === 'bit varying') {
    if (b.mods === null || (a.mods !== null && (b.mods[0] ?? 0) >= (a.mods[0] ?? 0))) return 'binary-compatible';
    return 'narrowing';
  }
  if (a.base === 'numeric' && b.base === 'numeric') {
    if (b.mods === null) return 'binary-compatible';
    if (a.mods === null) return 'narrowing';
    const [p1 = 0, s1 = 0] = a.mods;
    const [p2 = 0, s2 = 0] = b.mods;
    if (s1 === s2) return p2 >= p1 ? 'binary-compatible' : 'narrowing';
    return p2 - s2 < p1 - s1 || s2 < s1 ? 'narrowing' : 'rewrite';
  }
  if (a.base === b.base && PRECISION_TYPES.has(a.base)) {
    if (b.mods === null || (a.mods !== null && (b.mods[0] ?? 0) >= (a.mods[0] ?? 0))) return 'binary-compatible';
    return 'narrowing';
  }
  if (a.base === 'cidr' && b.base === 'inet') return 'binary-compatible';
  const ra = INTEGER_RANK[a.base];
  const rb = INTEGER_RANK[b.base];
  if (ra !== undefined && rb !== undefined) return rb < ra ? 'narrowing' : 'rewrite';
  if (b.base === 'date' && a.base.startsWith('timestamp')) return 'narrowing';
  if (a.base === 'double precision' && b.base === 'real') return 'narrowing';
  return 'rewrite';
}

const ASSIGNMENT_FAMILIES: readonly (readonly string[])[] = [
  ['character varying', 'text', 'character', '"char"', 'name'],
  ['smallint', 'integer', 'bigint', 'numeric', 'real', 'double precision'],
  ['timestamp without time zone', 'timestamp with time zone', 'date'],
  ['time without time zone', 'time with time zone'],
  ['bit', 'bit varying'],
  ['cidr', 'inet'],
];

/**
 * Whether ALTER COLUMN … TYPE needs a `USING col::type` clause. Without one PostgreSQL applies the
 * assignment cast, which REJECTS a value that does not fit (a string too long, a number out of
 * range); an explicit `::type` silently truncates strings instead. So the clause is written only
 * where no assignment cast exists (text → integer, …), and narrowing a varchar fails loudly on
 * the tenants whose data would not fit rather than cutting their data.
 */
export function needsUsingCast(from: string, to: string): boolean {
  const a = parse(from).base;
  const b = parse(to).base;
  if (a === b) return false;
  return !ASSIGNMENT_FAMILIES.some((family) => family.includes(a) && family.includes(b));
}

const STRING_TYPES = new Set(['character varying', 'text', 'character']);
const INTEGER_TYPES = ['smallint', 'integer', 'bigint'];
/** Built-in explicit casts between types of different families (pg_cast), as `from>to`. */
const DIRECT_CASTS = new Set([
  'integer>boolean',
  'boolean>integer',
  'json>jsonb',
  'jsonb>json',
  ...['boolean', 'numeric', 'real', 'double precision', ...INTEGER_TYPES].map((to) => `jsonb>${to}`),
  '"char">integer',
  'integer>"char"',
]);

/**
 * The USING expression of an ALTER COLUMN … TYPE that needs one (see needsUsingCast). A direct
 * `col::type` only parses into a cast where PostgreSQL has one: every type converts to and from
 * text, but there is no cast from integer to an enum, from an enum to integer, from timestamptz to
 * integer, …; for those the value goes through its text form, which is what a direct cast would
 * do with a text column and fails (the step's "may fail on existing data") where a value does not fit.
 */
export function usingExpression(column: string, from: string, to: string): string {
  const a = parse(from).base;
  const b = parse(to).base;
  const direct = STRING_TYPES.has(a) || STRING_TYPES.has(b) || DIRECT_CASTS.has(`${a}>${b}`) || (a.endsWith('[]') && b.endsWith('[]'));
  return direct ? `${column}::${to}` : `${column}::text::${to}`;
}
