import { splitTopLevel } from '../util/split-top-level.js';
import type { Index } from './model.js';

/** The text inside the parenthesis that opens at `open`, minding quotes. */
function parenthesised(text: string, open: number): string | null {
  let depth = 0;
  let quote: string | null = null;
  for (let i = open; i < text.length; i++) {
    const char = text[i];
    if (quote) {
      if (char === quote) quote = null;
      continue;
    }
    if (char === '"' || char === "'") quote = char;
    else if (char === '(') depth++;
    else if (char === ')' && --depth === 0) return text.slice(open + 1, i);
  }
  return null;
}

/**
 * Key expressions of an index: `Index.columns` lists the INCLUDE columns after them, and those are
 * part of neither uniqueness nor the key a foreign key can reference.
 */
export function uniqueIndexKeys(index: Index): string[] {
  const def = index.definition;
  const includeAt = def.search(/\) INCLUDE \(/);
  if (includeAt < 0) return [...index.columns];
  const included = parenthesised(def, def.indexOf('(', includeAt + 2));
  const includeCount = included === null ? 0 : splitTopLevel(included).length;
  return index.columns.slice(0, Math.max(0, index.columns.length - includeCount));
}
