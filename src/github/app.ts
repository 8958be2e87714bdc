/**
 * The Probot app: reviews pull requests that change the schema (sticky comment + "schemafleet
 * review" check run), re-runs on request, and turns rollout check run buttons into ledger requests.
 * Everything GitHub-facing goes through the shared adapter with `context.octokit`.
 */
import type { ApplicationFunction, Context, Probot } from 'probot';
import { openLedger } from '../fleet/ledger/index.js';
import type { ScratchServer } from '../schema/scratch/scratch-server.js';
import { DeliveryLog } from './delivery-log.js';
import { sampleDrift, shouldSampleTenants } from './drift-summary.js';
import { httpStatusOf } from './github-client.js';
import { isCurrentHead } from './pull-request-head.js';
import { PullRequestQueue } from './pull-request-queue.js';
import { readOptionalFile } from './repo-files.js';
import { REVIEW_CHECK_NAME } from './review-check-run.js';
import { reviewPullRequest } from './review-pull-request.js';
import { isControlAction, recordRequestedAction, type ControlRequestSink } from './rollout-controls.js';
import { chooseReviewSandbox, mayControlRollouts, repositoryPrivateIn, rolloutRepository } from './trust-boundary.js';

type FieldType = 'string' | 'number' | 'object' | 'array';

/**
 * The first field a delivery lacks or carries with the wrong type (as a dotted path), or undefined.
 * Webhook payloads are input: a malformed one is logged and ignored, never a crash in a handler.
 */
function invalidField(payload: unknown, fields: readonly (readonly [string, FieldType])[]): string | undefined {
  for (const [path, type] of fields) {
    let value: unknown = payload;
    for (const key of path.split('.')) value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
    const ok =
      type === 'array'
        ? Array.isArray(value)
        : type === 'object'
          ? value !== null && typeof value === 'object'
          : type === 'number'
            ? Number.isInteger(value)
            : typeof value === 'string' && value !== '';
    if (!ok) return path;
  }
  return undefined;
}

const REPOSITORY_FIELDS = [
  ['repository.name', 'string'],
  ['repository.owner.login', 'string'],
] as const;

export interface SchemafleetAppOptions {
  /** Server for scratch databases (CREATEDB, CREATEROLE); otherwise an embedded PostgreSQL per review. */
  readonly devUrl?: string;
  /** An open scratch server shared by all reviews (left open); like devUrl, never given a fork's SQL unless devUrlForForks. */
  readonly scratch?: ScratchServer;
  /** devUrl (or scratch) holds nothing else and may load fork pull requests' SQL; otherwise forks get an embedded PostgreSQL each. */
  readonly devUrlForForks?: boolean;
  /** One budget for every statement of a review (default 60 s). */
  readonly reviewTimeBudgetMs?: number;
  /** schemafleet.yml in the repositories; default `.github/schemafleet.yml`, then `schemafleet.yml`. */
  readonly configPath?: string;
  readonly docsBaseUrl?: string;
  /** Lets same-repository PRs sample tenants for the drift summary (needs their URLs in the app's env). */
  readonly tenantAccess?: boolean;
  readonly driftSampleSize?: number;
  /** The rollout ledger the Pause/Resume/Abort buttons write to. */
  readonly ledgerUrl?: string;
  /** For tests: how the ledger is opened. */
  readonly openControlSink?: (url: string) => Promise<ControlRequestSink & { close(): Promise<void> }>;
  /** The app's login (`<slug>[bot]`); read from GET /app once when not given. */
  readonly botLogin?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** Options from the standard environment of `npm run app`. */
export function appOptionsFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): SchemafleetAppOptions {
  const size = Number(env.SCHEMAFLEET_DRIFT_SAMPLE ?? '');
  const budget = Number(env.SCHEMAFLEET_REVIEW_TIME_BUDGET ?? '');
  return {
    ...(Number.isInteger(budget) && budget > 0 ? { reviewTimeBudgetMs: budget * 1000 } : {}),
    devUrlForForks: env.SCHEMAFLEET_DEV_URL_FOR_FORKS === 'true',
    ...(env.SCHEMAFLEET_DEV_URL ? { devUrl: env.SCHEMAFLEET_DEV_URL } : {}),
    ...(env.SCHEMAFLEET_CONFIG ? { configPath: env.SCHEMAFLEET_CONFIG } : {}),
    ...(env.SCHEMAFLEET_DOCS_URL ? { docsBaseUrl: env.SCHEMAFLEET_DOCS_URL } : {}),
    ...(env.SCHEMAFLEET_LEDGER_URL ? { ledgerUrl: env.SCHEMAFLEET_LEDGER_URL } : {}),
    ...(Number.isInteger(size) && size > 0 ? { driftSampleSize: size } : {}),
    tenantAccess: env.SCHEMAFLEET_TENANT_ACCESS === 'true',
    env,
  };
}

interface PullRequestRef {
  readonly number: number;
  readonly repositoryPrivate?: boolean;
  readonly base: { readonly sha: string; readonly repo?: { readonly full_name: string } };
  readonly head: { readonly sha: string; readonly repo?: { readonly full_name: string } | null };
}

/**
 * The app as Probot's standard ApplicationFunction, its options given up front, so any Probot host
 * loads it: `run(schemafleetApp(options))`, `createNodeMiddleware(schemafleetApp(options), { probot })`,
 * `probot.load(...)`, or a module whose default export it is (`probot run`).
 */
export function schemafleetApp(options: SchemafleetAppOptions = {}): ApplicationFunction {
  return (app) => handleWebhooks(app, options);
}

function handleWebhooks(app: Probot, options: SchemafleetAppOptions): void {
  let botLogin: Promise<string> | undefined = options.botLogin ? Promise.resolve(options.botLogin) : undefined;
  const ownLogin = (): Promise<string> => {
    botLogin ??= app
      .auth()
      .then(async (octokit) => `${(await octokit.rest.apps.getAuthenticated()).data?.slug ?? 'schemafleet'}[bot]`)
      .catch((error: unknown) => {
        botLogin = undefined;
        throw error;
      });
    return botLogin;
  };

  const queue = new PullRequestQueue();
  const deliveries = new DeliveryLog();

  // One review per pull request at a time; a review of a head that is no longer the PR's is dropped.
  const review = async (context: Context, owner: string, repo: string, pr: PullRequestRef, sameRepo: boolean): Promise<void> => {
    const key = `${owner}/${repo}#${pr.number}`;
    const outcome = await queue.run(key, pr.head.sha, () =>
      reviewNow(context, owner, repo, pr, sameRepo, async () => queue.isNewest(key, pr.head.sha) && (await isCurrentHead(context.octokit, { owner, repo }, pr.number, pr.head.sha))),
    );
    if (outcome === 'superseded') context.log.info({ pr: pr.number, head: pr.head.sha }, 'schemafleet review dropped: a newer head is queued');
  };

  const reviewNow = async (context: Context, owner: string, repo: string, pr: PullRequestRef, sameRepo: boolean, isCurrent: () => Promise<boolean>): Promise<void> => {
    const octokit = context.octokit;
    // A fork's SQL never reaches a shared scratch server unless the deployment said it may.
    const shared = options.scratch !== undefined || options.devUrl !== undefined;
    const sandbox = chooseReviewSandbox({ fork: !sameRepo, devUrl: shared ? 'shared' : null, devUrlForForks: options.devUrlForForks === true });
    const repositoryUrl = (context.payload as { repository?: { html_url?: unknown } }).repository?.html_url;
    const result = await reviewPullRequest({
      isCurrent,
      ...(typeof repositoryUrl === 'string' ? { repositoryUrl } : {}),
      octokit,
      owner,
      repo,
      pullNumber: pr.number,
      baseSha: pr.base.sha,
      headSha: pr.head.sha,
      botLogin: await ownLogin(),
      ...(options.configPath ? { configPath: options.configPath } : {}),
      ...(sandbox.devUrl && options.devUrl ? { devUrl: options.devUrl } : {}),
      ...(sandbox.devUrl && options.scratch ? { scratch: options.scratch } : {}),
      ...(options.docsBaseUrl ? { docsBaseUrl: options.docsBaseUrl } : {}),
      ...(options.reviewTimeBudgetMs ? { timeBudgetMs: options.reviewTimeBudgetMs } : {}),
      ...(pr.repositoryPrivate !== undefined ? { repositoryPrivate: pr.repositoryPrivate } : {}),
      // Fork PRs never reach this: their author controls the head, and tenants are production.
      ...(sameRepo && options.tenantAccess
        ? {
            drift: async (r) => {
              if (!r.desiredModel) return undefined;
              // Where to connect is never the pull request's to say: the base commit's config, only.
              const config = await readOptionalFile(octokit, { owner, repo }, r.configPath, pr.base.sha);
              if (!config) return undefined;
              return sampleDrift({
                configPath: r.configPath,
                configText: config.text,
                desired: r.desiredModel,
                reviewPlan: r.plan,
                ...(options.driftSampleSize ? { sampleSize: options.driftSampleSize } : {}),
                ...(options.env ? { env: options.env } : {}),
              }).catch((error: unknown) => {
                context.log.warn({ err: error }, 'drift summary skipped');
                return undefined;
              });
            },
          }
        : {}),
    });
    context.log.info({ pr: pr.number, outcome: result.outcome, comment: result.comment?.action ?? null, checkRun: result.checkRun?.id ?? null }, 'schemafleet review');
  };

  /** Runs a delivery's work once; a redelivery of a handled delivery does nothing, one of a failed delivery retries. */
  const once = async (context: { id: string; name: string; log: { info: (o: object, m: string) => void } }, work: () => Promise<void>): Promise<void> => {
    if (!deliveries.firstTime(context.id)) {
      context.log.info({ delivery: context.id }, `${context.name} delivery ${context.id} was already handled: nothing to do`);
      return;
    }
    try {
      await work();
    } catch (error) {
      deliveries.forget(context.id);
      throw error;
    }
  };

  /** Reviews every pull request of a re-requested run or suite whose head is the run's commit. */
  const rerunFor = async (context: Context, headSha: string, pullRequests: readonly unknown[], field: string): Promise<void> => {
    const { owner, repo } = context.repo();
    const full = `${owner}/${repo}`;
    // Runs on fork heads carry no pull_requests (the Checks API only sees pushes in this repository).
    for (const [index, pr] of pullRequests.entries()) {
      const badPr = invalidField(pr, [
        ['number', 'number'],
        ['head.sha', 'string'],
        ['base.sha', 'string'],
        ['head.repo.id', 'number'],
        ['base.repo.id', 'number'],
      ]);
      if (badPr) {
        ignore(context as never, `${field}.pull_requests[${index}].${badPr}`);
        continue;
      }
      const ref = pr as { number: number; head: { sha: string; repo: { id: number } }; base: { sha: string; repo: { id: number } } };
      if (ref.head.sha !== headSha) continue;
      const sameRepo = ref.head.repo.id === ref.base.repo.id;
      const repositoryPrivate = repositoryPrivateIn(context.payload);
      await review(
        context,
        owner,
        repo,
        { number: ref.number, base: { sha: ref.base.sha, repo: { full_name: full } }, head: { sha: ref.head.sha }, ...(repositoryPrivate !== undefined ? { repositoryPrivate } : {}) },
        sameRepo,
      );
    }
  };

  const ignore = (context: { id: string; name: string; payload: unknown; log: { warn: (o: object, m: string) => void } }, field: string): void => {
    const action = (context.payload as { action?: unknown }).action;
    context.log.warn({ delivery: context.id, field }, `ignored ${context.name}${typeof action === 'string' ? `.${action}` : ''} delivery ${context.id}: ${field} is missing or not valid`);
  };

  app.on(['pull_request.opened', 'pull_request.synchronize', 'pull_request.reopened'], async (context) => {
    const bad = invalidField(context.payload, [
      ...REPOSITORY_FIELDS,
      ['pull_request', 'object'],
      ['pull_request.number', 'number'],
      ['pull_request.head.sha', 'string'],
      ['pull_request.base.sha', 'string'],
      ['pull_request.base.repo.full_name', 'string'],
    ]);
    if (bad) return ignore(context, bad);
    const pr = context.payload.pull_request;
    const { owner, repo } = context.repo();
    // A head repository that is gone (deleted fork) may arrive as null or not at all.
    const sameRepo = shouldSampleTenants({ ...pr, head: { ...pr.head, repo: pr.head.repo ?? null } }, true);
    const repositoryPrivate = repositoryPrivateIn(context.payload);
    await once(context, () => review(context as unknown as Context, owner, repo, { ...pr, ...(repositoryPrivate !== undefined ? { repositoryPrivate } : {}) }, sameRepo));
  });

  app.on('check_run.rerequested', async (context) => {
    const bad = invalidField(context.payload, [...REPOSITORY_FIELDS, ['check_run', 'object'], ['check_run.name', 'string'], ['check_run.head_sha', 'string'], ['check_run.pull_requests', 'array']]);
    if (bad) return ignore(context, bad);
    const run = context.payload.check_run;
    if (run.name !== REVIEW_CHECK_NAME) return;
    await once(context, () => rerunFor(context as unknown as Context, run.head_sha, run.pull_requests, 'check_run'));
  });

  // "Re-run all checks" on the suite: the same as re-running the review check itself.
  app.on('check_suite.rerequested', async (context) => {
    const bad = invalidField(context.payload, [...REPOSITORY_FIELDS, ['check_suite', 'object'], ['check_suite.head_sha', 'string'], ['check_suite.pull_requests', 'array']]);
    if (bad) return ignore(context, bad);
    const suite = context.payload.check_suite;
    await once(context, () => rerunFor(context as unknown as Context, suite.head_sha, suite.pull_requests as unknown[], 'check_suite'));
  });

  app.on('check_run.requested_action', async (context) => {
    const bad = invalidField(context.payload, [['check_run', 'object'], ['requested_action.identifier', 'string'], ['sender.login', 'string'], ...REPOSITORY_FIELDS]);
    if (bad) return ignore(context, bad);
    const run = context.payload.check_run;
    const identifier = context.payload.requested_action?.identifier ?? '';
    // Checked before the ledger is opened: a click that cannot be recorded costs no connection.
    if (!isControlAction(identifier)) {
      context.log.warn({ delivery: context.id, identifier }, `ignored requested action on check run ${run.id}: unknown action ${identifier}`);
      return;
    }
    if (typeof run.external_id !== 'string' || run.external_id === '') {
      context.log.warn({ delivery: context.id, identifier }, `ignored requested action ${identifier} on check run ${run.id}: the check run carries no rollout id (external_id)`);
      return;
    }
    if (!options.ledgerUrl) {
      context.log.warn({ identifier }, 'rollout control ignored: SCHEMAFLEET_LEDGER_URL is not set');
      return;
    }
    // Anyone who can see a check run can click its buttons: only people who may push may steer a rollout.
    const sender = context.payload.sender.login;
    const { owner, repo } = context.repo();
    let permission: string | null = null;
    try {
      permission = (await context.octokit.rest.repos.getCollaboratorPermissionLevel({ owner, repo, username: sender })).data.permission;
    } catch (error) {
      if (httpStatusOf(error) !== 404) throw error;
    }
    if (!mayControlRollouts(permission)) {
      const why: string = `ignored ${identifier} on check run ${run.id}: ${sender} has ${permission ?? 'no'} permission on ${owner}/${repo} (write or above is needed)`;
      context.log.warn({ delivery: context.id, identifier, sender, permission: permission ?? 'none' }, why);
      return;
    }
    const open = options.openControlSink ?? ((url: string) => openLedger(url, { maxConnections: 1 }));
    const sink = await open(options.ledgerUrl);
    try {
      // The ledger may serve several repositories: a check run steers only rollouts its own repository started.
      const rollout = await sink.getRollout(run.external_id);
      const startedFrom = rolloutRepository(rollout?.config);
      if (!startedFrom || startedFrom.toLowerCase() !== `${owner}/${repo}`.toLowerCase()) {
        const why: string = `ignored ${identifier} on check run ${run.id}: rollout ${run.external_id} ${rollout ? `was started from ${startedFrom ?? 'outside the Action'}` : 'is not in the ledger'}, not from ${owner}/${repo}`;
        context.log.warn({ delivery: context.id, identifier, rolloutId: run.external_id, startedFrom: startedFrom ?? 'unknown' }, why);
        return;
      }
      const outcome = await recordRequestedAction(sink, { identifier, externalId: run.external_id, by: `${context.payload.sender.login} (GitHub)` });
      context.log.info({ outcome }, 'rollout control');
    } finally {
      await sink.close();
    }
  });
}
