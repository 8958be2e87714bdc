import type { SourceLocation } from '../../errors.js';

/**
 * One schema file's text with the offset conversions error messages need. libpg-query reports
 * statement spans in UTF-8 bytes but syntax-error cursors in characters, and PostgreSQL reports
 * error positions in characters too, so every offset is turned into a JS string index first.
 */
export class SourceText {
  private readonly lineStarts: number[] = [0];
  private bytes: Buffer | undefined;

  constructor(
    /** The name shown in messages (relative to the working directory when inside it). */
    readonly file: string,
    readonly text: string,
  ) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
  }

  get lines(): readonly string[] {
    return this.text.split(/\r?\n/);
  }

  byteOffsetToIndex(byteOffset: number): number {
    this.bytes ??= Buffer.from(this.text, 'utf8');
    return this.bytes.subarray(0, byteOffset).toString('utf8').length;
  }

  /** The index `count` code points after `start` (characters as PostgreSQL counts them). */
  advanceCodePoints(start: number, count: number): number {
    let index = start;
    for (let n = 0; n < count && index < this.text.length; n++) {
      const code = this.text.codePointAt(index) ?? 0;
      index += code > 0xffff ? 2 : 1;
    }
    return index;
  }

  private lineOf(index: number): number {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.lineStarts[mid] ?? 0) <= index) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** 1-based line and column; the column counts code points, as editors show them. */
  locationAt(index: number): SourceLocation {
    const line = this.lineOf(index);
    const start = this.lineStarts[line] ?? 0;
    return { file: this.file, line: line + 1, column: [...this.text.slice(start, index)].length + 1 };
  }

  lineText(line: number): string {
    const start = this.lineStarts[line - 1] ?? this.text.length;
    const end = this.lineStarts[line] ?? this.text.length + 1;
    return this.text.slice(start, end - 1).replace(/\r$/, '');
  }

  /** `file:line:col: message` followed by the source line and a caret under the column. */
  format(index: number, message: string): { message: string; location: SourceLocation } {
    const location = this.locationAt(index);
    return { message: `${formatLocation(location)}: ${message}\n${this.excerpt(location)}`, location };
  }

  excerpt(location: SourceLocation): string {
    let chars = [...this.lineText(location.line)];
    let column = location.column;
    // A very long line (generated SQL, deep nesting) is cut to a window around the column.
    if (chars.length > EXCERPT_WIDTH) {
      const from = Math.max(0, Math.min(column - 1 - EXCERPT_WIDTH / 2, chars.length - EXCERPT_WIDTH));
      const window = chars.slice(from, from + EXCERPT_WIDTH);
      chars = [...(from > 0 ? ['…'] : []), ...window, ...(from + EXCERPT_WIDTH < chars.length ? ['…'] : [])];
      column = column - from + (from > 0 ? 1 : 0);
    }
    const gutter = String(location.line);
    // Tabs are kept so the caret lines up whatever the terminal's tab width.
    const pad = chars
      .slice(0, column - 1)
      .map((ch) => (ch === '\t' ? '\t' : ' '))
      .join('');
    return `  ${gutter} | ${chars.join('')}\n  ${' '.repeat(gutter.length)} | ${pad}^`;
  }

  /**
   * Skips whitespace and comments from `index`; returns where the next token starts and the
   * comments passed on the way (a later lint reads `-- schemafleet:ignore` from them).
   */
  skipTrivia(index: number, end = this.text.length): { index: number; comments: string[] } {
    const comments: string[] = [];
    const t = this.text;
    let i = index;
    while (i < end) {
      const ch = t[i];
      if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\f' || ch === '\v') {
        i++;
      } else if (ch === '-' && t[i + 1] === '-') {
        const newline = t.indexOf('\n', i);
        const stop = newline === -1 || newline > end ? end : newline;
        comments.push(t.slice(i, stop).replace(/\r$/, ''));
        i = stop;
      } else if (ch === '/' && t[i + 1] === '*') {
        // PostgreSQL block comments nest.
        let depth = 1;
        let j = i + 2;
        while (j < end && depth > 0) {
          if (t[j] === '/' && t[j + 1] === '*') {
            depth++;
            j += 2;
          } else if (t[j] === '*' && t[j + 1] === '/') {
            depth--;
            j += 2;
          } else j++;
        }
        comments.push(t.slice(i, j));
        i = j;
      } else break;
    }
    return { index: i, comments };
  }
}

const EXCERPT_WIDTH = 160;

export function formatLocation(location: SourceLocation): string {
  return `${location.file}:${location.line}:${location.column}`;
}
