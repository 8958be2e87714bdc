import type { AnnotationProperties } from '@actions/core';
import type { GitHubClient } from '../github-client.js';

/**
 * What run() needs from @actions/core, @actions/github and the process. Tests pass fakes; the real
 * ones are wired in default-deps.ts. Kept structural so no test has to mock a module.
 */
export interface ActionCore {
  getInput(name: string): string;
  setSecret(secret: string): void;
  setOutput(name: string, value: string): void;
  setFailed(message: string): void;
  info(message: string): void;
  warning(message: string, properties?: AnnotationProperties): void;
  error(message: string, properties?: AnnotationProperties): void;
  notice(message: string, properties?: AnnotationProperties): void;
  /** Markdown appended to the job summary ($GITHUB_STEP_SUMMARY). */
  writeSummary(markdown: string): Promise<void>;
}

/** The fields of @actions/github's context the Action reads. */
export interface ActionContext {
  readonly eventName: string;
  readonly sha: string;
  readonly ref: string;
  readonly actor: string;
  readonly runId: number;
  readonly runAttempt: number;
  readonly serverUrl: string;
  readonly repo: { readonly owner: string; readonly repo: string };
  readonly payload: Readonly<Record<string, unknown>>;
}

/** SIGINT/SIGTERM as the runner sends them on a cancelled workflow. Returns an unsubscribe. */
type OnStopSignal = (handler: (signal: string) => void) => () => void;

export interface ActionDeps {
  readonly core: ActionCore;
  readonly context: ActionContext;
  readonly getOctokit: (token: string) => GitHubClient;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly onStopSignal: OnStopSignal;
  /** Working directory the config path is relative to (GITHUB_WORKSPACE on a runner). */
  readonly cwd: string;
}
