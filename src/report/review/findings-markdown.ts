/**
 * Lint findings for a PR comment: one line each (icon, rule link, object, location, one sentence),
 * errors and warnings open, info collapsed, the fixes behind one <details>, and how to accept a
 * finding said once. The long explanation lives on the rule page the rule id links to.
 */
import { ruleDocsUrl } from '../../lint/docs-url.js';
import type { Finding, Severity } from '../../lint/rule.js';
import { codeText, escapeText, plural } from '../markdown.js';
import { sourceLink } from './source-link.js';

export const SEVERITY_ICON: Record<Severity, string> = { error: '🛑', warning: '⚠️', info: 'ℹ️' };

export interface FindingLinks {
  readonly docsBaseUrl?: string | undefined;
  readonly repositoryUrl?: string | undefined;
  readonly headSha: string;
}

export function findingLine(finding: Finding, links: FindingLinks): string {
  const docs = links.docsBaseUrl ? ruleDocsUrl(finding.rule, links.docsBaseUrl) : finding.docs;
  const where = finding.location ? ` · ${sourceLink(finding.location, links.headSha, links.repositoryUrl)}` : '';
  const step = finding.step === null ? '' : ` · step ${finding.step + 1}`;
  return `- ${SEVERITY_ICON[finding.severity]} [${escapeText(finding.rule)}](${encodeURI(docs)}) ${codeText(finding.object)}${where}${step}: ${escapeText(finding.message)}`;
}

const IGNORE_HOW = '<sub>To accept a finding: <code>-- schemafleet:ignore &lt;rule&gt; &lt;reason&gt;</code> on the line above its statement, or the rule\'s setting under <code>lint:</code> in schemafleet.yml.</sub>';

function fixes(findings: readonly Finding[]): string {
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const f of findings) {
    const key = `${f.rule}\n${f.fix}`;
    if (seen.has(key) || f.fix === '') continue;
    seen.add(key);
    lines.push(`- **${escapeText(f.rule)}**: ${escapeText(f.fix)}`);
  }
  return lines.length === 0 ? '' : ['<details><summary>How to fix</summary>', '', ...lines, '', '</details>'].join('\n');
}

/**
 * The findings section; `budget` (characters) cuts the open list with a line saying how many were
 * left out, and drops the collapsed parts first.
 */
export function renderFindings(findings: readonly Finding[], links: FindingLinks, budget = Infinity): string {
  if (findings.length === 0) return '';
  const open = findings.filter((f) => f.severity !== 'info');
  const info = findings.filter((f) => f.severity === 'info');
  const infoBlock = info.length === 0 ? '' : [`<details><summary>${SEVERITY_ICON.info} ${plural(info.length, 'info finding')}</summary>`, '', ...info.map((f) => findingLine(f, links)), '', '</details>'].join('\n');
  const full = [...open.map((f) => findingLine(f, links))].join('\n');
  const extras = [fixes(open), infoBlock, IGNORE_HOW].filter((p) => p !== '');
  const whole = [full, ...extras].filter((p) => p !== '').join('\n\n');
  if (whole.length <= budget) return whole;

  // Cut: only errors and warnings are listed; info findings are counted.
  const infoNote = info.length === 0 ? '' : `${SEVERITY_ICON.info} ${plural(info.length, 'info finding')} in the full review.`;
  const lines: string[] = [];
  let length = infoNote.length + 2;
  for (let i = 0; i < open.length; i++) {
    const line = findingLine(open[i] as Finding, links);
    const more = `… and ${plural(open.length - i, 'more finding')} (not shown: the comment would be too long)`;
    if (length + line.length + 1 + more.length + 1 > budget) {
      lines.push(more);
      break;
    }
    lines.push(line);
    length += line.length + 1;
  }
  return [lines.join('\n'), infoNote].filter((p) => p !== '').join('\n\n');
}
