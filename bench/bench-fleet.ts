import PQueue from 'p-queue';
import { introspectSchema } from '../src/schema/introspect/introspect-schema.js';
import { planMigration } from '../src/plan/plan-migration.js';
import type { Plan } from '../src/plan/step.js';
import type { SchemaModel } from '../src/schema/model.js';
import { planUnits } from '../src/apply/plan-units.js';
import { connectTarget } from '../src/db/connect-target.js';
import { quoteIdent } from '../src/util/quote-ident.js';
import { runRollout, type RolloutSummary } from '../src/fleet/rollout/run-rollout.js';
import { rolloutSettings } from '../src/fleet/rollout/rollout-settings.js';
import { rolloutLedger } from '../src/fleet/rollout/ledger-adapter.js';
import { openLedger } from '../src/fleet/ledger/index.js';
import type { Tenant } from '../src/fleet/tenant.js';
import { withClient } from '../src/db/with-client.js';
import { withDatabase } from '../src/db/database-url.js';
import { listSource, medianRound, timed, type FleetPhase } from './fleet-harness.js';
import { chunked } from '../src/util/chunked.js';

/** A small, realistic tenant schema (two tables with data, identity keys, a foreign key, an index). */
const V1 = `
CREATE TABLE accounts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE orders (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id bigint NOT NULL REFERENCES accounts (id),
  total numeric(12,2) NOT NULL,
  status text NOT NULL DEFAULT 'new',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX orders_account_id_idx ON orders (account_id);
`;

const SEED = `
INSERT INTO accounts (email) SELECT 'user' || g || '@example.com' FROM generate_series(1, 20) AS g;
INSERT INTO orders (account_id, total) SELECT 1 + g % 20, g FROM generate_series(1, 200) AS g;
`;

/** The change rolled out: a column with a default, an index (built concurrently), a CHECK (NOT VALID, then VALIDATE). */
const V2 = `
CREATE TABLE accounts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE orders (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id bigint NOT NULL REFERENCES accounts (id),
  total numeric(12,2) NOT NULL,
  status text NOT NULL DEFAULT 'new',
  created_at timestamptz NOT NULL DEFAULT now(),
  currency text NOT NULL DEFAULT 'EUR',
  CONSTRAINT orders_total_nonnegative CHECK (total >= 0)
);
CREATE INDEX orders_account_id_idx ON orders (account_id);
CREATE INDEX orders_created_at_idx ON orders (created_at);
`;

/** Back from V2 to V1 between the baseline and the rollout (cheaper than building a second fleet). */
const REVERT = `ALTER TABLE orders DROP CONSTRAINT orders_total_nonnegative, DROP COLUMN currency; DROP INDEX orders_created_at_idx;`;

const CONCURRENCY = 8;
const CHUNK = 100;
/**
 * Baseline and rollout are measured in this many rounds per fleet, each a pair run back to back, and
 * the round with the median ratio is reported: on a shared host, the speed of the machine changes
 * from one minute to the next (baselines 2× apart within one session), which one pair cannot tell
 * from the rollout's own cost. Odd, so the median is a round that ran.
 */
const ROUNDS = Number(process.env.SCHEMAFLEET_BENCH_ROUNDS ?? 3);

/** One baseline and one rollout of the same fleet, measured back to back. */
interface FleetRound {
  readonly baseline: FleetPhase;
  readonly rollout: FleetPhase;
  /** rollout ÷ baseline throughput of this round. */
  readonly ratio: number;
  readonly baselineFirst: boolean;
}

interface FleetBenchRow {
  readonly fleet: string;
  readonly tenants: number;
  /** Every round, in the order run. */
  readonly rounds: readonly FleetRound[];
  /** The round with the median ratio: the figures the table shows. */
  readonly median: FleetRound;
  /** The highest rollout RSS of all rounds. */
  readonly peakRssMb: number;
  readonly summary: Pick<RolloutSummary, 'state' | 'totals' | 'distinctPlans'>;
}

export interface FleetBenchResult {
  readonly rows: readonly FleetBenchRow[];
  readonly planSteps: readonly string[];
  readonly setupSeconds: number;
  readonly roundsPerFleet: number;
}

/**
 * The raw baseline: what applying the change costs with nothing around it. Each tenant gets a
 * connection like the rollout's, search_path pinned, lock_timeout set, and the plan's statements
 * (its transactional units in a transaction, CONCURRENTLY alone); no lock, introspection, planning,
 * verification or ledger.
 */
async function rawApply(tenants: readonly Tenant[], plan: Plan): Promise<void> {
  const units = planUnits(plan);
  const queue = new PQueue({ concurrency: CONCURRENCY });
  let failed = 0;
  await Promise.all(
    tenants.map((tenant) =>
      queue.add(async () => {
        const client = await connectTarget(tenant.url, 'schemafleet bench baseline');
        try {
          await client.query(`SET search_path TO ${quoteIdent(tenant.schema)}; SET lock_timeout = '2s'`);
          for (const unit of units) {
            const sql = unit.stepIndexes.map((i) => plan.steps[i]!.sql);
            if (unit.transactional) await client.query(`BEGIN; ${sql.join(';\n')}; COMMIT`);
            else for (const statement of sql) await client.query(statement);
          }
        } catch {
          failed += 1;
        } finally {
          await client.end().catch(() => undefined);
        }
      }),
    ),
  );
  if (failed > 0) throw new Error(`baseline: ${failed} tenants failed`);
}

async function desiredModels(adminUrl: string, name: string, drop: (db: string) => Promise<void>): Promise<{ schema: SchemaModel; database: SchemaModel; current: SchemaModel }> {
  await withClient(adminUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  try {
    const url = withDatabase(adminUrl, name);
    await withClient(url, (c) => c.query(`${V2} CREATE SCHEMA app; SET search_path TO app; ${V2} CREATE SCHEMA old; SET search_path TO old; ${V1}`));
    return await withClient(url, async (c) => ({
      database: await introspectSchema(c, 'public'),
      schema: await introspectSchema(c, 'app'),
      current: await introspectSchema(c, 'old'),
    }));
  } finally {
    await drop(name);
  }
}

/**
 * 2,000 schema tenants in one database and 200 database tenants (defaults; env overrides for
 * smaller runs), each on V1 with a little data. Each round brings the same fleet to V2 twice, by the
 * raw baseline and by runRollout (ledger, advisory locks, catalog reads, shared plans, verification;
 * no health probes), both at concurrency 8, reverting it to V1 with batched DDL after each; the two
 * take turns going first. ROUNDS rounds per fleet.
 */
export async function benchFleet(adminUrl: string): Promise<FleetBenchResult> {
  const schemaCount = Number(process.env.SCHEMAFLEET_BENCH_SCHEMA_TENANTS ?? 2000);
  const databaseCount = Number(process.env.SCHEMAFLEET_BENCH_DATABASE_TENANTS ?? 200);
  const prefix = `bench_fleet_${process.pid}`;
  const created: string[] = [];
  const admin = new PQueue({ concurrency: 4 });
  const drop = async (db: string): Promise<void> => {
    await withClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`)).catch(() => undefined);
  };
  const createDatabase = async (name: string, template?: string): Promise<string> => {
    await withClient(adminUrl, (c) => c.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`));
    created.push(name);
    return withDatabase(adminUrl, name);
  };

  try {
    const setupStart = performance.now();
    const models = await desiredModels(adminUrl, `${prefix}_desired`, drop);
    const plan = planMigration(models.current, models.schema).plan;

    // Schema tenants: one database, schemas created CHUNK at a time in one multi-statement query.
    const schemaDatabase = `${prefix}_schemas`;
    const schemaUrl = await createDatabase(schemaDatabase);
    const schemaNames = Array.from({ length: schemaCount }, (_, i) => `tenant_${String(i).padStart(5, '0')}`);
    const chunks = <T>(items: readonly T[]): T[][] => chunked(items, CHUNK);
    const ddlIn = (names: readonly string[], sql: string): string => names.map((n) => `SET search_path TO ${quoteIdent(n)}; ${sql}`).join('\n');
    await Promise.all(
      chunks(schemaNames).map((names) => admin.add(() => withClient(schemaUrl, (c) => c.query(`${names.map((n) => `CREATE SCHEMA ${quoteIdent(n)};`).join('')} ${ddlIn(names, V1 + SEED)}`)))),
    );
    const schemaTenants: Tenant[] = schemaNames.map((name) => ({ id: `schema:${name}`, url: schemaUrl, schema: name, labels: {} }));

    // Database tenants: copies of one template database.
    const template = `${prefix}_template`;
    const templateUrl = await createDatabase(template);
    await withClient(templateUrl, (c) => c.query(V1 + SEED));
    const databaseTenants: Tenant[] = await Promise.all(
      Array.from({ length: databaseCount }, (_, i) =>
        admin.add(async () => ({ id: `db:${i}`, url: await createDatabase(`${prefix}_db_${String(i).padStart(4, '0')}`, template), schema: 'public', labels: {} })),
      ),
    );
    const setupSeconds = (performance.now() - setupStart) / 1000;

    const revertSchemas = async (): Promise<void> => {
      await Promise.all(chunks(schemaNames).map((names) => admin.add(() => withClient(schemaUrl, (c) => c.query(ddlIn(names, REVERT))))));
    };
    const revertDatabases = async (): Promise<void> => {
      await Promise.all(databaseTenants.map((t) => admin.add(() => withClient(t.url, (c) => c.query(REVERT)))));
    };

    // Every tenant database is connected to once before anything is timed: the first backend of a
    // database builds its relation-cache init file, which would otherwise count against whichever
    // side happened to come first.
    await Promise.all(databaseTenants.map((t) => admin.add(() => withClient(t.url, (c) => c.query('SELECT 1')))));

    const rows: FleetBenchRow[] = [];
    const fleets = [
      // A fleet's databases are dropped once it is measured: autovacuum cleaning up after thousands of
      // schemas' DDL would otherwise run during the next fleet's rounds.
      { fleet: `${schemaCount.toLocaleString('en-US')} schema tenants (one database)`, tenants: schemaTenants, desired: models.schema, revert: revertSchemas, done: () => drop(schemaDatabase) },
      { fleet: `${databaseCount.toLocaleString('en-US')} database tenants`, tenants: databaseTenants, desired: models.database, revert: revertDatabases, done: async () => undefined },
    ];
    let ledgers = 0;
    for (const { fleet, tenants, desired, revert, done } of fleets) {
      if (tenants.length === 0) continue;
      // Each side starts with nothing left to flush from setup, reverts or the other side.
      const checkpoint = (): Promise<unknown> => withClient(adminUrl, (c) => c.query('CHECKPOINT'));
      const baselinePhase = async (): Promise<FleetPhase> => {
        await checkpoint();
        return (await timed(tenants.length, () => rawApply(tenants, plan))).phase;
      };
      const rolloutPhase = async (): Promise<{ phase: FleetPhase; summary: FleetBenchRow['summary'] }> => {
        // A control database of its own per rollout, as a fresh rollout would have.
        const ledgerRaw = await openLedger(await createDatabase(`${prefix}_ledger_${ledgers++}`));
        try {
          await checkpoint();
          const ledger = rolloutLedger(ledgerRaw);
          const rollout = await timed(tenants.length, () => runRollout({ settings: rolloutSettings({ concurrency: CONCURRENCY }), desired, source: listSource(tenants), ledger, workerId: 'bench' }));
          const { state, totals, distinctPlans } = rollout.value;
          if (state !== 'succeeded' || totals.migrated !== tenants.length) throw new Error(`rollout ${state}: ${JSON.stringify(totals)}`);
          return { phase: rollout.phase, summary: { state, totals, distinctPlans } };
        } finally {
          await ledgerRaw.close();
        }
      };
      const rounds: FleetRound[] = [];
      let summary: FleetBenchRow['summary'] | undefined;
      for (let round = 0; round < ROUNDS; round++) {
        // Alternating which side goes first cancels what going second gains or loses (warm caches,
        // the dead catalog rows the revert leaves, a checkpoint the other side's writes brought on).
        const baselineFirst = round % 2 === 0;
        let baseline: FleetPhase | undefined;
        let rollout: FleetPhase | undefined;
        for (const side of baselineFirst ? (['baseline', 'rollout'] as const) : (['rollout', 'baseline'] as const)) {
          if (side === 'baseline') baseline = await baselinePhase();
          else ({ phase: rollout, summary } = await rolloutPhase());
          const last = round === ROUNDS - 1 && (side === 'baseline') !== baselineFirst;
          if (!last) await revert();
        }
        rounds.push({ baseline: baseline!, rollout: rollout!, ratio: rollout!.tenantsPerSecond / baseline!.tenantsPerSecond, baselineFirst });
      }
      const median = medianRound(rounds);
      rows.push({ fleet, tenants: tenants.length, rounds, median, peakRssMb: Math.max(...rounds.map((r) => r.rollout.peakRssMb)), summary: summary! });
      await done();
    }
    return { rows, planSteps: plan.steps.map((step) => step.sql), setupSeconds, roundsPerFleet: ROUNDS };
  } finally {
    await Promise.all(created.map((db) => admin.add(() => drop(db))));
  }
}
