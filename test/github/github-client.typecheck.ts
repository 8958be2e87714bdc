// Compile-time proof that both Octokits fit the adapter's structural type (tsc checks this file).
import { getOctokit } from '@actions/github';
import type { ProbotOctokit } from 'probot';
import type { GitHubClient } from '../../src/github/github-client.js';

export function fromAction(token: string): GitHubClient {
  return getOctokit(token);
}

export function fromProbot(octokit: ProbotOctokit): GitHubClient {
  return octokit;
}
