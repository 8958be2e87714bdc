import { BadInputError } from '../../errors.js';
import { renderPlanSql } from '../../plan/render-plan-sql.js';
import { computeReview, type SchemaReview } from '../compute-review.js';
import { sampleDrift, shouldSampleTenants, withoutTenantIds } from '../drift-summary.js';
import { httpStatusOf, type GitHubClient } from '../github-client.js';
import { renderReviewComment, type DriftSummary } from '../render-review-comment.js';
import { readReviewConfig } from '../review-config.js';
import { chooseReviewSandbox, repositoryPrivateIn, showTenantIdsIn } from '../trust-boundary.js';
import { removeReviewComment, resolveBotLogin, upsertReviewComment } from '../upsert-review-comment.js';
import { renderAnnotationOverflow } from '../../report/review/annotation-overflow-markdown.js';
import type { ActionDeps } from './action-deps.js';
import { actionDocsUrl } from './action-docs-url.js';
import type { ActionInputs } from './action-inputs.js';
import { referencedEnvValues, type ActionSecrets } from './action-secrets.js';
import type { ModeResult } from './mode-result.js';
import { reviewWorkflowAnnotations, splitByStepLimit } from './workflow-annotations.js';
import { plural } from '../../util/plural.js';

/** What the review reads from a pull_request payload. */
interface PullRequestPayload {
  readonly number: number;
  readonly base: { readonly sha: string; readonly repo: { readonly full_name: string } };
  readonly head: { readonly sha: string; readonly repo: { readonly full_name: string } | null };
}

function pullRequestOf(payload: Readonly<Record<string, unknown>>): PullRequestPayload | null {
  const pr = payload.pull_request as Partial<PullRequestPayload> | undefined;
  if (!pr || typeof pr.number !== 'number' || typeof pr.base?.sha !== 'string' || typeof pr.head?.sha !== 'string' || typeof pr.base.repo?.full_name !== 'string') return null;
  return pr as PullRequestPayload;
}

/** A head repository that is not the base one (or was deleted): its author is not trusted with tenants. */
function isForkPullRequest(pr: Pick<PullRequestPayload, 'base' | 'head'>): boolean {
  return pr.head.repo === null || pr.head.repo.full_name !== pr.base.repo.full_name;
}

const ACTION_DEFAULT_CONFIG = 'schemafleet.yml';

/** GitHub takes 1 MiB of job summary per step; this leaves room for multi-byte characters and the overflow list. */
const JOB_SUMMARY_MAX_LENGTH = 400_000;

/**
 * mode: review, on pull_request (or pull_request_target: no code from the pull request is checked
 * out or run; its files are read through the contents API, and its SQL is loaded only on a scratch
 * cluster). Computes the review under the base commit's config (see trust-boundary.ts), upserts
 * the sticky comment, annotates finding lines, writes the job summary. On a fork's pull request no
 * tenant database is touched and no database secret is needed, and its SQL gets an embedded
 * PostgreSQL of its own unless dev-url-for-forks says dev-url is disposable.
 */
export async function runReviewMode(inputs: ActionInputs, deps: ActionDeps, secrets: ActionSecrets): Promise<ModeResult> {
  const { core, context } = deps;
  const pr = pullRequestOf(context.payload);
  if (!pr) {
    throw new BadInputError(
      `mode review needs a pull_request event, got ${context.eventName}`,
      'run mode: review on pull_request; use mode: rollout (or preflight, status) on push and workflow_dispatch',
    );
  }
  const fork = isForkPullRequest(pr);
  secrets.addUrl(inputs.devUrl);
  const octokit = deps.getOctokit(inputs.githubToken);
  const repo = { owner: context.repo.owner, repo: context.repo.repo };
  const configPath = inputs.config === ACTION_DEFAULT_CONFIG ? undefined : inputs.config;
  const sandbox = chooseReviewSandbox({ fork, devUrl: inputs.devUrl, devUrlForForks: inputs.devUrlForForks });
  core.info(
    `reviewing pull request #${pr.number} (${pr.base.sha.slice(0, 7)}…${pr.head.sha.slice(0, 7)})${fork ? ' from a fork: no tenant database is read' : ''}; its SQL is loaded on ${sandbox.reason}`,
  );
  const docsBaseUrl = inputs.docsUrl ?? actionDocsUrl(deps.env);
  const review = await computeReview({
    octokit,
    ...repo,
    baseSha: pr.base.sha,
    headSha: pr.head.sha,
    timeBudgetMs: inputs.reviewTimeBudgetMs,
    ...(configPath ? { configPath } : {}),
    ...(sandbox.devUrl ? { devUrl: sandbox.devUrl } : {}),
    ...(docsBaseUrl ? { docsBaseUrl } : {}),
  });
  if (!review) {
    core.info(`no ${configPath ?? 'schemafleet.yml (or .github/schemafleet.yml)'} at the base commit: nothing to review (a config this pull request adds takes effect after merge)`);
    return { ok: true, result: { reviewed: false }, plan: '' };
  }
  for (const note of review.notes ?? []) core.notice(note, { title: 'schemafleet' });
  const botLogin = await resolveBotLogin(octokit);
  const target = { octokit, ...repo, issueNumber: pr.number, schemaPath: review.schemaPath, ...(botLogin ? { botLogin } : {}) };
  if (!review.changed) {
    core.info(`${review.schemaPath} did not change`);
    await removeReviewComment(target).catch((error: unknown) => core.warning(secrets.redact(`could not remove an old review comment: ${messageOf(error)}`)));
    return { ok: true, result: { reviewed: true, changed: false }, plan: '' };
  }

  const sampled = !fork && review.problems.length === 0 ? await tryDrift(review, deps, secrets, pr, octokit) : undefined;
  const drift = sampled && !showTenantIdsIn(review, repositoryPrivateIn(context.payload)) ? withoutTenantIds(sampled) : sampled;
  const runUrl = `${context.serverUrl}/${repo.owner}/${repo.repo}/actions/runs/${context.runId}`;
  const repositoryUrl = `${context.serverUrl}/${repo.owner}/${repo.repo}`;
  const body = secrets.redact(renderReviewComment(review, { detailsUrl: runUrl, repositoryUrl, ...(docsBaseUrl ? { docsBaseUrl } : {}), ...(drift ? { drift } : {}) }));
  try {
    const comment = await upsertReviewComment({ ...target, body });
    core.info(`review comment ${comment.action}${comment.url ? `: ${comment.url}` : ''}`);
  } catch (error) {
    const status = httpStatusOf(error);
    const hint =
      status === 403
        ? fork
          ? " (a fork's pull_request token is read-only: use pull_request_target (no code from the PR is checked out; its SQL runs only on a scratch cluster of the review: see docs/github.md, Pull requests from forks), or the schemafleet app)"
          : ' (the job needs permissions: pull-requests: write)'
        : '';
    core.warning(secrets.redact(`could not write the review comment${hint}: ${messageOf(error)}; the review is in the job summary`));
  }
  const overflow = secrets.redact(annotate(review, deps, repositoryUrl));
  // The job summary is the full review the comment links to: every statement, the whole plan.
  const summary = secrets.redact(
    renderReviewComment(review, { fullReview: true, maxLength: JOB_SUMMARY_MAX_LENGTH, repositoryUrl, ...(docsBaseUrl ? { docsBaseUrl } : {}), ...(drift ? { drift } : {}) }),
  );
  await core.writeSummary(overflow ? `${summary}\n${overflow}\n` : summary);
  return reviewResult(review);
}

/**
 * Findings and problems on the schema lines they concern, as workflow-command annotations (no
 * checks permission needed). Returns the job summary section for those GitHub would not show.
 */
function annotate(review: SchemaReview, { core }: ActionDeps, repositoryUrl: string): string {
  const { shown, overflow } = splitByStepLimit(reviewWorkflowAnnotations(review));
  for (const annotation of shown) core[annotation.level](annotation.message, annotation.properties);
  return renderAnnotationOverflow(
    overflow.map((a) => ({
      level: a.level,
      message: a.message,
      ...(a.properties.title ? { title: a.properties.title } : {}),
      location: a.properties.file && a.properties.startLine ? { file: a.properties.file, line: a.properties.startLine } : null,
    })),
    { repositoryUrl, headSha: review.headSha, schemaPath: review.schemaPath },
  );
}

function reviewResult(review: SchemaReview): ModeResult {
  const count = (severity: string): number => review.findings.filter((f) => f.severity === severity).length;
  const errors = count('error');
  const ok = review.problems.length === 0 && errors === 0;
  return {
    ok,
    result: {
      reviewed: true,
      changed: true,
      schemaPath: review.schemaPath,
      changes: review.changes.length,
      steps: review.plan?.steps.length ?? 0,
      errors,
      warnings: count('warning'),
      infos: count('info'),
      problems: review.problems.length,
    },
    plan: review.plan ? renderPlanSql(review.plan) : '',
    ...(ok ? {} : { failure: review.problems.length > 0 ? `${review.schemaPath} does not load (${plural(review.problems.length, 'problem')})` : plural(errors, 'error-level lint finding') }),
  };
}

/**
 * The drift summary, for a same-repository pull request whose workflow passed the tenants' secrets:
 * a config that cannot be resolved (its variables unset) simply means no tenant access.
 */
async function tryDrift(review: SchemaReview, deps: ActionDeps, secrets: ActionSecrets, pr: PullRequestPayload, octokit: GitHubClient): Promise<DriftSummary | undefined> {
  const desired = review.desiredModel;
  if (!shouldSampleTenants(pr, true) || !desired) return undefined;
  try {
    const repo = { owner: deps.context.repo.owner, repo: deps.context.repo.repo };
    // The tenants are today's, and where to connect is never the pull request's to say: the base commit's config, only.
    const config = await readReviewConfig(octokit, repo, pr.base.sha, review.configPath);
    if (!config) return undefined;
    secrets.add(...referencedEnvValues(config.text, deps.env));
    const drift = await sampleDrift({ configPath: config.configPath, configText: config.text, desired, reviewPlan: review.plan, env: deps.env });
    return { ...drift, unreadable: drift.unreadable.map((u) => ({ tenant: u.tenant, message: secrets.redact(u.message) })) };
  } catch (error) {
    deps.core.info(secrets.redact(`no drift summary (tenant access not configured for this workflow?): ${messageOf(error)}`));
    return undefined;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
