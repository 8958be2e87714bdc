/**
 * `text` cut to at most `max` characters, ending with `notice` when cut. Cuts at a line break when
 * one is near, so a Markdown table never ends in half a row.
 */
export function fitText(text: string, max: number, notice = "\n\n… (cut to fit GitHub's size limit)"): string {
  if (text.length <= max) return text;
  const room = Math.max(0, max - notice.length);
  const slice = text.slice(0, room);
  const lineEnd = slice.lastIndexOf('\n');
  const cut = lineEnd > room * 0.8 ? slice.slice(0, lineEnd) : slice;
  return `${cut}${notice}`.slice(0, max);
}
