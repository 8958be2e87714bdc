// Markdown table cells, for every table schemafleet writes (check runs, job summaries, preflight,
// lint findings, the rules index). A cell is one line, and nothing in it may split the row: GFM
// splits at every `|` that is not escaped, and a backslash before an escaped pipe would escape the
// backslash instead.

/** `text` cut to `max` characters, with an ellipsis when it was longer. */
function bounded(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Plain text in a cell (or a line): backslashes and pipes escaped, line breaks kept as <br>. */
export function tableCell(text: string, max = Infinity): string {
  return bounded(text.trim(), max).replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

/**
 * Text shown as code in a cell: a backtick span. Inside one a backslash is read as itself, so only
 * the pipe is escaped (GFM's table rule applies within code spans too); a backtick, which would end
 * the span, shows as `'`, and line breaks as spaces.
 */
export function codeCell(text: string, max = Infinity): string {
  return `\`${bounded(text.replace(/\r?\n/g, ' ').trim(), max).replace(/`/g, "'").replace(/\|/g, '\\|')}\``;
}
