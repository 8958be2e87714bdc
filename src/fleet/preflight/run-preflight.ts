import PQueue from 'p-queue';
import type { SchemaModel } from '../../schema/model.js';
import type { SchemaStatement } from '../../schema/load/load-desired-schema.js';
import { fingerprintModel } from '../../schema/fingerprint-model.js';
import { planMigration } from '../../plan/plan-migration.js';
import { destructiveRefusal } from '../../apply/refuse-and-verify.js';
import { introspectWithTimeouts } from '../../apply/read-live-schema.js';
import { lintMigration } from '../../lint/lint-migration.js';
import type { LintConfig } from '../../lint/lint-config-schema.js';
import { redactSecrets, redactUrl } from '../../errors.js';
import { clusterOf, type Tenant, type TenantSource } from '../tenant.js';
import { dataChecksFor } from './data-checks.js';
import { createPreflightGroups, type GroupAnalysis } from './preflight-groups.js';
import { readOnlyPools } from './read-only-pools.js';
import { runDataChecks } from './run-data-checks.js';
import { preflightVerdict } from './preflight-verdict.js';
import { createSharedSchemaReader, type SharedSchemaReader } from '../rollout/shared-schema-reader.js';
import type { DataProblem, PreflightReport, SkippedCheck, UnreachableTenant } from './preflight-report.js';

export interface RunPreflightOptions {
  /** The desired schema, loaded once; statements give findings their file:line. */
  readonly desired: { readonly model: SchemaModel; readonly statements?: readonly SchemaStatement[] };
  /** The desired model as a tenant's PostgreSQL major version builds it (see src/schema/load/desired-schemas.ts); default `desired.model`. */
  readonly desiredFor?: (serverVersionNum: number) => Promise<SchemaModel>;
  readonly source: TenantSource;
  readonly filter?: (tenant: Tenant) => boolean;
  /** The config's `lint:` section. */
  readonly lint?: LintConfig;
  /** Tenants read at once (default 8). */
  readonly concurrency?: number;
  /** Tenants read at once on one cluster (host:port; default: concurrency). */
  readonly perClusterConcurrency?: number;
  /** Tenant ids listed per group (default 10); counts are always complete. */
  readonly sampleSize?: number;
  /** lock_timeout of every read (default 2 s). */
  readonly lockTimeoutMs?: number;
  /** statement_timeout of every read and data check (default 30 s). */
  readonly statementTimeoutMs?: number;
  /** The rollout refuses plans that lose data unless allowed; so does the preflight's verdict. */
  readonly allowDestructive?: boolean;
  readonly pageSize?: number;
  readonly signal?: AbortSignal;
  /** Called as each tenant is done (for progress). */
  readonly onTenant?: (done: number, tenantId: string) => void;
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Read-only across the fleet: reads every tenant's live state (sessions that cannot write, short
 * timeouts), groups tenants by its fingerprint, plans and lints each group once, and runs the
 * group's data checks on every tenant in it. Unreachable tenants are reported, never thrown; an
 * unreachable tenant *source* throws (UnreachableDatabaseError), since then nothing can be said.
 */
export async function runPreflight(options: RunPreflightOptions): Promise<PreflightReport> {
  const concurrency = Math.max(1, options.concurrency ?? 8);
  const perCluster = Math.max(1, Math.min(options.perClusterConcurrency ?? concurrency, concurrency));
  const lockTimeoutMs = options.lockTimeoutMs ?? 2_000;
  const statementTimeoutMs = options.statementTimeoutMs ?? 30_000;
  const groups = createPreflightGroups(options.sampleSize ?? 10);
  const pools = readOnlyPools({ maxPerUrl: perCluster });
  const queue = new PQueue({ concurrency });
  const clusterQueues = new Map<string, PQueue>();
  const dataProblems: DataProblem[] = [];
  const skippedChecks: SkippedCheck[] = [];
  const unreachable: UnreachableTenant[] = [];
  let tenants = 0;
  let done = 0;
  /**
   * Schema-per-tenant: tenants of one database are read through one shared reader, which reads the
   * schemas asked for at once with one introspectSchemas call (each catalog scan of a database
   * holding thousands of schemas is paid once for them all). Tenants alone in their database read
   * their own.
   */
  const sharedUrls = new Set<string>();
  const readers = new Map<string, SharedSchemaReader>();
  const readerFor = (url: string): SharedSchemaReader | undefined => {
    if (!sharedUrls.has(url)) return undefined;
    let reader = readers.get(url);
    if (!reader) {
      reader = createSharedSchemaReader(url, { lockTimeoutMs, statementTimeoutMs, maxAttempts: 2 });
      readers.set(url, reader);
    }
    return reader;
  };

  const analyse = (current: SchemaModel, desired: SchemaModel): GroupAnalysis => {
    const migration = planMigration(current, desired);
    const findings = migration.plan.steps.length === 0 ? [] : lintMigration(current, options.desired, migration, options.lint, { reportUnusedIgnores: false });
    const destructive = destructiveRefusal(migration.plan, options.allowDestructive ?? false);
    const refusal = destructive ? `the rollout would refuse this plan: ${destructive.message}; allow destructive changes to run them` : null;
    return { migration, findings, refusal, checks: dataChecksFor(current, migration.changes) };
  };

  const checkTenant = async (tenant: Tenant): Promise<void> => {
    if (options.signal?.aborted) return;
    let client: Awaited<ReturnType<typeof pools.connect>> | undefined;
    let broken = false;
    try {
      client = await pools.connect(tenant.url);
      const reader = readerFor(tenant.url);
      const current = reader ? await reader.read(tenant.schema) : await introspectWithTimeouts(client, tenant.schema, { lockTimeoutMs, statementTimeoutMs, maxAttempts: 2 });
      const desired = options.desiredFor ? await options.desiredFor(current.serverVersion) : options.desired.model;
      const analysis = groups.add(fingerprintModel(current), tenant.id, current, () => analyse(current, desired));
      const outcome = await runDataChecks(client, tenant, analysis.checks.checks, { statementTimeoutMs, lockTimeoutMs });
      dataProblems.push(...outcome.problems);
      skippedChecks.push(...outcome.skipped);
    } catch (error) {
      broken = true;
      unreachable.push({ tenantId: tenant.id, message: unreachableMessage(tenant, error, client !== undefined) });
    } finally {
      client?.release(broken);
      done++;
      options.onTenant?.(done, tenant.id);
    }
  };

  const clusterQueue = (tenant: Tenant): PQueue => {
    const cluster = clusterOf(tenant);
    let q = clusterQueues.get(cluster);
    if (!q) {
      q = new PQueue({ concurrency: perCluster });
      clusterQueues.set(cluster, q);
    }
    return q;
  };

  try {
    for await (const page of options.source.pages(options.pageSize ?? 500)) {
      if (options.signal?.aborted) break;
      // Counted per page, so a fleet of database tenants keeps no map of every URL.
      const perUrl = new Map<string, number>();
      for (const tenant of page) perUrl.set(tenant.url, (perUrl.get(tenant.url) ?? 0) + 1);
      for (const [url, count] of perUrl) if (count > 1) sharedUrls.add(url);
      for (const tenant of page) {
        if (options.filter && !options.filter(tenant)) continue;
        tenants++;
        const perClusterQueue = clusterQueue(tenant);
        // The cluster's queue decides when it runs; the global queue counts it while it waits or runs.
        void queue.add(() => perClusterQueue.add(() => checkTenant(tenant)));
      }
      // Pages keep coming only as fast as tenants are checked: memory stays flat on any fleet size.
      await queue.onSizeLessThan(concurrency * 4);
    }
    await queue.onIdle();
  } finally {
    queue.clear();
    await queue.onIdle();
    await pools.end();
    await Promise.all([...readers.values()].map((reader) => reader.close()));
  }

  dataProblems.sort((a, b) => byText(a.tenantId, b.tenantId) || byText(a.check, b.check) || byText(a.object, b.object) || byText(a.message, b.message));
  skippedChecks.sort((a, b) => byText(a.tenantId, b.tenantId) || byText(a.check, b.check) || byText(a.object, b.object));
  unreachable.sort((a, b) => byText(a.tenantId, b.tenantId));
  const groupList = groups.groups();
  return { tenants, groups: groupList, dataProblems, unreachable, skippedChecks, verdict: preflightVerdict(tenants, groupList, dataProblems, unreachable) };
}

function unreachableMessage(tenant: Tenant, error: unknown, connected: boolean): string {
  const raw = error instanceof Error ? error.message : String(error);
  let password: string[] = [];
  try {
    const url = new URL(tenant.url);
    password = [url.password, decodeURIComponent(url.password), url.searchParams.get('password') ?? ''].filter((p) => p.length > 0);
  } catch {
    /* not a URL: the generic redaction still applies */
  }
  const clean = redactSecrets(raw.split(tenant.url).join(redactUrl(tenant.url)), password);
  return connected ? `cannot read schema ${JSON.stringify(tenant.schema)}: ${clean}` : clean;
}
