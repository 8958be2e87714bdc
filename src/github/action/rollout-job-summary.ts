import type { RolloutSummary } from '../../fleet/rollout/run-rollout.js';
import { totalsTable } from '../../report/check-run/check-run-output.js';
import { formatDuration } from '../../util/duration.js';
import { codeCell, tableCell } from '../../util/table-cell.js';
import type { PlanGroup } from './plan-groups.js';
import { plural } from '../../util/plural.js';

const MAX_FAILURES = 200;
const MAX_GROUPS = 50;

const STATE_LINE: Record<RolloutSummary['state'], string> = {
  succeeded: '✅ Rollout succeeded',
  failed: '❌ Rollout failed',
  aborted: '🛑 Rollout aborted',
  cancelled: '🛑 Rollout cancelled',
  'dry-run': '🔍 Dry run',
};

/** The job summary of a rollout: totals, plans by fingerprint, failures. */
export function rolloutJobSummary(summary: RolloutSummary, options: { readonly checkRunUrl?: string | null; readonly groups?: readonly PlanGroup[] }): string {
  const dryRun = summary.state === 'dry-run';
  const lines: string[] = ['## schemafleet rollout', ''];
  const facts = [`**${STATE_LINE[summary.state]}** in ${formatDuration(summary.durationMs)}`, `${summary.tenantsPerSecond.toFixed(2)} tenants/s`];
  if (!dryRun) facts.push(`rollout ${codeCell(summary.rolloutId, 80)}${summary.resumed ? ' (resumed)' : ''}`);
  if (options.checkRunUrl) facts.push(`[check run](${options.checkRunUrl})`);
  lines.push(facts.join(' · '), '');
  if (summary.stopReason) lines.push(`**Stopped:** ${tableCell(summary.stopReason, 300)}`, '');
  lines.push(totalsTable(summary.totals, dryRun), '');
  if (summary.worker.tenants !== summary.totals.tenants && !dryRun) lines.push(`This worker finished ${summary.worker.tenants} of them.`, '');
  const groups = options.groups ?? [];
  if (groups.length > 0) {
    lines.push(`### Plans by live-state fingerprint (${groups.length})`, '', '| Fingerprint | Steps | Tenants | Examples |', '|---|---:|---:|---|');
    for (const group of groups.slice(0, MAX_GROUPS)) {
      lines.push(`| ${codeCell(group.fingerprint, 16)} | ${group.steps} | ${group.tenants} | ${group.examples.map((id) => codeCell(id, 60)).join(', ')} |`);
    }
    if (groups.length > MAX_GROUPS) lines.push('', `…and ${groups.length - MAX_GROUPS} more.`);
    lines.push('');
  }
  if (summary.failures.length > 0) {
    lines.push(`### Failed tenants (${summary.totals.failed})`, '', '| Tenant | SQLSTATE | Error |', '|---|---|---|');
    for (const failure of summary.failures.slice(0, MAX_FAILURES)) {
      lines.push(`| ${codeCell(failure.tenantId, 120)} | ${failure.sqlstate ? codeCell(failure.sqlstate, 10) : ''} | ${tableCell(failure.message, 500)} |`);
    }
    if (summary.failures.length > MAX_FAILURES) lines.push('', `…and ${summary.failures.length - MAX_FAILURES} more (\`schemafleet status --format json\` lists them).`);
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}

/** The `result` output: machine-readable totals of the run. */
export function rolloutResult(summary: RolloutSummary, groups: readonly PlanGroup[]): Record<string, unknown> {
  return {
    state: summary.state,
    rolloutId: summary.state === 'dry-run' ? null : summary.rolloutId,
    totals: summary.totals,
    worker: summary.worker,
    durationMs: summary.durationMs,
    tenantsPerSecond: summary.tenantsPerSecond,
    distinctPlans: Math.max(summary.distinctPlans, groups.length),
    failed: summary.failures.map((failure) => failure.tenantId).slice(0, 100),
    stopReason: summary.stopReason,
  };
}
