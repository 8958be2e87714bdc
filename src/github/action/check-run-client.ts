import type { GitHubClient } from '../github-client.js';
import type { CheckRunUpdate } from '../../report/check-run/check-run-types.js';
import type { ActionContext } from './action-deps.js';

/** The app behind GITHUB_TOKEN. */
const GITHUB_ACTIONS_APP_SLUG = 'github-actions';

export interface CreatedCheckRun {
  readonly id: number;
  readonly url: string | null;
  /**
   * GitHub sends a button click to the app that created the check run. GitHub Actions (a
   * GITHUB_TOKEN) ignores them, so buttons are offered only on runs another app created.
   */
  readonly clicksReachAnApp: boolean;
  readonly update: (update: CheckRunUpdate) => Promise<void>;
}

/**
 * Creates the rollout's check run on the commit, in progress, and returns how to update it. Null
 * when it cannot be created (no `checks: write`): the rollout is worth more than its progress bar.
 */
export async function createRolloutCheckRun(
  octokit: GitHubClient,
  context: ActionContext,
  name: string,
  output: { title: string; summary: string },
  onError: (message: string) => void,
): Promise<CreatedCheckRun | null> {
  const repo = { owner: context.repo.owner, repo: context.repo.repo };
  try {
    const { data } = await octokit.rest.checks.create({
      ...repo,
      name,
      head_sha: context.sha,
      status: 'in_progress',
      started_at: new Date().toISOString(),
      details_url: `${context.serverUrl}/${repo.owner}/${repo.repo}/actions/runs/${context.runId}`,
      output,
    });
    const slug = data.app?.slug;
    return {
      id: data.id,
      url: data.html_url,
      clicksReachAnApp: typeof slug === 'string' && slug !== '' && slug !== GITHUB_ACTIONS_APP_SLUG,
      update: async (update) => {
        const { annotations, ...output } = update.output;
        const { actions, ...rest } = update;
        await octokit.rest.checks.update({
          ...repo,
          check_run_id: data.id,
          ...rest,
          ...(actions ? { actions: [...actions] } : {}),
          output: annotations ? { ...output, annotations: [...annotations] } : output,
        });
      },
    };
  } catch (error) {
    onError(`could not create the check run (the job needs permissions: checks: write): ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
}
