/**
 * The drift summary of a review: a sample of tenants, introspected and grouped by live-state
 * fingerprint, with the number of steps the head schema would take on each group. Only for
 * same-repository pull requests with tenant access configured: a fork's code never gets near a
 * tenant, and the caller decides (see shouldSampleTenants).
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { readLiveSchema } from '../apply/read-live-schema.js';
import { redactSecrets } from '../errors.js';
import { loadFleetConfig } from '../fleet/config/load-fleet-config.js';
import type { Tenant } from '../fleet/tenant.js';
import { tenantSourceFromConfig } from '../fleet/tenants/tenant-source-from-config.js';
import { planDifference, stepHeadline } from '../plan/plan-difference.js';
import { planMigration } from '../plan/plan-migration.js';
import type { Plan } from '../plan/step.js';
import { fingerprintModel } from '../schema/fingerprint-model.js';
import type { SchemaModel } from '../schema/model.js';
import { majorOf } from '../schema/load/desired-schemas.js';
import { versionSensitiveObjects } from '../schema/version-sensitive-objects.js';
import type { DriftGroup, DriftSummary } from './render-review-comment.js';

export interface SampleDriftOptions {
  /** schemafleet.yml's path from the repository root and its text (from the base commit: the tenants are today's). */
  readonly configPath: string;
  readonly configText: string;
  readonly desired: SchemaModel;
  readonly sampleSize?: number;
  /** Expands `${VAR}` in tenant URLs; the app's own environment by default. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly lockTimeoutMs?: number;
  /** The plan under review (base → head): each group says what its own plan does beyond it. */
  readonly reviewPlan?: Plan | null;
}

const EXAMPLES = 3;
/** Extra steps named per drift group; the rest are counted. */
const EXTRA_STEPS_SHOWN = 3;

function groupPlan(live: SchemaModel, options: SampleDriftOptions): Pick<DriftGroup, 'steps' | 'extraSteps' | 'extraStepCount' | 'missingStepCount'> {
  const plan = planMigration(live, options.desired).plan;
  if (!options.reviewPlan) return { steps: plan.steps.length };
  const difference = planDifference(plan, options.reviewPlan);
  return {
    steps: plan.steps.length,
    extraSteps: difference.extra.slice(0, EXTRA_STEPS_SHOWN).map((sql) => stepHeadline(sql)),
    extraStepCount: difference.extra.length,
    missingStepCount: difference.missing,
  };
}

/**
 * Whether a pull request may read tenant databases: never from a fork (its author controls the
 * head), and only when the deployment opted in.
 */
export function shouldSampleTenants(
  pullRequest: { readonly head: { readonly repo: { readonly full_name: string } | null }; readonly base: { readonly repo: { readonly full_name: string } } },
  tenantAccess: boolean,
): boolean {
  return tenantAccess && pullRequest.head.repo !== null && pullRequest.head.repo.full_name === pullRequest.base.repo.full_name;
}

async function sampleTenants(options: SampleDriftOptions, size: number): Promise<Tenant[]> {
  // loadFleetConfig reads a file and checks the schema path exists; both are recreated in a temp dir.
  const root = await mkdtemp(join(tmpdir(), 'schemafleet-drift-'));
  try {
    const configFile = join(root, ...options.configPath.split('/'));
    await mkdir(dirname(configFile), { recursive: true });
    await writeFile(configFile, options.configText, 'utf8');
    const schema = /^\s*schema:\s*["']?([^"'#\n]+?)["']?\s*(#.*)?$/m.exec(options.configText)?.[1];
    if (schema) {
      const schemaFile = join(dirname(configFile), schema);
      await mkdir(dirname(schemaFile), { recursive: true });
      await writeFile(schemaFile, '', 'utf8');
    }
    const config = await loadFleetConfig(configFile, options.env ?? process.env);
    const tenants: Tenant[] = [];
    for await (const page of tenantSourceFromConfig(config).pages(size)) {
      tenants.push(...page.slice(0, size - tenants.length));
      if (tenants.length >= size) break;
    }
    return tenants;
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

export async function sampleDrift(options: SampleDriftOptions): Promise<DriftSummary> {
  const tenants = await sampleTenants(options, options.sampleSize ?? 20);
  const groups = new Map<string, { tenants: string[]; plan: ReturnType<typeof groupPlan> }>();
  const unreadable: { tenant: string; message: string }[] = [];
  for (const tenant of tenants) {
    try {
      const live = await readLiveSchema(tenant.url, tenant.schema, { lockTimeoutMs: options.lockTimeoutMs ?? 2_000 });
      const otherVersion = versionGap(live, options.desired);
      if (otherVersion) {
        unreadable.push({ tenant: tenant.id, message: otherVersion });
        continue;
      }
      const fingerprint = fingerprintModel(live);
      const group = groups.get(fingerprint) ?? { tenants: [], plan: groupPlan(live, options) };
      group.tenants.push(tenant.id);
      groups.set(fingerprint, group);
    } catch (error) {
      unreadable.push({ tenant: tenant.id, message: redactSecrets(error instanceof Error ? error.message : String(error), []) });
    }
  }
  const list: DriftGroup[] = [...groups.entries()]
    .map(([fingerprint, g]) => ({ fingerprint, tenantCount: g.tenants.length, exampleTenants: g.tenants.slice(0, EXAMPLES), ...g.plan }))
    .sort((a, b) => b.tenantCount - a.tenantCount || (a.fingerprint < b.fingerprint ? -1 : 1));
  return { sampled: tenants.length, groups: list, unreadable };
}

/**
 * Why a tenant of another PostgreSQL major version than the review's scratch server is not compared,
 * or null when it can be: views, CHECKs and other stored text are printed differently by each major
 * version (src/schema/load/desired-schemas.ts), so such a tenant would show drift it does not have.
 */
function versionGap(live: SchemaModel, desired: SchemaModel): string | null {
  const [tenantMajor, reviewMajor] = [majorOf(live.serverVersion), majorOf(desired.serverVersion)];
  if (tenantMajor === reviewMajor) return null;
  const sensitive = versionSensitiveObjects(desired);
  if (sensitive.length === 0) return null;
  return `not compared: it runs PostgreSQL ${tenantMajor} and the review loaded the schema on PostgreSQL ${reviewMajor}, which stores ${sensitive[0]}${sensitive.length > 1 ? ` and ${sensitive.length - 1} more` : ''} differently (the rollout loads it on PostgreSQL ${tenantMajor})`;
}

/**
 * The summary with counts only: no tenant id, and no error text (which names hosts and databases).
 * What a comment on a repository that may not see tenant ids gets (see showTenantIdsIn).
 */
export function withoutTenantIds(drift: DriftSummary): DriftSummary {
  return {
    sampled: drift.sampled,
    groups: drift.groups.map((group) => ({ ...group, exampleTenants: [] })),
    unreadable: [],
    ...(drift.unreadable.length > 0 ? { hiddenUnreadable: drift.unreadable.length } : {}),
  };
}
