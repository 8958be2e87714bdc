/**
 * Whether a pull request's head is still the commit a review was computed for. Asked just before
 * the review writes, so a slow review of an older push never overwrites a newer one's comment.
 */
import type { GitHubClient, RepoParams } from './github-client.js';

/** true when GitHub cannot say (the review then writes, as it did before it could ask). */
export async function isCurrentHead(octokit: GitHubClient, repo: RepoParams, pullNumber: number, headSha: string): Promise<boolean> {
  try {
    const { data } = await octokit.rest.pulls.get({ ...repo, pull_number: pullNumber });
    return data.head.sha === headSha;
  } catch {
    return true;
  }
}
