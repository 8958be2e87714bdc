import { createHash } from 'node:crypto';
import type { AnnotationProperties } from '@actions/core';
import type { ActionContext, ActionCore, ActionDeps } from '../../../src/github/action/action-deps.js';
import type { GitHubClient } from '../../../src/github/github-client.js';

export type CoreCall = { readonly kind: string; readonly args: readonly unknown[] };

/** An @actions/core stand-in that records every call, in order. */
export function fakeCore(inputs: Readonly<Record<string, string>>): ActionCore & { calls: CoreCall[]; summary: string[]; outputs: Record<string, string>; logged(): string } {
  const calls: CoreCall[] = [];
  const summary: string[] = [];
  const outputs: Record<string, string> = {};
  const record =
    (kind: string) =>
    (...args: unknown[]) =>
      void calls.push({ kind, args });
  return {
    calls,
    summary,
    outputs,
    getInput: (name) => inputs[name] ?? '',
    setSecret: record('setSecret'),
    setOutput: (name, value) => {
      outputs[name] = value;
      calls.push({ kind: 'setOutput', args: [name, value] });
    },
    setFailed: record('setFailed'),
    info: record('info'),
    warning: record('warning') as (message: string, properties?: AnnotationProperties) => void,
    error: record('error') as (message: string, properties?: AnnotationProperties) => void,
    notice: record('notice') as (message: string, properties?: AnnotationProperties) => void,
    writeSummary: async (markdown) => {
      summary.push(markdown);
      calls.push({ kind: 'writeSummary', args: [markdown] });
    },
    logged() {
      return JSON.stringify(calls.filter((c) => c.kind !== 'setSecret'));
    },
  };
}

export function fakeContext(overrides: Partial<ActionContext> = {}): ActionContext {
  return {
    eventName: 'push',
    sha: 'a'.repeat(40),
    ref: 'refs/heads/main',
    actor: 'octocat',
    runId: 42,
    runAttempt: 1,
    serverUrl: 'https://github.com',
    repo: { owner: 'acme', repo: 'app' },
    // As push and workflow_dispatch events carry it.
    payload: { repository: { full_name: 'acme/app', default_branch: 'main', private: true } },
    ...overrides,
  };
}

export function fakeDeps(core: ActionCore, overrides: Partial<ActionDeps> = {}): ActionDeps {
  return {
    core,
    context: fakeContext(),
    getOctokit: () => {
      throw new Error('no GitHub API in this test');
    },
    env: {},
    onStopSignal: () => () => undefined,
    cwd: process.cwd(),
    ...overrides,
  };
}

export type ApiCall = { readonly method: string; readonly params: Record<string, unknown> };

/**
 * An Octokit stand-in serving files per commit through the contents API and recording writes.
 * `files[sha][path]` is the text of a file at that commit.
 */
export function fakeOctokit(files: Readonly<Record<string, Readonly<Record<string, string>>>>): GitHubClient & { calls: ApiCall[] } {
  const calls: ApiCall[] = [];
  const notFound = (): never => {
    throw Object.assign(new Error('Not Found'), { status: 404 });
  };
  const blobSha = (text: string): string => createHash('sha1').update(text).digest('hex');
  const client = {
    calls,
    rest: {
      repos: {
        async getContent(params: { path: string; ref?: string }) {
          calls.push({ method: 'repos.getContent', params });
          const tree = files[params.ref ?? ''] ?? {};
          const text = tree[params.path];
          if (text !== undefined)
            return { data: { type: 'file', path: params.path, sha: blobSha(`${params.path}:${text}`), content: Buffer.from(text).toString('base64'), encoding: 'base64', size: text.length } };
          const prefix = `${params.path}/`;
          const children = Object.keys(tree).filter((p) => p.startsWith(prefix));
          if (children.length === 0) return notFound();
          return { data: children.map((p) => ({ type: 'file', path: p, sha: blobSha(`${p}:${tree[p]}`) })) };
        },
      },
      git: {
        async getBlob() {
          return notFound();
        },
      },
      issues: {
        async listComments(params: Record<string, unknown>) {
          calls.push({ method: 'issues.listComments', params });
          return { data: [] };
        },
        async createComment(params: Record<string, unknown>) {
          calls.push({ method: 'issues.createComment', params });
          return { data: { id: 1, body: params.body as string, user: { login: 'github-actions[bot]' }, html_url: 'https://github.com/acme/app/pull/7#issuecomment-1' } };
        },
        async updateComment(params: Record<string, unknown>) {
          calls.push({ method: 'issues.updateComment', params });
          return { data: { id: 1, user: { login: 'github-actions[bot]' } } };
        },
        async deleteComment(params: Record<string, unknown>) {
          calls.push({ method: 'issues.deleteComment', params });
          return {};
        },
      },
      pulls: {
        async listFiles() {
          return { data: [] };
        },
      },
      checks: {
        async create(params: Record<string, unknown>) {
          calls.push({ method: 'checks.create', params });
          return { data: { id: 99, html_url: 'https://github.com/acme/app/runs/99' } };
        },
        async update(params: Record<string, unknown>) {
          calls.push({ method: 'checks.update', params });
          return { data: { id: 99, html_url: 'https://github.com/acme/app/runs/99' } };
        },
      },
      users: {
        async getAuthenticated() {
          throw Object.assign(new Error('Resource not accessible by integration'), { status: 403 });
        },
      },
    },
  };
  return client as unknown as GitHubClient & { calls: ApiCall[] };
}
