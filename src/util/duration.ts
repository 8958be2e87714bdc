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

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/**
 * A duration for people, in the units the parser above reads: `850ms`, `1.2s`, `12s`, `1m 05s`,
 * `2h 03m`, `3d 04h`. The same text serves a terminal, a check run and a job summary, so it is short
 * and has at most two units, the second zero-padded so a redrawn progress line does not jitter.
 * Tenths of a second only below 10 s, where they still say something. It rounds before it picks
 * the unit, so 9.95 s is `10s` and 59.5 s is `1m 00s`, never `10.0s` or `60s`.
 * Unknown (null, NaN, ∞: an ETA before there is a rate) is `?`; a negative duration (clocks on two
 * hosts that disagree) reads as 0.
 *
 * `tenthsOfMs` keeps tenths of a millisecond below 10 ms (`0.4ms`), for a probe's latency, where
 * 0.3 ms and 0.9 ms are different readings that whole milliseconds would hide.
 */
export function formatDuration(ms: number | null, options: { readonly tenthsOfMs?: boolean } = {}): string {
  if (ms === null || !Number.isFinite(ms)) return '?';
  const t = Math.max(0, ms);
  if (options.tenthsOfMs && Math.round(t * 10) < 100) return withTenths(Math.round(t * 10), 'ms');
  if (Math.round(t) < SECOND) return `${Math.round(t)}ms`;
  if (Math.round(t / 100) < 100) return withTenths(Math.round(t / 100), 's');
  const seconds = Math.round(t / SECOND);
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 60 * 60) return `${Math.floor(seconds / 60)}m ${pad(seconds % 60)}s`;
  const minutes = Math.round(t / MINUTE);
  if (minutes < 24 * 60) return `${Math.floor(minutes / 60)}h ${pad(minutes % 60)}m`;
  const hours = Math.round(t / HOUR);
  return `${Math.floor(hours / 24)}d ${pad(hours % 24)}h`;
}

/** `1.2s`, and `2s` rather than `2.0s`. */
function withTenths(tenths: number, unit: string): string {
  return `${tenths % 10 === 0 ? tenths / 10 : (tenths / 10).toFixed(1)}${unit}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
