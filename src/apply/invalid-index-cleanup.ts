import type pg from 'pg';
import { quoteIdent } from '../util/quote-ident.js';
import { stepSettingsSql } from './sql-text.js';

/**
 * Statements that build an index concurrently. When one fails after its catalog entry is
 * committed (lock timeout while waiting for old transactions, duplicate keys, cancellation), the
 * index stays behind INVALID: never used by queries, yet maintained on every write and in the way
 * of the next try, which fails with "already exists".
 */
export function buildsIndexConcurrently(sql: string): boolean {
  return /^\s*(?:CREATE\s+(?:UNIQUE\s+)?INDEX\s+CONCURRENTLY|REINDEX\b.*\bCONCURRENTLY)\b/is.test(sql);
}

/** The index a CREATE INDEX CONCURRENTLY names, as stored in the catalog; null when unnamed. */
export function concurrentIndexName(sql: string): string | null {
  const match = /^\s*CREATE\s+(?:UNIQUE\s+)?INDEX\s+CONCURRENTLY\s+(?:IF\s+NOT\s+EXISTS\s+)?("(?:[^"]|"")+"|[A-Za-z_\u0080-\uffff][\w$\u0080-\uffff]*)\s/i.exec(sql);
  const name = match?.[1];
  if (!name) return null;
  return name.startsWith('"') ? name.slice(1, -1).replaceAll('""', '"') : name.toLowerCase();
}

export async function invalidIndexes(client: pg.ClientBase, schema: string): Promise<string[]> {
  const result = await client.query<{ name: string }>(
    `SELECT c.relname AS name
       FROM pg_index i
       JOIN pg_class c ON c.oid = i.indexrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND NOT i.indisvalid
      ORDER BY 1`,
    [schema],
  );
  return result.rows.map((row) => row.name);
}

/**
 * The invalid indexes a failed step left. A named CREATE INDEX CONCURRENTLY leaves only the one it
 * names (even one an earlier failed run left: it is useless and in this step's way); any other step
 * (REINDEX CONCURRENTLY leaves `…_ccnew` ones, an unnamed build one with a generated name) leaves
 * those that appeared during it, so `before` lists the invalid indexes it started with. Other
 * invalid indexes are not ours to drop.
 */
export function leftoverIndexes(sql: string, before: readonly string[], after: readonly string[]): string[] {
  const named = concurrentIndexName(sql);
  if (named !== null) return after.filter((name) => name === named);
  return after.filter((name) => !before.includes(name));
}

/** DROP INDEX CONCURRENTLY takes the same locks a build does, so it gets the same timeouts. */
export async function dropIndexConcurrently(client: pg.ClientBase, schema: string, index: string, lockTimeoutMs: number, statementTimeoutMs: number): Promise<void> {
  await client.query(stepSettingsSql({ lockTimeoutMs, stepTimeoutMs: statementTimeoutMs }, false));
  await client.query(`DROP INDEX CONCURRENTLY IF EXISTS ${quoteIdent(schema)}.${quoteIdent(index)}`);
}
