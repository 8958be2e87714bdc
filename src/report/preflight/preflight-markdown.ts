import type { PreflightReport } from '../../fleet/preflight/preflight-report.js';
import { renderLintMarkdown } from '../lint/lint-markdown.js';
import { plural } from '../../util/plural.js';
import { groupLabel, tenantList } from './group-label.js';

/** Table cells hold one line, and a `|` from a name would split the row. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

/** A fence longer than any run of backticks in the body, so SQL cannot close it early. */
function fenced(body: string, lang: string): string {
  const longest = Math.max(2, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${lang}\n${body}\n${fence}`;
}

/** For the Action's job summary and PR comments: verdict first, then groups, data problems, unreachable tenants. */
export function renderPreflightMarkdown(report: PreflightReport, options: { readonly heading?: string; readonly maxProblems?: number } = {}): string {
  const maxProblems = options.maxProblems ?? 200;
  const out: string[] = [`## ${options.heading ?? 'schemafleet preflight'}`, '', `${report.verdict.ok ? '✅' : '❌'} **${cell(report.verdict.summary)}**`, ''];
  out.push('| Group | Tenants | State | Steps | Lint |', '| --- | --- | --- | --- | --- |');
  report.groups.forEach((g, i) => {
    const errors = g.findings.filter((f) => f.severity === 'error').length;
    out.push(`| ${i + 1} \`${g.fingerprint.slice(0, 12)}\` | ${g.tenantCount} | ${cell(groupLabel(g))} | ${g.steps.length} | ${errors > 0 ? `🛑 ${errors} error${errors === 1 ? '' : 's'}` : `${g.findings.length} finding${g.findings.length === 1 ? '' : 's'}`} |`);
  });
  out.push('');
  report.groups.forEach((g, i) => {
    if (g.upToDate && g.drift.length === 0) return;
    out.push(`<details><summary>Group ${i + 1}: ${cell(plural(g.tenantCount, 'tenant'))} — ${cell(groupLabel(g))}</summary>`, '');
    out.push(`Tenants: ${cell(tenantList(g))}`, '');
    if (g.drift.length > 0) out.push('Differs from the largest group:', '', fenced(g.drift.join('\n'), 'diff'), '');
    if (!g.upToDate) {
      out.push('Plan:', '', fenced(g.steps.map((s) => `${s.trimEnd()};`).join('\n'), 'sql'), '');
      if (g.refusal) out.push(`🛑 ${cell(g.refusal)}`, '');
      out.push(renderLintMarkdown(g.findings), '');
      if (g.notes.length > 0) out.push(...g.notes.map((n) => `- ${cell(n)}`), '');
    }
    out.push('</details>', '');
  });
  if (report.dataProblems.length > 0) {
    out.push(`### Data that would make the rollout fail (${report.dataProblems.length})`, '', '| Tenant | Check | Object | Problem |', '| --- | --- | --- | --- |');
    for (const p of report.dataProblems.slice(0, maxProblems)) out.push(`| ${cell(p.tenantId)} | ${p.check} | \`${cell(p.object).replace(/`/g, "'")}\` | ${cell(p.message)} |`);
    if (report.dataProblems.length > maxProblems) out.push('', `…and ${report.dataProblems.length - maxProblems} more (see the JSON report).`);
    out.push('');
  }
  if (report.unreachable.length > 0) {
    out.push(`### Unreachable tenants (${report.unreachable.length})`, '', '| Tenant | Reason |', '| --- | --- |');
    for (const u of report.unreachable.slice(0, maxProblems)) out.push(`| ${cell(u.tenantId)} | ${cell(u.message)} |`);
    out.push('');
  }
  if (report.skippedChecks.length > 0) {
    out.push(`### Not checked (${report.skippedChecks.length})`, '', ...report.skippedChecks.slice(0, maxProblems).map((s) => `- ${cell(s.tenantId)}: ${s.check} ${cell(s.object)}: ${cell(s.reason)}`), '');
  }
  return `${out.join('\n')}\n`;
}
