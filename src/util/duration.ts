const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 } as const;

/**
 * `500ms`, `2s`, `1.5m`, `1h`, or a bare number of milliseconds (as PostgreSQL reads it), rounded
 * to whole milliseconds; null when unreadable. 0 reads as 0: callers that need a positive duration
 * (a lock_timeout, a config timeout) refuse it themselves, each with its own message.
 */
export function parseDurationMs(text: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/i.exec(text);
  if (!match?.[1]) return null;
  const unit = (match[2]?.toLowerCase() ?? 'ms') as keyof typeof UNIT_MS;
  return Math.round(Number(match[1]) * UNIT_MS[unit]);
}
