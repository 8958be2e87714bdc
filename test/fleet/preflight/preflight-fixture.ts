import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { quoteIdent } from '../../../src/util/quote-ident.js';
import { loadDesiredSchema, type DesiredSchema } from '../../../src/schema/load/load-desired-schema.js';
import type { Tenant } from '../../../src/fleet/tenant.js';
import { adminUrl, type TestDatabase } from '../../support/pg.js';

/** Every tenant starts here. */
export const V1 = `
CREATE TYPE mood AS ENUM ('happy', 'sad', 'meh');
CREATE TABLE customers (id bigint PRIMARY KEY, email text, name character varying(50), code text);
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, qty integer, status mood, ref text);
CREATE TABLE audit (id bigint PRIMARY KEY);
CREATE TABLE "we""ird tbl ü" (id bigint PRIMARY KEY, "we""ird col" text, "ref col" bigint);
`;

/** The desired schema: every change below can fail on some data. */
export const V2 = `
CREATE TYPE mood AS ENUM ('happy', 'sad');
CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL, name character varying(10), code text);
CREATE UNIQUE INDEX customers_code_key ON customers (code) NULLS NOT DISTINCT;
CREATE TABLE orders (
  id bigint PRIMARY KEY,
  customer_id bigint CONSTRAINT orders_customer_fk REFERENCES customers (id),
  qty integer CONSTRAINT orders_qty_positive CHECK (qty > 0),
  status mood,
  ref text CONSTRAINT orders_ref_key UNIQUE
);
CREATE TABLE audit (id bigint PRIMARY KEY, actor text NOT NULL);
CREATE TABLE "we""ird tbl ü" (
  id bigint PRIMARY KEY,
  "we""ird col" text NOT NULL CONSTRAINT "we""ird check" CHECK (length("we""ird col") < 20),
  "ref col" bigint CONSTRAINT "we""ird fk" REFERENCES customers (id)
);
`;

/** Rows every check is happy with (NULLs where a constraint lets them through). */
export const CLEAN_DATA = `
INSERT INTO customers VALUES (1, 'a@example.com', 'short', 'c1'), (2, 'b@example.com', 'tiny', NULL);
INSERT INTO orders VALUES (1, 1, 5, 'happy', NULL), (2, NULL, NULL, 'sad', NULL), (3, 2, 1, NULL, 'r1');
INSERT INTO "we""ird tbl ü" VALUES (1, 'fine', 1), (2, 'also fine', NULL);
`;

/** One kind of bad data per tenant, on top of CLEAN_DATA. */
export const BAD_DATA = {
  nulls: `UPDATE customers SET email = NULL WHERE id = 2;`,
  'duplicates-nulls-not-distinct': `INSERT INTO customers VALUES (3, 'c@example.com', 'x', NULL);`,
  duplicates: `INSERT INTO orders VALUES (4, 1, 2, 'happy', 'r1');`,
  orphans: `INSERT INTO orders VALUES (4, 99, 2, 'happy', NULL), (5, 98, 2, 'happy', NULL);`,
  check: `INSERT INTO orders VALUES (4, 1, 0, 'happy', NULL);`,
  'too-long': `UPDATE customers SET name = 'much longer than ten' WHERE id = 1;`,
  enum: `INSERT INTO orders VALUES (4, 1, 3, 'meh', NULL);`,
  'not-null-column': `INSERT INTO audit VALUES (1);`,
  hostile: `UPDATE "we""ird tbl ü" SET "we""ird col" = NULL WHERE id = 2; INSERT INTO "we""ird tbl ü" VALUES (3, 'this one is far too long to pass', 77);`,
} as const;

export type BadKind = keyof typeof BAD_DATA;

export async function setUpSchema(db: TestDatabase | { url: string }, schema: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}; SET search_path TO ${quoteIdent(schema)}; ${sql}`);
  } finally {
    await client.end();
  }
}

export async function loadV2(schema = 'schemafleet_desired'): Promise<DesiredSchema> {
  const dir = await mkdtemp(join(tmpdir(), 'sf-preflight-'));
  await writeFile(join(dir, 'schema.sql'), V2);
  return loadDesiredSchema({ path: join(dir, 'schema.sql'), schema, devUrl: adminUrl() });
}

/** What the fleet holds, to compare before and after: every relation, and every row of every table. */
export async function fleetFingerprint(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const catalog = await client.query<{ text: string }>(`
      SELECT string_agg(n.nspname || '.' || c.relname || ':' || c.relkind::text || ':' || c.relfilenode::text, ',' ORDER BY n.nspname, c.relname) AS text
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_toast'`);
    const tables = await client.query<{ schema: string; name: string }>(`
      SELECT n.nspname AS schema, c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2`);
    const parts = [catalog.rows[0]?.text ?? ''];
    for (const t of tables.rows) {
      const rows = await client.query<{ h: string | null }>(`SELECT md5(string_agg(x::text, ',' ORDER BY x::text)) AS h FROM ${quoteIdent(t.schema)}.${quoteIdent(t.name)} AS x`);
      parts.push(`${t.schema}.${t.name}=${rows.rows[0]?.h ?? ''}`);
    }
    return parts.join('\n');
  } finally {
    await client.end();
  }
}

export function schemaTenant(db: { url: string }, schema: string, id = schema): Tenant {
  return { id, url: db.url, schema, labels: {} };
}
