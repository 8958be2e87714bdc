/**
 * A small stateful stand-in for the parts of GitHub's REST API the adapter uses, served with nock
 * (which intercepts Node's fetch since v14): files per commit, issue comments, check runs. Tests
 * assert on the state it keeps, so they read like "one comment, updated" rather than mock plumbing.
 */
import nock from 'nock';

const API = 'https://api.github.com';

interface FakeComment {
  id: number;
  body: string;
  user: { login: string; type: string };
  html_url: string;
}

export interface FakeCheckRun {
  id: number;
  create: Record<string, unknown>;
  updates: Record<string, unknown>[];
}

export interface FakeGitHub {
  /** path → text, per commit sha. */
  readonly files: Map<string, Map<string, string>>;
  readonly comments: FakeComment[];
  readonly checkRuns: FakeCheckRun[];
  /** Every request as `METHOD path` (query left out), in order. */
  readonly requests: string[];
  /** `base...head` → merge base sha; an unknown pair answers with base itself. */
  readonly mergeBases: Map<string, string>;
  /** login → repository permission (admin, write, read, none); an unknown login is not a collaborator (404). */
  readonly permissions: Map<string, string>;
  /** The author of comments the bot creates: the app by default. */
  commentAuthor: { login: string; type: string };
  /** GET /user: 200 with commentAuthor's login for a personal access token; 403 for workflow and installation tokens. */
  userStatus: 200 | 403;
  /** Pull request number → its current head sha; GET /pulls/:n answers 404 for others. */
  readonly pullHeads: Map<number, string>;
  /** How many of the next contents reads answer 500 (an outage). */
  failingContentReads: number;
  setFiles(sha: string, files: Record<string, string>): void;
  addComment(body: string, login: string, type?: string): FakeComment;
}

function blobSha(text: string): string {
  // Stable per content, like git's blob shas: unchanged files compare equal across commits.
  let hash = 0;
  for (let i = 0; i < text.length; i++) hash = (Math.imul(hash, 31) + text.charCodeAt(i)) | 0;
  return `blob${(hash >>> 0).toString(16).padStart(8, '0')}${text.length.toString(16).padStart(28, '0')}`;
}

function contents(files: Map<string, string> | undefined, path: string): [number, unknown] {
  if (!files) return [404, { message: 'No commit found for the ref' }];
  const text = files.get(path);
  if (text !== undefined) {
    return [200, { type: 'file', name: path.split('/').pop(), path, sha: blobSha(text), size: Buffer.byteLength(text), encoding: 'base64', content: Buffer.from(text).toString('base64') }];
  }
  const prefix = `${path}/`;
  const children = new Map<string, { type: string; path: string; sha: string }>();
  for (const [file, text] of files) {
    if (!file.startsWith(prefix)) continue;
    const [first = '', ...rest] = file.slice(prefix.length).split('/');
    const child = `${prefix}${first}`;
    children.set(child, rest.length === 0 ? { type: 'file', path: child, sha: blobSha(text) } : { type: 'dir', path: child, sha: `tree${child}` });
  }
  if (children.size === 0) return [404, { message: 'Not Found' }];
  return [200, [...children.values()].map((c) => ({ ...c, name: c.path.split('/').pop(), size: 0 }))];
}

export function fakeGitHub(owner = 'acme', repo = 'shop', issue = 17): FakeGitHub {
  const state: FakeGitHub = {
    files: new Map(),
    comments: [],
    checkRuns: [],
    requests: [],
    mergeBases: new Map(),
    permissions: new Map(),
    commentAuthor: { login: 'schemafleet[bot]', type: 'Bot' },
    userStatus: 200,
    pullHeads: new Map(),
    failingContentReads: 0,
    setFiles(sha, files) {
      state.files.set(sha, new Map(Object.entries(files)));
    },
    addComment(body, login, type = login.endsWith('[bot]') ? 'Bot' : 'User') {
      const comment = { id: nextComment++, body, user: { login, type }, html_url: `https://github.com/${owner}/${repo}/pull/${issue}#issuecomment-${nextComment}` };
      state.comments.push(comment);
      return comment;
    },
  };
  let nextComment = 1000;
  let nextCheck = 5000;
  const base = `/repos/${owner}/${repo}`;
  const scope = nock(API).persist();
  // nock 15 hands reply functions the fetch Request itself.
  const handle = (method: 'get' | 'post' | 'patch' | 'delete', path: string | RegExp, respond: (url: URL, body: any) => [number, unknown]): void => {
    const interceptor = scope[method](path);
    (method === 'get' ? interceptor.query(true) : interceptor).reply(async (request: Request) => {
      const url = new URL(request.url);
      state.requests.push(`${method.toUpperCase()} ${decodeURIComponent(url.pathname)}`);
      const text = method === 'get' || method === 'delete' ? '' : await request.text();
      return respond(url, text ? JSON.parse(text) : undefined);
    });
  };
  const idOf = (url: URL): number => Number(url.pathname.split('/').pop());

  handle('post', /\/app\/installations\/\d+\/access_tokens/, () => [
    201,
    { token: 'ghs_test', expires_at: '2099-01-01T00:00:00Z', permissions: { contents: 'read', pull_requests: 'write', checks: 'write' } },
  ]);
  handle('get', '/user', () => (state.userStatus === 200 ? [200, { login: state.commentAuthor.login, type: state.commentAuthor.type }] : [403, { message: 'Resource not accessible by integration' }]));
  handle('get', '/app', () => [200, { id: 12345, slug: 'schemafleet', name: 'schemafleet' }]);
  handle('get', new RegExp(`^${base}/contents/`), (url) => {
    const path = decodeURIComponent(url.pathname.slice(`${base}/contents/`.length));
    if (state.failingContentReads > 0) {
      state.failingContentReads--;
      return [500, { message: 'Server Error' }];
    }
    return contents(state.files.get(url.searchParams.get('ref') ?? ''), path);
  });
  handle('get', new RegExp(`^${base}/compare/`), (url) => {
    const range = decodeURIComponent(url.pathname.slice(`${base}/compare/`.length));
    const [from = ''] = range.split('...');
    return [200, { merge_base_commit: { sha: state.mergeBases.get(range) ?? from } }];
  });
  handle('get', new RegExp(`^${base}/pulls/\\d+$`), (url) => {
    const head = state.pullHeads.get(idOf(url));
    return head === undefined ? [404, { message: 'Not Found' }] : [200, { number: idOf(url), head: { sha: head } }];
  });
  handle('get', `${base}/issues/${issue}/comments`, (url) => {
    const perPage = Number(url.searchParams.get('per_page') ?? 30);
    const page = Number(url.searchParams.get('page') ?? 1);
    return [200, state.comments.slice((page - 1) * perPage, page * perPage)];
  });
  handle('post', `${base}/issues/${issue}/comments`, (_url, body: { body: string }) => [201, state.addComment(body.body, state.commentAuthor.login, state.commentAuthor.type)]);
  handle('get', new RegExp(`^${base}/collaborators/[^/]+/permission$`), (url) => {
    const login = decodeURIComponent(url.pathname.split('/').at(-2) ?? '');
    const permission = state.permissions.get(login);
    return permission ? [200, { permission, role_name: permission, user: { login } }] : [404, { message: `${login} is not a user` }];
  });
  handle('patch', new RegExp(`^${base}/issues/comments/\\d+$`), (url, body: { body: string }) => {
    const comment = state.comments.find((c) => c.id === idOf(url));
    if (!comment) return [404, { message: 'Not Found' }];
    comment.body = body.body;
    return [200, comment];
  });
  handle('delete', new RegExp(`^${base}/issues/comments/\\d+$`), (url) => {
    const index = state.comments.findIndex((c) => c.id === idOf(url));
    if (index === -1) return [404, { message: 'Not Found' }];
    state.comments.splice(index, 1);
    return [204, ''];
  });
  handle('post', `${base}/check-runs`, (_url, body: Record<string, unknown>) => {
    const run = { id: nextCheck++, create: body, updates: [] };
    state.checkRuns.push(run);
    return [201, { id: run.id, html_url: `https://github.com/${owner}/${repo}/runs/${run.id}` }];
  });
  handle('patch', new RegExp(`^${base}/check-runs/\\d+$`), (url, body: Record<string, unknown>) => {
    const run = state.checkRuns.find((r) => r.id === idOf(url));
    if (!run) return [404, { message: 'Not Found' }];
    run.updates.push(body);
    return [200, { id: run.id, html_url: `https://github.com/${owner}/${repo}/runs/${run.id}` }];
  });
  return state;
}

/** A check run as GitHub would show it now: its creation with every update applied in order. */
export function checkRunState(run: FakeCheckRun): Record<string, any> {
  return Object.assign({}, run.create, ...run.updates);
}
