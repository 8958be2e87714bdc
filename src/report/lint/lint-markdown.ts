import type { Finding, Severity } from '../../lint/rule.js';
import { lintSummary } from './lint-text.js';
import { codeCell, tableCell } from '../../util/table-cell.js';

const BADGES: Record<Severity, string> = { error: '🛑 error', warning: '⚠️ warning', info: 'ℹ️ info' };

/** A Markdown table of findings, for PR comments and job summaries. */
export function renderLintMarkdown(findings: readonly Finding[]): string {
  if (findings.length === 0) return 'No migration-safety findings.\n';
  const rows = findings.map((f) => {
    const where = f.location ? ` (${tableCell(`${f.location.file}:${f.location.line}`)})` : '';
    return `| ${BADGES[f.severity]} | [${f.rule}](${f.docs}) | ${codeCell(f.object)}${where} | ${tableCell(f.message)} | ${tableCell(f.fix)} |`;
  });
  return [`**Migration safety:** ${lintSummary(findings)}`, '', '| Severity | Rule | Object | Message | Fix |', '| --- | --- | --- | --- | --- |', ...rows, ''].join('\n');
}
