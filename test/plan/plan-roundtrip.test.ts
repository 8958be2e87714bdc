import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { createTestDatabase } from '../support/pg.js';
import { introspectSchema } from '../../src/schema/introspect/introspect-schema.js';
import { planMigration } from '../../src/plan/plan-migration.js';
import type { Plan } from '../../src/plan/step.js';
import type { SchemaModel } from '../../src/schema/model.js';

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function read(url: string): Promise<SchemaModel> {
  return withClient(url, (client) => introspectSchema(client, 'public'));
}

/** Runs a plan the way apply does: one statement at a time, groups in one transaction. */
async function run(url: string, plan: Plan): Promise<void> {
  await withClient(url, async (client) => {
    await client.query('SET search_path TO public');
    let open: number | null = null;
    for (const step of plan.steps) {
      if (open !== null && step.group !== open) {
        await client.query('COMMIT');
        open = null;
      }
      if (step.group !== null && open === null) {
        await client.query('BEGIN');
        open = step.group;
      }
      try {
        await client.query(step.sql);
      } catch (error) {
        throw new Error(`step failed: ${step.sql}\n${String(error)}`);
      }
    }
    if (open !== null) await client.query('COMMIT');
  });
}

const strip = ({ schema: _s, serverVersion: _v, ...rest }: SchemaModel) => rest;

interface Pair {
  readonly name: string;
  readonly from: string;
  readonly to: string;
  readonly seed?: string;
}

const pairs: Pair[] = [
  {
    name: 'tables, columns, defaults, NOT NULL, index, check',
    from: `CREATE TABLE t (id int PRIMARY KEY, name varchar(10), qty int);`,
    to: `CREATE TABLE t (id bigint PRIMARY KEY, name text NOT NULL DEFAULT 'x', qty int CHECK (qty > 0), created timestamptz DEFAULT now());
         CREATE INDEX t_name_idx ON t (lower(name));
         CREATE TABLE u (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, t_id bigint REFERENCES t(id));`,
    seed: `INSERT INTO t VALUES (1, 'a', 3);`,
  },
  {
    name: 'enum value used as a default in the same change',
    from: `CREATE TYPE mood AS ENUM ('sad', 'happy'); CREATE TABLE p (id int, m mood);`,
    to: `CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy', 'great'); CREATE TABLE p (id int, m mood DEFAULT 'ok');`,
  },
  {
    name: 'enum value removed: type re-created, columns moved',
    from: `CREATE TYPE mood AS ENUM ('sad', 'meh', 'happy'); CREATE TABLE p (id int, m mood DEFAULT 'sad'); CREATE VIEW pv AS SELECT m FROM p;`,
    to: `CREATE TYPE mood AS ENUM ('sad', 'happy'); CREATE TABLE p (id int, m mood DEFAULT 'sad'); CREATE VIEW pv AS SELECT m FROM p;`,
    seed: `INSERT INTO p VALUES (1, 'happy');`,
  },
  {
    name: 'view over a retyped column, view on view',
    from: `CREATE TABLE t (id int, amount int); CREATE VIEW v1 AS SELECT id, amount FROM t; CREATE VIEW v2 AS SELECT amount FROM v1;`,
    to: `CREATE TABLE t (id int, amount bigint); CREATE VIEW v1 AS SELECT id, amount FROM t; CREATE VIEW v2 AS SELECT amount FROM v1;`,
  },
  {
    name: 'circular foreign keys between new tables, FK to a new table',
    from: `CREATE TABLE base (id int PRIMARY KEY);`,
    to: `CREATE TABLE base (id int PRIMARY KEY, a_id int);
         CREATE TABLE a (id int PRIMARY KEY, b_id int);
         CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a(id));
         ALTER TABLE a ADD CONSTRAINT a_b_fk FOREIGN KEY (b_id) REFERENCES b(id);
         ALTER TABLE base ADD CONSTRAINT base_a_fk FOREIGN KEY (a_id) REFERENCES a(id);`,
  },
  {
    name: 'primary key change and unique constraint on an existing table',
    from: `CREATE TABLE t (id int PRIMARY KEY, code text, email text);`,
    to: `CREATE TABLE t (id int, code text NOT NULL, email text, CONSTRAINT t_pkey PRIMARY KEY (code), CONSTRAINT t_email_key UNIQUE (email));`,
    seed: `INSERT INTO t VALUES (1, 'a', 'x@y'), (2, 'b', NULL);`,
  },
  {
    name: 'index redefined under the same name',
    from: `CREATE TABLE t (a int, b int); CREATE INDEX t_idx ON t (a);`,
    to: `CREATE TABLE t (a int, b int); CREATE INDEX t_idx ON t (a, b) WHERE b > 0;`,
  },
  {
    name: 'partition added with an index on the parent',
    from: `CREATE TABLE m (id int, at date) PARTITION BY RANGE (at);
           CREATE TABLE m_2024 PARTITION OF m FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');`,
    to: `CREATE TABLE m (id int, at date) PARTITION BY RANGE (at);
         CREATE TABLE m_2024 PARTITION OF m FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
         CREATE TABLE m_2025 PARTITION OF m FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
         CREATE INDEX m_at_idx ON m (at);`,
  },
  {
    name: 'identity and generated column changes',
    from: `CREATE TABLE g (id int NOT NULL, price numeric(10,2), qty int, total numeric);`,
    to: `CREATE TABLE g (id int GENERATED BY DEFAULT AS IDENTITY, price numeric(12,2), qty int, total numeric GENERATED ALWAYS AS (price * qty) STORED);`,
  },
  {
    name: 'RLS and policies, triggers and functions',
    from: `CREATE TABLE doc (id int, owner text);`,
    to: `CREATE TABLE doc (id int, owner text, updated timestamptz);
         CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated := now(); RETURN NEW; END $$;
         CREATE TRIGGER doc_touch BEFORE UPDATE ON doc FOR EACH ROW EXECUTE FUNCTION touch();
         ALTER TABLE doc ENABLE ROW LEVEL SECURITY;
         CREATE POLICY doc_owner ON doc USING (owner = current_user);
         COMMENT ON TABLE doc IS 'documents';`,
  },
  {
    name: 'quoted identifiers',
    from: `CREATE TABLE "Order" ("Id" int, "select" text);`,
    to: `CREATE TABLE "Order" ("Id" bigint NOT NULL, "select" text, "user name" text DEFAULT 'x');
         CREATE INDEX "Order Idx" ON "Order" ("select");
         CREATE TYPE "Mood" AS ENUM ('a', 'b');
         CREATE VIEW "Order View" AS SELECT "Id" FROM "Order";`,
  },
  {
    name: 'drops: view, table with FK, column, sequence, function',
    from: `CREATE TABLE parent (id int PRIMARY KEY); CREATE TABLE child (id int, p int REFERENCES parent(id), extra text);
           CREATE VIEW cv AS SELECT extra FROM child; CREATE SEQUENCE s; CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1';`,
    to: `CREATE TABLE child (id int, p int);`,
  },
  {
    name: 'function signature change with a dependent view, materialized view',
    from: `CREATE FUNCTION f(x int) RETURNS int LANGUAGE sql AS 'SELECT x + 1'; CREATE VIEW fv AS SELECT f(1) AS y;
           CREATE TABLE t (a int); CREATE MATERIALIZED VIEW mv AS SELECT a FROM t; CREATE INDEX mv_a ON mv (a);`,
    to: `CREATE FUNCTION f(x int) RETURNS bigint LANGUAGE sql AS 'SELECT x + 2'; CREATE VIEW fv AS SELECT f(1) AS y;
         CREATE TABLE t (a int, b int); CREATE MATERIALIZED VIEW mv AS SELECT a, b FROM t; CREATE INDEX mv_a ON mv (a);`,
  },
];

describe('planMigration on a real PostgreSQL: A → B converges', () => {
  for (const pair of pairs) {
    it(pair.name, async () => {
      const a = await createTestDatabase('sf_plan_a');
      const b = await createTestDatabase('sf_plan_b');
      await a.exec(pair.from);
      if (pair.seed) await a.exec(pair.seed);
      await b.exec(pair.to);
      const current = await read(a.url);
      const desired = await read(b.url);
      const { plan } = planMigration(current, desired);
      expect(plan.steps.length).toBeGreaterThan(0);
      await run(a.url, plan);
      const after = await read(a.url);
      expect(strip(after)).toEqual(strip(desired));
      expect(planMigration(after, desired).plan.steps).toEqual([]);
    });
  }
});
