import type { RolloutEvent } from '../../fleet/rollout-events.js';
import { summaryTable } from './summary-table.js';
import { batchReadFailedLine, ledgerWriteFailedLine, printable, type ReporterStreams, type RolloutReporter } from './rollout-reporter.js';
import { plural } from '../../util/plural.js';
import { formatDuration } from '../../util/duration.js';

/**
 * For logs (CI, a pipe): one line per finished tenant and a progress line every `progressEveryMs`
 * on stderr, nothing redrawn; the summary table on stdout.
 */
export function textLinesReporter(streams: ReporterStreams, options: { readonly progressEveryMs?: number } = {}): RolloutReporter {
  const every = options.progressEveryMs ?? 10_000;
  let lastProgress = 0;
  // An adaptive limit can change every half second; the log gets one line per cluster per `every`.
  const lastLimitLine = new Map<string, number>();
  const line = (text: string): void => streams.stderr(`${text}\n`);
  // In a dry run a tenant with steps to run is recorded `skipped`; what it means is that it would change.
  let dryRun = false;
  return {
    onEvent(event: RolloutEvent) {
      switch (event.type) {
        case 'rollout-started':
          dryRun = event.dryRun;
          line(`${event.dryRun ? 'dry run' : `rollout ${event.rolloutId}`}: ${event.tenants ?? 'streaming'} tenants, worker ${event.workerId}`);
          break;
        case 'tenant-finished': {
          const [first, ...rest] = event.error?.message.split('\n') ?? [];
          const error = event.error ? `: ${printable(first ?? '')}${event.error.sqlstate ? ` (SQLSTATE ${event.error.sqlstate})` : ''}` : '';
          const label = dryRun && event.outcome === 'skipped' ? 'would change' : dryRun && event.outcome === 'failed' ? 'would fail' : event.outcome;
          line(`${label.padEnd(9)} ${printable(event.tenantId)} (${plural(event.steps, 'step')}, ${formatDuration(event.durationMs)})${error}`);
          // A failure's further lines: the steps that stayed committed and the command that goes on.
          if (event.outcome === 'failed') for (const more of rest) line(`          ${printable(more)}`);
          break;
        }
        case 'tenant-retried':
          line(`retry     ${printable(event.tenantId)} attempt ${event.attempt}: ${printable(event.reason)}`);
          break;
        case 'waiting':
          line(`waiting   ${printable(event.reason)}`);
          break;
        case 'paused':
          line(`paused${event.cluster ? ` ${event.cluster}` : ''}: ${event.reason}`);
          break;
        case 'resumed':
          line(`resumed${event.cluster ? ` ${event.cluster}` : ''} after ${formatDuration(event.pausedMs)}`);
          break;
        case 'concurrency-changed':
          if (event.at - (lastLimitLine.get(event.cluster) ?? -Infinity) < every) break;
          lastLimitLine.set(event.cluster, event.at);
          line(`limit     ${event.cluster}: ${event.limit} at once (${event.reason})`);
          break;
        case 'failure-budget-spent':
          line(`failure budget spent: ${event.failed} failed (budget ${event.budget}); no new tenant starts`);
          break;
        case 'aborted':
          line(`aborted: ${event.reason}`);
          break;
        case 'ledger-write-failed':
          line(ledgerWriteFailedLine(event));
          break;
        case 'batch-read-failed':
          line(batchReadFailedLine(event));
          break;
        case 'progress':
          if (event.at - lastProgress >= every) {
            lastProgress = event.at;
            const t = event.totals;
            line(
              `progress  ${t.tenants - t.pending}/${t.tenants} done (${t.migrated} migrated, ${t.unchanged} unchanged, ${t.failed} failed) ${event.tenantsPerSecond.toFixed(1)}/s, ETA ${formatDuration(event.etaSeconds === null ? null : event.etaSeconds * 1000)}`,
            );
          }
          break;
        default:
          break;
      }
    },
    finish: (summary) => streams.stdout(summaryTable(summary)),
  };
}
