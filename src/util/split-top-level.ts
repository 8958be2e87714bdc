/** Splits `a, lower(b), "c, d"` at top-level commas, minding quotes and parentheses; `balanced` is false when a quote or parenthesis is left open. */
export function scanTopLevel(text: string): { parts: string[]; balanced: boolean } {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let current = '';
  let balanced = true;
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    if (quote) {
      current += char;
      if (char === quote) {
        if (text[i + 1] === quote) current += text[++i];
        else quote = null;
      }
      continue;
    }
    if (char === '"' || char === "'") quote = char;
    else if (char === '(') depth++;
    else if (char === ')' && --depth < 0) balanced = false;
    else if (char === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
      continue;
    }
    current += char;
  }
  if (current.trim() !== '') parts.push(current.trim());
  return { parts, balanced: balanced && quote === null && depth === 0 };
}

/** Splits `a, lower(b), "c, d"` at top-level commas, minding quotes and parentheses. */
export function splitTopLevel(text: string): string[] {
  return scanTopLevel(text).parts;
}
