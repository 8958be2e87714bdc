import type pg from 'pg';
import { LedgerVersionError } from './ledger-errors.js';
import { advisoryKeys } from './advisory-keys.js';

// A prefix no tenant schema lock uses ('schemafleet:' + schema), so DDL never waits on a tenant.
const [DDL_KEY1, DDL_KEY2] = advisoryKeys('schemafleet-ledger:ddl');

const CREATE_V1 = `
CREATE SCHEMA IF NOT EXISTS schemafleet;
CREATE TABLE IF NOT EXISTS schemafleet.ledger_version (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  version integer NOT NULL
);
CREATE TABLE IF NOT EXISTS schemafleet.rollouts (
  id text PRIMARY KEY,
  schema_hash text NOT NULL,
  commit text,
  actor text,
  state text NOT NULL DEFAULT 'running'
    CHECK (state IN ('running', 'paused', 'succeeded', 'failed', 'aborted', 'cancelled')),
  requested text CHECK (requested IN ('pause', 'resume', 'abort')),
  requested_by text,
  requested_at timestamptz,
  config jsonb NOT NULL DEFAULT '{}'::jsonb,
  totals jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
-- The database itself guarantees that two rollouts never interleave, whatever the workers race.
CREATE UNIQUE INDEX IF NOT EXISTS rollouts_one_active ON schemafleet.rollouts ((true))
  WHERE state IN ('running', 'paused');
CREATE INDEX IF NOT EXISTS rollouts_created ON schemafleet.rollouts (created_at DESC, id DESC);
CREATE TABLE IF NOT EXISTS schemafleet.rollout_tenants (
  rollout_id text NOT NULL REFERENCES schemafleet.rollouts (id) ON DELETE CASCADE,
  tenant_id text NOT NULL,
  cluster text NOT NULL,
  schema text NOT NULL,
  wave text,
  sequence bigint NOT NULL,
  state text NOT NULL DEFAULT 'pending'
    CHECK (state IN ('pending', 'claimed', 'migrated', 'unchanged', 'failed', 'skipped', 'cancelled')),
  attempts integer NOT NULL DEFAULT 0,
  worker_id text,
  claimed_at timestamptz,
  heartbeat_at timestamptz,
  plan_fingerprint text,
  steps integer,
  duration_ms bigint,
  error_message text,
  error_sqlstate text,
  finished_at timestamptz,
  PRIMARY KEY (rollout_id, tenant_id)
);
CREATE INDEX IF NOT EXISTS rollout_tenants_claimable ON schemafleet.rollout_tenants (rollout_id, sequence, tenant_id)
  WHERE state IN ('pending', 'claimed');
CREATE INDEX IF NOT EXISTS rollout_tenants_by_worker ON schemafleet.rollout_tenants (rollout_id, worker_id)
  WHERE state = 'claimed';
CREATE TABLE IF NOT EXISTS schemafleet.workers (
  id text NOT NULL,
  rollout_id text NOT NULL REFERENCES schemafleet.rollouts (id) ON DELETE CASCADE,
  started_at timestamptz NOT NULL DEFAULT now(),
  heartbeat_at timestamptz NOT NULL DEFAULT now(),
  hostname text,
  pid integer,
  PRIMARY KEY (rollout_id, id)
);
`;

/** How a migrated tenant was confirmed at the desired state (rollout.verify): read back, or its plan's proof. */
const ADD_VERIFIED_BY = `
ALTER TABLE schemafleet.rollout_tenants
  ADD COLUMN IF NOT EXISTS verified_by text CHECK (verified_by IN ('read-back', 'proof'));
`;

/**
 * Counts of each rollout's tenants by state, kept by the database as rows change, so \`status\` and
 * every worker's poll read at most 7 states × 16 shards instead of counting the rollout's rows (at
 * 100,000 tenants that count took 100–600 ms, once a second per worker). A statement-level trigger
 * adds what a statement changed, one row per state; the shard (the backend's pid) keeps workers
 * recording at once from queueing on one counter row. Rows are locked in state order, so two
 * statements never wait on each other's counters crosswise. The failures list gets an index of its
 * own (it scanned the table). The existing rows are counted once, here, under the lock the
 * triggers' creation takes.
 */
const ADD_STATE_COUNTS = `
CREATE TABLE IF NOT EXISTS schemafleet.rollout_state_counts (
  rollout_id text NOT NULL,
  state text NOT NULL,
  -- The claiming worker for 'claimed' ('' otherwise): what each worker holds, without counting rows.
  worker_id text NOT NULL,
  shard integer NOT NULL,
  n bigint NOT NULL,
  PRIMARY KEY (rollout_id, state, worker_id, shard)
);
CREATE OR REPLACE FUNCTION schemafleet.count_tenant_states() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO schemafleet.rollout_state_counts AS c (rollout_id, state, worker_id, shard, n)
    SELECT rollout_id, state, CASE WHEN state = 'claimed' THEN coalesce(worker_id, '') ELSE '' END AS w, pg_backend_pid() % 16, count(*)
      FROM new_rows GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (rollout_id, state, worker_id, shard) DO UPDATE SET n = c.n + EXCLUDED.n;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO schemafleet.rollout_state_counts AS c (rollout_id, state, worker_id, shard, n)
    SELECT rollout_id, state, w, pg_backend_pid() % 16, sum(delta)
      FROM (SELECT rollout_id, state, CASE WHEN state = 'claimed' THEN coalesce(worker_id, '') ELSE '' END AS w, 1 AS delta FROM new_rows
            UNION ALL
            SELECT rollout_id, state, CASE WHEN state = 'claimed' THEN coalesce(worker_id, '') ELSE '' END, -1 FROM old_rows) AS d
     GROUP BY 1, 2, 3 HAVING sum(delta) <> 0 ORDER BY 1, 2, 3
    ON CONFLICT (rollout_id, state, worker_id, shard) DO UPDATE SET n = c.n + EXCLUDED.n;
  ELSE
    INSERT INTO schemafleet.rollout_state_counts AS c (rollout_id, state, worker_id, shard, n)
    SELECT rollout_id, state, CASE WHEN state = 'claimed' THEN coalesce(worker_id, '') ELSE '' END AS w, pg_backend_pid() % 16, -count(*)
      FROM old_rows GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (rollout_id, state, worker_id, shard) DO UPDATE SET n = c.n + EXCLUDED.n;
  END IF;
  RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS count_inserted_states ON schemafleet.rollout_tenants;
CREATE TRIGGER count_inserted_states AFTER INSERT ON schemafleet.rollout_tenants
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION schemafleet.count_tenant_states();
DROP TRIGGER IF EXISTS count_updated_states ON schemafleet.rollout_tenants;
CREATE TRIGGER count_updated_states AFTER UPDATE ON schemafleet.rollout_tenants
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION schemafleet.count_tenant_states();
DROP TRIGGER IF EXISTS count_deleted_states ON schemafleet.rollout_tenants;
CREATE TRIGGER count_deleted_states AFTER DELETE ON schemafleet.rollout_tenants
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION schemafleet.count_tenant_states();
DELETE FROM schemafleet.rollout_state_counts;
INSERT INTO schemafleet.rollout_state_counts (rollout_id, state, worker_id, shard, n)
  SELECT rollout_id, state, CASE WHEN state = 'claimed' THEN coalesce(worker_id, '') ELSE '' END, 0, count(*)
    FROM schemafleet.rollout_tenants GROUP BY 1, 2, 3;
CREATE INDEX IF NOT EXISTS rollout_tenants_failed ON schemafleet.rollout_tenants (rollout_id, finished_at, tenant_id)
  WHERE state = 'failed';
`;

/**
 * Which database a tenant lives in, as user@host:port/database (fleet/tenant.ts, locationOf): never
 * a URL, which may carry a password. A worker resolves a claim to a connection from it and the
 * tenant's schema, so it holds one URL per database rather than an entry per tenant.
 */
const ADD_LOCATION = `
ALTER TABLE schemafleet.rollout_tenants ADD COLUMN IF NOT EXISTS location text;
`;

/** Migrations from version n-1 to n, index n-1. Only ever appended to. */
const MIGRATIONS: readonly string[] = [CREATE_V1, ADD_VERIFIED_BY, ADD_STATE_COUNTS, ADD_LOCATION];

/**
 * Creates or upgrades the ledger tables. Safe to call from many workers at once: the advisory
 * transaction lock serializes them, because concurrent CREATE … IF NOT EXISTS can still fail on the
 * catalog's unique indexes.
 */
export async function ensureLedgerSchema(client: pg.ClientBase): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1, $2)', [DDL_KEY1, DDL_KEY2]);
    const exists = await client.query<{ present: boolean }>(`SELECT to_regclass('schemafleet.ledger_version') IS NOT NULL AS present`);
    let version = 0;
    if (exists.rows[0]?.present) {
      const row = await client.query<{ version: number }>('SELECT version FROM schemafleet.ledger_version');
      version = row.rows[0]?.version ?? 0;
    }
    if (version > MIGRATIONS.length) throw new LedgerVersionError(version, MIGRATIONS.length);
    for (let next = version; next < MIGRATIONS.length; next++) await client.query(MIGRATIONS[next]!);
    if (version < MIGRATIONS.length) {
      await client.query(
        `INSERT INTO schemafleet.ledger_version (singleton, version) VALUES (true, $1)
         ON CONFLICT (singleton) DO UPDATE SET version = EXCLUDED.version`,
        [MIGRATIONS.length],
      );
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
