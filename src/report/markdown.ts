/**
 * Markdown helpers for text that comes from a pull request (object names, messages, SQL). Such text
 * is untrusted: it must not break a table row, open a code span, or smuggle HTML (a fake hidden
 * marker included) into a comment the bot owns.
 */

/** Plain text for a table cell or a line: `|`, backticks and HTML neutralised, one line. */
export function escapeText(text: string): string {
  return (
    text
      .replace(/\\/g, '\\\\')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/\|/g, '\\|')
      .replace(/`/g, '\\`')
      .replace(/\*/g, '\\*')
      // GFM never reads an underscore between letters or digits as emphasis (snake_case names stay as they are).
      .replace(/(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, '\\_')
      .replace(/\[/g, '\\[')
      .replace(/\]/g, '\\]')
      .replace(/\r?\n/g, '<br>')
  );
}

/**
 * An identifier shown as code: a backtick span when that is safe (nothing inside one is read as
 * Markdown or HTML), else <code> with entities, since a code span cannot escape a backtick and a
 * `|` in one would still split a table row.
 */
export function codeText(text: string): string {
  if (/^[^`|\r\n]+$/.test(text) && text.trim() === text) return `\`${text}\``;
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '&#124;').replace(/`/g, '&#96;').replace(/\r?\n/g, ' ');
  return `<code>${escaped}</code>`;
}

/** A fenced block whose fence is longer than any backtick run inside, so the content cannot close it. */
export function fencedBlock(content: string, language = ''): string {
  const longest = Math.max(0, ...[...content.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${language}\n${content.replace(/\n+$/, '')}\n${fence}`;
}
