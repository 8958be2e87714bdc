import { BadInputError } from '../../errors.js';
import { runPreflight } from '../../fleet/preflight/index.js';
import { renderPreflightJson, renderPreflightMarkdown } from '../../report/preflight/index.js';
import type { ActionDeps } from './action-deps.js';
import type { ActionInputs } from './action-inputs.js';
import type { ActionSecrets } from './action-secrets.js';
import { loadActionDesired, loadActionFleet } from './action-fleet.js';
import { isPullRequestEvent } from './rollout-mode.js';
import type { PlanGroup } from './plan-groups.js';
import type { ModeResult } from './mode-result.js';

/**
 * mode: preflight. Read-only across the fleet (the preflight engine's sessions cannot write): the
 * markdown report goes to the job summary, the JSON report to the `result` output, and the step
 * fails when any tenant would fail the rollout.
 */
export async function runPreflightMode(inputs: ActionInputs, deps: ActionDeps, secrets: ActionSecrets): Promise<ModeResult> {
  const { core, context } = deps;
  if (isPullRequestEvent(context.eventName)) {
    throw new BadInputError(
      `mode preflight refuses to run on ${context.eventName} events: a pull request must never reach tenant databases`,
      'run the preflight on push or workflow_dispatch; use mode: review on pull requests',
    );
  }
  const fleet = await loadActionFleet(inputs, deps, secrets);
  secrets.addUrl(inputs.devUrl);
  core.info(`schemafleet preflight: ${fleet.source.description}, concurrency ${fleet.settings.concurrency}`);
  const desired = await loadActionDesired(fleet, inputs.devUrl);
  let report: Awaited<ReturnType<typeof runPreflight>>;
  try {
    report = await runPreflight({
      desired: desired.primaryLoad,
      desiredFor: (version) => desired.forServer(version),
      source: fleet.source,
      lint: fleet.config.lint,
      concurrency: fleet.settings.concurrency,
      perClusterConcurrency: fleet.settings.perClusterConcurrency,
      lockTimeoutMs: Math.min(fleet.settings.lockTimeoutMs, 2_000),
      allowDestructive: fleet.settings.allowDestructive,
    });
  } finally {
    await desired.close();
  }
  core.info(report.verdict.summary);
  await core.writeSummary(renderPreflightMarkdown(report));
  // The `plan` output keeps the shape rollout mode gives it (one entry per group, largest first).
  const plan: PlanGroup[] = report.groups.map((g) => ({
    fingerprint: g.fingerprint,
    steps: g.steps.length,
    tenants: g.tenantCount,
    examples: g.tenants.slice(0, 5),
    ...(g.steps.length > 0 ? { sql: `${g.steps.map((s) => `${s.trimEnd()};`).join('\n')}\n` } : {}),
  }));
  return {
    ok: report.verdict.ok,
    result: JSON.parse(renderPreflightJson(report)) as unknown,
    plan: JSON.stringify(plan),
    ...(report.verdict.ok ? {} : { failure: `preflight: ${report.verdict.summary}` }),
  };
}
