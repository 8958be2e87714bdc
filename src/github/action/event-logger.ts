import type { RolloutEvent } from '../../fleet/rollout-events.js';
import { plural } from '../../util/plural.js';
import { formatDuration } from '../../util/duration.js';
import { batchReadFailedLine, ledgerWriteFailedLine } from '../../report/rollout/rollout-reporter.js';

const PROGRESS_EVERY_MS = 30_000;

/** The rollout in the workflow log: phase changes and failures as they happen, progress twice a minute. */
export function eventLogger(info: (line: string) => void): (event: RolloutEvent) => void {
  let lastProgress = 0;
  // An adaptive limit can change every half second: one line per cluster per PROGRESS_EVERY_MS.
  const lastLimitLine = new Map<string, number>();
  return (event) => {
    switch (event.type) {
      case 'rollout-started':
        info(`rollout ${event.rolloutId} started (worker ${event.workerId}${event.tenants !== null ? `, ${event.tenants} tenants` : ''}${event.dryRun ? ', dry run' : ''})`);
        break;
      case 'tenant-finished':
        if (event.outcome === 'failed') info(`tenant ${event.tenantId} failed: ${event.error?.message ?? 'failed'}${event.error?.sqlstate ? ` (SQLSTATE ${event.error.sqlstate})` : ''}`);
        break;
      case 'waiting':
        info(event.reason);
        break;
      case 'paused':
        info(`paused${event.cluster ? ` cluster ${event.cluster}` : ''}: ${event.reason}`);
        break;
      case 'resumed':
        info(`resumed${event.cluster ? ` cluster ${event.cluster}` : ''} after ${formatDuration(event.pausedMs)}`);
        break;
      case 'concurrency-changed':
        if (event.at - (lastLimitLine.get(event.cluster) ?? -Infinity) < PROGRESS_EVERY_MS) break;
        lastLimitLine.set(event.cluster, event.at);
        info(`cluster ${event.cluster}: ${plural(event.limit, 'tenant')} at once (${event.reason})`);
        break;
      case 'failure-budget-spent':
        info(`failure budget spent: ${event.failed} failed, budget ${event.budget}`);
        break;
      case 'aborted':
        info(`stopping: ${event.reason}`);
        break;
      case 'ledger-write-failed':
        info(ledgerWriteFailedLine(event));
        break;
      case 'batch-read-failed':
        info(batchReadFailedLine(event));
        break;
      case 'progress': {
        if (event.at - lastProgress < PROGRESS_EVERY_MS) break;
        lastProgress = event.at;
        const t = event.totals;
        info(
          `progress: ${t.tenants - t.pending}/${t.tenants} done (${t.migrated} migrated, ${t.unchanged} unchanged, ${t.failed} failed), ${event.tenantsPerSecond} tenants/s${event.etaSeconds !== null ? `, ETA ${formatDuration(event.etaSeconds * 1000)}` : ''}`,
        );
        break;
      }
      case 'rollout-finished':
        info(
          `rollout ${event.state}: ${event.totals.migrated} migrated, ${event.totals.unchanged} unchanged, ${event.totals.failed} failed, ${event.totals.skipped} skipped, ${event.totals.cancelled} cancelled, ${event.totals.pending} pending`,
        );
        break;
      default:
        break;
    }
  };
}
