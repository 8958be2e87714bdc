/**
 * The "schemafleet review" check run on the head commit: conclusion from the findings, the review
 * as its summary, annotations on the schema lines (50 per request, the rest in further updates).
 */
import { hasErrors } from '../lint/run-lint.js';
import type { SchemaReview } from './compute-review.js';
import type { CheckConclusion, GitHubClient } from './github-client.js';
import { plural } from '../util/plural.js';
import { ANNOTATIONS_PER_REQUEST, chunk, reviewAnnotations } from './review-annotations.js';
import { renderReviewComment, reviewVerdict, type RenderReviewOptions } from './render-review-comment.js';

export const REVIEW_CHECK_NAME = 'schemafleet review';

/** Check run output fields hold at most 65,535 characters. */
const OUTPUT_MAX_LENGTH = 65_535;

export function reviewConclusion(review: SchemaReview): CheckConclusion {
  if (review.problems.length > 0 || hasErrors(review.findings)) return 'failure';
  return review.findings.length > 0 ? 'neutral' : 'success';
}

export function reviewCheckTitle(review: SchemaReview): string {
  if (review.problems.length > 0) return `${review.schemaPath} does not load`;
  const errors = review.findings.filter((f) => f.severity === 'error').length;
  const warnings = review.findings.filter((f) => f.severity === 'warning').length;
  return `${plural(review.changes.length, 'change')}, ${plural(errors, 'error')}, ${plural(warnings, 'warning')}`;
}

export interface ReviewCheckRunOptions extends Pick<RenderReviewOptions, 'docsBaseUrl' | 'drift'> {
  readonly octokit: GitHubClient;
  readonly owner: string;
  readonly repo: string;
  readonly name?: string;
  readonly detailsUrl?: string;
}

/** Creates the completed check run and appends annotations beyond the first 50. Returns its id and URL. */
export async function createReviewCheckRun(review: SchemaReview, options: ReviewCheckRunOptions): Promise<{ id: number; url: string | null }> {
  const repo = { owner: options.owner, repo: options.repo };
  const [first = [], ...rest] = chunk(reviewAnnotations(review), ANNOTATIONS_PER_REQUEST);
  const summary = renderReviewComment(review, { maxLength: OUTPUT_MAX_LENGTH, ...(options.docsBaseUrl ? { docsBaseUrl: options.docsBaseUrl } : {}), ...(options.drift ? { drift: options.drift } : {}) });
  const output = { title: reviewCheckTitle(review), summary: summary.length <= OUTPUT_MAX_LENGTH ? summary : reviewVerdict(review) };
  const { data } = await options.octokit.rest.checks.create({
    ...repo,
    name: options.name ?? REVIEW_CHECK_NAME,
    head_sha: review.headSha,
    status: 'completed',
    conclusion: reviewConclusion(review),
    completed_at: new Date().toISOString(),
    ...(options.detailsUrl ? { details_url: options.detailsUrl } : {}),
    output: { ...output, annotations: first },
  });
  for (const annotations of rest) {
    await options.octokit.rest.checks.update({ ...repo, check_run_id: data.id, output: { ...output, annotations } });
  }
  return { id: data.id, url: data.html_url };
}
