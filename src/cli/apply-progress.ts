import type { ApplyProgressEvent } from '../apply/apply-types.js';
import type { CliIo } from './cli-io.js';
import { formatDuration } from '../util/duration.js';

function firstLine(sql: string): string {
  const lines = sql.trim().split('\n');
  return lines.length > 1 ? `${lines[0]} …` : (lines[0] ?? '');
}

/** Step-by-step lines on stderr while a plan runs, for whoever watches the terminal or the CI log. */
export function applyProgressPrinter(io: CliIo, totalSteps: number): (event: ApplyProgressEvent) => void {
  const label = (index: number): string => `[${index + 1}/${totalSteps}]`;
  return (event) => {
    switch (event.type) {
      case 'step-started':
        io.stderr(`${label(event.stepIndex)} ${firstLine(event.step.sql)}${event.attempt > 1 ? ` (attempt ${event.attempt})` : ''}\n`);
        break;
      case 'step-finished':
        io.stderr(`${label(event.stepIndex)} done in ${formatDuration(event.durationMs)}\n`);
        break;
      case 'step-retried':
        io.stderr(
          `${label(event.stepIndex)} ${event.error.sqlstate === '55P03' ? 'lock not granted within lock_timeout' : event.error.message}; ` +
            `retrying ${event.rerunStepIndexes.length > 1 ? `its group of ${event.rerunStepIndexes.length} steps ` : ''}in ${formatDuration(event.delayMs)}\n`,
        );
        break;
      case 'step-failed':
        io.stderr(`${label(event.stepIndex)} failed: ${event.error.message}${event.error.sqlstate ? ` (SQLSTATE ${event.error.sqlstate})` : ''}\n`);
        break;
      case 'invalid-index-dropped':
        io.stderr(`${label(event.stepIndex)} dropped the INVALID index "${event.index}" the failed build left behind\n`);
        break;
    }
  };
}
