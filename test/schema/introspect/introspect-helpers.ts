import { introspectSchema } from '../../../src/schema/introspect/introspect-schema.js';
import type { SchemaModel, Table } from '../../../src/schema/model.js';
import { withClient, type TestDatabase } from '../../support/pg.js';

export async function introspect(db: TestDatabase, schema = 'public'): Promise<SchemaModel> {
  return withClient(db.url, (client) => introspectSchema(client, schema));
}

/** Runs DDL with search_path set to `schema` (created first unless it is public). */
export async function execIn(db: TestDatabase, schema: string, sql: string): Promise<void> {
  const ident = `"${schema.replace(/"/g, '""')}"`;
  await db.exec(`${schema === 'public' ? '' : `CREATE SCHEMA ${ident};`} SET search_path = ${ident}; ${sql}`);
}

export function table(model: SchemaModel, name: string): Table {
  const found = model.tables.find((t) => t.name === name);
  if (!found) throw new Error(`no table ${name} in ${model.tables.map((t) => t.name).join(', ')}`);
  return found;
}

/** The model without where it was read from: what must match between tenants. */
export function content(model: SchemaModel): Omit<SchemaModel, 'schema' | 'serverVersion'> {
  const { schema: _s, serverVersion: _v, ...rest } = model;
  return rest;
}

export { serverVersion } from '../../support/pg.js';

/** The relations a plan (EXPLAIN FORMAT JSON) reads with a sequential scan. */
export function seqScans(plan: unknown): string[] {
  const found: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (record['Node Type'] === 'Seq Scan' && typeof record['Relation Name'] === 'string') found.push(record['Relation Name']);
      Object.values(record).forEach(visit);
    }
  };
  visit(plan);
  return found;
}

/** A schema touching most families; unqualified so it can be run in any schema. */
export const RICH_DDL = `
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE DOMAIN posint AS integer DEFAULT 1 NOT NULL CONSTRAINT posint_check CHECK (VALUE > 0);
CREATE TYPE address AS (street text, zip posint, moods mood[]);
CREATE SEQUENCE counter AS bigint START 10 INCREMENT 5 MINVALUE 5 MAXVALUE 1000000 CACHE 3 CYCLE;
CREATE FUNCTION add1(a integer) RETURNS integer LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT a + 1 $$;
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$ BEGIN RETURN NEW; END $$;
CREATE PROCEDURE bump(x integer) LANGUAGE plpgsql AS $$ BEGIN PERFORM add1(x); END $$;
CREATE TABLE "User Accounts" (
  id bigint GENERATED ALWAYS AS IDENTITY (START WITH 100 INCREMENT BY 2),
  "Email" text NOT NULL,
  m mood DEFAULT 'ok',
  n integer DEFAULT add1(3),
  twice integer GENERATED ALWAYS AS (add1(n) * 2) STORED,
  name text COLLATE "C",
  home address,
  CONSTRAINT "User Accounts_pkey" PRIMARY KEY (id),
  CONSTRAINT positive_n CHECK (add1(n) > 0)
);
CREATE TABLE orders (
  id serial PRIMARY KEY,
  user_id bigint REFERENCES "User Accounts"(id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
  total numeric(10,2),
  c bigint DEFAULT nextval('counter'),
  during tsrange
);
ALTER TABLE orders ADD CONSTRAINT total_pos CHECK (total > 0) NOT VALID;
ALTER TABLE orders ADD CONSTRAINT no_overlap EXCLUDE USING gist (during WITH &&);
CREATE INDEX orders_total_idx ON orders USING btree (total DESC NULLS LAST) INCLUDE (user_id) WHERE total > 10;
CREATE INDEX orders_expr ON orders (lower(total::text));
CREATE INDEX orders_hash ON orders USING hash (c);
CREATE UNLOGGED TABLE scratch (x int) WITH (fillfactor = 70);
CREATE VIEW big_orders AS SELECT id, add1(id) AS next FROM orders WHERE total > 100;
CREATE MATERIALIZED VIEW per_user AS SELECT user_id, count(*) AS n FROM orders GROUP BY user_id;
CREATE UNIQUE INDEX per_user_u ON per_user (user_id);
CREATE TRIGGER orders_touch BEFORE INSERT OR UPDATE OF total ON orders FOR EACH ROW EXECUTE FUNCTION touch();
ALTER TABLE orders ENABLE ROW LEVEL SECURITY;
ALTER TABLE orders FORCE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON orders AS RESTRICTIVE FOR UPDATE TO public USING (user_id > 0) WITH CHECK (total >= 0);
COMMENT ON TABLE orders IS 'orders table';
COMMENT ON COLUMN orders.total IS 'in cents';
COMMENT ON CONSTRAINT total_pos ON orders IS 'positive';
COMMENT ON INDEX orders_expr IS 'expr index';
COMMENT ON TYPE mood IS 'feelings';
COMMENT ON DOMAIN posint IS 'positive';
COMMENT ON CONSTRAINT posint_check ON DOMAIN posint IS 'domain check';
COMMENT ON TYPE address IS 'postal';
COMMENT ON SEQUENCE counter IS 'counter';
COMMENT ON VIEW big_orders IS 'big';
COMMENT ON MATERIALIZED VIEW per_user IS 'per user';
COMMENT ON FUNCTION add1(integer) IS 'adds one';
COMMENT ON PROCEDURE bump(integer) IS 'bumps';
COMMENT ON TRIGGER orders_touch ON orders IS 'touches';
COMMENT ON POLICY own_rows ON orders IS 'own';
`;
