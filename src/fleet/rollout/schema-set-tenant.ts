import type pg from 'pg';
import { blockingFindings } from '../../lint/blocking-findings.js';
import { planSchemaSet, fingerprintSchemaSet, type SchemaSetMigration } from '../../plan/plan-schema-set.js';
import type { Plan } from '../../plan/step.js';
import { introspectSchemaSet } from '../../schema/introspect/introspect-schema-set.js';
import type { SchemaSet } from '../../schema/schema-set.js';
import { readWithTimeouts, type ReadLiveSchemaOptions } from '../../apply/read-live-schema.js';
import { destructiveRefusal, verificationFailure } from '../../apply/refuse-and-verify.js';
import type { RolloutSettings } from './rollout-settings.js';
import type { CachedPlan, createPlanCache } from './plan-cache.js';
import { plural } from '../../util/plural.js';
import { dataChecksFor } from '../preflight/data-checks.js';

/**
 * Database tenants that are several schemas (config `schemaNames: [app, audit]`): each is read,
 * planned, applied and verified as one set (src/schema/schema-set.ts), so a foreign key from
 * `audit` to `app` is ordered across the two. These tenants take none of the schema-tenant batch
 * paths (shared batch reads, the catalog digest, batch verification): each is read in full on its
 * own connection and verified individually by an empty re-plan of its whole set.
 */
export interface RolloutSchemaSet {
  /** Where the file's unqualified names land; the plan's session search_path. */
  readonly primary: string;
  readonly scope: readonly string[];
  /** fingerprintSchemaSet of the desired set: it names the rollout (register-fleet.ts), as a one-schema model's fingerprint does. */
  readonly fingerprint: string;
  /** The desired set as the tenant's PostgreSQL major version builds it (see load-desired-schema-set.ts). */
  readonly desiredFor: (serverVersionNum: number) => Promise<SchemaSet>;
  /** A lint pass over the set's plan (lintSchemaSet); only errors refuse it. */
  readonly lint?: (migration: SchemaSetMigration) => readonly { readonly rule: string; readonly severity: string; readonly category?: string; readonly message: string }[];
}

/** The tenant's schemas of the set, read in full under the rollout's timeouts. */
export async function readTenantSet(client: pg.ClientBase, set: RolloutSchemaSet, options: ReadLiveSchemaOptions): Promise<{ current: SchemaSet; serverVersion: number }> {
  const current = await readWithTimeouts(client, options, () => introspectSchemaSet(client, set.scope, set.primary));
  // A fresh database may hold none of the set's schemas yet, so the version is asked, not taken from a model.
  const { rows } = await client.query<{ v: number }>("SELECT current_setting('server_version_num')::int AS v");
  return { current, serverVersion: rows[0]?.v ?? 0 };
}

/**
 * The set's plan from `current`, shared by tenants in the same state. The key holds both sets'
 * fingerprints (every schema's model, by name) and the major version, so a set never shares a
 * plan with a one-schema tenant or another set.
 */
export async function planTenantSet(
  current: SchemaSet,
  serverVersion: number,
  set: RolloutSchemaSet,
  context: { readonly plans: ReturnType<typeof createPlanCache>; readonly settings: RolloutSettings; readonly dryRun?: boolean },
): Promise<CachedPlan> {
  const desired = await set.desiredFor(serverVersion);
  const key = `set:${Math.floor(serverVersion / 10_000)}:${fingerprintSchemaSet(desired)}:${fingerprintSchemaSet(current)}`;
  return context.plans.get(key, () => {
    const migration = planSchemaSet(current, desired);
    const refusal = setRefusal(migration.plan, migration, set, context.settings);
    if (!context.dryRun) return { plan: migration.plan, refusal };
    // A dry run checks the data of each schema as preflight does a schema's (dry-run-checks.ts).
    const setChecks = migration.diff.parts.map((part) => ({ schema: part.schema, checks: dataChecksFor(part.current, part.changes, current) }));
    return { plan: migration.plan, refusal, setChecks };
  });
}

function setRefusal(plan: Plan, migration: SchemaSetMigration, set: RolloutSchemaSet, settings: RolloutSettings): string | null {
  const destructive = destructiveRefusal(plan, settings.allowDestructive);
  if (destructive) return `refused: ${destructive.message}; allow destructive changes to run them`;
  const errors = blockingFindings(set.lint?.(migration) ?? [], settings);
  if (errors.length === 0) return null;
  const first = errors[0];
  return `refused: ${plural(errors.length, 'lint error')} (${first?.rule}: ${first?.message})`;
}

/**
 * The key a set's plan is proven under: `set:` and the scope keep it apart from a one-schema
 * tenant whose primary schema alone happens to fingerprint alike (plan-proofs.ts).
 */
export function setProofKey(set: RolloutSchemaSet, key: string): string {
  return `set:${[...set.scope].sort().join(',')}:${key}`;
}

/** The set read back on the tenant's connection and planned again: verified only when that plan is empty. */
export async function verifyTenantSet(
  client: pg.ClientBase,
  set: RolloutSchemaSet,
  options: ReadLiveSchemaOptions,
  context: { readonly plans: ReturnType<typeof createPlanCache>; readonly settings: RolloutSettings },
): Promise<string | null> {
  const after = await readTenantSet(client, set, options);
  const { plan } = await planTenantSet(after.current, after.serverVersion, set, context);
  return verificationFailure(plan)?.message ?? null;
}
