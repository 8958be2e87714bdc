import type { RolloutEvent } from '../../fleet/rollout-events.js';
import type { RolloutSummary } from '../../fleet/rollout/run-rollout.js';
import { plural } from '../../util/plural.js';

/** Turns a rollout's events into output; `finish` writes the closing summary. */
export interface RolloutReporter {
  readonly onEvent: (event: RolloutEvent) => void;
  readonly finish: (summary: RolloutSummary) => void;
}

export interface ReporterStreams {
  /** The result: the summary table, JSON lines. */
  readonly stdout: (text: string) => void;
  /** For a human watching: progress, per-tenant lines. */
  readonly stderr: (text: string) => void;
}

export function formatSeconds(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '?';
  if (seconds < 60) return `${Math.round(seconds)}s`;
  if (seconds < 3_600) return `${Math.floor(seconds / 60)}m${String(Math.round(seconds % 60)).padStart(2, '0')}s`;
  return `${Math.floor(seconds / 3_600)}h${String(Math.floor((seconds % 3_600) / 60)).padStart(2, '0')}m`;
}

/** Tenant ids come from users' systems: control characters would redraw a terminal, so they are escaped. */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
