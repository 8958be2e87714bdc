import type { RolloutTotals } from '../../fleet/rollout-events.js';
import { CHECK_RUN_LIMITS, type CheckRunOutput } from './check-run-types.js';
import { fitText } from './fit-text.js';
import { doneOf } from '../../fleet/rollout/rollout-progress.js';
import { codeCell, tableCell } from '../../util/table-cell.js';
import type { RolloutView } from './rollout-view.js';
import { plural } from '../../util/plural.js';
import { formatDuration } from '../../util/duration.js';

export interface RenderOptions {
  readonly now: number;
  /** Applied to every piece of text that ends up on GitHub. */
  readonly redact?: (text: string) => string;
  /** Set when a stop came from outside the rollout's own events (a signal deadline, a crash). */
  readonly stopNote?: string | null;
}

const count = new Intl.NumberFormat('en-US');

function title(view: RolloutView, stopNote: string | null): string {
  const totals = view.totals;
  const progress = totals ? `${count.format(doneOf(totals))} of ${count.format(totals.tenants)} tenants done` : 'listing tenants';
  const failed = totals && totals.failed > 0 ? ` · ${count.format(totals.failed)} failed` : '';
  const finished = view.finished;
  if (finished) {
    const t = finished.totals;
    switch (finished.state) {
      case 'succeeded':
        return `Rolled out to ${count.format(t.tenants)} tenants (${count.format(t.migrated)} migrated, ${count.format(t.unchanged)} unchanged)`;
      case 'dry-run':
        // A dry run records a tenant with steps to run as skipped: it would change.
        return `Dry run: ${count.format(t.skipped)} of ${count.format(t.tenants)} tenants would change${failed}`;
      case 'failed':
        return `Rollout failed · ${progress}${failed}`;
      case 'aborted':
        return `Rollout aborted · ${progress}${failed}`;
      case 'cancelled':
        return `Rollout cancelled · ${progress}${failed}`;
    }
  }
  if (stopNote) return `Rollout cancelled · ${progress}${failed}`;
  const prefix = view.dryRun ? 'Dry run' : 'Rolling out';
  if (view.paused.has(null)) return `Paused · ${progress}${failed}`;
  if (view.paused.size > 0) return `${prefix} · ${progress}${failed} · ${plural(view.paused.size, 'cluster')} paused`;
  return `${prefix} · ${progress}${failed}`;
}

export function totalsTable(totals: RolloutTotals, dryRun: boolean): string {
  const columns: [string, number][] = [
    ['Tenants', totals.tenants],
    ['Migrated', totals.migrated],
    ['Unchanged', totals.unchanged],
    ['Failed', totals.failed],
    [dryRun ? 'Would change' : 'Skipped', totals.skipped],
    ['Cancelled', totals.cancelled],
    ['Pending', totals.pending],
  ];
  return [`| ${columns.map(([name]) => name).join(' | ')} |`, `|${columns.map(() => '---:').join('|')}|`, `| ${columns.map(([, n]) => count.format(n)).join(' | ')} |`].join('\n');
}

function summary(view: RolloutView, options: RenderOptions): string {
  const lines: string[] = [];
  const state = view.finished ? view.finished.state : options.stopNote ? 'cancelled' : view.paused.has(null) ? 'paused' : view.rolloutId ? 'running' : 'starting';
  const facts = [`**State:** ${state}${view.dryRun && state !== 'dry-run' ? ' (dry run)' : ''}`];
  if (view.rolloutId && !view.dryRun) facts.push(`**Rollout:** ${codeCell(view.rolloutId, 80)}`);
  if (view.workerId) facts.push(`**Worker:** ${codeCell(view.workerId, 80)}`);
  lines.push(facts.join(' · '), '');
  if (view.totals) lines.push(totalsTable(view.totals, view.dryRun), '');
  const pace: string[] = [`**Rate:** ${view.tenantsPerSecond.toFixed(2)} tenants/s`];
  if (!view.finished && view.etaSeconds !== null) pace.push(`**ETA:** ${formatDuration(view.etaSeconds * 1000)}`);
  const elapsedMs = view.finished ? view.finished.durationMs : view.startedAt !== null ? options.now - view.startedAt : null;
  if (elapsedMs !== null) pace.push(`**Elapsed:** ${formatDuration(elapsedMs)}`);
  lines.push(pace.join(' · '), '');
  for (const [cluster, pause] of view.paused) {
    const since = formatDuration(options.now - pause.since);
    lines.push(cluster === null ? `⏸️ **Paused:** ${tableCell(pause.reason, 300)} (for ${since})` : `⏸️ **Cluster ${codeCell(cluster, 100)} paused:** ${tableCell(pause.reason, 300)} (for ${since})`);
  }
  if (view.paused.size > 0) lines.push('');
  if (view.budgetSpent) lines.push(`🛑 **Failure budget spent:** ${count.format(view.budgetSpent.failed)} failed, budget ${count.format(view.budgetSpent.budget)}; no new tenant starts.`, '');
  if (view.abortReason) lines.push(`🛑 **Stopped:** ${tableCell(view.abortReason, 300)}`, '');
  // The ledger (and so `status`) lags behind this report until a later write puts it right.
  if (view.ledgerWrites) lines.push(`⚠️ **Ledger writes failed:** ${count.format(view.ledgerWrites.failed)} (latest: ${tableCell(view.ledgerWrites.last, 300)})`, '');
  // Nothing is lost, but each such batch read its tenants one by one: on every batch, a much slower rollout.
  if (view.batchReads) lines.push(`⚠️ **Shared batch reads failed:** ${count.format(view.batchReads.failed)} (latest: ${tableCell(view.batchReads.last, 300)})`, '');
  if (options.stopNote) lines.push(`🛑 ${tableCell(options.stopNote, 300)}`, '');
  return lines.join('\n').trimEnd();
}

function failuresText(view: RolloutView): string | undefined {
  if (view.failures.length === 0) return undefined;
  const rows = view.failures.map((f) => `| ${codeCell(f.tenantId, 120)} | ${f.sqlstate ? codeCell(f.sqlstate, 10) : ''} | ${tableCell(f.message, 300)} |`);
  const more = view.failedSeen > view.failures.length ? `\n\n…and ${count.format(view.failedSeen - view.failures.length)} more failures (see the job summary or \`schemafleet status\`).` : '';
  return [`### Failed tenants (${count.format(view.failedSeen)})`, '', '| Tenant | SQLSTATE | Error |', '|---|---|---|', ...rows].join('\n') + more;
}

/** The check run's output for the view; every field within GitHub's limits and redacted. */
export function renderCheckRunOutput(view: RolloutView, options: RenderOptions): CheckRunOutput {
  const redact = options.redact ?? ((text: string) => text);
  const stopNote = options.stopNote ?? null;
  const text = failuresText(view);
  return {
    title: fitText(redact(title(view, stopNote)), CHECK_RUN_LIMITS.titleChars, '…'),
    summary: fitText(redact(summary(view, { ...options, stopNote })), CHECK_RUN_LIMITS.outputChars),
    ...(text ? { text: fitText(redact(text), CHECK_RUN_LIMITS.outputChars) } : {}),
  };
}
