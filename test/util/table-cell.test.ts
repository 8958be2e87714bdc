import { describe, expect, it } from 'vitest';
import { codeCell, tableCell } from '../../src/util/table-cell.js';

// One cell escaper for every Markdown table. The copies it replaced differed: the check run's kept
// a backslash as it was (so `a\|b` came out as `a\\|b`, whose pipe GFM reads as a column break),
// the rules index did not escape backslashes either, and line breaks became spaces in some copies
// and <br> in others.

/** The cells GFM sees in a row: split at every pipe not escaped by a backslash that is not itself escaped. */
function cellsOf(row: string): string[] {
  const cells: string[] = [];
  let current = '';
  for (let i = 0; i < row.length; i++) {
    const ch = row[i];
    if (ch === '\\' && i + 1 < row.length) {
      current += ch + row[i + 1];
      i++;
    } else if (ch === '|') {
      cells.push(current);
      current = '';
    } else current += ch;
  }
  cells.push(current);
  return cells.slice(1, -1).map((c) => c.trim());
}

describe('tableCell', () => {
  it('keeps a row at its columns whatever the text holds', () => {
    for (const text of ['a|b', 'a\\|b', 'ends with \\', 'C:\\temp\\|x', '||', 'two\nlines|x']) {
      const row = `| ${tableCell(text)} | next |`;
      expect(cellsOf(row), JSON.stringify(text)).toHaveLength(2);
      expect(row).not.toContain('\n');
    }
  });

  it('escapes backslashes, so a backslash before a pipe stays text', () => {
    expect(tableCell('a\\|b')).toBe('a\\\\\\|b');
  });

  it('keeps line breaks as <br>, trims, and bounds the text with an ellipsis', () => {
    expect(tableCell(' one\r\ntwo ')).toBe('one<br>two');
    expect(tableCell('abcdefghij', 5)).toBe('abcd…');
    expect(tableCell('abcde', 5)).toBe('abcde');
  });
});

describe('codeCell', () => {
  it('is one backtick span that neither ends early nor splits the row', () => {
    expect(codeCell('public.orders')).toBe('`public.orders`');
    expect(codeCell('a`b|c')).toBe("`a'b\\|c`");
    expect(codeCell('two\nlines')).toBe('`two lines`');
    expect(cellsOf(`| ${codeCell('x|y')} | next |`)).toHaveLength(2);
  });

  it('bounds the text inside the span', () => {
    expect(codeCell('tenant-0123456789', 8)).toBe('`tenant-…`');
  });
});
