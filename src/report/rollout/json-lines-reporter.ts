import type { ReporterStreams, RolloutReporter } from './rollout-reporter.js';

/** One JSON object per line on stdout: every event as emitted, then `{"type":"summary",…}`. */
export function jsonLinesReporter(streams: ReporterStreams): RolloutReporter {
  return {
    onEvent: (event) => streams.stdout(`${JSON.stringify(event)}\n`),
    finish: (summary) => streams.stdout(`${JSON.stringify({ type: 'summary', ...summary })}\n`),
  };
}
