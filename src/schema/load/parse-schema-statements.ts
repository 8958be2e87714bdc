import { parse } from 'libpg-query';
import type { SourceLocation } from '../../errors.js';
import type { SourceText } from './source-text.js';
import { metaCommandAt } from './psql-meta-commands.js';

/** One statement as the parser saw it, before the allow-list and the scratch database. */
export interface ParsedStatement {
  readonly source: SourceText;
  /** JS string index of the statement's first token in `source.text`. */
  readonly start: number;
  /** The statement text from its first token, without the terminating semicolon. */
  readonly sql: string;
  readonly location: SourceLocation;
  readonly nodeType: string;
  /** The parse tree of the statement (the object under the node type). */
  readonly node: Record<string, unknown>;
  readonly leadingComments: readonly string[];
}

export interface SyntaxProblem {
  readonly message: string;
  readonly location: SourceLocation;
}

interface RawStmt {
  stmt: Record<string, Record<string, unknown>>;
  stmt_location?: number;
  stmt_len?: number;
}

/**
 * Splits one file into statements with the real PostgreSQL parser. A file is parsed as a whole,
 * so a statement never spans two files, and a syntax error is reported at its file:line:col.
 */
export async function parseSchemaStatements(source: SourceText): Promise<{ statements: ParsedStatement[]; problem?: SyntaxProblem }> {
  // The parser refuses empty input ("Query cannot be empty"); a file of comments declares nothing.
  if (source.skipTrivia(0).index >= source.text.length) return { statements: [] };
  let result: { stmts?: RawStmt[] };
  try {
    result = (await parse(source.text)) as { stmts?: RawStmt[] };
  } catch (error) {
    const details = (error as { sqlDetails?: { message?: string; cursorPosition?: number } }).sqlDetails;
    const raw = details?.message ?? (error instanceof Error ? error.message : String(error));
    // Bison's stack is fixed: thousands of nested parentheses exhaust it before any syntax error.
    // cursorPosition counts characters (code points) from 0, unlike stmt_location which counts bytes.
    const index = source.advanceCodePoints(0, Math.max(0, details?.cursorPosition ?? 0));
    const meta = metaCommandAt(source.text, index);
    const message = /memory exhausted|stack depth|call stack/i.test(raw)
      ? `expression nested too deeply for the parser (${raw})`
      : meta
        ? `psql meta-command ${meta} is not allowed in a schema file: it is not SQL (only the \\restrict and \\unrestrict lines pg_dump writes are skipped)`
        : raw;
    const formatted = source.format(index, message);
    return { statements: [], problem: { message: formatted.message, location: formatted.location } };
  }
  const totalBytes = Buffer.byteLength(source.text, 'utf8');
  const statements: ParsedStatement[] = [];
  for (const raw of result.stmts ?? []) {
    const byteStart = raw.stmt_location ?? 0;
    const byteEnd = raw.stmt_len === undefined || raw.stmt_len === 0 ? totalBytes : byteStart + raw.stmt_len;
    const spanStart = source.byteOffsetToIndex(byteStart);
    const spanEnd = source.byteOffsetToIndex(byteEnd);
    const { index: start, comments } = source.skipTrivia(spanStart, spanEnd);
    const [nodeType, node] = Object.entries(raw.stmt)[0] ?? ['Unknown', {}];
    statements.push({
      source,
      start,
      sql: source.text.slice(start, spanEnd).trimEnd(),
      location: source.locationAt(start),
      nodeType,
      node,
      leadingComments: comments,
    });
  }
  return { statements };
}
