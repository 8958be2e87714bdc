import type { RolloutEvent, RolloutTotals } from '../../fleet/rollout-events.js';
import { summaryTable } from './summary-table.js';
import { batchReadFailedLine, ledgerWriteFailedLine, printable, type ReporterStreams, type RolloutReporter } from './rollout-reporter.js';
import { formatDuration } from '../../util/duration.js';

const BAR_WIDTH = 24;
const CLEAR_LINE = '\r\u001b[2K';

/**
 * A terminal: one progress line redrawn in place on stderr (bar, counts, rate, ETA, pause state),
 * with failures and pauses printed above it as they happen; the summary table on stdout at the end.
 */
export function ttyProgressReporter(streams: ReporterStreams): RolloutReporter {
  let totals: RolloutTotals | null = null;
  let rate = 0;
  let etaMs: number | null = null;
  const pauses = new Map<string, string>();
  let drawn = false;

  const draw = (): void => {
    if (!totals) return;
    const done = totals.tenants - totals.pending;
    const filled = totals.tenants > 0 ? Math.round((done / totals.tenants) * BAR_WIDTH) : 0;
    const bar = `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]`;
    const paused = pauses.size > 0 ? ` · PAUSED ${[...pauses.entries()].map(([where, why]) => `${where}: ${why}`).join('; ')}` : '';
    streams.stderr(
      `${CLEAR_LINE}${bar} ${done}/${totals.tenants} · ${totals.migrated} migrated · ${totals.unchanged} unchanged · ${totals.failed} failed · ${rate.toFixed(1)}/s · ETA ${formatDuration(etaMs)}${paused}`,
    );
    drawn = true;
  };
  const above = (text: string): void => {
    streams.stderr(`${drawn ? CLEAR_LINE : ''}${text}\n`);
    drawn = false;
    draw();
  };

  return {
    onEvent(event: RolloutEvent) {
      switch (event.type) {
        case 'rollout-started':
          totals = { tenants: event.tenants ?? 0, migrated: 0, unchanged: 0, failed: 0, skipped: 0, cancelled: 0, pending: event.tenants ?? 0 };
          draw();
          break;
        case 'progress':
          totals = event.totals;
          rate = event.tenantsPerSecond;
          etaMs = event.etaSeconds === null ? null : event.etaSeconds * 1000;
          draw();
          break;
        case 'tenant-finished':
          if (event.outcome === 'failed') {
            const [first, ...rest] = event.error?.message.split('\n') ?? [];
            above(`failed ${printable(event.tenantId)}: ${printable(first ?? '')}${event.error?.sqlstate ? ` (SQLSTATE ${event.error.sqlstate})` : ''}`);
            for (const more of rest) above(`  ${printable(more)}`);
          }
          break;
        case 'waiting':
          above(printable(event.reason));
          break;
        case 'paused':
          pauses.set(event.cluster ?? 'all', event.reason);
          above(`paused ${event.cluster ?? 'all clusters'}: ${event.reason}`);
          break;
        case 'resumed':
          pauses.delete(event.cluster ?? 'all');
          above(`resumed ${event.cluster ?? 'all clusters'} after ${formatDuration(event.pausedMs)}`);
          break;
        case 'failure-budget-spent':
          above(`failure budget spent: ${event.failed} failed (budget ${event.budget}); no new tenant starts`);
          break;
        case 'aborted':
          above(`aborted: ${event.reason}`);
          break;
        case 'ledger-write-failed':
          above(ledgerWriteFailedLine(event));
          break;
        case 'batch-read-failed':
          above(batchReadFailedLine(event));
          break;
        default:
          break;
      }
    },
    finish(summary) {
      if (drawn) streams.stderr('\n');
      streams.stdout(summaryTable(summary));
    },
  };
}
