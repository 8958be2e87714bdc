/**
 * Reads files of one commit through the contents API, so a review works from a shallow checkout
 * (or none at all, as in the Probot app) and never executes anything from the pull request.
 */
import { BadInputError } from '../errors.js';
import { httpStatusOf, type GitHubClient, type RepoParams } from './github-client.js';

/** A file of the repository at one commit: its path from the repository root and its blob sha. */
export interface RepoEntry {
  readonly path: string;
  readonly sha: string;
}

export interface RepoFile extends RepoEntry {
  readonly text: string;
}

interface ContentItem {
  readonly type: string;
  readonly path: string;
  readonly sha: string;
  readonly content?: string;
  readonly encoding?: string;
  readonly size?: number;
}

function isContentItem(value: unknown): value is ContentItem {
  const item = value as Partial<ContentItem> | null;
  return typeof item === 'object' && item !== null && typeof item.type === 'string' && typeof item.path === 'string' && typeof item.sha === 'string';
}

/** A file, a folder listing, or null when nothing is at `path` in that commit. */
async function getContent(client: GitHubClient, repo: RepoParams, path: string, ref: string): Promise<ContentItem | ContentItem[] | null> {
  let data: unknown;
  try {
    ({ data } = await client.rest.repos.getContent({ ...repo, path, ref }));
  } catch (error) {
    if (httpStatusOf(error) === 404) return null;
    throw error;
  }
  if (Array.isArray(data)) return data.filter(isContentItem);
  if (isContentItem(data)) return data;
  throw new Error(`unexpected contents API answer for ${path}@${ref}`);
}

function decode(content: string, encoding: string | undefined): string {
  const text = encoding === 'base64' ? Buffer.from(content, 'base64').toString('utf8') : content;
  return text;
}

/**
 * The .sql files of a schema file or folder (recursively, like readSchemaFiles), without their
 * text: the blob shas alone tell whether the schema changed. null when the path does not exist.
 */
export async function listSchemaEntries(client: GitHubClient, repo: RepoParams, path: string, ref: string): Promise<{ readonly kind: 'file' | 'folder'; readonly entries: RepoEntry[] } | null> {
  const found = await getContent(client, repo, path, ref);
  if (found === null) return null;
  if (!Array.isArray(found)) {
    if (found.type !== 'file') throw new BadInputError(`schema path ${path} is a ${found.type} at ${ref.slice(0, 7)}, expected a .sql file or a folder`);
    return { kind: 'file', entries: [{ path: found.path, sha: found.sha }] };
  }
  const entries: RepoEntry[] = [];
  const walk = async (items: ContentItem[]): Promise<void> => {
    for (const item of items) {
      if (item.type === 'file' && item.path.toLowerCase().endsWith('.sql')) entries.push({ path: item.path, sha: item.sha });
      else if (item.type === 'dir') {
        const inner = await getContent(client, repo, item.path, ref);
        if (Array.isArray(inner)) await walk(inner);
      }
    }
  };
  await walk(found);
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { kind: 'folder', entries };
}

/** One file's text. Files over 1 MB come without content from the contents API; the blob has it. */
export async function readRepoFile(client: GitHubClient, repo: RepoParams, entry: RepoEntry, ref: string): Promise<RepoFile> {
  const found = await getContent(client, repo, entry.path, ref);
  if (found === null || Array.isArray(found) || found.type !== 'file') throw new BadInputError(`${entry.path} is not a file at ${ref.slice(0, 7)}`);
  return fileText(client, repo, found);
}

async function fileText(client: GitHubClient, repo: RepoParams, item: ContentItem): Promise<RepoFile> {
  if (item.content !== undefined && item.content !== '' && item.encoding !== 'none') {
    return { path: item.path, sha: item.sha, text: decode(item.content, item.encoding) };
  }
  if ((item.size ?? 0) === 0) return { path: item.path, sha: item.sha, text: '' };
  const { data } = await client.rest.git.getBlob({ ...repo, file_sha: item.sha });
  return { path: item.path, sha: item.sha, text: decode(data.content, data.encoding) };
}

/** A file's text, or null when it does not exist at `ref`. */
export async function readOptionalFile(client: GitHubClient, repo: RepoParams, path: string, ref: string): Promise<RepoFile | null> {
  const found = await getContent(client, repo, path, ref);
  if (found === null || Array.isArray(found) || found.type !== 'file') return null;
  return fileText(client, repo, found);
}

export function sameEntries(a: readonly RepoEntry[], b: readonly RepoEntry[]): boolean {
  return a.length === b.length && a.every((entry, i) => entry.path === b[i]?.path && entry.sha === b[i]?.sha);
}
