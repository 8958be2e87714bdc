const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 } as const;

/**
 * `500ms`, `2s`, `1.5m`, `1h`, or a bare number of milliseconds. Config durations need hours
 * (statement timeouts for long steps), which the CLI's flag parser does not read.
 */
export function parseConfigDuration(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? Math.round(value) : null;
  if (typeof value !== 'string') return null;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/i.exec(value);
  if (!match?.[1]) return null;
  const unit = (match[2]?.toLowerCase() ?? 'ms') as keyof typeof UNIT_MS;
  const ms = Math.round(Number(match[1]) * UNIT_MS[unit]);
  // 0 would mean "no timeout" to PostgreSQL, which is never what a rollout wants.
  return ms > 0 ? ms : null;
}
