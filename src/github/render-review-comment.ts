/**
 * The pull request comment of a review, as Markdown. Pure: the same review renders to the same
 * bytes, so an unchanged review never causes a comment edit. Always under GitHub's 65,536-character
 * limit: a review too big for it degrades to a summary that links to the check run or job summary.
 */
import { ruleDocsUrl } from '../lint/docs-url.js';
import type { Finding, Severity } from '../lint/rule.js';
import type { PlanStep } from '../plan/step.js';
import { summarizeChanges } from './change-summary.js';
import type { SchemaReview } from './compute-review.js';
import { plural } from '../util/plural.js';
import { codeText, escapeText, fencedBlock } from './markdown.js';

/** GitHub refuses longer comment bodies ("Body is too long (maximum is 65536 characters)"). */
export const GITHUB_COMMENT_MAX_LENGTH = 65_536;

/** Tenants whose live state plans the same way, from a sample of the fleet. */
export interface DriftGroup {
  /** Fingerprint of the tenants' live schema. */
  readonly fingerprint: string;
  readonly tenantCount: number;
  /** A few tenant ids, for people to look at. */
  readonly exampleTenants: readonly string[];
  /** Steps the head schema's plan has for these tenants (0: already there). */
  readonly steps: number;
}

export interface DriftSummary {
  readonly sampled: number;
  readonly groups: readonly DriftGroup[];
  /** Sampled tenants that could not be read, with a message that holds no password. */
  readonly unreadable: readonly { readonly tenant: string; readonly message: string }[];
}

export interface RenderReviewOptions {
  /** Base of the rule pages (docs/rules/<id>.md on the repository's default branch); default: the finding's own link. */
  readonly docsBaseUrl?: string;
  /** The check run or job summary holding the full review, linked from the summary form. */
  readonly detailsUrl?: string;
  readonly drift?: DriftSummary;
  /** For tests; never above GitHub's limit. */
  readonly maxLength?: number;
}

/** The hidden first line that identifies the bot's comment for one schema path. */
export function reviewMarker(schemaPath: string): string {
  // `--` would end the HTML comment early; a path never needs it.
  return `<!-- schemafleet:review:${schemaPath.replace(/--+/g, '-')} -->`;
}

const BADGE: Record<Severity, string> = { error: '🛑 error', warning: '⚠️ warning', info: 'ℹ️ info' };

function count(findings: readonly Finding[], severity: Severity): number {
  return findings.filter((f) => f.severity === severity).length;
}

export function reviewVerdict(review: SchemaReview): string {
  if (review.problems.length > 0) return `❌ **${codeText(review.schemaPath)} does not load**: ${plural(review.problems.length, 'problem')} to fix before it can be reviewed`;
  const errors = count(review.findings, 'error');
  const warnings = count(review.findings, 'warning');
  const icon = errors > 0 ? '🛑' : warnings > 0 ? '⚠️' : '✅';
  const counts = `${plural(review.changes.length, 'change')}, ${plural(errors, 'error')}, ${plural(warnings, 'warning')}`;
  return `${icon} **schemafleet** · ${codeText(review.schemaPath)}: ${counts}${review.baseMissing ? ' (new schema: everything is added)' : ''}`;
}

function renderProblems(review: SchemaReview): string {
  const lines = review.problems.map((p) => p.message);
  const hints = [...new Set(review.problems.map((p) => p.hint).filter((h): h is string => Boolean(h)))];
  return [fencedBlock(lines.join('\n\n'), 'text'), ...hints.map((h) => `> ${escapeText(h)}`)].join('\n\n');
}

function renderChanges(review: SchemaReview): string {
  const kinds = summarizeChanges(review.changes);
  if (kinds.length === 0) return '';
  const lines = kinds.map((k) => {
    const parts = (['added', 'changed', 'removed'] as const)
      .filter((action) => k[action].length > 0)
      .map((action) => `${action} ${k[action].map(codeText).join(', ')}`);
    return `- **${escapeText(k.kind)}** — ${parts.join('; ')}`;
  });
  return ['#### Changes', '', ...lines].join('\n');
}

function stepNote(step: PlanStep, index: number): string {
  const facts = [`step ${index + 1}`];
  if (!step.transactional) facts.push('⚠ runs OUTSIDE a transaction');
  if (step.lock) facts.push(`takes ${step.lock}${step.table ? ` on ${step.table}` : ''}`);
  return `-- ${facts.join(' · ')}`;
}

function renderPlan(review: SchemaReview): string {
  const plan = review.plan;
  if (!plan || plan.steps.length === 0) return '';
  const outside = plan.steps.filter((s) => !s.transactional).length;
  const locking = plan.steps.filter((s) => s.lock !== null && !s.onNewObject).length;
  const sql = plan.steps.map((step, index) => `${stepNote(step, index)}\n${step.sql};`).join('\n\n');
  const summary = `SQL plan: ${plural(plan.steps.length, 'step')}, ${outside} outside a transaction, ${locking} locking existing tables`;
  return ['<details>', `<summary>${summary}</summary>`, '', fencedBlock(sql, 'sql'), '', '</details>'].join('\n');
}

function findingRow(finding: Finding, docsBaseUrl: string | undefined): string {
  const docs = docsBaseUrl ? ruleDocsUrl(finding.rule, docsBaseUrl) : finding.docs;
  const where = finding.location ? ` (${escapeText(`${finding.location.file}:${finding.location.line}`)})` : '';
  return `| ${BADGE[finding.severity]} | [${escapeText(finding.rule)}](${encodeURI(docs)}) | ${codeText(finding.object)}${where} | ${escapeText(finding.message)} | ${escapeText(finding.fix)} |`;
}

const FINDINGS_HEADER = ['#### Findings', '', '| Severity | Rule | Object | Message | Fix |', '| --- | --- | --- | --- | --- |'];

/** The findings table, cut to `budget` characters with a line saying how many were left out. */
function renderFindings(findings: readonly Finding[], docsBaseUrl: string | undefined, budget = Infinity): string {
  if (findings.length === 0) return '#### Findings\n\nNo migration-safety findings.';
  const out = [...FINDINGS_HEADER];
  let length = out.join('\n').length;
  for (let i = 0; i < findings.length; i++) {
    const row = findingRow(findings[i] as Finding, docsBaseUrl);
    const more = `\n\n… and ${plural(findings.length - i, 'more finding')} (not shown: the comment would be too long)`;
    if (length + row.length + 1 + more.length > budget) {
      out.push(more.trimStart().replace(/^/, '\n'));
      break;
    }
    out.push(row);
    length += row.length + 1;
  }
  return out.join('\n');
}

function renderDrift(drift: DriftSummary | undefined): string {
  if (!drift) return '';
  const rows = drift.groups.map(
    (g) =>
      `| ${codeText(g.fingerprint.slice(0, 12))} | ${g.tenantCount} | ${g.exampleTenants.map(codeText).join(', ')}${g.tenantCount > g.exampleTenants.length ? ', …' : ''} | ${g.steps === 0 ? 'already up to date' : plural(g.steps, 'step')} |`,
  );
  const out = [`#### Tenant drift (sample of ${plural(drift.sampled, 'tenant')})`, ''];
  if (rows.length > 0) out.push('| Live state | Tenants | Examples | Plan |', '| --- | --- | --- | --- |', ...rows);
  if (drift.groups.length > 1) out.push('', `Tenants are on ${drift.groups.length} different live states: the rollout computes one plan per state.`);
  for (const u of drift.unreadable) out.push('', `- could not read ${codeText(u.tenant)}: ${escapeText(u.message)}`);
  return out.join('\n');
}

function footer(review: SchemaReview, detailsUrl?: string): string {
  const details = detailsUrl ? ` · [details](${encodeURI(detailsUrl)})` : '';
  return `<sub>schemafleet review of ${codeText(review.headSha.slice(0, 7))} against ${codeText(review.baseSha.slice(0, 7))} · config ${codeText(review.configPath)}${details}</sub>`;
}

function join(parts: readonly string[]): string {
  return `${parts.filter((p) => p !== '').join('\n\n')}\n`;
}

/**
 * The comment body. Tries the full form, then the full form without the SQL plan, then a summary
 * (verdict, counts per kind, findings table cut to fit, link to the details).
 */
export function renderReviewComment(review: SchemaReview, options: RenderReviewOptions = {}): string {
  const max = Math.min(options.maxLength ?? GITHUB_COMMENT_MAX_LENGTH, GITHUB_COMMENT_MAX_LENGTH);
  const marker = reviewMarker(review.schemaPath);
  const link = options.detailsUrl ? `The full review is in [the check run / job summary](${encodeURI(options.detailsUrl)}).` : '';

  if (review.problems.length > 0) {
    const full = join([marker, reviewVerdict(review), renderProblems(review), footer(review, options.detailsUrl)]);
    if (full.length <= max) return full;
    const first = review.problems[0];
    const cut = first ? fencedBlock(first.message.slice(0, Math.max(0, max - 2_000)), 'text') : '';
    return join([marker, reviewVerdict(review), cut, `… ${plural(review.problems.length, 'problem')} in all; the message was cut to fit a comment.`, link, footer(review, options.detailsUrl)]);
  }

  const head = [marker, reviewVerdict(review)];
  const drift = renderDrift(options.drift);
  const full = join([...head, renderChanges(review), renderPlan(review), renderFindings(review.findings, options.docsBaseUrl), drift, footer(review, options.detailsUrl)]);
  if (full.length <= max) return full;

  const planNote = review.plan ? `The SQL plan (${plural(review.plan.steps.length, 'step')}) is too long for a comment.${link ? ` ${link}` : ''}` : '';
  const withoutPlan = join([...head, renderChanges(review), planNote, renderFindings(review.findings, options.docsBaseUrl), drift, footer(review, options.detailsUrl)]);
  if (withoutPlan.length <= max) return withoutPlan;

  const counts = summarizeChanges(review.changes).map(
    (k) => `- **${escapeText(k.kind)}**: ${[k.added.length && `${k.added.length} added`, k.changed.length && `${k.changed.length} changed`, k.removed.length && `${k.removed.length} removed`].filter(Boolean).join(', ')}`,
  );
  const fixed = join([...head, '_This review is too long for a comment; this is its summary._', link, ['#### Changes', '', ...counts].join('\n'), footer(review, options.detailsUrl)]);
  // Counts per kind are bounded by the number of object kinds, so the findings get what is left.
  const budget = max - fixed.length - 8;
  return join([...head, '_This review is too long for a comment; this is its summary._', link, ['#### Changes', '', ...counts].join('\n'), renderFindings(review.findings, options.docsBaseUrl, budget), footer(review, options.detailsUrl)]);
}
