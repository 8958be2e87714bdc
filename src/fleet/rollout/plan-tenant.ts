import type pg from 'pg';
import { blockingFindings } from '../../lint/blocking-findings.js';
import type { SchemaModel } from '../../schema/model.js';
import { planMigration } from '../../plan/plan-migration.js';
import { destructiveRefusal } from '../../apply/refuse-and-verify.js';
import { fingerprintModel } from '../../schema/fingerprint-model.js';
import type { Tenant } from '../tenant.js';
import type { CachedPlan } from './plan-cache.js';
import { dataChecksFor } from '../preflight/data-checks.js';
import { readStartingState } from './read-starting-state.js';
import { timePhase, timedWork } from './phase-clock.js';
import { planTenantSet, readTenantSet, type RolloutSchemaSet } from './schema-set-tenant.js';
import type { MigrateTenantContext } from './migrate-tenant-context.js';

type ReadOptions = Parameters<typeof readStartingState>[2];

interface Planned {
  readonly cached: CachedPlan;
  readonly serverVersion: number;
  /** A one-schema tenant's context for its verification (versionedContext). */
  readonly planContext?: MigrateTenantContext;
}

/** A one-schema tenant: its starting state (prefetched by its batch, taken on a digest, or read in full), planned. */
export async function planOneSchema(client: pg.Client, tenant: Tenant, context: MigrateTenantContext, readOptions: ReadOptions): Promise<Planned> {
  const { phases } = context;
  const prefetched = context.takePrefetched?.(tenant.schema);
  const starting = prefetched ? null : await timePhase(phases, 'read', () => timedWork(context.worked, () => readStartingState(client, tenant.schema, readOptions, context.startingStates)));
  const current = prefetched ?? starting!.model;
  const planStarted = performance.now();
  const planContext = await versionedContext(context, current.serverVersion);
  const cached = context.plans.get(planKey(starting?.fingerprint ?? fingerprintModel(current), planContext.desired), () => computePlan(current, planContext));
  phases?.add('plan', performance.now() - planStarted);
  return { cached, serverVersion: current.serverVersion, planContext };
}

/** A tenant of several schemas: its whole set read in full (no digest, no batch read), planned as one. */
export async function planSetTenant(client: pg.Client, set: RolloutSchemaSet, context: MigrateTenantContext, readOptions: ReadOptions): Promise<Planned> {
  const { phases } = context;
  const read = await timePhase(phases, 'read', () => timedWork(context.worked, () => readTenantSet(client, set, readOptions)));
  const planStarted = performance.now();
  const cached = await planTenantSet(read.current, read.serverVersion, set, context);
  phases?.add('plan', performance.now() - planStarted);
  return { cached, serverVersion: read.serverVersion };
}

/** `context` with `desired` as the tenant's major version builds it. */
export async function versionedContext<C extends Pick<MigrateTenantContext, 'desired' | 'desiredFor'>>(context: C, serverVersionNum: number): Promise<C> {
  if (!context.desiredFor) return context;
  return { ...context, desired: await context.desiredFor(serverVersionNum) };
}

/**
 * Plans are cached by the state they start from and the desired model they go to: tenants of
 * different major versions go to different desired models (see versionedContext).
 */
export function planKey(currentFingerprint: string, desired: SchemaModel): string {
  return `${Math.floor(desired.serverVersion / 10_000)}:${currentFingerprint}`;
}

export function computePlan(current: SchemaModel, context: Pick<MigrateTenantContext, 'desired' | 'settings' | 'lint'> & { readonly dryRun?: boolean }): CachedPlan {
  const migration = planMigration(current, context.desired);
  const { plan } = migration;
  // A dry run checks each tenant's data as preflight does (dry-run-checks.ts).
  const checks = context.dryRun ? { checks: dataChecksFor(current, migration.changes) } : {};
  const destructive = destructiveRefusal(plan, context.settings.allowDestructive);
  if (destructive) return { plan, ...checks, refusal: `refused: ${destructive.message}; allow destructive changes to run them` };
  const errors = blockingFindings(context.lint?.(current, migration) ?? [], context.settings);
  if (errors.length > 0) {
    const first = errors[0];
    return { plan, ...checks, refusal: `refused: ${errors.length} lint error${errors.length === 1 ? '' : 's'} (${first?.rule}: ${first?.message})` };
  }
  return { plan, ...checks, refusal: null };
}
