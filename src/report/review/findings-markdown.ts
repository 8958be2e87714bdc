/**
 * Lint findings for a PR comment: one line each (icon, rule link, object, line link, step, the
 * message's first clause), errors and warnings open, info collapsed, the fix of each error behind
 * one <details>, and how to accept a finding said once. The whole message is in the check run's
 * annotations and the long explanation on the rule page the rule id links to.
 */
import { ruleDocsUrl } from '../../lint/docs-url.js';
import type { Finding, Severity } from '../../lint/rule.js';
import { codeText, escapeText } from '../markdown.js';
import { plural } from '../../util/plural.js';
import { LinkReferences } from './link-references.js';
import { sourceLink } from './source-link.js';

const SEVERITY_ICON: Record<Severity, string> = { error: '🛑', warning: '⚠️', info: 'ℹ️' };

/** A message longer than this is cut at a word, after its first clause when that is shorter. */
const MESSAGE_MAX = 100;

/** Objects named per info rule; the rest are counted (all are in the check run's annotations). */
const INFO_OBJECTS_SHOWN = 10;

export interface FindingLinks {
  readonly docsBaseUrl?: string | undefined;
  readonly repositoryUrl?: string | undefined;
  readonly headSha: string;
  readonly schemaPath: string;
}

/** The message up to its first ": " or "; " (what happens, not the why), cut to MESSAGE_MAX. */
function firstClause(message: string): string {
  const clause = /^(.{24,}?)[:;] /s.exec(message)?.[1] ?? message.replace(/\.$/, '');
  if (clause.length <= MESSAGE_MAX) return clause;
  const cut = clause.slice(0, MESSAGE_MAX);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), MESSAGE_MAX / 2))} …`;
}

function ruleLink(finding: Finding, links: FindingLinks, references: LinkReferences): string {
  const docs = links.docsBaseUrl ? ruleDocsUrl(finding.rule, links.docsBaseUrl) : finding.docs;
  return references.link(escapeText(finding.rule), encodeURI(docs));
}

function facts(finding: Finding, links: FindingLinks, references: LinkReferences): string {
  const where = finding.location ? ` · ${sourceLink(finding.location, links.headSha, links.repositoryUrl, links.schemaPath, references)}` : '';
  const step = finding.step === null ? '' : ` · step ${finding.step + 1}`;
  return `${codeText(finding.object)}${where}${step}`;
}

function findingLine(finding: Finding, links: FindingLinks, references: LinkReferences): string {
  return `- ${SEVERITY_ICON[finding.severity]} ${ruleLink(finding, links, references)} ${facts(finding, links, references)}: ${escapeText(firstClause(finding.message))}`;
}

/** Info findings, one line per rule, without message or location: the rule name says what they are. */
function infoLines(findings: readonly Finding[], links: FindingLinks, references: LinkReferences): string[] {
  const byRule = new Map<string, Finding[]>();
  for (const f of findings) byRule.set(f.rule, [...(byRule.get(f.rule) ?? []), f]);
  return [...byRule.values()].map((group) => {
    const objects = group.slice(0, INFO_OBJECTS_SHOWN).map((f) => `${codeText(f.object)}${f.step === null ? '' : ` (step ${f.step + 1})`}`);
    const more = group.length > INFO_OBJECTS_SHOWN ? `, … ${group.length - INFO_OBJECTS_SHOWN} more` : '';
    return `- ${ruleLink(group[0] as Finding, links, references)}: ${objects.join(', ')}${more}`;
  });
}

const IGNORE_HOW = '<sub>To accept a finding: `-- schemafleet:ignore <rule> <reason>` above its statement, or set the rule under `lint:`.</sub>';

/** The fix of each error rule once; warnings and info have theirs on the rule page. */
function errorFixes(findings: readonly Finding[]): string {
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const f of findings) {
    if (f.severity !== 'error' || f.fix === '' || seen.has(f.rule)) continue;
    seen.add(f.rule);
    lines.push(`- **${escapeText(f.rule)}**: ${escapeText(f.fix)}`);
  }
  return lines.length === 0 ? '' : ['<details><summary>How to fix</summary>', '', ...lines, '', '</details>'].join('\n');
}

/**
 * The findings section; past `budget` (characters) only errors and warnings are listed, cut with
 * a line saying how many were left out, and info findings are counted.
 */
export function renderFindings(findings: readonly Finding[], links: FindingLinks, budget = Infinity): string {
  if (findings.length === 0) return '';
  const open = findings.filter((f) => f.severity !== 'info');
  const info = findings.filter((f) => f.severity === 'info');
  const references = new LinkReferences();
  const list = open.map((f) => findingLine(f, links, references)).join('\n');
  const infoBlock =
    info.length === 0 ? '' : [`<details><summary>${SEVERITY_ICON.info} ${plural(info.length, 'info finding')}</summary>`, '', ...infoLines(info, links, references), '', '</details>'].join('\n');
  const whole = [list, errorFixes(open), infoBlock, IGNORE_HOW, references.definitions()].filter((p) => p !== '').join('\n\n');
  if (whole.length <= budget) return whole;

  const infoNote = info.length === 0 ? '' : `${SEVERITY_ICON.info} ${plural(info.length, 'info finding')} in the full review.`;
  const cut = new LinkReferences();
  const lines: string[] = [];
  let length = infoNote.length + 2;
  for (let i = 0; i < open.length; i++) {
    const line = findingLine(open[i] as Finding, links, cut);
    const more = `… and ${plural(open.length - i, 'more finding')} (not shown: the comment would be too long)`;
    if (length + line.length + 1 + cut.definitions().length + more.length + 2 > budget) {
      lines.push(more);
      break;
    }
    lines.push(line);
    length += line.length + 1;
  }
  return [lines.join('\n'), infoNote, cut.definitions()].filter((p) => p !== '').join('\n\n');
}
