/**
 * The part of Octokit's REST surface schemafleet uses, typed structurally so that @actions/github's
 * `getOctokit()` and Probot's `context.octokit` both fit without a cast. Parameters list only what
 * we send and responses only what we read: the real methods accept and return more. Methods use
 * method syntax on purpose (bivariant parameters), since Octokit's own parameter types are wider
 * unions than these.
 */

// Type aliases, not interfaces: Octokit's RequestParameters has an index signature, which only
// object-literal types satisfy implicitly.
export type RepoParams = {
  readonly owner: string;
  readonly repo: string;
};

interface GitHubUser {
  readonly login: string;
  readonly type?: string;
}

export interface IssueComment {
  readonly id: number;
  readonly body?: string | null;
  readonly user: GitHubUser | null;
  readonly html_url?: string;
}

export type CheckRunAnnotation = {
  readonly path: string;
  readonly start_line: number;
  readonly end_line: number;
  readonly annotation_level: 'notice' | 'warning' | 'failure';
  readonly message: string;
  readonly title?: string;
  readonly raw_details?: string;
};

type CheckRunOutput = {
  readonly title: string;
  readonly summary: string;
  readonly text?: string;
  readonly annotations?: CheckRunAnnotation[];
};

type CheckRunAction = {
  readonly label: string;
  readonly description: string;
  readonly identifier: string;
};

export type CheckConclusion = 'success' | 'failure' | 'neutral' | 'cancelled' | 'skipped' | 'timed_out' | 'action_required';

type CheckRunParams = RepoParams & {
  readonly name?: string;
  readonly head_sha?: string;
  readonly external_id?: string;
  readonly status?: 'queued' | 'in_progress' | 'completed';
  readonly conclusion?: CheckConclusion;
  readonly details_url?: string;
  readonly started_at?: string;
  readonly completed_at?: string;
  readonly output?: CheckRunOutput;
  readonly actions?: CheckRunAction[];
};

interface Response<T> {
  readonly data: T;
}

export interface GitHubClient {
  readonly rest: {
    readonly issues: {
      listComments(params: RepoParams & { issue_number: number; per_page?: number; page?: number }): Promise<Response<readonly IssueComment[]>>;
      createComment(params: RepoParams & { issue_number: number; body: string }): Promise<Response<IssueComment>>;
      updateComment(params: RepoParams & { comment_id: number; body: string }): Promise<Response<IssueComment>>;
      deleteComment(params: RepoParams & { comment_id: number }): Promise<unknown>;
    };
    readonly repos: {
      /** The default branch, when the event payload does not carry it (a rollout runs only there). */
      get(params: RepoParams): Promise<Response<{ readonly default_branch: string }>>;
      /** A file, or a folder's listing; `data` is checked at run time (see repo-files.ts). */
      getContent(params: RepoParams & { path: string; ref?: string }): Promise<Response<unknown>>;
      /** Used for the merge base: what the pull request changes is head against it, not against base's tip. */
      compareCommits(params: RepoParams & { base: string; head: string; per_page?: number }): Promise<Response<{ readonly merge_base_commit: { readonly sha: string } }>>;
    };
    readonly git: {
      /** Files over 1 MB come without content from getContent; their blob has it. */
      getBlob(params: RepoParams & { file_sha: string }): Promise<Response<{ readonly content: string; readonly encoding: string }>>;
    };
    readonly pulls: {
      /** The pull request's current head: a review of an older head is dropped before it writes. */
      get(params: RepoParams & { pull_number: number }): Promise<Response<{ readonly head: { readonly sha: string } }>>;
      listFiles(
        params: RepoParams & { pull_number: number; per_page?: number; page?: number },
      ): Promise<Response<readonly { readonly filename: string; readonly status: string; readonly previous_filename?: string }[]>>;
    };
    readonly checks: {
      /** `app.slug` says which app receives the buttons' clicks (github-actions ignores them). */
      create(
        params: CheckRunParams & { name: string; head_sha: string },
      ): Promise<Response<{ readonly id: number; readonly html_url: string | null; readonly app?: { readonly slug?: string } | null }>>;
      update(params: CheckRunParams & { check_run_id: number }): Promise<Response<{ readonly id: number; readonly html_url: string | null }>>;
    };
    readonly users: {
      getAuthenticated(): Promise<Response<{ readonly login: string }>>;
    };
  };
}

/** GitHub's HTTP status on an Octokit RequestError, without depending on its class. */
export function httpStatusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}
