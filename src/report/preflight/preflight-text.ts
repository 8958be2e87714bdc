import type { PreflightReport } from '../../fleet/preflight/preflight-report.js';
import { lintSummary } from '../lint/lint-text.js';
import { plural } from '../../util/plural.js';
import { groupLabel, tenantList } from './group-label.js';

/** For a terminal or a CI log: groups with counts and plans, findings, data problems per tenant, the verdict last. */
export function renderPreflightText(report: PreflightReport): string {
  const out: string[] = [`preflight: ${plural(report.tenants, 'tenant')} in ${plural(report.groups.length, 'live state')}`, ''];
  report.groups.forEach((group, index) => {
    out.push(`group ${index + 1}: ${plural(group.tenantCount, 'tenant')} — ${groupLabel(group)}  [${group.fingerprint.slice(0, 12)}]`);
    out.push(`  tenants: ${tenantList(group)}`);
    if (group.drift.length > 0) {
      out.push('  differs from the largest group:');
      for (const line of group.drift) out.push(`    ${line}`);
    }
    if (!group.upToDate) {
      out.push('  plan:');
      for (const line of group.changes) out.push(`    ${line}`);
      out.push(`  lint: ${lintSummary(group.findings)}`);
      for (const f of group.findings) out.push(`    ${f.severity} [${f.rule}] ${f.object}: ${f.message}`);
      if (group.refusal) out.push(`  refused: ${group.refusal}`);
      if (group.checks.length > 0) out.push(`  data checks: ${group.checks.join(', ')}`);
      for (const note of group.notes) out.push(`  note: ${note}`);
    }
    out.push('');
  });
  if (report.dataProblems.length > 0) {
    out.push(`data problems (${report.dataProblems.length}):`);
    for (const problem of report.dataProblems) out.push(`  ${problem.message}`);
    out.push('');
  }
  if (report.unreachable.length > 0) {
    out.push(`unreachable (${report.unreachable.length}):`);
    for (const tenant of report.unreachable) out.push(`  tenant ${tenant.tenantId}: ${tenant.message}`);
    out.push('');
  }
  if (report.skippedChecks.length > 0) {
    out.push(`not checked (${report.skippedChecks.length}):`);
    for (const skip of report.skippedChecks) out.push(`  tenant ${skip.tenantId}: ${skip.check} ${skip.object}: ${skip.reason}`);
    out.push('');
  }
  out.push(report.verdict.summary);
  return `${out.join('\n')}\n`;
}
