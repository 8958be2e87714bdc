import { openFleetLedger } from '../../fleet/ledger/open-fleet-ledger.js';
import type { LedgerStatus } from '../../fleet/ledger/index.js';
import { totalsTable } from '../../report/check-run/check-run-output.js';
import { formatDuration } from '../../util/duration.js';
import { codeCell, tableCell } from '../../util/table-cell.js';
import type { ActionDeps } from './action-deps.js';
import type { ActionInputs } from './action-inputs.js';
import type { ActionSecrets } from './action-secrets.js';
import { loadActionFleet } from './action-fleet.js';
import type { ModeResult } from './mode-result.js';

const MAX_FAILURES = 200;

/** mode: status: the newest rollout in the ledger, read only, as a job summary and the `result` output. */
export async function runStatusMode(inputs: ActionInputs, deps: ActionDeps, secrets: ActionSecrets): Promise<ModeResult> {
  const fleet = await loadActionFleet(inputs, deps, secrets);
  const ledger = await openFleetLedger(fleet.config, fleet.allTenants);
  let status: LedgerStatus | null;
  try {
    status = await ledger.status(undefined, { failureLimit: 1_000 });
  } finally {
    await ledger.close().catch(() => undefined);
  }
  if (!status) {
    deps.core.info('no rollout in the ledger yet');
    await deps.core.writeSummary('## schemafleet status\n\nNo rollout in the ledger yet.\n');
    return { ok: true, result: { state: null }, plan: '' };
  }
  const { rollout, totals } = status;
  deps.core.info(`rollout ${rollout.id}: ${rollout.state}; ${totals.tenants - totals.pending}/${totals.tenants} done, ${totals.failed} failed`);
  await deps.core.writeSummary(secrets.redact(statusSummary(status)));
  return {
    ok: true,
    result: {
      state: rollout.state,
      rolloutId: rollout.id,
      commit: rollout.commit,
      requested: rollout.requested,
      totals,
      failed: status.failures.map((f) => f.tenantId).slice(0, 100),
      workers: status.workers.length,
    },
    plan: '',
  };
}

function statusSummary(status: LedgerStatus): string {
  const { rollout, totals } = status;
  const lines = ['## schemafleet status', ''];
  const facts = [`**Rollout** ${codeCell(rollout.id, 80)}: **${rollout.state}**`, `schema \`${rollout.schemaHash.slice(0, 12)}\``];
  if (rollout.commit) facts.push(`commit \`${rollout.commit.slice(0, 12)}\``);
  if (rollout.actor) facts.push(`by ${tableCell(rollout.actor, 60)}`);
  lines.push(facts.join(' · '), '');
  lines.push(`Started ${rollout.createdAt.toISOString()}${rollout.finishedAt ? `, finished ${rollout.finishedAt.toISOString()}` : ''}.`, '');
  if (rollout.requested) lines.push(`**Standing request:** ${rollout.requested}${rollout.requestedBy ? ` by ${tableCell(rollout.requestedBy, 60)}` : ''}`, '');
  lines.push(totalsTable(totals, false), '');
  if (status.workers.length > 0) {
    lines.push(`### Workers (${status.workers.length})`, '', '| Worker | Last heartbeat | Claimed |', '|---|---:|---:|');
    for (const worker of status.workers) lines.push(`| ${codeCell(worker.id, 100)} | ${formatDuration(worker.heartbeatAgeMs)} ago | ${worker.claimed} |`);
    lines.push('');
  }
  if (status.failedTotal > 0) {
    lines.push(`### Failed tenants (${status.failedTotal})`, '', '| Tenant | Attempts | SQLSTATE | Error |', '|---|---:|---|---|');
    for (const failure of status.failures.slice(0, MAX_FAILURES)) {
      lines.push(`| ${codeCell(failure.tenantId, 120)} | ${failure.attempts} | ${failure.sqlstate ? codeCell(failure.sqlstate, 10) : ''} | ${tableCell(failure.message ?? 'failed', 500)} |`);
    }
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}
