/**
 * The review of a pull request's schema change: the schema at the base and head commits, read
 * through the contents API, loaded on one scratch server, diffed, planned and linted. Shared by
 * the Action and the Probot app; it needs no tenant database, only a scratch one.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { SchemaChange } from '../diff/schema-change.js';
import { BadInputError, type SourceLocation } from '../errors.js';
import { lintMigration } from '../lint/lint-migration.js';
import type { Finding } from '../lint/rule.js';
import { planMigration } from '../plan/plan-migration.js';
import type { Plan } from '../plan/step.js';
import { emptyModelLike } from '../schema/empty-model.js';
import { loadDesiredSchema, type DesiredSchema } from '../schema/load/load-desired-schema.js';
import type { SchemaModel } from '../schema/model.js';
import { openScratchServer, type ScratchServer } from '../schema/scratch/scratch-server.js';
import type { GitHubClient, RepoParams } from './github-client.js';
import { listSchemaEntries, readRepoFile, sameEntries, type RepoEntry } from './repo-files.js';
import { readReviewConfig, type ReviewConfig } from './review-config.js';
import { configChangeNote, DEFAULT_REVIEW_TIME_BUDGET_MS, readTrustedReviewConfig, type TrustedReviewConfig } from './trust-boundary.js';

export interface ComputeReviewOptions {
  readonly octokit: GitHubClient;
  readonly owner: string;
  readonly repo: string;
  readonly baseSha: string;
  readonly headSha: string;
  /** schemafleet.yml from the repository root; default `.github/schemafleet.yml`, then `schemafleet.yml`. Read at the base commit. */
  readonly configPath?: string;
  /** A server for scratch databases (see chooseReviewSandbox); otherwise an embedded PostgreSQL is started (and stopped). */
  readonly devUrl?: string;
  /** An open scratch server to reuse; left open. Wins over devUrl. */
  readonly scratch?: ScratchServer;
  /** Where rule pages live (docs/rules/<id>.md), e.g. on the repository's default branch. */
  readonly docsBaseUrl?: string;
  /** One budget for every statement of the base and head schemas; default 60 s. */
  readonly timeBudgetMs?: number;
}

/** Something that stops the review from being computed: a bad schema file or config, located when possible. */
interface ReviewProblem {
  readonly message: string;
  readonly location: SourceLocation | null;
  readonly hint?: string;
}

export interface SchemaReview {
  /** false when the schema files are byte-identical at base and head (nothing was loaded). */
  readonly changed: boolean;
  readonly configPath: string;
  /** The schema file or folder, from the repository root; one review (and one comment) per path. */
  readonly schemaPath: string;
  readonly schemaName: string;
  /** The base commit has no schema: everything is new. */
  readonly baseMissing: boolean;
  readonly changes: readonly SchemaChange[];
  /** null when the review could not be computed (see problems). */
  readonly plan: Plan | null;
  readonly findings: readonly Finding[];
  /** Non-empty when a schema file or the config has errors; the review then shows them instead of a plan. */
  readonly problems: readonly ReviewProblem[];
  readonly headSha: string;
  readonly baseSha: string;
  /** The head schema's model, for callers that plan against tenants (the drift summary); null when not loaded. */
  readonly desiredModel: SchemaModel | null;
  /** Said above the review: that the pull request's config change is not in force yet. */
  readonly notes?: readonly string[];
  /** review.showTenantIds of the base config (undefined: the default). */
  readonly showTenantIds?: boolean;
}

function unchangedReview(config: ReviewConfig, options: ComputeReviewOptions & { readonly notes: readonly string[] }, baseMissing: boolean, problems: ReviewProblem[] = []): SchemaReview {
  return {
    notes: options.notes,
    ...(config.showTenantIds !== undefined ? { showTenantIds: config.showTenantIds } : {}),
    changed: problems.length > 0,
    configPath: config.configPath,
    schemaPath: config.schemaPath,
    schemaName: config.schemaName,
    baseMissing,
    changes: [],
    plan: null,
    findings: [],
    problems,
    headSha: options.headSha,
    baseSha: options.baseSha,
    desiredModel: null,
  };
}

/** A BadInputError as a review problem; other errors are bugs or outages and propagate. @internal test/report/review/review-comment.snapshot.test.ts turns its own load errors into problems. */
export function toProblem(error: unknown, unroot: (text: string) => string): ReviewProblem {
  if (!(error instanceof BadInputError)) throw error;
  return {
    message: unroot(error.message),
    location: error.location ? { ...error.location, file: unroot(error.location.file) } : null,
    ...(error.hint ? { hint: error.hint } : {}),
  };
}

async function materialize(client: GitHubClient, repo: RepoParams, entries: readonly RepoEntry[], ref: string, root: string): Promise<void> {
  for (const entry of entries) {
    const file = await readRepoFile(client, repo, entry, ref);
    const target = join(root, ...entry.path.split('/'));
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, file.text, 'utf8');
  }
}

/**
 * Reads schemafleet.yml at the base commit and the schema at the merge base and head, and computes
 * the review. The config is never taken from the head (see trust-boundary.ts): only the schema
 * file's contents are. Returns null when the base commit has no schemafleet.yml (nothing to review
 * yet). Never throws for a bad schema file or config: those come back as `problems` with
 * file:line:col from the repository root.
 */
export async function computeReview(requested: ComputeReviewOptions): Promise<SchemaReview | null> {
  const client = requested.octokit;
  const repo = { owner: requested.owner, repo: requested.repo };
  const mergeBaseSha = await mergeBase(client, repo, requested.baseSha, requested.headSha);
  let trusted: TrustedReviewConfig;
  try {
    trusted = await readTrustedReviewConfig(client, repo, { baseSha: requested.baseSha, headSha: requested.headSha }, requested.configPath);
  } catch (error) {
    const problem = toProblem(error, (text) => text);
    const configPath = requested.configPath ?? '.github/schemafleet.yml';
    const broken = { configPath, schemaPath: configPath, schemaName: 'public', lint: { rules: {}, ignore: [] }, text: '' };
    return unchangedReview(broken, { ...requested, baseSha: mergeBaseSha, notes: [] }, false, [{ ...problem, message: `the config on the base branch does not load:\n${problem.message}` }]);
  }
  const config = trusted.config;
  if (!config) return null;
  const options = { ...requested, baseSha: mergeBaseSha, notes: trusted.changedInHead ? [configChangeNote(trusted.changedInHead, config)] : [] };
  // The schema as it was where the branch started; that commit's config may place it elsewhere.
  const baseConfig = mergeBaseSha === requested.baseSha ? config : await readReviewConfig(client, repo, mergeBaseSha, config.configPath).catch(() => null);
  const basePath = baseConfig?.schemaPath ?? config.schemaPath;

  const head = await listSchemaEntries(client, repo, config.schemaPath, options.headSha);
  if (!head || head.entries.length === 0) {
    const what = head ? 'holds no .sql files' : 'does not exist';
    return unchangedReview(config, options, false, [
      { message: `${config.configPath}: schema: ${config.schemaPath} ${what} at ${options.headSha.slice(0, 7)}`, location: null, hint: 'schema: is relative to the folder of schemafleet.yml' },
    ]);
  }
  const base = await listSchemaEntries(client, repo, basePath, options.baseSha);
  const baseMissing = !base || base.entries.length === 0;
  if (!baseMissing && basePath === config.schemaPath && sameEntries(base.entries, head.entries) && (baseConfig?.schemaName ?? 'public') === config.schemaName) {
    return unchangedReview(config, options, false);
  }

  const root = await mkdtemp(join(tmpdir(), 'schemafleet-review-'));
  // Temporary paths never reach a comment: locations are shown from the repository root.
  const unroot = (text: string): string =>
    text
      .split(`${join(root, 'head')}/`)
      .join('')
      .split(`${join(root, 'base')}/`)
      .join('');
  const scratch = options.scratch ?? (await openScratchServer(options.devUrl ? { devUrl: options.devUrl } : {}));
  try {
    await materialize(client, repo, head.entries, options.headSha, join(root, 'head'));
    if (!baseMissing) await materialize(client, repo, base.entries, options.baseSha, join(root, 'base'));
    // One budget for the pull request's SQL and the base's, counted from the first statement.
    const budgetMs = options.timeBudgetMs ?? DEFAULT_REVIEW_TIME_BUDGET_MS;
    const untrusted = { deadline: Date.now() + budgetMs, budgetMs };
    let desired: DesiredSchema;
    try {
      desired = await loadDesiredSchema({ path: join(root, 'head', ...config.schemaPath.split('/')), schema: config.schemaName, scratch, untrusted });
    } catch (error) {
      return unchangedReview(config, options, baseMissing, [toProblem(error, unroot)]);
    }
    desired = {
      model: desired.model,
      statements: desired.statements.map((s) => ({ ...s, location: { ...s.location, file: unroot(s.location.file) } })),
    };
    let current: SchemaModel;
    if (baseMissing) current = emptyModelLike(desired.model);
    else {
      try {
        current = (await loadDesiredSchema({ path: join(root, 'base', ...basePath.split('/')), schema: baseConfig?.schemaName ?? 'public', scratch, untrusted })).model;
      } catch (error) {
        const problem = toProblem(error, unroot);
        return unchangedReview(config, options, false, [
          { ...problem, message: `the schema at the base commit ${options.baseSha.slice(0, 7)} does not load, so there is nothing to compare with:\n${problem.message}` },
        ]);
      }
    }
    const migration = planMigration(current, desired.model);
    const findings = lintMigration(current, desired, migration, config.lint, options.docsBaseUrl ? { docsBaseUrl: options.docsBaseUrl } : {});
    return {
      changed: true,
      configPath: config.configPath,
      schemaPath: config.schemaPath,
      schemaName: config.schemaName,
      baseMissing,
      changes: migration.changes,
      plan: migration.plan,
      findings,
      problems: [],
      headSha: options.headSha,
      baseSha: options.baseSha,
      desiredModel: desired.model,
      notes: options.notes,
      ...(config.showTenantIds !== undefined ? { showTenantIds: config.showTenantIds } : {}),
    };
  } finally {
    if (!options.scratch) await scratch.close();
    await rm(root, { recursive: true, force: true });
  }
}

/**
 * The commit the pull request branched from. Comparing head with the base branch's tip would show
 * every schema change merged to main since as "reverted" by the pull request. Falls back to the
 * base sha when the compare API cannot answer (permissions, unrelated histories).
 */
async function mergeBase(client: GitHubClient, repo: { owner: string; repo: string }, baseSha: string, headSha: string): Promise<string> {
  try {
    const { data } = await client.rest.repos.compareCommits({ ...repo, base: baseSha, head: headSha, per_page: 1 });
    return data.merge_base_commit.sha || baseSha;
  } catch {
    return baseSha;
  }
}
