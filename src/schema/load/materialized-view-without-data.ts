/**
 * CREATE MATERIALIZED VIEW runs its query when the view is created (WITH DATA is the default). On a
 * scratch database that only costs time for a trusted schema, but a pull request's query runs with
 * whatever it can read there, and its errors (a failed cast of a string_agg, say) carry what it
 * read. The model never looks at a view's rows, so every materialized view is created WITH NO DATA.
 */
import { parse } from 'libpg-query';

interface CreateTableAsNode {
  readonly objtype?: string;
  readonly into?: { readonly skipData?: boolean };
}

async function skipsData(sql: string): Promise<boolean> {
  try {
    const result = (await parse(sql)) as { stmts?: { stmt: Record<string, CreateTableAsNode> }[] };
    const node = result.stmts?.length === 1 ? result.stmts[0]?.stmt.CreateTableAsStmt : undefined;
    return node?.objtype === 'OBJECT_MATVIEW' && node.into?.skipData === true;
  } catch {
    return false;
  }
}

/**
 * The statement with WITH NO DATA, or as it is when it already says so. The clause is appended on
 * a line of its own (the text may end in a `--` comment), or replaces an explicit trailing WITH
 * DATA; the parser decides which candidate is the clause, so `'WITH DATA'` inside a string literal
 * is never touched. Character positions before the clause are unchanged, so errors still point at
 * the right column.
 */
export async function materializedViewWithoutData(sql: string): Promise<string> {
  if (await skipsData(sql)) return sql;
  const candidates = [`${sql}\nWITH NO DATA`];
  const explicit = [...sql.matchAll(/\bWITH(\s+)DATA\b/gi)].reverse();
  for (const match of explicit) candidates.push(`${sql.slice(0, match.index)}WITH NO DATA${sql.slice(match.index + match[0].length)}`);
  for (const candidate of candidates) if (await skipsData(candidate)) return candidate;
  throw new Error(`could not add WITH NO DATA to a materialized view: ${sql.slice(0, 80)}`);
}
