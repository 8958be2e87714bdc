/**
 * One sticky comment per schema path on a pull request: found by its hidden marker on the first
 * line *and* its author, so a person quoting the marker is never edited. The author is any Bot
 * account (GITHUB_TOKEN posts as github-actions[bot], an app's installation token as
 * <slug>[bot], and neither can ask GitHub which), or the login known to be ours (a personal access
 * token posts as its owner, whom GET /user names). Pages through every comment: the default page
 * holds 30.
 */
import { httpStatusOf, type GitHubClient, type IssueComment } from './github-client.js';
import { reviewMarker } from './render-review-comment.js';

export interface ReviewCommentTarget {
  readonly octokit: GitHubClient;
  readonly owner: string;
  readonly repo: string;
  /** The pull request's number. */
  readonly issueNumber: number;
  readonly schemaPath: string;
  /**
   * The login comments are posted as, when known: `<app-slug>[bot]` for the app, the owner of a
   * personal access token. Without it, comments by any Bot account with the marker are ours.
   */
  readonly botLogin?: string;
}

type UpsertAction = 'created' | 'updated' | 'unchanged' | 'deleted' | 'none';

export interface UpsertResult {
  readonly action: UpsertAction;
  readonly commentId: number | null;
  readonly url: string | null;
}

const PAGE_SIZE = 100;

/** Every comment on the issue, oldest first. */
async function listAllComments(target: Pick<ReviewCommentTarget, 'octokit' | 'owner' | 'repo' | 'issueNumber'>): Promise<IssueComment[]> {
  const all: IssueComment[] = [];
  for (let page = 1; ; page++) {
    const { data } = await target.octokit.rest.issues.listComments({ owner: target.owner, repo: target.repo, issue_number: target.issueNumber, per_page: PAGE_SIZE, page });
    all.push(...data);
    if (data.length < PAGE_SIZE) return all;
  }
}

function isOwnReviewComment(comment: IssueComment, schemaPath: string, botLogin: string | undefined): boolean {
  const author = comment.user;
  if (!author) return false;
  if (author.type !== 'Bot' && author.login.toLowerCase() !== botLogin?.toLowerCase()) return false;
  // The marker is the first line of our body; a quote of it further down (or in a code block) is not ours.
  return (comment.body ?? '').trimStart().startsWith(reviewMarker(schemaPath));
}

async function findReviewComments(target: ReviewCommentTarget): Promise<IssueComment[]> {
  return (await listAllComments(target)).filter((c) => isOwnReviewComment(c, target.schemaPath, target.botLogin));
}

async function deleteQuietly(target: ReviewCommentTarget, id: number): Promise<void> {
  try {
    await target.octokit.rest.issues.deleteComment({ owner: target.owner, repo: target.repo, comment_id: id });
  } catch (error) {
    // Someone deleted it first: the outcome is the same.
    if (httpStatusOf(error) !== 404) throw error;
  }
}

/**
 * Creates the comment, or updates the bot's existing one when its body differs. Duplicates (two
 * runs racing to create) are removed so one comment per schema path is left.
 */
export async function upsertReviewComment(target: ReviewCommentTarget & { readonly body: string }): Promise<UpsertResult> {
  const [existing, ...duplicates] = await findReviewComments(target);
  for (const duplicate of duplicates) await deleteQuietly(target, duplicate.id);
  if (!existing) {
    const { data } = await target.octokit.rest.issues.createComment({ owner: target.owner, repo: target.repo, issue_number: target.issueNumber, body: target.body });
    return { action: 'created', commentId: data.id, url: data.html_url ?? null };
  }
  if ((existing.body ?? '') === target.body) return { action: 'unchanged', commentId: existing.id, url: existing.html_url ?? null };
  const { data } = await target.octokit.rest.issues.updateComment({ owner: target.owner, repo: target.repo, comment_id: existing.id, body: target.body });
  return { action: 'updated', commentId: data.id, url: data.html_url ?? null };
}

/** Removes the bot's comment for the schema path (the change was reverted); 'none' when there was none. */
export async function removeReviewComment(target: ReviewCommentTarget): Promise<UpsertResult> {
  const found = await findReviewComments(target);
  for (const comment of found) await deleteQuietly(target, comment.id);
  return { action: found.length > 0 ? 'deleted' : 'none', commentId: found[0]?.id ?? null, url: null };
}

/**
 * The login the client posts as, or null when the token cannot say: a workflow token and an app's
 * installation token both get 403 from GET /user (they post as github-actions[bot] and
 * <slug>[bot], both Bot accounts, which isOwnReviewComment recognises without a login).
 */
export async function resolveBotLogin(octokit: GitHubClient): Promise<string | null> {
  try {
    return (await octokit.rest.users.getAuthenticated()).data.login;
  } catch (error) {
    const status = httpStatusOf(error);
    if (status === 403 || status === 401 || status === 404) return null;
    throw error;
  }
}
