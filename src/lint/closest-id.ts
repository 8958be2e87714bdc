function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** The known id a typo most likely meant, or null when none is close enough to suggest. */
function closestId(unknown: string, known: readonly string[]): string | null {
  let best: { id: string; distance: number } | null = null;
  for (const id of known) {
    const distance = editDistance(unknown, id);
    if (!best || distance < best.distance) best = { id, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(unknown.length / 3)) ? best.id : null;
}

/** `unknown rule id (did you mean x?)`, the one wording for config keys and ignore comments. */
export function unknownRuleMessage(id: string, known: readonly string[], options: { showId?: boolean } = {}): string {
  const suggestion = closestId(id, known);
  return `unknown rule id${options.showId ? ` ${id}` : ''}${suggestion ? ` (did you mean ${suggestion}?)` : ''}`;
}
