import { describe, expect, it } from 'vitest';
import { runLint } from '../../src/lint/run-lint.js';
import { allRules } from '../../src/lint/rules/index.js';
import { lintContextFor } from './lint-pair.js';

/**
 * The linter's overall verdict on realistic schema changes, through the real planner on real
 * PostgreSQL: "risky" means at least one error or warning, "safe" means none (info is allowed).
 * Being wrong either way costs: a noisy bot is ignored, a quiet one lets a rewrite through.
 */
interface VerdictCase {
  readonly name: string;
  readonly verdict: 'risky' | 'safe';
  readonly before: string;
  readonly after: string;
  readonly seed?: string;
}

const ORDERS = `CREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, customer text NOT NULL, total numeric(10,2), note varchar(20), placed_at timestamp, qty integer);`;
const ORDERS_SEED = `INSERT INTO orders (customer, total, note, placed_at, qty) VALUES ('a', 1, 'x', now(), 1), ('b', 2, null, null, null);`;
const withOrders = (extra = ''): string => `${ORDERS}\n${extra}`;
/** The orders table with one column definition replaced (by its leading name). */
const ordersWith = (column: string, definition: string): string => ORDERS.replace(new RegExp(`${column} [a-z ]+(\\([^)]*\\))?`), definition);

const CUSTOMERS = `CREATE TABLE customers (id integer PRIMARY KEY, email text);`;

const cases: VerdictCase[] = [
  // ── safe: binary-compatible type changes
  { name: 'varchar growth', verdict: 'safe', before: ORDERS, after: ordersWith('note', 'note varchar(50)'), seed: ORDERS_SEED },
  { name: 'varchar to text', verdict: 'safe', before: ORDERS, after: ordersWith('note', 'note text'), seed: ORDERS_SEED },
  { name: 'varchar to unbounded varchar', verdict: 'safe', before: ORDERS, after: ordersWith('note', 'note varchar'), seed: ORDERS_SEED },
  { name: 'numeric precision growth', verdict: 'safe', before: ORDERS, after: ordersWith('total', 'total numeric(12,2)'), seed: ORDERS_SEED },
  // ── safe: additions
  {
    name: 'new tables with everything',
    verdict: 'safe',
    before: ORDERS,
    after: withOrders(`
      CREATE TYPE mood AS ENUM ('happy', 'sad');
      CREATE TABLE projects (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL UNIQUE, budget numeric CHECK (budget >= 0), mood mood, created_at timestamptz NOT NULL DEFAULT now(), token uuid DEFAULT gen_random_uuid());
      CREATE TABLE tasks (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, project_id bigint NOT NULL REFERENCES projects(id), title text NOT NULL, EXCLUDE USING btree (title WITH =));
      CREATE INDEX tasks_project_id_idx ON tasks (project_id);
      CREATE INDEX projects_created_at_idx ON projects (created_at);`),
    seed: ORDERS_SEED,
  },
  { name: 'new nullable column', verdict: 'safe', before: ORDERS, after: ORDERS.replace('qty integer', 'qty integer, channel text'), seed: ORDERS_SEED },
  { name: 'new nullable column with a constant default', verdict: 'safe', before: ORDERS, after: ORDERS.replace('qty integer', "qty integer, channel text DEFAULT 'web'"), seed: ORDERS_SEED },
  { name: 'new NOT NULL column with a constant default', verdict: 'safe', before: ORDERS, after: ORDERS.replace('qty integer', 'qty integer, version integer NOT NULL DEFAULT 1'), seed: ORDERS_SEED },
  { name: 'new column with a stable default (now())', verdict: 'safe', before: ORDERS, after: ORDERS.replace('qty integer', 'qty integer, seen_at timestamptz DEFAULT now()'), seed: ORDERS_SEED },
  { name: 'new index on an existing table (built concurrently)', verdict: 'safe', before: ORDERS, after: withOrders('CREATE INDEX orders_customer_idx ON orders (customer);'), seed: ORDERS_SEED },
  { name: 'table comment', verdict: 'safe', before: ORDERS, after: withOrders("COMMENT ON TABLE orders IS 'what customers bought';"), seed: ORDERS_SEED },
  {
    name: 'column comment change',
    verdict: 'safe',
    before: withOrders("COMMENT ON COLUMN orders.note IS 'old';"),
    after: withOrders("COMMENT ON COLUMN orders.note IS 'free text from the customer';"),
  },
  { name: 'new view', verdict: 'safe', before: ORDERS, after: withOrders('CREATE VIEW big_orders AS SELECT id, customer FROM orders WHERE total > 100;') },
  {
    name: 'view definition change keeping its columns',
    verdict: 'safe',
    before: withOrders('CREATE VIEW big_orders AS SELECT id, customer FROM orders WHERE total > 100;'),
    after: withOrders('CREATE VIEW big_orders AS SELECT id, customer FROM orders WHERE total > 1000;'),
  },
  {
    name: 'function body change',
    verdict: 'safe',
    before: withOrders('CREATE FUNCTION order_count() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM orders $$;'),
    after: withOrders('CREATE FUNCTION order_count() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM orders WHERE total > 0 $$;'),
  },
  { name: 'new function', verdict: 'safe', before: ORDERS, after: withOrders('CREATE FUNCTION add_one(i integer) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT i + 1 $$;') },
  { name: 'enum value added at the end', verdict: 'safe', before: "CREATE TYPE mood AS ENUM ('happy', 'sad');", after: "CREATE TYPE mood AS ENUM ('happy', 'sad', 'meh');" },
  { name: 'drop NOT NULL', verdict: 'safe', before: ORDERS, after: ORDERS.replace('customer text NOT NULL', 'customer text'), seed: ORDERS_SEED },
  { name: 'new default on an existing column', verdict: 'safe', before: ORDERS, after: ORDERS.replace('qty integer', 'qty integer DEFAULT 1'), seed: ORDERS_SEED },
  { name: 'default dropped', verdict: 'safe', before: ORDERS.replace('qty integer', 'qty integer DEFAULT 1'), after: ORDERS, seed: ORDERS_SEED },
  {
    name: 'new partitioned table with partitions and an index',
    verdict: 'safe',
    before: ORDERS,
    after: withOrders(`
      CREATE TABLE events (id bigint NOT NULL, at timestamptz NOT NULL, payload jsonb) PARTITION BY RANGE (at);
      CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
      CREATE INDEX events_at_idx ON events (at);`),
  },
  { name: 'new sequence', verdict: 'safe', before: ORDERS, after: withOrders('CREATE SEQUENCE invoice_numbers START 1000;') },
  { name: 'new domain', verdict: 'safe', before: ORDERS, after: withOrders('CREATE DOMAIN positive_int AS integer CHECK (VALUE > 0);') },
  {
    name: 'trigger added on a new table',
    verdict: 'safe',
    before: ORDERS,
    after: withOrders(`
      CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.at := now(); RETURN NEW; END $$;
      CREATE TABLE audit (id integer PRIMARY KEY, at timestamptz);
      CREATE TRIGGER audit_touch BEFORE INSERT ON audit FOR EACH ROW EXECUTE FUNCTION touch();`),
  },
  {
    name: 'row level security enabled with a policy on a new table',
    verdict: 'safe',
    before: ORDERS,
    after: withOrders(`
      CREATE TABLE notes (id integer PRIMARY KEY, owner text NOT NULL DEFAULT current_user);
      ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
      CREATE POLICY notes_owner ON notes USING (owner = current_user);`),
  },

  // ── risky: rewrites
  { name: 'volatile default on an existing table', verdict: 'risky', before: ORDERS, after: ORDERS.replace('qty integer', 'qty integer, token uuid DEFAULT gen_random_uuid()'), seed: ORDERS_SEED },
  { name: 'random() default on an existing table', verdict: 'risky', before: ORDERS, after: ORDERS.replace('qty integer', 'qty integer, shard double precision DEFAULT random()'), seed: ORDERS_SEED },
  { name: 'integer to bigint', verdict: 'risky', before: ORDERS, after: ordersWith('qty', 'qty bigint'), seed: ORDERS_SEED },
  { name: 'timestamp to timestamptz', verdict: 'risky', before: ORDERS, after: ordersWith('placed_at', 'placed_at timestamptz'), seed: ORDERS_SEED },
  { name: 'integer to text', verdict: 'risky', before: ORDERS, after: ordersWith('qty', 'qty text'), seed: ORDERS_SEED },
  {
    name: 'collation change on an indexed column',
    verdict: 'risky',
    before: withOrders('CREATE INDEX orders_customer_idx ON orders (customer);'),
    after: `${ORDERS.replace('customer text NOT NULL', 'customer text COLLATE "C" NOT NULL')}\nCREATE INDEX orders_customer_idx ON orders (customer);`,
    seed: ORDERS_SEED,
  },
  {
    name: 'stored generated column on an existing table',
    verdict: 'risky',
    before: ORDERS,
    after: ORDERS.replace('qty integer', 'qty integer, doubled integer GENERATED ALWAYS AS (qty * 2) STORED'),
    seed: ORDERS_SEED,
  },
  {
    name: 'identity column on an existing table',
    verdict: 'risky',
    before: CUSTOMERS,
    after: CUSTOMERS.replace('email text', 'email text, seq bigint GENERATED BY DEFAULT AS IDENTITY'),
    seed: "INSERT INTO customers VALUES (1, 'a@example.com');",
  },
  { name: 'switch to UNLOGGED', verdict: 'risky', before: ORDERS, after: ORDERS.replace('CREATE TABLE', 'CREATE UNLOGGED TABLE'), seed: ORDERS_SEED },
  { name: 'switch to LOGGED', verdict: 'risky', before: ORDERS.replace('CREATE TABLE', 'CREATE UNLOGGED TABLE'), after: ORDERS, seed: ORDERS_SEED },
  {
    name: 'two rewrites of the same table',
    verdict: 'risky',
    before: ORDERS,
    after: ordersWith('placed_at', 'placed_at timestamptz').replace('qty integer', 'qty bigint'),
    seed: ORDERS_SEED,
  },
  // ── risky: may fail on existing data
  {
    name: 'SET NOT NULL (validation fails on NULLs)',
    verdict: 'risky',
    before: ORDERS,
    after: ORDERS.replace('total numeric(10,2)', 'total numeric(10,2) NOT NULL'),
    seed: "INSERT INTO orders (customer, total) VALUES ('a', 1);",
  },
  {
    name: 'new UNIQUE constraint on existing data',
    verdict: 'risky',
    before: ORDERS,
    after: withOrders('ALTER TABLE orders ADD CONSTRAINT orders_customer_key UNIQUE (customer);'),
    seed: ORDERS_SEED,
  },
  { name: 'new unique index on existing data', verdict: 'risky', before: ORDERS, after: withOrders('CREATE UNIQUE INDEX orders_customer_uidx ON orders (customer);'), seed: ORDERS_SEED },
  {
    name: 'new CHECK constraint on existing data',
    verdict: 'risky',
    before: ORDERS,
    after: withOrders('ALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total > 0);'),
    seed: ORDERS_SEED,
  },
  {
    name: 'new FOREIGN KEY on existing data',
    verdict: 'risky',
    before: `${CUSTOMERS}\n${ORDERS.replace('customer text NOT NULL', 'customer_id integer')}\nCREATE INDEX orders_customer_id_idx ON orders (customer_id);`,
    after: `${CUSTOMERS}\n${ORDERS.replace('customer text NOT NULL', 'customer_id integer REFERENCES customers(id)')}\nCREATE INDEX orders_customer_id_idx ON orders (customer_id);`,
    seed: 'INSERT INTO orders (customer_id) VALUES (7);',
  },
  {
    name: 'new EXCLUDE constraint on existing data',
    verdict: 'risky',
    before: ORDERS,
    after: withOrders('ALTER TABLE orders ADD CONSTRAINT orders_customer_excl EXCLUDE USING btree (customer WITH =);'),
    seed: ORDERS_SEED,
  },
  { name: 'NOT NULL column without default on an existing table', verdict: 'risky', before: ORDERS, after: ORDERS.replace('qty integer', 'qty integer, region text NOT NULL'), seed: ORDERS_SEED },
  { name: 'varchar narrowing', verdict: 'risky', before: ORDERS, after: ordersWith('note', 'note varchar(5)'), seed: ORDERS_SEED },
  { name: 'numeric precision narrowing', verdict: 'risky', before: ORDERS, after: ordersWith('total', 'total numeric(6,2)'), seed: ORDERS_SEED },
  // ── risky: data loss and breaking changes
  { name: 'drop table', verdict: 'risky', before: withOrders(CUSTOMERS), after: ORDERS, seed: ORDERS_SEED },
  { name: 'drop column', verdict: 'risky', before: ORDERS, after: ORDERS.replace(', note varchar(20)', ''), seed: ORDERS_SEED },
  { name: 'column rename seen as drop and add', verdict: 'risky', before: ORDERS, after: ordersWith('note', 'remark varchar(20)'), seed: ORDERS_SEED },
  { name: 'drop view', verdict: 'risky', before: withOrders('CREATE VIEW big_orders AS SELECT id FROM orders WHERE total > 100;'), after: ORDERS },
  {
    name: 'drop materialized view',
    verdict: 'risky',
    before: withOrders('CREATE MATERIALIZED VIEW order_totals AS SELECT customer, sum(total) AS total FROM orders GROUP BY customer;'),
    after: ORDERS,
  },
  { name: 'drop function', verdict: 'risky', before: withOrders('CREATE FUNCTION add_one(i integer) RETURNS integer LANGUAGE sql AS $$ SELECT i + 1 $$;'), after: ORDERS },
  {
    name: 'drop a referenced table',
    verdict: 'risky',
    before: `${CUSTOMERS}\nCREATE TABLE invoices (id integer PRIMARY KEY, customer_id integer REFERENCES customers(id));\nCREATE INDEX invoices_customer_id_idx ON invoices (customer_id);`,
    after: 'CREATE TABLE invoices (id integer PRIMARY KEY, customer_id integer);\nCREATE INDEX invoices_customer_id_idx ON invoices (customer_id);',
  },
  {
    name: 'enum value removal',
    verdict: 'risky',
    before: "CREATE TYPE status AS ENUM ('new', 'paid', 'void');\nCREATE TABLE bills (id integer PRIMARY KEY, status status);",
    after: "CREATE TYPE status AS ENUM ('new', 'paid');\nCREATE TABLE bills (id integer PRIMARY KEY, status status);",
    seed: "INSERT INTO bills VALUES (1, 'void');",
  },
  {
    name: 'primary key change',
    verdict: 'risky',
    before: CUSTOMERS,
    after: 'CREATE TABLE customers (id integer NOT NULL, email text PRIMARY KEY);',
    seed: "INSERT INTO customers VALUES (1, 'a@example.com');",
  },
  { name: 'row level security enabled without a policy', verdict: 'risky', before: ORDERS, after: withOrders('ALTER TABLE orders ENABLE ROW LEVEL SECURITY;'), seed: ORDERS_SEED },
  {
    name: 'index on an existing partitioned table',
    verdict: 'risky',
    before: `CREATE TABLE events (id bigint NOT NULL, at timestamptz NOT NULL) PARTITION BY RANGE (at);\nCREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');`,
    after: `CREATE TABLE events (id bigint NOT NULL, at timestamptz NOT NULL) PARTITION BY RANGE (at);\nCREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');\nCREATE INDEX events_at_idx ON events (at);`,
  },
  {
    name: 'foreign key without a supporting index',
    verdict: 'risky',
    before: CUSTOMERS,
    after: `${CUSTOMERS}\nCREATE TABLE invoices (id integer PRIMARY KEY, customer_id integer REFERENCES customers(id));`,
  },
];

describe('lint verdicts on realistic schema changes', () => {
  it('has at least 40 cases, both verdicts well represented, unique names', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    expect(cases.filter((c) => c.verdict === 'safe').length).toBeGreaterThanOrEqual(15);
    expect(cases.filter((c) => c.verdict === 'risky').length).toBeGreaterThanOrEqual(15);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });

  for (const c of cases) {
    it.concurrent(`${c.verdict}: ${c.name}`, async ({ onTestFinished }) => {
      const context = await lintContextFor(c.before, c.after, { ...(c.seed ? { seed: c.seed } : {}), onFinished: onTestFinished });
      expect(context.plan.steps.length, 'the case must change something').toBeGreaterThan(0);
      const findings = runLint(context, { rules: allRules });
      const blocking = findings.filter((f) => f.severity !== 'info');
      const shown = findings.map((f) => `${f.severity} ${f.rule} ${f.object}: ${f.message}`).join('\n') || '(no findings)';
      const steps = context.plan.steps.map((s) => s.sql).join('\n');
      if (c.verdict === 'risky') expect(blocking.length, `expected a warning or error\nplan:\n${steps}\nfindings:\n${shown}`).toBeGreaterThan(0);
      else expect(blocking, `expected no warning or error\nplan:\n${steps}\nfindings:\n${shown}`).toEqual([]);
    });
  }
});
