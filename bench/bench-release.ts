/**
 * A release of the shape SaaS shops ship (bench/saas-release.ts: sixteen tables going to their next
 * release in ten steps), rolled out to schema tenants (one database) and database tenants, against
 * the same SQL applied raw in the same run, with where each tenant's time goes.
 */
import pg from 'pg';
import PQueue from 'p-queue';
import { introspectSchema } from '../src/schema/introspect/introspect-schema.js';
import { planMigration } from '../src/plan/plan-migration.js';
import type { Plan } from '../src/plan/step.js';
import type { SchemaModel } from '../src/schema/model.js';
import { planUnits } from '../src/apply/plan-units.js';
import { connectTarget } from '../src/db/connect-target.js';
import { quoteIdent } from '../src/util/quote-ident.js';
import { runRollout } from '../src/fleet/rollout/run-rollout.js';
import { rolloutSettings } from '../src/fleet/rollout/rollout-settings.js';
import { rolloutLedger } from '../src/fleet/rollout/ledger-adapter.js';
import { createPhaseTotals, type RolloutPhase } from '../src/fleet/rollout/phase-clock.js';
import { openLedger } from '../src/fleet/ledger/index.js';
import type { Tenant } from '../src/fleet/tenant.js';
import { withClient } from '../src/db/with-client.js';
import { withDatabase } from '../src/db/database-url.js';
import { listSource, medianRound, timed, type FleetPhase } from './fleet-harness.js';
import { monitorBackendCpu, type BackendRole } from './backend-cpu.js';
import { chunked } from '../src/util/chunked.js';
import { readBatchDigests } from '../src/schema/introspect/batch-digest.js';
import { DIGEST_CHUNK } from '../src/fleet/rollout/batch-starting-states.js';
import { SAAS_REVERT, SAAS_SEED, SAAS_V1, SAAS_V2 } from './saas-release.js';

const CONCURRENCY = 8;
// Schemas created (and reverted) per statement: one implicit transaction, whose locks must fit the lock table.
const CHUNK = 4;
const ROUNDS = Number(process.env.SCHEMAFLEET_BENCH_ROUNDS ?? 3);

/** Milliseconds per phase, summed over the run (phase-clock.ts). */
export type PhaseMs = Partial<Record<RolloutPhase, number>>;

export interface ReleaseRound {
  readonly baseline: FleetPhase;
  readonly rollout: FleetPhase;
  readonly ratio: number;
  readonly baselineFirst: boolean;
  readonly baselinePhases: PhaseMs;
  readonly rolloutPhases: PhaseMs;
  /** Server CPU by what the backends did (backend-cpu.ts), milliseconds over the run; null off this machine. */
  readonly baselineServerCpu: ServerCpu | null;
  readonly rolloutServerCpu: ServerCpu | null;
}

export type ServerCpu = ReadonlyMap<BackendRole, number>;

interface ReleaseBenchRow {
  readonly fleet: string;
  readonly tenants: number;
  readonly rounds: readonly ReleaseRound[];
  readonly median: ReleaseRound;
  readonly peakRssMb: number;
}

export interface ReleaseBenchResult {
  readonly rows: readonly ReleaseBenchRow[];
  readonly planSteps: readonly string[];
  readonly concurrency: number;
  readonly roundsPerFleet: number;
  readonly setupSeconds: number;
  /** The batch digest of every schema tenant, alone on one connection with nothing else running: milliseconds per schema (best of 3). */
  readonly digestMsPerSchema: number | null;
}

/** A raw tenant's SQL: search_path and lock_timeout with the first unit, each transactional unit in one BEGIN … COMMIT string, a concurrent build alone. */
function rawStatements(plan: Plan, schema: string): { sql: string; last: boolean }[] {
  const units = planUnits(plan);
  const lastTransactional = units.map((u) => u.transactional).lastIndexOf(true);
  const out = units.flatMap((unit, position) => {
    const sql = unit.stepIndexes.map((i) => plan.steps[i]!.sql);
    return unit.transactional ? [{ sql: `BEGIN; ${sql.join(';\n')};\nCOMMIT`, last: position === lastTransactional }] : sql.map((s) => ({ sql: s, last: false }));
  });
  const setup = `SET search_path TO ${quoteIdent(schema)}; SET lock_timeout = '2s'`;
  if (out[0] && !out[0].sql.startsWith('CREATE INDEX CONCURRENTLY')) out[0] = { ...out[0], sql: `${setup}; ${out[0].sql}` };
  else out.unshift({ sql: setup, last: false });
  return out;
}

/**
 * The raw baseline: the plan's SQL and nothing else, every commit synchronous, no lock, read,
 * check, verification or ledger. Schema tenants share a pool of CONCURRENCY connections (the
 * rollout keeps its connections warm too); each database tenant gets a new connection.
 */
async function rawApply(tenants: readonly Tenant[], plan: Plan, pooled: boolean, phases: PhaseMs): Promise<void> {
  const add = (phase: keyof PhaseMs, started: number): void => void (phases[phase] = (phases[phase] ?? 0) + performance.now() - started);
  const pool = pooled ? new pg.Pool({ connectionString: tenants[0]!.url, max: CONCURRENCY, application_name: 'schemafleet bench baseline' }) : null;
  pool?.on('error', () => undefined);
  const queue = new PQueue({ concurrency: CONCURRENCY });
  let failed = 0;
  try {
    await Promise.all(
      tenants.map((tenant) =>
        queue.add(async () => {
          const slot = performance.now();
          let started = performance.now();
          const client = pool ? await pool.connect() : await connectTarget(tenant.url, 'schemafleet bench baseline');
          add('connect', started);
          try {
            for (const { sql, last } of rawStatements(plan, tenant.schema)) {
              started = performance.now();
              await client.query(sql);
              add(last ? 'final-commit' : 'steps', started);
            }
          } catch {
            failed += 1;
          } finally {
            started = performance.now();
            if (pool) (client as pg.PoolClient).release();
            else await (client as pg.Client).end().catch(() => undefined);
            add('release', started);
            add('slot', slot);
          }
        }),
      ),
    );
  } finally {
    await pool?.end();
  }
  if (failed > 0) throw new Error(`baseline: ${failed} tenants failed`);
}

async function desiredModels(adminUrl: string, name: string): Promise<{ schema: SchemaModel; database: SchemaModel; current: SchemaModel }> {
  await withClient(adminUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  try {
    const url = withDatabase(adminUrl, name);
    await withClient(url, (c) => c.query(`${SAAS_V2} CREATE SCHEMA app; SET search_path TO app; ${SAAS_V2} CREATE SCHEMA old; SET search_path TO old; ${SAAS_V1}`));
    return await withClient(url, async (c) => ({ database: await introspectSchema(c, 'public'), schema: await introspectSchema(c, 'app'), current: await introspectSchema(c, 'old') }));
  } finally {
    await withClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  }
}

/**
 * SCHEMAFLEET_BENCH_RELEASE_SCHEMA_TENANTS (default 500) schema tenants in one database and
 * SCHEMAFLEET_BENCH_RELEASE_DATABASE_TENANTS (default 100) database tenants, each at V1 with a few
 * rows. Each round brings a fleet to V2 twice, raw and by runRollout (verify: proven, defaults
 * otherwise), reverting it after each; the two take turns going first, a CHECKPOINT before each.
 */
export async function benchRelease(adminUrl: string): Promise<ReleaseBenchResult> {
  const schemaCount = Number(process.env.SCHEMAFLEET_BENCH_RELEASE_SCHEMA_TENANTS ?? 500);
  const databaseCount = Number(process.env.SCHEMAFLEET_BENCH_RELEASE_DATABASE_TENANTS ?? 100);
  const prefix = `bench_release_${process.pid}`;
  const created: string[] = [];
  const admin = new PQueue({ concurrency: 4 });
  const drop = (db: string): Promise<unknown> => withClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`)).catch(() => undefined);
  const createDatabase = async (name: string, template?: string): Promise<string> => {
    await withClient(adminUrl, (c) => c.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`));
    created.push(name);
    return withDatabase(adminUrl, name);
  };
  const checkpoint = (): Promise<unknown> => withClient(adminUrl, (c) => c.query('CHECKPOINT'));

  try {
    const setupStart = performance.now();
    const models = await desiredModels(adminUrl, `${prefix}_desired`);
    const plan = planMigration(models.current, models.schema).plan;

    const schemaDatabase = `${prefix}_schemas`;
    const schemaUrl = await createDatabase(schemaDatabase);
    const schemaNames = Array.from({ length: schemaCount }, (_, i) => `tenant_${String(i).padStart(5, '0')}`);
    const inEach = (names: readonly string[], sql: string): string => names.map((n) => `SET search_path TO ${quoteIdent(n)}; ${sql}`).join('\n');
    await Promise.all(
      chunked(schemaNames, CHUNK).map((names) =>
        admin.add(() => withClient(schemaUrl, (c) => c.query(`${names.map((n) => `CREATE SCHEMA ${quoteIdent(n)};`).join('')} ${inEach(names, SAAS_V1 + SAAS_SEED)}`))),
      ),
    );
    const schemaTenants: Tenant[] = schemaNames.map((name) => ({ id: `schema:${name}`, url: schemaUrl, schema: name, labels: {} }));

    const template = `${prefix}_template`;
    const templateUrl = await createDatabase(template);
    await withClient(templateUrl, (c) => c.query(SAAS_V1 + SAAS_SEED));
    const databaseTenants: Tenant[] = await Promise.all(
      Array.from({ length: databaseCount }, (_, i) =>
        admin.add(async () => ({ id: `db:${i}`, url: await createDatabase(`${prefix}_db_${String(i).padStart(4, '0')}`, template), schema: 'public', labels: {} })),
      ),
    );
    // A database's first backend builds its relation-cache init file: paid before anything is timed.
    await Promise.all(databaseTenants.map((t) => admin.add(() => withClient(t.url, (c) => c.query('SELECT 1')))));
    const setupSeconds = (performance.now() - setupStart) / 1000;
    process.stderr.write(`release bench: fleets built in ${setupSeconds.toFixed(0)} s\n`);
    const digestMsPerSchema = schemaNames.length === 0 ? null : await digestAlone(schemaUrl, schemaNames);

    const fleets = [
      {
        fleet: `${schemaCount.toLocaleString('en-US')} schema tenants (one database)`,
        tenants: schemaTenants,
        pooled: true,
        desired: models.schema,
        revert: () => Promise.all(chunked(schemaNames, CHUNK).map((names) => admin.add(() => withClient(schemaUrl, (c) => c.query(inEach(names, SAAS_REVERT)))))),
        done: () => drop(schemaDatabase),
      },
      {
        fleet: `${databaseCount.toLocaleString('en-US')} database tenants`,
        tenants: databaseTenants,
        pooled: false,
        desired: models.database,
        revert: () => Promise.all(databaseTenants.map((t) => admin.add(() => withClient(t.url, (c) => c.query(SAAS_REVERT))))),
        done: async () => undefined,
      },
    ];
    const rows: ReleaseBenchRow[] = [];
    let ledgers = 0;
    for (const { fleet, tenants, pooled, desired, revert, done } of fleets) {
      if (tenants.length === 0) continue;
      type Side = { phase: FleetPhase; phases: PhaseMs; serverCpu: ServerCpu | null };
      const baselineSide = async (): Promise<Side> => {
        const phases: PhaseMs = {};
        await checkpoint();
        const monitor = await monitorBackendCpu(adminUrl);
        const { phase } = await timed(tenants.length, () => rawApply(tenants, plan, pooled, phases)).finally(() => monitor.stop());
        return { phase, phases, serverCpu: await monitor.stop() };
      };
      const rolloutSide = async (): Promise<Side> => {
        const ledgerRaw = await openLedger(await createDatabase(`${prefix}_ledger_${ledgers++}`));
        const clock = createPhaseTotals();
        try {
          await checkpoint();
          const monitor = await monitorBackendCpu(adminUrl);
          const run = await timed(tenants.length, () =>
            runRollout({ settings: rolloutSettings({ concurrency: CONCURRENCY }), desired, source: listSource(tenants), ledger: rolloutLedger(ledgerRaw), workerId: 'bench', phases: clock }),
          ).finally(() => monitor.stop());
          const { state, totals } = run.value;
          if (state !== 'succeeded' || totals.migrated !== tenants.length) throw new Error(`rollout ${state}: ${JSON.stringify(totals)}`);
          return { phase: run.phase, phases: { ...clock.ms }, serverCpu: await monitor.stop() };
        } finally {
          await ledgerRaw.close();
        }
      };
      const rounds: ReleaseRound[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const baselineFirst = round % 2 === 0;
        const sides = baselineFirst ? (['baseline', 'rollout'] as const) : (['rollout', 'baseline'] as const);
        const result: Partial<Record<'baseline' | 'rollout', Side>> = {};
        for (const side of sides) {
          result[side] = side === 'baseline' ? await baselineSide() : await rolloutSide();
          if (!(round === ROUNDS - 1 && side === sides[1])) await revert();
        }
        const baseline = result.baseline!;
        const cpu = (p: FleetPhase): string =>
          `${p.seconds.toFixed(1)} s, ${p.machineCpuMsPerTenant?.toFixed(1) ?? '?'} ms CPU/tenant (Node ${p.processCpuMsPerTenant.toFixed(1)}), ${((p.machineBusyShare ?? 0) * 100).toFixed(0)}% busy`;
        process.stderr.write(`release bench: ${fleet}, round ${round + 1}: raw ${cpu(baseline.phase)}; rollout ${cpu(result.rollout!.phase)}\n`);
        const rollout = result.rollout!;
        rounds.push({
          baseline: baseline.phase,
          rollout: rollout.phase,
          ratio: rollout.phase.tenantsPerSecond / baseline.phase.tenantsPerSecond,
          baselineFirst,
          baselinePhases: baseline.phases,
          rolloutPhases: rollout.phases,
          baselineServerCpu: baseline.serverCpu,
          rolloutServerCpu: rollout.serverCpu,
        });
      }
      rows.push({ fleet, tenants: tenants.length, rounds, median: medianRound(rounds), peakRssMb: Math.max(...rounds.map((r) => r.rollout.peakRssMb)) });
      await done();
    }
    return { rows, planSteps: plan.steps.map((s) => s.sql), concurrency: CONCURRENCY, roundsPerFleet: ROUNDS, setupSeconds, digestMsPerSchema };
  } finally {
    await Promise.all(created.map((db) => admin.add(() => drop(db))));
  }
}

/**
 * What the rollout's batch reads cost the server at the least: every schema's batch digest, in the
 * rollout's chunks, on one connection with nothing else running (the best of three passes, each
 * on a new connection: the rollout digests each schema once, so the backend meets every table's
 * catalog rows cold, as a second pass on the same connection would not). On a host whose cores
 * the raw apply already keeps busy this is work the rollout adds, however it is scheduled: the
 * floor under its ratio to raw.
 */
async function digestAlone(url: string, schemas: readonly string[]): Promise<number> {
  let best = Infinity;
  for (let pass = 0; pass < 3; pass++) {
    best = Math.min(
      best,
      await withClient(url, async (client) => {
        // The query planned and the catalogs' own caches loaded first, as a rollout's reader has them after its first chunk.
        await readBatchDigests(client, schemas.slice(0, DIGEST_CHUNK));
        const started = performance.now();
        for (const names of chunked(schemas.slice(DIGEST_CHUNK), DIGEST_CHUNK)) await readBatchDigests(client, names);
        return performance.now() - started;
      }),
    );
  }
  return best / Math.max(1, schemas.length - DIGEST_CHUNK);
}
