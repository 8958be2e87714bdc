/**
 * What a review needs from schemafleet.yml, read from a commit through the contents API: where the
 * schema is, which PostgreSQL schema it declares, and the lint section. The tenant side of the file
 * is left alone on purpose: a review must work without any database secret in the environment,
 * and loadFleetConfig expands `${VAR}` in tenant URLs (failing when they are unset).
 */
import { posix } from 'node:path';
import { parse } from 'yaml';
import { BadInputError } from '../errors.js';
import { lintConfigSchema, type LintConfig } from '../lint/lint-config-schema.js';
import { allRules } from '../lint/rules/index.js';
import { validateLintConfig } from '../lint/validate-lint-config.js';
import type { GitHubClient, RepoParams } from './github-client.js';
import { readOptionalFile } from './repo-files.js';

/** Where the app and the Action look when no path is configured, in order. */
export const CONFIG_CANDIDATES = ['.github/schemafleet.yml', 'schemafleet.yml'] as const;

export interface ReviewConfig {
  /** Path of schemafleet.yml from the repository root. */
  readonly configPath: string;
  /** The schema file or folder from the repository root (the config's `schema:` is relative to the config file). */
  readonly schemaPath: string;
  readonly schemaName: string;
  readonly lint: LintConfig;
  /** review.showTenantIds: may comments name tenants? undefined: the default (only on private repositories). */
  readonly showTenantIds?: boolean;
  /** The file's text, for callers that want the rest of it (the drift summary). */
  readonly text: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Paths from the repository root, as the contents API wants them ("./x" and "/x" mean "x"). */
export function normalizeRepoPath(path: string): string {
  return posix
    .normalize(path.replace(/\\/g, '/'))
    .replace(/^(\.\/)+/, '')
    .replace(/^\/+/, '')
    .replace(/\/+$/, '');
}

export function parseReviewConfig(configPath: string, text: string): ReviewConfig {
  let data: unknown;
  try {
    data = parse(text, { prettyErrors: false });
  } catch (error) {
    throw new BadInputError(`${configPath}: not valid YAML: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`);
  }
  if (!isRecord(data)) throw new BadInputError(`${configPath}: expected a mapping with schema: and tenants:`);
  const schema = data.schema;
  if (typeof schema !== 'string' || schema.trim() === '') throw new BadInputError(`${configPath}: schema: missing; expected a path to the schema file or folder`);
  const schemaPath = normalizeRepoPath(posix.join(posix.dirname(configPath), schema));
  if (schemaPath === '' || schemaPath === '.' || schemaPath.startsWith('../')) {
    throw new BadInputError(`${configPath}: schema: ${schema} points outside the repository`, 'schema: is relative to the folder of schemafleet.yml');
  }
  const schemaName = data.schemaName === undefined ? 'public' : data.schemaName;
  if (typeof schemaName !== 'string' || schemaName === '') throw new BadInputError(`${configPath}: schemaName: expected a schema name`);
  const parsed = lintConfigSchema.safeParse(data.lint ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${configPath}: lint${issue.path.map((k) => (typeof k === 'number' ? `[${k}]` : `.${String(k)}`)).join('')}: ${issue.message}`);
    throw new BadInputError(problems.join('\n'), 'see docs/rules/README.md for the lint section');
  }
  try {
    validateLintConfig(parsed.data, allRules);
  } catch (error) {
    if (error instanceof BadInputError) throw new BadInputError(`${configPath}: ${error.message.split('\n').join(`\n${configPath}: `)}`, error.hint);
    throw error;
  }
  const review = data.review ?? {};
  if (!isRecord(review)) throw new BadInputError(`${configPath}: review: expected a mapping (showTenantIds: true or false)`);
  const showTenantIds = review.showTenantIds;
  if (showTenantIds !== undefined && typeof showTenantIds !== 'boolean') throw new BadInputError(`${configPath}: review.showTenantIds: expected true or false`);
  return { configPath, schemaPath, schemaName, lint: parsed.data, ...(showTenantIds !== undefined ? { showTenantIds } : {}), text };
}

/**
 * The config at `ref`: the given path, else the first of CONFIG_CANDIDATES that exists. null when
 * none exists (a repository without schemafleet.yml is not ours to review); a configured path that
 * does not exist is a user error.
 */
export async function readReviewConfig(client: GitHubClient, repo: RepoParams, ref: string, configPath?: string): Promise<ReviewConfig | null> {
  const candidates = configPath ? [normalizeRepoPath(configPath)] : [...CONFIG_CANDIDATES];
  for (const candidate of candidates) {
    const file = await readOptionalFile(client, repo, candidate, ref);
    if (file) return parseReviewConfig(candidate, file.text);
  }
  return null;
}
