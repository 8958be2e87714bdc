import * as core from '@actions/core';
import * as github from '@actions/github';
import type { GitHubClient } from '../github-client.js';
import type { ActionContext, ActionDeps } from './action-deps.js';
import { onStopSignal } from '../../util/stop-signals.js';

/** The real toolkit, the runner's environment and the process's signals. */
export function actionDepsFromEnvironment(): ActionDeps {
  const context = github.context;
  const actionContext: ActionContext = {
    eventName: context.eventName,
    sha: context.sha,
    ref: context.ref,
    actor: context.actor,
    runId: context.runId,
    runAttempt: context.runAttempt,
    serverUrl: context.serverUrl,
    // A getter: @actions/github throws when GITHUB_REPOSITORY is unset, which only matters if it is read.
    get repo() {
      return context.repo;
    },
    payload: context.payload as Record<string, unknown>,
  };
  return {
    core: {
      getInput: (name) => core.getInput(name),
      setSecret: (secret) => core.setSecret(secret),
      setOutput: (name, value) => core.setOutput(name, value),
      setFailed: (message) => core.setFailed(message),
      info: (message) => core.info(message),
      warning: (message, properties) => core.warning(message, properties),
      error: (message, properties) => core.error(message, properties),
      notice: (message, properties) => core.notice(message, properties),
      writeSummary: async (markdown) => {
        // Outside a runner there is no GITHUB_STEP_SUMMARY; a missing summary must not fail a rollout that succeeded.
        try {
          await core.summary.addRaw(markdown, true).write();
        } catch (error) {
          core.warning(`could not write the job summary: ${error instanceof Error ? error.message : String(error)}`);
        }
      },
    },
    context: actionContext,
    getOctokit: (token): GitHubClient => github.getOctokit(token),
    env: process.env,
    // The first SIGINT/SIGTERM stops the rollout gracefully; the runner's second one exits at once.
    onStopSignal: (handler) => onStopSignal(handler),
    cwd: process.env.GITHUB_WORKSPACE ?? process.cwd(),
  };
}
