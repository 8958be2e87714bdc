import { withClient as withPgClient } from '../db/with-client.js';
import { quoteIdent, quoteLiteral } from '../util/quote-ident.js';
import { withDatabase } from '../db/database-url.js';
import type { DemoSchemas } from './demo-files.js';
import { driftPlan, driftSql, type TenantDrift } from './drift.js';
import { planOf, seedSql } from './seed-data.js';

export interface CreateFleetOptions {
  /** Superuser URL on the server that holds the fleet. */
  readonly adminUrl: string;
  /** Every database the demo creates starts with this (unique per run, so runs on one server never meet). */
  readonly prefix: string;
  readonly schemaTenants: number;
  readonly databaseTenants: number;
  readonly schemas: DemoSchemas;
  /** Schemas created per round trip. */
  readonly batchSize?: number;
  /** Connections creating schemas at once. */
  readonly connections?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

interface DemoTenantInfo {
  readonly id: string;
  readonly database: string;
  /** null: database tenant, its schema is public. */
  readonly schema: string | null;
  readonly drift: TenantDrift;
}

export interface DemoFleet {
  /** The database holding the schema tenants, the tenant directory, the health control table and the ledger. */
  readonly mainDatabase: string;
  readonly mainUrl: string;
  /** Every database created, the main one first (what cleanup drops on a server the demo did not start). */
  readonly databases: readonly string[];
  readonly tenants: readonly DemoTenantInfo[];
  readonly schemaMs: number;
  readonly databaseMs: number;
}

/** The tenant directory the fleet's `tenants: query:` reads: schema tenants live in the main database, database tenants in their own. */
export const TENANT_DIRECTORY_SQL = 'SELECT id, database, schema, tier FROM demo_control.tenants';

const CONTROL_SQL = `
CREATE SCHEMA demo_control;
CREATE TABLE demo_control.tenants (id text PRIMARY KEY, database text NOT NULL, schema text, tier text NOT NULL);
`;

// Named so the demo's setup sessions are recognisable in pg_stat_activity.
const withClient: typeof withPgClient = (url, fn) => withPgClient(url, fn, 'schemafleet demo');

function schemaTenantName(index: number): string {
  return `tenant_${String(index + 1).padStart(4, '0')}`;
}

function databaseTenantId(index: number): string {
  return `tenant_db_${String(index + 1).padStart(2, '0')}`;
}

/** One tenant's whole setup as one script: schema (v1, or v2 when it is already there), seed rows, drift. */
function tenantScript(schemas: DemoSchemas, index: number, name: string, drift: TenantDrift): string {
  return [drift === 'at-v2' ? schemas.v2 : schemas.v1, seedSql(index, name), driftSql(drift)].join('\n');
}

/**
 * Builds the demo fleet: `schemaTenants` schemas in one database and `databaseTenants` databases,
 * each with schema v1 (or a drifted variant) and a few rows. Schemas are created from one generated
 * script per batch, run on a few connections at once: 1,000 tenants are some 16,000 DDL statements,
 * and round trips, not PostgreSQL, are what would make that slow. Database tenants are cloned from a
 * template database, which copies files instead of replaying DDL.
 *
 * `databases` collects each database as it is created, so a caller can drop them even when this fails halfway.
 */
export async function createDemoFleet(options: CreateFleetOptions, databases: string[] = []): Promise<DemoFleet> {
  const { adminUrl, prefix, schemas } = options;
  const mainDatabase = prefix;
  const mainUrl = withDatabase(adminUrl, mainDatabase);
  const tenants: DemoTenantInfo[] = [];

  await withClient(adminUrl, async (admin) => {
    await admin.query(`CREATE DATABASE ${quoteIdent(mainDatabase)}`);
    databases.push(mainDatabase);
  });

  const schemaStart = Date.now();
  const schemaDrift = driftPlan('schema', options.schemaTenants);
  const batchSize = options.batchSize ?? 50;
  const batches: string[] = [];
  for (let start = 0; start < options.schemaTenants; start += batchSize) {
    const parts: string[] = [];
    for (let index = start; index < Math.min(options.schemaTenants, start + batchSize); index++) {
      const name = schemaTenantName(index);
      const drift = schemaDrift.get(index) ?? 'none';
      tenants.push({ id: name, database: mainDatabase, schema: name, drift });
      parts.push(`CREATE SCHEMA ${quoteIdent(name)};\nSET search_path TO ${quoteIdent(name)};\n${tenantScript(schemas, index, name, drift)}`);
    }
    batches.push(`BEGIN;\n${parts.join('\n')}\nCOMMIT;\nRESET search_path;`);
  }
  let done = 0;
  const workers = Array.from({ length: Math.max(1, options.connections ?? 2) }, () =>
    withClient(mainUrl, async (client) => {
      for (let batch = batches.shift(); batch !== undefined; batch = batches.shift()) {
        await client.query(batch);
        done = Math.min(options.schemaTenants, done + batchSize);
        options.onProgress?.(done, options.schemaTenants);
      }
    }),
  );
  await Promise.all(workers);
  const schemaMs = Date.now() - schemaStart;

  const databaseStart = Date.now();
  if (options.databaseTenants > 0) await createDatabaseTenants(options, databases, tenants);
  const databaseMs = Date.now() - databaseStart;

  await withClient(mainUrl, async (client) => {
    await client.query(CONTROL_SQL);
    const rows = tenants.map((t) => `(${quoteLiteral(t.id)}, ${quoteLiteral(t.database)}, ${t.schema === null ? 'NULL' : quoteLiteral(t.schema)}, ${quoteLiteral(planOf(tenantIndex(t)))})`);
    for (let start = 0; start < rows.length; start += 500) {
      await client.query(`INSERT INTO demo_control.tenants (id, database, schema, tier) VALUES ${rows.slice(start, start + 500).join(',\n')}`);
    }
  });
  return { mainDatabase, mainUrl, databases, tenants, schemaMs, databaseMs };
}

function tenantIndex(tenant: DemoTenantInfo): number {
  return Number(/(\d+)$/.exec(tenant.id)?.[1] ?? '1') - 1;
}

async function createDatabaseTenants(options: CreateFleetOptions, databases: string[], tenants: DemoTenantInfo[]): Promise<void> {
  const { adminUrl, prefix, schemas } = options;
  const template = `${prefix}_template`;
  const drift = driftPlan('database', options.databaseTenants);
  await withClient(adminUrl, async (admin) => {
    const version = Number((await admin.query<{ v: string }>("SELECT current_setting('server_version_num') AS v")).rows[0]?.v ?? '0');
    // FILE_COPY (PostgreSQL 15+) copies a small template faster than the WAL-logged default.
    const strategy = version >= 150000 ? ' STRATEGY FILE_COPY' : '';
    await admin.query(`CREATE DATABASE ${quoteIdent(template)}`);
    databases.push(template);
    await withClient(withDatabase(adminUrl, template), (client) => client.query(`${schemas.v1}\n${seedSql(0, 'template')}`));
    for (let index = 0; index < options.databaseTenants; index++) {
      const id = databaseTenantId(index);
      const database = `${prefix}_db_${String(index + 1).padStart(2, '0')}`;
      const tenantDrift = drift.get(index) ?? 'none';
      // A tenant already at v2 is built from v2, not cloned from the v1 template.
      await admin.query(tenantDrift === 'at-v2' ? `CREATE DATABASE ${quoteIdent(database)}` : `CREATE DATABASE ${quoteIdent(database)} TEMPLATE ${quoteIdent(template)}${strategy}`);
      databases.push(database);
      tenants.push({ id, database, schema: null, drift: tenantDrift });
      const script =
        tenantDrift === 'at-v2'
          ? tenantScript(schemas, index, id, tenantDrift)
          : `UPDATE accounts SET name = ${quoteLiteral(`Customer ${id}`)}, plan = ${quoteLiteral(planOf(index))};\n${driftSql(tenantDrift)}`;
      await withClient(withDatabase(adminUrl, database), (client) => client.query(script));
    }
    await admin.query(`DROP DATABASE ${quoteIdent(template)}`);
    databases.splice(databases.indexOf(template), 1);
  });
}

/** Drops what createDemoFleet made (for servers the demo did not start itself; an embedded one just goes away). */
export async function dropDemoDatabases(adminUrl: string, databases: readonly string[]): Promise<void> {
  await withClient(adminUrl, async (admin) => {
    for (const database of [...databases].reverse()) await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(database)} WITH (FORCE)`).catch(() => undefined);
  });
}
