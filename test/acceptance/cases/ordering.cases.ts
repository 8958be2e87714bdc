import type { AcceptanceCase } from '../acceptance-case.js';

export const orderingCases: AcceptanceCase[] = [
  {
    name: 'circular foreign keys between new tables',
    before: ``,
    after: `CREATE TABLE a (id int PRIMARY KEY, b_id int);
      CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a(id));
      ALTER TABLE a ADD CONSTRAINT a_b_fk FOREIGN KEY (b_id) REFERENCES b(id);`,
    expectSql: [/a_b_fk/],
  },
  {
    name: 'foreign key to a new table from an existing one',
    before: `CREATE TABLE orders (id int PRIMARY KEY, currency text);`,
    after: `CREATE TABLE currencies (code text PRIMARY KEY);
      CREATE TABLE orders (id int PRIMARY KEY, currency text CONSTRAINT orders_currency_fk REFERENCES currencies(code));`,
    expectSql: [/CREATE TABLE currencies/, /orders_currency_fk/],
  },
  {
    name: 'referenced table dropped after the foreign key to it',
    before: `CREATE TABLE parent (id int PRIMARY KEY); CREATE TABLE child (id int, parent_id int CONSTRAINT child_parent_fk REFERENCES parent(id));`,
    after: `CREATE TABLE child (id int, parent_id int);`,
    expectSql: [/DROP CONSTRAINT child_parent_fk/, /DROP TABLE parent/],
  },
  {
    name: 'self-referencing foreign key',
    before: `CREATE TABLE nodes (id int PRIMARY KEY);`,
    after: `CREATE TABLE nodes (id int PRIMARY KEY, parent_id int CONSTRAINT nodes_parent_fk REFERENCES nodes(id));`,
    expectSql: [/nodes_parent_fk/],
  },
  {
    name: 'column type change with an index and a check on it',
    before: `CREATE TABLE t (code varchar(5) CONSTRAINT code_len CHECK (length(code) > 1)); CREATE INDEX t_code ON t (code);`,
    after: `CREATE TABLE t (code varchar(50) CONSTRAINT code_len CHECK (length(code) > 1)); CREATE INDEX t_code ON t (code);`,
    forbidSql: [/DROP INDEX/],
  },
  {
    name: 'type used by a column replaced by a domain',
    before: `CREATE TABLE t (n int);`,
    after: `CREATE DOMAIN small AS int CHECK (VALUE < 100); CREATE TABLE t (n small);`,
    expectSql: [/CREATE DOMAIN small/, /TYPE small/],
  },
  {
    name: 'everything at once on an empty schema',
    before: ``,
    after: `
      CREATE EXTENSION IF NOT EXISTS pgcrypto;
      CREATE TYPE plan AS ENUM ('free', 'pro');
      CREATE DOMAIN email AS text CHECK (VALUE LIKE '%@%');
      CREATE FUNCTION slugify(t text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT lower(regexp_replace(t, '\\W+', '-', 'g')) $$;
      CREATE TABLE accounts (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), name text NOT NULL, slug text GENERATED ALWAYS AS (slugify(name)) STORED, plan plan NOT NULL DEFAULT 'free', owner email);
      CREATE TABLE projects (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE, title text);
      CREATE INDEX projects_account ON projects (account_id);
      CREATE VIEW pro_accounts AS SELECT id, name FROM accounts WHERE plan = 'pro';
      ALTER TABLE projects ENABLE ROW LEVEL SECURITY;
      CREATE POLICY projects_all ON projects USING (true);
      COMMENT ON TABLE accounts IS 'one per customer';`,
    expectSql: [/CREATE EXTENSION IF NOT EXISTS pgcrypto/, /CREATE TYPE plan/, /CREATE VIEW pro_accounts/],
  },
  {
    name: 'everything dropped',
    before: `
      CREATE TYPE plan AS ENUM ('free', 'pro');
      CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;
      CREATE TABLE accounts (id int PRIMARY KEY, plan plan, n int DEFAULT f());
      CREATE TABLE projects (id int, account_id int REFERENCES accounts(id));
      CREATE VIEW v AS SELECT id FROM accounts;
      CREATE SEQUENCE s;`,
    after: ``,
    expectHazards: ['data-loss'],
  },
];
