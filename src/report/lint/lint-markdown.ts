import type { Finding, Severity } from '../../lint/rule.js';
import { lintSummary } from './lint-text.js';

const BADGES: Record<Severity, string> = { error: '🛑 error', warning: '⚠️ warning', info: 'ℹ️ info' };

/** Table cells hold one line, and a `|` from a message or an object name would split the row. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'").replace(/\|/g, '\\|')}\``;
}

/** A Markdown table of findings, for PR comments and job summaries. */
export function renderLintMarkdown(findings: readonly Finding[]): string {
  if (findings.length === 0) return 'No migration-safety findings.\n';
  const rows = findings.map((f) => {
    const where = f.location ? ` (${cell(`${f.location.file}:${f.location.line}`)})` : '';
    return `| ${BADGES[f.severity]} | [${f.rule}](${f.docs}) | ${code(f.object)}${where} | ${cell(f.message)} | ${cell(f.fix)} |`;
  });
  return [`**Migration safety:** ${lintSummary(findings)}`, '', '| Severity | Rule | Object | Message | Fix |', '| --- | --- | --- | --- | --- |', ...rows, ''].join('\n');
}
