/**
 * One pass of the PR bot: compute the review, then bring GitHub in line with it — a check run and
 * the sticky comment when the schema changed, and no comment when the change was reverted.
 */
import type { ScratchServer } from '../schema/scratch/scratch-server.js';
import { computeReview, type SchemaReview } from './compute-review.js';
import { withoutTenantIds } from './drift-summary.js';
import type { GitHubClient } from './github-client.js';
import { renderReviewComment, type DriftSummary } from './render-review-comment.js';
import { createReviewCheckRun } from './review-check-run.js';
import { showTenantIdsIn } from './trust-boundary.js';
import { removeReviewComment, upsertReviewComment, type UpsertResult } from './upsert-review-comment.js';

export interface ReviewPullRequestOptions {
  readonly octokit: GitHubClient;
  readonly owner: string;
  readonly repo: string;
  readonly pullNumber: number;
  readonly baseSha: string;
  readonly headSha: string;
  readonly botLogin?: string;
  /** The repository's visibility (payload.repository.private): tenant ids are shown only on private ones, unless the config says. */
  readonly repositoryPrivate?: boolean;
  readonly timeBudgetMs?: number;
  readonly configPath?: string;
  readonly devUrl?: string;
  readonly scratch?: ScratchServer;
  readonly docsBaseUrl?: string;
  /** Check runs need a GitHub App token (or checks: write); the Action may write annotations its own way. */
  readonly checkRun?: boolean;
  /** Called only for a changed, loadable schema; returns nothing when tenant access is not allowed. */
  readonly drift?: (review: SchemaReview) => Promise<DriftSummary | undefined>;
}

export interface ReviewPullRequestResult {
  readonly review: SchemaReview | null;
  readonly comment: UpsertResult | null;
  readonly checkRun: { readonly id: number; readonly url: string | null } | null;
}

export async function reviewPullRequest(options: ReviewPullRequestOptions): Promise<ReviewPullRequestResult> {
  const { octokit, owner, repo } = options;
  const review = await computeReview({
    octokit,
    owner,
    repo,
    baseSha: options.baseSha,
    headSha: options.headSha,
    ...(options.configPath ? { configPath: options.configPath } : {}),
    ...(options.devUrl ? { devUrl: options.devUrl } : {}),
    ...(options.scratch ? { scratch: options.scratch } : {}),
    ...(options.docsBaseUrl ? { docsBaseUrl: options.docsBaseUrl } : {}),
    ...(options.timeBudgetMs ? { timeBudgetMs: options.timeBudgetMs } : {}),
  });
  if (!review) return { review, comment: null, checkRun: null };
  const target = { octokit, owner, repo, issueNumber: options.pullNumber, schemaPath: review.schemaPath, ...(options.botLogin ? { botLogin: options.botLogin } : {}) };
  if (!review.changed) return { review, comment: await removeReviewComment(target), checkRun: null };

  const sampled = review.problems.length === 0 && options.drift ? await options.drift(review) : undefined;
  const drift = sampled && !showTenantIdsIn(review, options.repositoryPrivate) ? withoutTenantIds(sampled) : sampled;
  const checkRun = options.checkRun === false ? null : await createReviewCheckRun(review, { octokit, owner, repo, ...(options.docsBaseUrl ? { docsBaseUrl: options.docsBaseUrl } : {}), ...(drift ? { drift } : {}) });
  const body = renderReviewComment(review, {
    ...(options.docsBaseUrl ? { docsBaseUrl: options.docsBaseUrl } : {}),
    ...(checkRun?.url ? { detailsUrl: checkRun.url } : {}),
    ...(drift ? { drift } : {}),
  });
  return { review, comment: await upsertReviewComment({ ...target, body }), checkRun };
}
