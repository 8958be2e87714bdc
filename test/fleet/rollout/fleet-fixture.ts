import pg from 'pg';
import { onTestFinished } from 'vitest';
import { readLiveSchema } from '../../../src/apply/read-live-schema.js';
import { planMigration } from '../../../src/plan/plan-migration.js';
import { quoteIdent } from '../../../src/util/quote-ident.js';
import type { SchemaModel } from '../../../src/schema/model.js';
import type { Tenant, TenantSource } from '../../../src/fleet/tenant.js';
import { openLedger, type Ledger } from '../../../src/fleet/ledger/index.js';
import { rolloutLedger } from '../../../src/fleet/rollout/ledger-adapter.js';
import type { RolloutLedger } from '../../../src/fleet/rollout/rollout-ledger-port.js';
import type { RolloutEvent } from '../../../src/fleet/rollout-events.js';
import { createTestDatabase, type TestDatabase } from '../../support/pg.js';

const V1 = `
CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);
CREATE TABLE notes (id bigint PRIMARY KEY, user_id bigint, body text);
`;

export const V2 = `
CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, name text);
CREATE UNIQUE INDEX users_email_key ON users (email);
CREATE TABLE notes (id bigint PRIMARY KEY, user_id bigint, body text);
CREATE INDEX notes_user_id_idx ON notes (user_id);
CREATE TABLE projects (id bigint PRIMARY KEY, name text NOT NULL);
`;

/**
 * The desired model, read from a database built from `ddl` (the loader is tested elsewhere). Schema
 * tenants compare against a fresh schema, database tenants against public (which carries a comment).
 */
export async function desiredFrom(ddl = V2, schema: 'public' | 'app' = 'public'): Promise<SchemaModel> {
  const db = await createTestDatabase('sf_desired');
  await db.exec(schema === 'public' ? ddl : `CREATE SCHEMA app; SET search_path TO app; ${ddl}`);
  return readLiveSchema(db.url, schema);
}

export type Drift = 'v1' | 'v2' | 'extra-index' | 'duplicates';

export function driftSql(drift: Drift): string {
  switch (drift) {
    case 'v1':
      return V1;
    case 'v2':
      return V2;
    case 'extra-index':
      return `${V1} CREATE INDEX notes_body_idx ON notes (body);`;
    case 'duplicates':
      return `${V1} INSERT INTO users VALUES (1, 'same@example.com'), (2, 'same@example.com');`;
  }
}

/** Schema-per-tenant: one database, `names.length` schemas, each set up as `drift(i)` says. */
export async function createSchemaFleet(names: readonly string[], drift: (index: number) => Drift = () => 'v1'): Promise<{ db: TestDatabase; tenants: Tenant[] }> {
  const db = await createTestDatabase('sf_fleet');
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    for (const [index, name] of names.entries()) {
      await client.query(`CREATE SCHEMA ${quoteIdent(name)}; SET search_path TO ${quoteIdent(name)}; ${driftSql(drift(index))}`);
    }
  } finally {
    await client.end();
  }
  return { db, tenants: names.map((name, index) => ({ id: `t-${index}:${name}`, url: db.url, schema: name, labels: { tier: index % 2 === 0 ? 'free' : 'paid' } })) };
}

/** Database-per-tenant: `count` databases with the schema in public. */
export async function createDatabaseFleet(count: number, drift: (index: number) => Drift = () => 'v1'): Promise<{ dbs: TestDatabase[]; tenants: Tenant[] }> {
  const dbs: TestDatabase[] = [];
  for (let index = 0; index < count; index++) {
    const db = await createTestDatabase('sf_tenant');
    await db.exec(driftSql(drift(index)));
    dbs.push(db);
  }
  return { dbs, tenants: dbs.map((db, index) => ({ id: `db-${index}`, url: db.url, schema: 'public', labels: {} })) };
}

export function listSource(tenants: readonly Tenant[]): TenantSource {
  return {
    description: `list (${tenants.length} tenants)`,
    async *pages(pageSize) {
      for (let start = 0; start < tenants.length; start += pageSize) yield tenants.slice(start, start + pageSize);
    },
  };
}

export async function openTestLedger(): Promise<{ db: TestDatabase; raw: Ledger; ledger: RolloutLedger }> {
  const db = await createTestDatabase('sf_ledger');
  const raw = await openLedger(db.url);
  onTestFinished(() => raw.close());
  return { db, raw, ledger: rolloutLedger(raw) };
}

/** Steps a fresh plan still wants for the tenant: 0 when it is at the desired schema. */
export async function remainingSteps(tenant: Tenant, desired: SchemaModel): Promise<number> {
  const current = await readLiveSchema(tenant.url, tenant.schema);
  return planMigration(current, desired).plan.steps.length;
}

export function collect(): { events: RolloutEvent[]; onEvent: (event: RolloutEvent) => void; of<T extends RolloutEvent['type']>(type: T): Extract<RolloutEvent, { type: T }>[] } {
  const events: RolloutEvent[] = [];
  return {
    events,
    onEvent: (event) => void events.push(event),
    of: <T extends RolloutEvent['type']>(type: T) => events.filter((event): event is Extract<RolloutEvent, { type: T }> => event.type === type),
  };
}

export async function ledgerRows(db: TestDatabase, rolloutId: string): Promise<{ tenant_id: string; state: string; attempts: number; error_message: string | null; error_sqlstate: string | null }[]> {
  return db.query('SELECT tenant_id, state, attempts, error_message, error_sqlstate FROM schemafleet.rollout_tenants WHERE rollout_id = $1 ORDER BY tenant_id', [rolloutId]);
}
