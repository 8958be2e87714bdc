import { newWorkerId } from '../../fleet/ledger/index.js';
import { rolloutLedger } from '../../fleet/rollout/ledger-adapter.js';
import { runRollout, type RolloutSummary } from '../../fleet/rollout/run-rollout.js';
import type { RolloutEvent } from '../../fleet/rollout-events.js';
import type { Tenant } from '../../fleet/tenant.js';
import { lintMigration } from '../../lint/lint-migration.js';
import { CheckRunReporter } from '../../report/check-run/check-run-reporter.js';
import { BadInputError } from '../../errors.js';
import type { GitHubClient } from '../github-client.js';
import { assertRolloutRef } from '../trust-boundary.js';
import { openFleetLedger } from '../../fleet/ledger/open-fleet-ledger.js';
import type { ActionDeps } from './action-deps.js';
import type { ActionInputs } from './action-inputs.js';
import type { ActionSecrets } from './action-secrets.js';
import { loadActionDesired, loadActionFleet } from './action-fleet.js';
import { healthGateFor } from '../../fleet/health/health-gate-from-config.js';
import { createRolloutCheckRun } from './check-run-client.js';
import { planGroupCollector } from './plan-groups.js';
import { rolloutJobSummary, rolloutResult } from './rollout-job-summary.js';
import { eventLogger } from './event-logger.js';
import type { ModeResult } from './mode-result.js';
import { formatDuration } from '../../util/duration.js';

/** In-flight tenants get this long after SIGINT before they are cancelled. */
const GRACE_MS = 3_000;
/** After SIGINT the runner allows 7.5 s; the final check-run update leaves by then whatever the rollout is doing. */
const FINAL_UPDATE_DEADLINE_MS = 5_000;

export function isPullRequestEvent(eventName: string): boolean {
  return eventName.startsWith('pull_request');
}

/** The repository's default branch: from the event (push, workflow_dispatch carry it), else from the API. */
async function defaultBranchOf(deps: ActionDeps, octokit: () => GitHubClient): Promise<string | null> {
  const fromEvent = (deps.context.payload.repository as { default_branch?: unknown } | undefined)?.default_branch;
  if (typeof fromEvent === 'string' && fromEvent !== '') return fromEvent;
  try {
    return (await octokit().rest.repos.get({ owner: deps.context.repo.owner, repo: deps.context.repo.repo })).data.default_branch;
  } catch (error) {
    deps.core.warning(`could not read the repository's default branch: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
}

/** A stable split of tenants among n dry-run workers (a real rollout shares the ledger's queue instead). */
function workerShare(worker: { index: number; count: number }): (tenant: Pick<Tenant, 'id'>) => boolean {
  return (tenant) => {
    let hash = 0x811c9dc5;
    for (let i = 0; i < tenant.id.length; i++) hash = Math.imul(hash ^ tenant.id.charCodeAt(i), 0x01000193) >>> 0;
    return hash % worker.count === worker.index - 1;
  };
}

/**
 * mode: rollout. Creates the check run, runs the rollout with the check-run reporter, wires
 * SIGINT/SIGTERM to the rollout's AbortSignal, writes the job summary. (mode: preflight is
 * preflight-mode.ts, the read-only preflight engine.)
 */
export async function runRolloutMode(inputs: ActionInputs, deps: ActionDeps, secrets: ActionSecrets): Promise<ModeResult> {
  const { core, context } = deps;
  if (isPullRequestEvent(context.eventName)) {
    throw new BadInputError(
      `mode ${inputs.mode} refuses to run on ${context.eventName} events: a pull request must never reach tenant databases`,
      'run the rollout on push to the default branch or workflow_dispatch; use mode: review on pull requests',
    );
  }
  // Before the config is read: on a ref nobody reviewed, the config is as unreviewed as the code.
  assertRolloutRef({ mode: inputs.mode, ref: context.ref, defaultBranch: await defaultBranchOf(deps, () => deps.getOctokit(inputs.githubToken)), allowedRefs: inputs.allowedRefs });
  const dryRun = inputs.dryRun;
  const fleet = await loadActionFleet(inputs, deps, secrets);
  secrets.addUrl(inputs.devUrl);
  core.info(`schemafleet rollout${dryRun ? ' (dry run)' : ''}: ${fleet.source.description}, batch ${fleet.settings.batchSize}, concurrency ${fleet.settings.concurrency}`);
  const desired = await loadActionDesired(fleet, inputs.devUrl);

  const octokit = deps.getOctokit(inputs.githubToken);
  const checkRun = await createRolloutCheckRun(octokit, context, inputs.checkName, { title: dryRun ? 'Dry run starting' : 'Rollout starting', summary: 'Listing tenants…' }, (message) =>
    core.warning(secrets.redact(message)),
  );
  const reporter = new CheckRunReporter({
    update: checkRun ? checkRun.update : async () => undefined,
    dryRun,
    annotationPath: fleet.annotationPath,
    buttons: !dryRun && checkRun?.clicksReachAnApp === true,
    redact: secrets.redact,
    onError: (error) => core.warning(secrets.redact(`check run update failed: ${error instanceof Error ? error.message : String(error)}`)),
  });
  const groups = planGroupCollector();
  const log = eventLogger((line) => core.info(secrets.redact(line)));
  const onEvent = (event: RolloutEvent): void => {
    reporter.onEvent(event);
    groups.onEvent(event);
    log(event);
  };

  const gate = healthGateFor(fleet.config, onEvent);
  let ledger: ReturnType<typeof rolloutLedger> | undefined;
  const controller = new AbortController();
  let deadline: NodeJS.Timeout | undefined;
  const unsubscribe = deps.onStopSignal((signal) => {
    if (controller.signal.aborted) return;
    core.info(`${signal}: stopping — no new tenant starts, in-flight ones get ${formatDuration(GRACE_MS)}`);
    controller.abort();
    deadline = setTimeout(() => void reporter.finish({ conclusion: 'cancelled', note: `The workflow was cancelled (${signal}); counts are as of then.` }), FINAL_UPDATE_DEADLINE_MS);
    deadline.unref?.();
  });
  let summary: RolloutSummary;
  try {
    if (!dryRun)
      ledger = rolloutLedger(await openFleetLedger(fleet.config, fleet.allTenants), {
        actor: context.actor || null,
        config: { batchSize: fleet.settings.batchSize, concurrency: fleet.settings.concurrency, source: fleet.source.description, repository: `${context.repo.owner}/${context.repo.repo}` },
      });
    const share = dryRun && inputs.worker && inputs.worker.count > 1 ? workerShare(inputs.worker) : undefined;
    const filter = fleet.filter && share ? (tenant: Tenant) => fleet.filter!(tenant) && share(tenant) : (fleet.filter ?? share);
    gate?.start();
    summary = await runRollout({
      settings: fleet.settings,
      desired: desired.primary,
      desiredFor: (version) => desired.forServer(version),
      source: fleet.allTenants,
      ...(ledger ? { ledger } : {}),
      ...(gate ? { healthGate: gate } : {}),
      workerId: `gha-${context.runId}-${context.runAttempt}${inputs.worker ? `-${inputs.worker.index}of${inputs.worker.count}` : ''}_${newWorkerId()}`,
      dryRun,
      ...(filter ? { filter } : {}),
      signal: controller.signal,
      graceMs: GRACE_MS,
      onEvent,
      lint: (current, migration) => lintMigration(current, desired.primaryLoad, migration, fleet.config.lint, { reportUnusedIgnores: false }),
      commit: context.sha || null,
      actor: context.actor || null,
    });
  } catch (error) {
    await reporter.finish({ conclusion: 'failure', note: `The rollout stopped on an error: ${error instanceof Error ? error.message : String(error)}` });
    throw error;
  } finally {
    unsubscribe();
    await gate?.stop().catch(() => undefined);
    await ledger?.close().catch(() => undefined);
    await desired.close();
  }
  await reporter.finish();
  if (deadline) clearTimeout(deadline);

  const planGroups = groups.groups();
  const result = rolloutResult(summary, planGroups);
  await core.writeSummary(rolloutJobSummary(summary, { checkRunUrl: checkRun?.url ?? null, groups: planGroups }));
  const ok = summary.state === 'succeeded' || (summary.state === 'dry-run' && summary.totals.failed === 0);
  return {
    ok,
    result,
    plan: JSON.stringify(planGroups),
    ...(ok
      ? {}
      : {
          failure: `rollout ${summary.state}${summary.stopReason ? `: ${summary.stopReason}` : ''} (${summary.totals.failed} failed, ${summary.totals.pending} pending, ${summary.totals.cancelled} cancelled)`,
        }),
  };
}
