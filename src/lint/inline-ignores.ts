import { readFileSync } from 'node:fs';
import type { SchemaStatement } from '../schema/load/load-desired-schema.js';
import type { FindingLocation } from './object-location.js';

/** `-- schemafleet:ignore <rule-id> <reason>` read from the comments before a statement. */
export interface InlineIgnore {
  /** null when the comment names no rule. */
  readonly rule: string | null;
  /** Empty when none was given (an error: every silenced risk needs its why). */
  readonly reason: string;
  readonly statement: SchemaStatement;
  readonly location: FindingLocation;
}

const MARKER = /^schemafleet:ignore\b\s*(.*)$/s;

function commentBody(comment: string): string {
  if (comment.startsWith('--')) return comment.slice(2).trim();
  return comment
    .replace(/^\/\*+/, '')
    .replace(/\*+\/$/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Line of each leading comment. SchemaStatement keeps comments as text only, so they are found
 * again in the file, walking up from the statement; when the file cannot be read (a model built
 * in memory) they are placed on the statement's own line.
 */
function commentLines(statement: SchemaStatement, fileLines: (file: string) => readonly string[] | null): number[] {
  const comments = statement.leadingComments;
  const lines = fileLines(statement.location.file);
  const result = comments.map(() => statement.location.line);
  if (!lines) return result;
  let cursor = statement.location.line - 2;
  for (let i = comments.length - 1; i >= 0; i--) {
    const firstLine = (comments[i] ?? '').split('\n')[0]?.trim() ?? '';
    let found = cursor;
    while (found >= 0 && !(lines[found] ?? '').includes(firstLine)) found--;
    if (found < 0) break;
    result[i] = found + 1;
    cursor = found - 1;
  }
  return result;
}

export function readInlineIgnores(statements: readonly SchemaStatement[]): InlineIgnore[] {
  const cache = new Map<string, readonly string[] | null>();
  const fileLines = (file: string): readonly string[] | null => {
    if (!cache.has(file)) {
      try {
        cache.set(file, readFileSync(file, 'utf8').split('\n'));
      } catch {
        cache.set(file, null);
      }
    }
    return cache.get(file) ?? null;
  };
  const ignores: InlineIgnore[] = [];
  for (const statement of statements) {
    if (!statement.leadingComments.some((c) => c.includes('schemafleet:ignore'))) continue;
    const lines = commentLines(statement, fileLines);
    statement.leadingComments.forEach((comment, index) => {
      const match = MARKER.exec(commentBody(comment));
      if (!match) return;
      const [rule = '', ...reason] = (match[1] ?? '').trim().split(/\s+/);
      ignores.push({
        rule: rule || null,
        reason: reason.join(' '),
        statement,
        location: { file: statement.location.file, line: lines[index] ?? statement.location.line },
      });
    });
  }
  return ignores;
}
