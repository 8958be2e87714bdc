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

const LEDGER_WRITES: Record<Extract<RolloutEvent, { type: 'ledger-write-failed' }>['operation'], string> = {
  record: 'the result of tenant',
  heartbeat: 'the heartbeat',
  'release-claims': 'the release of unfinished claims',
  'set-state': "the rollout's state",
};

/** Said by every reporter: the run goes on, but the ledger (and so `status`) lags behind the log until a later write. */
export function ledgerWriteFailedLine(event: Extract<RolloutEvent, { type: 'ledger-write-failed' }>): string {
  const what = LEDGER_WRITES[event.operation];
  return `ledger write failed: ${what}${event.tenantId !== null ? ` ${printable(event.tenantId)}` : ''} was not saved: ${printable(event.message)}`;
}

/** Said by every reporter: nothing is lost, but the batch costs a read (and a lock) per tenant; on every batch, a slow rollout. */
export function batchReadFailedLine(event: Extract<RolloutEvent, { type: 'batch-read-failed' }>): string {
  return `batch ${event.batch}: the shared read of ${plural(event.tenants, 'tenant')} in db ${printable(event.database)} failed: ${printable(event.message)}; they are read one by one instead (slower)`;
}

/** Tenant ids come from users' systems: control characters would redraw a terminal, so they are escaped. */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
