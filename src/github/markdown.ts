/**
 * Markdown helpers for text that comes from a pull request (object names, messages, SQL). Such text
 * is untrusted: it must not break a table row, open a code span, or smuggle HTML (a fake hidden
 * marker included) into a comment the bot owns.
 */

/** Plain text for a table cell or a line: `|`, backticks and HTML neutralised, one line. */
export function escapeText(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/`/g, '\\`')
    .replace(/\*/g, '\\*')
    .replace(/_/g, '\\_')
    .replace(/\[/g, '\\[')
    .replace(/\]/g, '\\]')
    .replace(/\r?\n/g, '<br>');
}

/**
 * An identifier shown as code. A code span cannot escape a backtick, so it is wrapped in <code>
 * with entities instead, which also keeps `|` from splitting a table row.
 */
export function codeText(text: string): string {
  const escaped = text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '&#124;')
    .replace(/`/g, '&#96;')
    .replace(/\r?\n/g, ' ');
  return `<code>${escaped}</code>`;
}

/** A fenced block whose fence is longer than any backtick run inside, so the content cannot close it. */
export function fencedBlock(content: string, language = ''): string {
  const longest = Math.max(0, ...[...content.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${language}\n${content.replace(/\n+$/, '')}\n${fence}`;
}
