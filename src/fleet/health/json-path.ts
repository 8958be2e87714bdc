/**
 * The subset of JSONPath a metrics API needs: `a.b`, `a[0]`, `a["odd key"]`, an optional leading `$`.
 * Enough for `data.result[0].value[1]` (Prometheus) without a dependency.
 */
type Segment = string | number;

export function parseJsonPath(path: string): Segment[] {
  const segments: Segment[] = [];
  let text = path.trim();
  if (text.startsWith('$')) text = text.slice(1);
  if (text.startsWith('.')) text = text.slice(1);
  let i = 0;
  const fail = (why: string): never => {
    throw new Error(`bad jsonPath ${JSON.stringify(path)}: ${why}`);
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '.') {
      i++;
      if (i >= text.length || text[i] === '.' || text[i] === '[') fail('expected a name after .');
      continue;
    }
    if (ch === '[') {
      const close = text.indexOf(']', i);
      if (close < 0) fail('missing ]');
      const inner = text.slice(i + 1, close).trim();
      if (/^\d+$/.test(inner)) segments.push(Number(inner));
      else if (/^"(?:[^"\\]|\\.)*"$/.test(inner)) segments.push(JSON.parse(inner) as string);
      else if (/^'[^']*'$/.test(inner)) segments.push(inner.slice(1, -1));
      else fail('expected an index or a quoted name');
      i = close + 1;
      continue;
    }
    const match = /^[^.[\]]+/.exec(text.slice(i));
    if (!match) fail('expected a name');
    segments.push(match![0]);
    i += match![0].length;
  }
  return segments;
}

export function evaluateJsonPath(document: unknown, path: string): unknown {
  let current: unknown = document;
  let walked = '$';
  for (const segment of parseJsonPath(path)) {
    walked += typeof segment === 'number' ? `[${segment}]` : `.${segment}`;
    if (typeof segment === 'number') {
      if (!Array.isArray(current) || segment >= current.length) throw new Error(`${walked} not found`);
      current = current[segment];
    } else {
      if (current === null || typeof current !== 'object' || Array.isArray(current) || !Object.hasOwn(current, segment)) {
        throw new Error(`${walked} not found`);
      }
      current = (current as Record<string, unknown>)[segment];
    }
  }
  return current;
}
