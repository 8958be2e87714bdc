/**
 * One pass of the PR bot: compute the review, then bring GitHub in line with it — the sticky
 * comment when the schema changed, no comment when the change was reverted, and always a concluded
 * "schemafleet review" check run (created in_progress first), so it can be a required check.
 */
import type { ScratchServer } from '../schema/scratch/scratch-server.js';
import { computeReview, type SchemaReview } from './compute-review.js';
import { withoutTenantIds } from './drift-summary.js';
import type { GitHubClient } from './github-client.js';
import { renderReviewComment, type DriftSummary } from './render-review-comment.js';
import { concludeReviewCheckRun, createReviewCheckRun, startReviewCheckRun } from './review-check-run.js';
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
  /** `https://github.com/<owner>/<repo>`: finding locations link to the schema lines at the head commit. */
  readonly repositoryUrl?: string;
  /** Asked just before the comment is written: false when the pull request's head has moved on. */
  readonly isCurrent?: () => Promise<boolean>;
}

/** What the pass did: reviewed, or why it had nothing to show. */
type ReviewOutcome = 'reviewed' | 'no-config' | 'unchanged' | 'superseded';

export interface ReviewPullRequestResult {
  readonly review: SchemaReview | null;
  readonly comment: UpsertResult | null;
  readonly checkRun: { readonly id: number; readonly url: string | null } | null;
  readonly outcome: ReviewOutcome;
}

export async function reviewPullRequest(options: ReviewPullRequestOptions): Promise<ReviewPullRequestResult> {
  const { octokit, owner, repo } = options;
  const checkRunId = options.checkRun === false ? undefined : await startReviewCheckRun(octokit, { owner, repo }, options.headSha);
  const conclude = async (conclusion: 'success' | 'skipped', why: string): Promise<ReviewPullRequestResult['checkRun']> => {
    if (checkRunId === undefined) return null;
    await concludeReviewCheckRun(octokit, { owner, repo }, checkRunId, conclusion, why);
    return { id: checkRunId, url: null };
  };
  let review: SchemaReview | null;
  try {
    review = await computeReview({
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
  } catch (error) {
    // An outage (GitHub, the scratch server) must not leave a required check running forever.
    if (checkRunId !== undefined) {
      await octokit.rest.checks
        .update({
          owner,
          repo,
          check_run_id: checkRunId,
          status: 'completed',
          conclusion: 'failure',
          completed_at: new Date().toISOString(),
          output: { title: 'The review could not run', summary: 'The review could not run; the app log says why. Re-run this check to try again.' },
        })
        .catch(() => undefined);
    }
    throw error;
  }
  const short = options.headSha.slice(0, 7);
  if (!review)
    return {
      review,
      comment: null,
      checkRun: await conclude('skipped', `No schemafleet.yml at the base commit ${options.baseSha.slice(0, 7)}: nothing to review (a config this pull request adds takes effect after merge).`),
      outcome: 'no-config',
    };
  const stale = async (): Promise<boolean> => (options.isCurrent ? !(await options.isCurrent()) : false);
  const superseded = async (): Promise<ReviewPullRequestResult> => ({
    review,
    comment: null,
    checkRun: await conclude('skipped', `Superseded: the pull request's head is no longer ${short}.`),
    outcome: 'superseded',
  });
  const target = { octokit, owner, repo, issueNumber: options.pullNumber, schemaPath: review.schemaPath, ...(options.botLogin ? { botLogin: options.botLogin } : {}) };
  if (!review.changed) {
    if (await stale()) return superseded();
    const comment = await removeReviewComment(target);
    return { review, comment, checkRun: await conclude('success', `${review.schemaPath} is not changed by this pull request.`), outcome: 'unchanged' };
  }

  const sampled = review.problems.length === 0 && options.drift ? await options.drift(review) : undefined;
  const drift = sampled && !showTenantIdsIn(review, options.repositoryPrivate) ? withoutTenantIds(sampled) : sampled;
  if (await stale()) return superseded();
  const checkRun =
    options.checkRun === false
      ? null
      : await createReviewCheckRun(review, {
          octokit,
          owner,
          repo,
          ...(checkRunId === undefined ? {} : { checkRunId }),
          ...(options.repositoryUrl ? { repositoryUrl: options.repositoryUrl } : {}),
          ...(options.docsBaseUrl ? { docsBaseUrl: options.docsBaseUrl } : {}),
          ...(drift ? { drift } : {}),
        });
  const body = renderReviewComment(review, {
    ...(options.docsBaseUrl ? { docsBaseUrl: options.docsBaseUrl } : {}),
    ...(options.repositoryUrl ? { repositoryUrl: options.repositoryUrl } : {}),
    // The commit's checks page, not this run's: a new run for the same head keeps the comment's bytes.
    ...(options.repositoryUrl ? { detailsUrl: `${options.repositoryUrl}/commit/${options.headSha}/checks` } : checkRun?.url ? { detailsUrl: checkRun.url } : {}),
    ...(drift ? { drift } : {}),
  });
  return { review, comment: await upsertReviewComment({ ...target, body }), checkRun, outcome: 'reviewed' };
}
