import type { RolloutSummary } from '../../fleet/rollout/run-rollout.js';
import { printable } from './rollout-reporter.js';
import { formatDuration } from '../../util/duration.js';

const MAX_FAILURES_SHOWN = 50;

/** The closing table every text reporter prints: counts, throughput, and each failure with its SQLSTATE. */
export function summaryTable(summary: RolloutSummary): string {
  const { totals } = summary;
  const lines: string[] = [];
  const headline = summary.state === 'dry-run' ? 'dry run' : `rollout ${summary.rolloutId} ${summary.state}`;
  lines.push(`${headline} in ${formatDuration(summary.durationMs)} (${summary.tenantsPerSecond.toFixed(1)} tenants/s${summary.resumed ? ', resumed' : ''})`);
  if (summary.stopReason) lines.push(`stopped: ${summary.stopReason}`);
  const rows: [string, number][] = [
    ['migrated', totals.migrated],
    ['unchanged', totals.unchanged],
    [summary.state === 'dry-run' ? 'would change' : 'skipped', totals.skipped],
    ['failed', totals.failed],
    ['cancelled', totals.cancelled],
    ['pending', totals.pending],
    ['total', totals.tenants],
  ];
  const width = Math.max(...rows.map(([, n]) => String(n).length));
  for (const [label, count] of rows) if (count > 0 || label === 'total' || label === 'failed') lines.push(`  ${label.padEnd(13)}${String(count).padStart(width)}`);
  const { readBack, proof } = summary.verifiedBy;
  // How this worker's migrated tenants were confirmed (rollout.verify); only worth a line when some were taken on proof.
  if (proof > 0) lines.push(`  verified: ${readBack} read back, ${proof} by their plan's proof (rollout.verify: every reads back all)`);
  // Likewise the starting states taken on a catalog digest seen (and read in full) on earlier tenants.
  if (summary.statesByDigest > 0) lines.push(`  read: ${summary.statesByDigest} starting states taken on their catalog digest (rollout.verify: every reads all in full)`);
  if (summary.failures.length > 0) {
    const shown = summary.failures.slice(0, MAX_FAILURES_SHOWN);
    const idWidth = Math.min(40, Math.max(6, ...shown.map((f) => printable(f.tenantId).length)));
    lines.push('', `  ${'tenant'.padEnd(idWidth)}  sqlstate  error`);
    for (const failure of shown) {
      const message = printable(failure.message.split('\n')[0] ?? '');
      lines.push(`  ${printable(failure.tenantId).padEnd(idWidth)}  ${(failure.sqlstate ?? '-').padEnd(8)}  ${message}`);
    }
    if (summary.failures.length > shown.length) lines.push(`  … and ${summary.failures.length - shown.length} more (schemafleet status --format json lists them)`);
  }
  return `${lines.join('\n')}\n`;
}
