/**
 * The "schemafleet review" check run on the head commit: conclusion from the findings, the review
 * as its summary, annotations on the schema lines (50 per request, the rest in further updates).
 */
import { hasErrors } from '../lint/run-lint.js';
import type { SchemaReview } from './compute-review.js';
import type { CheckConclusion, GitHubClient } from './github-client.js';
import { renderPlanSql } from '../plan/render-plan-sql.js';
import { fencedBlock } from '../report/markdown.js';
import { plural } from '../util/plural.js';
import { ANNOTATIONS_PER_REQUEST, reviewAnnotations } from './review-annotations.js';
import { chunked } from '../util/chunked.js';
import { renderReviewComment, reviewVerdict, type RenderReviewOptions } from './render-review-comment.js';

export const REVIEW_CHECK_NAME = 'schemafleet review';

/** Check run output fields hold at most 65,535 characters. */
const OUTPUT_MAX_LENGTH = 65_535;

/** @internal test/github/review-check-run.test.ts checks the conclusion of each kind of review. */
export function reviewConclusion(review: SchemaReview): CheckConclusion {
  if (review.problems.length > 0 || hasErrors(review.findings)) return 'failure';
  return review.findings.length > 0 ? 'neutral' : 'success';
}

function reviewCheckTitle(review: SchemaReview): string {
  if (review.problems.length > 0) return `${review.schemaPath} does not load`;
  const errors = review.findings.filter((f) => f.severity === 'error').length;
  const warnings = review.findings.filter((f) => f.severity === 'warning').length;
  return `${plural(review.changes.length, 'change')}, ${plural(errors, 'error')}, ${plural(warnings, 'warning')}`;
}

export interface ReviewCheckRunOptions extends Pick<RenderReviewOptions, 'docsBaseUrl' | 'drift' | 'repositoryUrl'> {
  readonly octokit: GitHubClient;
  readonly owner: string;
  readonly repo: string;
  readonly name?: string;
  readonly detailsUrl?: string;
  /** The run created in_progress when the review started (see startReviewCheckRun); a new run otherwise. */
  readonly checkRunId?: number;
}

/**
 * The whole plan as one SQL script in the output's text (a field of its own, as long as the
 * summary): the summary shows a long plan only in summary form.
 */
function planText(review: SchemaReview): { text?: string } {
  if (!review.plan || review.plan.steps.length === 0) return {};
  const script = renderPlanSql(review.plan);
  const heading = '### The SQL plan, as one script\n\n';
  const room = OUTPUT_MAX_LENGTH - heading.length - 200;
  const shown =
    script.length <= room
      ? script
      : `${script.slice(0, script.lastIndexOf('\n', room))}\n-- … cut: GitHub takes ${OUTPUT_MAX_LENGTH} characters here; the Action's \`plan\` output and \`schemafleet plan\` print it whole.`;
  return { text: `${heading}${fencedBlock(shown, 'sql')}` };
}

/** Completes the check run (created here unless given) and appends annotations beyond the first 50. Returns its id and URL. */
export async function createReviewCheckRun(review: SchemaReview, options: ReviewCheckRunOptions): Promise<{ id: number; url: string | null }> {
  const repo = { owner: options.owner, repo: options.repo };
  const [first = [], ...rest] = chunked(reviewAnnotations(review), ANNOTATIONS_PER_REQUEST);
  const summary = renderReviewComment(review, {
    maxLength: OUTPUT_MAX_LENGTH,
    fullReview: true,
    ...(options.docsBaseUrl ? { docsBaseUrl: options.docsBaseUrl } : {}),
    ...(options.drift ? { drift: options.drift } : {}),
    ...(options.repositoryUrl ? { repositoryUrl: options.repositoryUrl } : {}),
  });
  const output = { title: reviewCheckTitle(review), summary: summary.length <= OUTPUT_MAX_LENGTH ? summary : reviewVerdict(review), ...planText(review) };
  const fields = {
    status: 'completed',
    conclusion: reviewConclusion(review),
    completed_at: new Date().toISOString(),
    ...(options.detailsUrl ? { details_url: options.detailsUrl } : {}),
    output: { ...output, annotations: first },
  } as const;
  const { data } =
    options.checkRunId === undefined
      ? await options.octokit.rest.checks.create({ ...repo, name: options.name ?? REVIEW_CHECK_NAME, head_sha: review.headSha, ...fields })
      : await options.octokit.rest.checks.update({ ...repo, check_run_id: options.checkRunId, ...fields });
  for (const annotations of rest) {
    await options.octokit.rest.checks.update({ ...repo, check_run_id: data.id, output: { ...output, annotations } });
  }
  return { id: data.id, url: data.html_url };
}

/**
 * The check run, in_progress, as soon as a review starts: a required check then shows as running,
 * never "Expected" with nothing behind it.
 */
export async function startReviewCheckRun(octokit: GitHubClient, repo: { owner: string; repo: string }, headSha: string): Promise<number> {
  const { data } = await octokit.rest.checks.create({
    ...repo,
    name: REVIEW_CHECK_NAME,
    head_sha: headSha,
    status: 'in_progress',
    started_at: new Date().toISOString(),
    output: { title: 'Reviewing the schema change', summary: 'schemafleet is loading the schema at the merge base and the head on a scratch database.' },
  });
  return data.id;
}

/** Completes a review check run that has no review to show, with one line saying why. */
export async function concludeReviewCheckRun(octokit: GitHubClient, repo: { owner: string; repo: string }, checkRunId: number, conclusion: 'success' | 'skipped', why: string): Promise<void> {
  await octokit.rest.checks.update({ ...repo, check_run_id: checkRunId, status: 'completed', conclusion, completed_at: new Date().toISOString(), output: { title: why, summary: why } });
}
