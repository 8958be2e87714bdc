import type { PreflightReport } from '../../fleet/preflight/preflight-report.js';
import { renderLintMarkdown } from '../lint/lint-markdown.js';
import { plural } from '../../util/plural.js';
import { codeCell, tableCell } from '../../util/table-cell.js';
import { fencedBlock } from '../markdown.js';
import { groupLabel, tenantList } from './group-label.js';

/** For the Action's job summary and PR comments: verdict first, then groups, data problems, unreachable tenants. */
export function renderPreflightMarkdown(report: PreflightReport, options: { readonly heading?: string; readonly maxProblems?: number } = {}): string {
  const maxProblems = options.maxProblems ?? 200;
  const out: string[] = [`## ${options.heading ?? 'schemafleet preflight'}`, '', `${report.verdict.ok ? '✅' : '❌'} **${tableCell(report.verdict.summary)}**`, ''];
  out.push('| Group | Tenants | State | Steps | Lint |', '| --- | --- | --- | --- | --- |');
  report.groups.forEach((g, i) => {
    const errors = g.findings.filter((f) => f.severity === 'error').length;
    out.push(
      `| ${i + 1} \`${g.fingerprint.slice(0, 12)}\` | ${g.tenantCount} | ${tableCell(groupLabel(g))} | ${g.steps.length} | ${errors > 0 ? `🛑 ${plural(errors, 'error')}` : plural(g.findings.length, 'finding')} |`,
    );
  });
  out.push('');
  report.groups.forEach((g, i) => {
    if (g.upToDate && g.drift.length === 0) return;
    out.push(`<details><summary>Group ${i + 1}: ${tableCell(plural(g.tenantCount, 'tenant'))} — ${tableCell(groupLabel(g))}</summary>`, '');
    out.push(`Tenants: ${tableCell(tenantList(g))}`, '');
    if (g.drift.length > 0) out.push('Differs from the largest group:', '', fencedBlock(g.drift.join('\n'), 'diff'), '');
    if (!g.upToDate) {
      out.push('Plan:', '', fencedBlock(g.steps.map((s) => `${s.trimEnd()};`).join('\n'), 'sql'), '');
      if (g.refusal) out.push(`🛑 ${tableCell(g.refusal)}`, '');
      out.push(renderLintMarkdown(g.findings), '');
      if (g.notes.length > 0) out.push(...g.notes.map((n) => `- ${tableCell(n)}`), '');
    }
    out.push('</details>', '');
  });
  if (report.dataProblems.length > 0) {
    out.push(`### Data that would make the rollout fail (${report.dataProblems.length})`, '', '| Tenant | Check | Object | Problem |', '| --- | --- | --- | --- |');
    for (const p of report.dataProblems.slice(0, maxProblems)) out.push(`| ${tableCell(p.tenantId)} | ${p.check} | ${codeCell(p.object)} | ${tableCell(p.message)} |`);
    if (report.dataProblems.length > maxProblems) out.push('', `…and ${report.dataProblems.length - maxProblems} more (see the JSON report).`);
    out.push('');
  }
  if (report.unreachable.length > 0) {
    out.push(`### Unreachable tenants (${report.unreachable.length})`, '', '| Tenant | Reason |', '| --- | --- |');
    for (const u of report.unreachable.slice(0, maxProblems)) out.push(`| ${tableCell(u.tenantId)} | ${tableCell(u.message)} |`);
    out.push('');
  }
  if (report.skippedChecks.length > 0) {
    out.push(
      `### Not checked (${report.skippedChecks.length})`,
      '',
      ...report.skippedChecks.slice(0, maxProblems).map((s) => `- ${tableCell(s.tenantId)}: ${s.check} ${tableCell(s.object)}: ${tableCell(s.reason)}`),
      '',
    );
  }
  return `${out.join('\n')}\n`;
}
