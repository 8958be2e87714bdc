/**
 * The pull request comment of a review, as Markdown, ordered for a reviewer with ten seconds: the
 * verdict line, the findings (one line each), the SQL plan with hazards on each step (it names
 * every changed object), then tenant drift. Pure: the same review renders to the same bytes, so an
 * unchanged review never causes a comment edit. Always under GitHub's 65,536-character limit.
 */
import { codeText, escapeText, fencedBlock } from '../markdown.js';
import { plural } from '../../util/plural.js';
import { renderDrift } from './drift-markdown.js';
import { renderFindings, type FindingLinks } from './findings-markdown.js';
import { PLAN_SQL_BUDGET, renderPlan } from './plan-markdown.js';
import { reviewVerdict } from './review-verdict.js';
import type { ObjectKindChanges, RenderReviewOptions, ReviewView } from './review-view.js';

/** GitHub refuses longer comment bodies ("Body is too long (maximum is 65536 characters)"). @internal test/report/review/review-comment.test.ts checks long reviews stay under it. */
export const GITHUB_COMMENT_MAX_LENGTH = 65_536;

/** Plan SQL shown in the summary form, when the full form is too long. */
const SUMMARY_PLAN_BUDGET = 6_000;

/** The hidden first line that identifies the bot's comment for one schema path. */
export function reviewMarker(schemaPath: string): string {
  // `--` would end the HTML comment early; a path never needs it.
  return `<!-- schemafleet:review:${schemaPath.replace(/--+/g, '-')} -->`;
}

function renderProblems(review: ReviewView): string {
  const lines = review.problems.map((p) => p.message);
  const hints = [...new Set(review.problems.map((p) => p.hint).filter((h): h is string => Boolean(h)))];
  return [fencedBlock(lines.join('\n\n'), 'text'), ...hints.map((h) => `> ${escapeText(h)}`)].join('\n\n');
}

function actionCounts(kinds: readonly ObjectKindChanges[]): string {
  const total = (action: 'added' | 'changed' | 'removed'): number => kinds.reduce((n, k) => n + k[action].length, 0);
  return (['added', 'changed', 'removed'] as const)
    .map((action) => [action, total(action)] as const)
    .filter(([, n]) => n > 0)
    .map(([action, n]) => `${n} ${action}`)
    .join(', ');
}

/** Counts per kind only, for the summary form (bounded by the number of object kinds). */
function renderChangeCounts(kinds: readonly ObjectKindChanges[]): string {
  if (kinds.length === 0) return '';
  const lines = kinds.map((k) => `- **${escapeText(k.kind)}**: ${actionCounts([k])}`);
  return ['#### Objects', '', ...lines].join('\n');
}

function footer(review: ReviewView, detailsUrl?: string): string {
  const details = detailsUrl ? ` · [details](${encodeURI(detailsUrl)})` : '';
  return `<sub>schemafleet · ${escapeText(review.headSha.slice(0, 7))} vs ${escapeText(review.baseSha.slice(0, 7))} · ${escapeText(review.configPath)}${details}</sub>`;
}

/** Notes from the trust boundary (a config change that takes effect after merge), quoted under the verdict. */
function renderNotes(review: ReviewView): string {
  return (review.notes ?? []).map((note) => `> ℹ️ ${note}`).join('\n\n');
}

function join(parts: readonly string[]): string {
  return `${parts.filter((p) => p !== '').join('\n\n')}\n`;
}

function renderDoesNotLoad(review: ReviewView, options: RenderReviewOptions, max: number, link: string): string {
  const marker = reviewMarker(review.schemaPath);
  const full = join([marker, reviewVerdict(review), renderNotes(review), renderProblems(review), footer(review, options.detailsUrl)]);
  if (full.length <= max) return full;
  const first = review.problems[0];
  const cut = first ? fencedBlock(first.message.slice(0, Math.max(0, max - 2_000)), 'text') : '';
  return join([marker, reviewVerdict(review), cut, `… ${plural(review.problems.length, 'problem')} in all; the message was cut to fit a comment.`, link, footer(review, options.detailsUrl)]);
}

/**
 * The comment body: the full form, or past `maxLength` a summary form (verdict, counts per object
 * kind, the risky steps of the plan, findings cut to fit, a link to the full review).
 */
export function renderReviewMarkdown(review: ReviewView, options: RenderReviewOptions = {}): string {
  const full = options.fullReview ?? false;
  const max = full ? (options.maxLength ?? GITHUB_COMMENT_MAX_LENGTH) : Math.min(options.maxLength ?? GITHUB_COMMENT_MAX_LENGTH, GITHUB_COMMENT_MAX_LENGTH);
  const link = options.detailsUrl ? `The full review is in [the check run / job summary](${encodeURI(options.detailsUrl)}).` : '';
  if (review.problems.length > 0) return renderDoesNotLoad(review, options, max, link);

  const links: FindingLinks = { docsBaseUrl: options.docsBaseUrl, repositoryUrl: options.repositoryUrl, headSha: review.headSha, schemaPath: review.schemaPath };
  const head = [reviewMarker(review.schemaPath), reviewVerdict(review), renderNotes(review)];
  const drift = renderDrift(options.drift);
  const tail = footer(review, options.detailsUrl);
  // The full review spends up to half its room on SQL; a comment stays short enough to read.
  const planBudget = full ? Math.floor(max / 2) : PLAN_SQL_BUDGET;
  const whole = join([...head, renderFindings(review.findings, links), renderPlan(review.plan, planBudget, full), drift, tail]);
  if (whole.length <= max) return whole;

  const note = `_This review is too long for a comment; this is its summary._${link ? ` ${link}` : ''}`;
  const plan = renderPlan(review.plan, Math.min(SUMMARY_PLAN_BUDGET, Math.floor(max / 4)), full);
  const fixed = join([...head, note, plan, drift, renderChangeCounts(review.changeKinds), tail]);
  const budget = max - fixed.length - 8;
  const summary = join([...head, note, renderFindings(review.findings, links, budget), plan, drift, renderChangeCounts(review.changeKinds), tail]);
  // A drift list long enough to break the limit on its own is the last thing to go.
  return summary.length <= max ? summary : join([...head, note, renderFindings(review.findings, links, budget), plan, renderChangeCounts(review.changeKinds), tail]);
}
