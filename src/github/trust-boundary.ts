/**
 * The trust boundary of the GitHub front doors, in one place: what a pull request may decide and
 * what it may not. Both the Action and the app call these; docs/github.md ("Trust boundary",
 * "Threat model") says the same in prose.
 *
 * - A pull request decides the *contents* of the schema file, nothing else. The config (tenants,
 *   ledger, probes, `${VAR}` expansion, lint settings, the schema path) is read at the base commit.
 * - Its SQL runs on a scratch cluster private to the review, within one time budget.
 * - A rollout runs only from the default branch, or from refs the workflow names.
 * - Rollout buttons act only for people who may write to the repository, on its own rollouts.
 */
import { BadInputError } from '../errors.js';
import type { GitHubClient, RepoParams } from './github-client.js';
import { readOptionalFile } from './repo-files.js';
import { CONFIG_CANDIDATES, normalizeRepoPath, parseReviewConfig, type ReviewConfig } from './review-config.js';

/** Default for the whole review: every statement of the base and head schemas. */
export const DEFAULT_REVIEW_TIME_BUDGET_MS = 60_000;

export interface TrustedReviewConfig {
  /** The config at the base commit; null when the base has none (nothing of ours to review yet). */
  readonly config: ReviewConfig | null;
  /** The pull request adds, edits or removes a config file: it takes effect after merge. */
  readonly changedInHead: string | null;
}

/**
 * The config a review obeys: the base commit's. The head is only compared with it, so the review
 * can say that the pull request's config change is not in force yet.
 */
export async function readTrustedReviewConfig(client: GitHubClient, repo: RepoParams, refs: { readonly baseSha: string; readonly headSha: string }, configPath?: string): Promise<TrustedReviewConfig> {
  const paths = configPath ? [normalizeRepoPath(configPath)] : [...CONFIG_CANDIDATES];
  const versions = await Promise.all(
    paths.map(async (path) => {
      const [base, head] = await Promise.all([readOptionalFile(client, repo, path, refs.baseSha), readOptionalFile(client, repo, path, refs.headSha)]);
      return { path, base: base?.text ?? null, head: head?.text ?? null };
    }),
  );
  // The first candidate the base has wins, as readReviewConfig looks them up.
  const inForce = versions.find((v) => v.base !== null);
  return {
    config: inForce?.base != null ? parseReviewConfig(inForce.path, inForce.base) : null,
    changedInHead: versions.find((v) => v.base !== v.head)?.path ?? null,
  };
}

/** The note a review carries when the pull request changes the config. */
export function configChangeNote(path: string, config: ReviewConfig | null): string {
  return `This pull request changes \`${path}\`. The change takes effect after merge: this review uses ${config ? `\`${config.configPath}\` as it is on the base branch` : 'no config (the base branch has none)'}.`;
}

export interface ReviewSandboxChoice {
  /** The shared server to load the PR's SQL on, when that is allowed; otherwise a cluster of the review's own. */
  readonly devUrl: string | null;
  /** For the log: why this sandbox. */
  readonly reason: string;
}

/**
 * Where a pull request's SQL is loaded. A fork's author is anyone: their SQL gets an embedded
 * cluster started for this review alone, unless the deployment says its dev-url is disposable
 * (a service container of this job) and may take it. A same-repository author can already push
 * code the workflow runs, so dev-url is theirs to use.
 */
export function chooseReviewSandbox(input: { readonly fork: boolean; readonly devUrl: string | null; readonly devUrlForForks: boolean }): ReviewSandboxChoice {
  if (!input.devUrl) return { devUrl: null, reason: 'an embedded PostgreSQL started for this review' };
  if (!input.fork) return { devUrl: input.devUrl, reason: 'dev-url' };
  if (input.devUrlForForks) return { devUrl: input.devUrl, reason: 'dev-url (allowed for forks)' };
  return { devUrl: null, reason: "an embedded PostgreSQL started for this review (a fork's SQL never reaches dev-url unless dev-url-for-forks is true)" };
}

/** A ref pattern: a full ref (`refs/tags/v*`) or a branch name (`release/*`); `*` matches within one path segment, `**` across them. @internal test/github/trust-boundary.test.ts checks the pattern table on its own. */
export function refMatches(ref: string, pattern: string): boolean {
  const full = pattern.startsWith('refs/') ? pattern : `refs/heads/${pattern}`;
  const regex = full
    .split(/(\*\*|\*)/)
    .map((part) => (part === '**' ? '.*' : part === '*' ? '[^/]*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${regex}$`).test(ref);
}

/**
 * A rollout migrates every tenant with the checked-out code and config, so it runs only on what
 * was reviewed: the default branch, or refs the workflow lists in `allowed-refs`. workflow_dispatch
 * can be started on any branch; without this, a branch nobody reviewed reaches every tenant.
 */
export function assertRolloutRef(input: { readonly mode: string; readonly ref: string; readonly defaultBranch: string | null; readonly allowedRefs: readonly string[] }): void {
  const allowed = [...(input.defaultBranch ? [`refs/heads/${input.defaultBranch}`] : []), ...input.allowedRefs];
  if (input.ref && allowed.some((pattern) => refMatches(input.ref, pattern))) return;
  const onDefault = input.defaultBranch ? `the default branch (${input.defaultBranch})` : 'the default branch (unknown for this event)';
  throw new BadInputError(
    `mode ${input.mode} refuses to run on ${input.ref || 'an unknown ref'}: a rollout runs only on ${onDefault}${input.allowedRefs.length > 0 ? ` or refs matching allowed-refs (${input.allowedRefs.join(', ')})` : ''}`,
    'run the rollout on the default branch after review, or name the ref in the allowed-refs input (e.g. allowed-refs: refs/tags/v*)',
  );
}

/** Repository permissions (GET /repos/{owner}/{repo}/collaborators/{user}/permission) that may pause, resume or abort a rollout. */
const CONTROL_PERMISSIONS: readonly string[] = ['admin', 'maintain', 'write'];

export function mayControlRollouts(permission: string | null | undefined): boolean {
  return permission !== null && permission !== undefined && CONTROL_PERMISSIONS.includes(permission);
}

/** The repository a rollout was started from, as the Action records it in the ledger (rollout config). */
export function rolloutRepository(config: unknown): string | null {
  const repository = (config as { repository?: unknown } | null)?.repository;
  return typeof repository === 'string' && repository !== '' ? repository : null;
}

/**
 * Whether a comment may name tenants (drift examples, unreadable tenants). Tenant ids and the
 * host names in their errors are internal; on a public repository they are shown only when the
 * config says so (`review.showTenantIds`). A repository whose visibility is unknown counts as public.
 */
/** payload.repository.private of a webhook or workflow event; undefined when the event does not say. */
export function repositoryPrivateIn(payload: unknown): boolean | undefined {
  const flag = (payload as { repository?: { private?: unknown } } | null)?.repository?.private;
  return typeof flag === 'boolean' ? flag : undefined;
}

export function showTenantIdsIn(config: Pick<ReviewConfig, 'showTenantIds'>, repositoryPrivate: boolean | undefined): boolean {
  return config.showTenantIds ?? repositoryPrivate === true;
}
