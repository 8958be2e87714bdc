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

/** Migrations from version n-1 to n, index n-1. Only ever appended to. */
const MIGRATIONS: readonly string[] = [CREATE_V1, ADD_VERIFIED_BY];

/**
 * Creates or upgrades the ledger tables. Safe to call from many workers at once: the advisory
 * transaction lock serializes them, because concurrent CREATE … IF NOT EXISTS can still fail on the
 * catalog's unique indexes.
 */
export async function ensureLedgerSchema(client: pg.ClientBase): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1, $2)', [DDL_KEY1, DDL_KEY2]);
    const exists = await client.query<{ present: boolean }>(
      `SELECT to_regclass('schemafleet.ledger_version') IS NOT NULL AS present`,
    );
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
