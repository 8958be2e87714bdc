/**
 * pg_dump (PostgreSQL 13.22, 14.19, 15.14, 16.10, 17.6, 18.0 and later) wraps its output in
 * `\restrict <key>` … `\unrestrict <key>`, psql meta-commands that stop a dump from running other
 * meta-commands. They are not SQL: the parser would stop at the backslash. Blanking them with
 * spaces keeps every other statement at its own line and column. Any other meta-command is left
 * in place, so the parser refuses it where it stands.
 */
const RESTRICT_LINE = /^\\(?:un)?restrict(?:[ \t]+[^\n]*)?$/gm;

export function blankRestrictLines(text: string): string {
  return text.replace(RESTRICT_LINE, (line) => ' '.repeat(line.length));
}

/** `\connect` when the line at `index` is a psql meta-command, for an error that names it. */
export function metaCommandAt(text: string, index: number): string | undefined {
  const lineStart = text.lastIndexOf('\n', index - 1) + 1;
  return /^\\[A-Za-z!?]+/.exec(text.slice(lineStart, lineStart + 64))?.[0];
}
