import type { AcceptanceCase } from '../acceptance-case.js';

export const tableCases: AcceptanceCase[] = [
  {
    name: 'create a table in an empty schema',
    before: '',
    after: `CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL UNIQUE, created_at timestamptz NOT NULL DEFAULT now());`,
    expectSql: [/CREATE TABLE/],
    forbidHazards: ['blocking-lock', 'table-rewrite', 'data-loss'],
  },
  {
    name: 'drop a table',
    before: `CREATE TABLE users (id int PRIMARY KEY); CREATE TABLE legacy (id int);`,
    after: `CREATE TABLE users (id int PRIMARY KEY);`,
    expectSql: [/DROP TABLE legacy/],
    expectHazards: ['data-loss'],
  },
  {
    name: 'switch a table to unlogged and another to logged',
    before: `CREATE TABLE cache (k text PRIMARY KEY, v text); CREATE UNLOGGED TABLE events (id int);`,
    after: `CREATE UNLOGGED TABLE cache (k text PRIMARY KEY, v text); CREATE TABLE events (id int);`,
    expectSql: [/SET UNLOGGED/, /SET LOGGED/],
    expectHazards: ['table-rewrite'],
  },
  {
    name: 'table storage options change',
    before: `CREATE TABLE t (id int);`,
    after: `CREATE TABLE t (id int) WITH (fillfactor = 70, autovacuum_vacuum_scale_factor = 0.05);`,
    expectSql: [/fillfactor/],
  },
  {
    name: 'comments on table, column and schema objects',
    before: `CREATE TABLE t (id int, name text); COMMENT ON TABLE t IS 'old';`,
    after: `CREATE TABLE t (id int, name text); COMMENT ON TABLE t IS 'accounts, one per customer'; COMMENT ON COLUMN t.name IS 'display name';`,
    expectSql: [/COMMENT ON TABLE t IS 'accounts, one per customer'/, /COMMENT ON COLUMN t\.name/],
  },
  {
    name: 'comment removed',
    before: `CREATE TABLE t (id int); COMMENT ON TABLE t IS 'gone soon';`,
    after: `CREATE TABLE t (id int);`,
    expectSql: [/COMMENT ON TABLE t IS NULL/],
  },
  {
    name: 'several new tables with foreign keys between them',
    before: '',
    after: `
      CREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL REFERENCES customers(id));
      CREATE TABLE customers (id int PRIMARY KEY, name text);
      CREATE TABLE order_lines (order_id int REFERENCES orders(id) ON DELETE CASCADE, line int, PRIMARY KEY (order_id, line));`.replace(
      'CREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL REFERENCES customers(id));\n      CREATE TABLE customers (id int PRIMARY KEY, name text);',
      'CREATE TABLE customers (id int PRIMARY KEY, name text);\n      CREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL REFERENCES customers(id));',
    ),
    forbidHazards: ['blocking-lock'],
  },
  {
    name: 'schema-per-tenant: changes in a non-public schema',
    schema: 'tenant_0042',
    before: `CREATE TABLE accounts (id int PRIMARY KEY);`,
    after: `CREATE TABLE accounts (id int PRIMARY KEY, plan text NOT NULL DEFAULT 'free'); CREATE INDEX accounts_plan_idx ON accounts (plan);`,
    expectSql: [/ADD COLUMN plan/, /CREATE INDEX CONCURRENTLY accounts_plan_idx/],
  },
  {
    name: 'replica identity: full, nothing, using a new unique index, back to default, and on a new table',
    before: `CREATE TABLE a (id int PRIMARY KEY, note text);
      CREATE TABLE b (id int PRIMARY KEY);
      CREATE TABLE c (id int NOT NULL, code text NOT NULL);
      CREATE TABLE d (id int PRIMARY KEY); ALTER TABLE d REPLICA IDENTITY FULL;`,
    after: `CREATE TABLE a (id int PRIMARY KEY, note text); ALTER TABLE a REPLICA IDENTITY FULL;
      CREATE TABLE b (id int PRIMARY KEY); ALTER TABLE b REPLICA IDENTITY NOTHING;
      CREATE TABLE c (id int NOT NULL, code text NOT NULL); CREATE UNIQUE INDEX c_code ON c (code); ALTER TABLE c REPLICA IDENTITY USING INDEX c_code;
      CREATE TABLE d (id int PRIMARY KEY);
      CREATE TABLE e (id int NOT NULL, CONSTRAINT e_id UNIQUE (id)); ALTER TABLE e REPLICA IDENTITY USING INDEX e_id;`,
    expectSql: [/ALTER TABLE a REPLICA IDENTITY FULL/, /ALTER TABLE b REPLICA IDENTITY NOTHING/, /ALTER TABLE d REPLICA IDENTITY DEFAULT/, /ALTER TABLE e REPLICA IDENTITY USING INDEX e_id/],
    expectOrder: [/CREATE UNIQUE INDEX CONCURRENTLY c_code/, /ALTER TABLE c REPLICA IDENTITY USING INDEX c_code/],
    expectHazards: ['blocking-lock'],
  },
  {
    name: 'table inheritance: a new child, a parent column that reaches its children, a child let go, a child dropped before its parent',
    before: `CREATE TABLE p (id int NOT NULL, a text, CONSTRAINT p_id CHECK (id > 0));
      CREATE TABLE c1 (own int) INHERITS (p);
      CREATE TABLE c_old (x int) INHERITS (p);
      CREATE TABLE gone (id int);
      CREATE TABLE gone_child () INHERITS (gone);`,
    after: `CREATE TABLE p (id int NOT NULL, a text, b int, CONSTRAINT p_id CHECK (id > 0));
      CREATE TABLE c1 (own int) INHERITS (p);
      CREATE TABLE c_old (id int NOT NULL, a text, x int, b int, CONSTRAINT p_id CHECK (id > 0));
      CREATE TABLE c2 (note text, CONSTRAINT c2_note CHECK (note <> '')) INHERITS (p);`,
    expectSql: [/CREATE TABLE c2 \([^]*\) INHERITS \(p\)/, /ALTER TABLE c_old NO INHERIT p/],
    expectOrder: [/DROP TABLE gone_child/, /DROP TABLE gone\b/],
    forbidSql: [/ALTER TABLE c1 ADD COLUMN b/],
  },
];
