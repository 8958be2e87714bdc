import { parseDurationMs } from '../../util/duration.js';

/** A duration in the config file: what parseDurationMs reads, or a number of milliseconds; always positive. */
export function parseConfigDuration(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? Math.round(value) : null;
  if (typeof value !== 'string') return null;
  const ms = parseDurationMs(value);
  if (ms === null) return null;
  // 0 would mean "no timeout" to PostgreSQL, which is never what a rollout wants.
  return ms > 0 ? ms : null;
}
