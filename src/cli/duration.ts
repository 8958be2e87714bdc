const UNIT_MS = { ms: 1, s: 1_000, m: 60_000 } as const;

/** `2s`, `500ms`, `1.5s`, `1m`, or a bare number of milliseconds (as PostgreSQL reads it); null when unreadable. */
export function parseDurationMs(text: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*$/i.exec(text);
  if (!match?.[1]) return null;
  const unit = (match[2]?.toLowerCase() ?? 'ms') as keyof typeof UNIT_MS;
  return Math.round(Number(match[1]) * UNIT_MS[unit]);
}

export function formatDuration(ms: number): string {
  return ms < 1_000 ? `${Math.round(ms)}ms` : `${(ms / 1_000).toFixed(ms < 10_000 ? 1 : 0)}s`;
}
