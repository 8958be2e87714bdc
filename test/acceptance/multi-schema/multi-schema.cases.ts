import type { MultiSchemaCase } from './multi-schema-case.js';

const both = 'CREATE SCHEMA app;\nCREATE SCHEMA audit;\n';

export const multiSchemaCases: MultiSchemaCase[] = [
  {
    name: 'a foreign key to a table of another schema is added after that table is created',
    schemas: ['app', 'audit'],
    before: `${both}CREATE TABLE app.accounts (id bigint PRIMARY KEY);`,
    after: `${both}CREATE TABLE audit.plans (id bigint PRIMARY KEY, name text NOT NULL);
CREATE TABLE app.accounts (id bigint PRIMARY KEY, plan_id bigint REFERENCES audit.plans (id));
CREATE INDEX accounts_plan_id ON app.accounts (plan_id);`,
    seed: 'INSERT INTO app.accounts VALUES (1), (2);',
    expectOrder: [/^audit: CREATE TABLE "?plans"?/, /^app: ALTER TABLE "?accounts"? ADD CONSTRAINT .*REFERENCES audit\.plans/],
  },
  {
    name: 'both tables new, in either direction: the referenced one is created first whatever the names',
    schemas: ['app', 'archive'],
    before: 'CREATE SCHEMA app;\nCREATE SCHEMA archive;',
    // By name alone, archive.log and app.accounts would both come first: only the references order them.
    after: `CREATE SCHEMA app;
CREATE SCHEMA archive;
CREATE TABLE archive.plans (id bigint PRIMARY KEY);
CREATE TABLE app.accounts (id bigint PRIMARY KEY, plan_id bigint REFERENCES archive.plans (id));
CREATE TABLE archive.log (id bigint PRIMARY KEY, account_id bigint REFERENCES app.accounts (id));`,
    expectOrder: [/^archive: CREATE TABLE "?plans"?/, /^app: CREATE TABLE "?accounts"?/, /^archive: CREATE TABLE "?log"?/],
  },
  {
    name: 'a referenced table of another schema is dropped after the foreign key that references it',
    schemas: ['app', 'audit'],
    before: `${both}CREATE TABLE audit.plans (id bigint PRIMARY KEY);
CREATE TABLE app.accounts (id bigint PRIMARY KEY, plan_id bigint, CONSTRAINT accounts_plan_fk FOREIGN KEY (plan_id) REFERENCES audit.plans (id));`,
    after: `${both}CREATE TABLE app.accounts (id bigint PRIMARY KEY, plan_id bigint);`,
    expectOrder: [/^app: ALTER TABLE "?accounts"? DROP CONSTRAINT "?accounts_plan_fk"?/, /^audit: DROP TABLE "?plans"?/],
    expectHazards: ['data-loss'],
  },
  {
    name: 'tables of two schemas dropped together: the referencing one goes first whatever the names',
    schemas: ['app', 'audit'],
    before: `${both}CREATE TABLE app.accounts (id bigint PRIMARY KEY);
CREATE TABLE audit.log (id bigint PRIMARY KEY, account_id bigint REFERENCES app.accounts (id));`,
    after: both,
    expectOrder: [/^audit: DROP TABLE "?log"?/, /^app: DROP TABLE "?accounts"?/],
    expectHazards: ['data-loss'],
  },
  {
    name: 'a view over a view of another schema is created after it, and dropped before it',
    schemas: ['app', 'audit'],
    before: `${both}CREATE TABLE app.events (id bigint PRIMARY KEY, kind text);
CREATE VIEW app.event_rows AS SELECT id, kind FROM app.events;
CREATE VIEW audit.event_kinds AS SELECT kind, count(*) AS n FROM app.event_rows GROUP BY kind;`,
    after: `${both}CREATE TABLE app.events (id bigint PRIMARY KEY, kind text);
CREATE VIEW audit.recent_events AS SELECT id, kind FROM app.events WHERE id > 100;
CREATE VIEW app.recent_kinds AS SELECT DISTINCT kind FROM audit.recent_events;`,
    expectOrder: [/^audit: DROP VIEW "?event_kinds"?/, /^app: DROP VIEW "?event_rows"?/, /^audit: CREATE VIEW "?recent_events"?/, /^app: CREATE VIEW "?recent_kinds"?/],
  },
  {
    name: 'a view over a table of another schema is created after that table',
    schemas: ['app', 'audit'],
    before: `${both}`,
    after: `${both}CREATE TABLE app.orders (id bigint PRIMARY KEY, total numeric);
CREATE VIEW audit.order_totals AS SELECT sum(total) AS total FROM app.orders;`,
    expectOrder: [/^app: CREATE TABLE "?orders"?/, /^audit: CREATE VIEW "?order_totals"?/],
  },
  {
    name: 'a column retyped under a view of another schema: the view is dropped before and created again after',
    schemas: ['app', 'audit'],
    before: `${both}CREATE TABLE app.orders (id bigint PRIMARY KEY, total integer);
CREATE VIEW audit.big_orders AS SELECT id, total FROM app.orders WHERE total > 100;`,
    after: `${both}CREATE TABLE app.orders (id bigint PRIMARY KEY, total bigint);
CREATE VIEW audit.big_orders AS SELECT id, total FROM app.orders WHERE total > 100;`,
    seed: 'INSERT INTO app.orders VALUES (1, 50), (2, 500);',
    expectOrder: [/^audit: DROP VIEW "?big_orders"?/, /^app: ALTER TABLE "?orders"? ALTER COLUMN "?total"? (SET DATA )?TYPE bigint/, /^audit: CREATE VIEW "?big_orders"?/],
  },
  {
    name: 'a composite type over a domain of another schema is created after the domain',
    schemas: ['app', 'audit'],
    before: `${both}`,
    after: `${both}CREATE DOMAIN audit.positive AS integer CHECK (VALUE > 0);
CREATE TYPE app.span AS (low audit.positive, high audit.positive);
CREATE TABLE app.ranges (id bigint PRIMARY KEY, span app.span);`,
    expectOrder: [/^audit: CREATE DOMAIN "?positive"?/, /^app: CREATE TYPE "?span"?/],
  },
  {
    name: 'a type of another schema used by a column is created before the table and dropped after it',
    schemas: ['app', 'audit'],
    before: `${both}CREATE TYPE audit.old_level AS ENUM ('low', 'high');
CREATE TABLE app.alerts (id bigint PRIMARY KEY, level audit.old_level);`,
    after: `${both}CREATE DOMAIN audit.positive AS integer CHECK (VALUE > 0);
CREATE TABLE app.limits (id bigint PRIMARY KEY, amount audit.positive NOT NULL);`,
    expectOrder: [/^audit: CREATE DOMAIN "?positive"?/, /^app: CREATE TABLE "?limits"?/, /^app: DROP TABLE "?alerts"?/, /^audit: DROP TYPE "?old_level"?/],
  },
  {
    name: 'a function of another schema used in a default is created first',
    schemas: ['app', 'audit'],
    before: `${both}CREATE TABLE app.items (id bigint PRIMARY KEY);`,
    after: `${both}CREATE FUNCTION audit.next_code() RETURNS text LANGUAGE sql AS $$ SELECT 'x' $$;
CREATE TABLE app.items (id bigint PRIMARY KEY, code text DEFAULT audit.next_code());`,
    expectOrder: [/^audit: CREATE (OR REPLACE )?FUNCTION/, /^app: ALTER TABLE "?items"? ADD COLUMN/],
  },
  {
    name: 'a schema the database lacks is created before its objects',
    schemas: ['app', 'audit'],
    before: 'CREATE SCHEMA app;\nCREATE TABLE app.accounts (id bigint PRIMARY KEY);',
    after: `${both}CREATE TABLE app.accounts (id bigint PRIMARY KEY);
CREATE TABLE audit.log (id bigint PRIMARY KEY, account_id bigint REFERENCES app.accounts (id), at timestamptz NOT NULL DEFAULT now());
COMMENT ON SCHEMA audit IS 'who did what';`,
    expectOrder: [/^audit: CREATE SCHEMA "?audit"?/, /^audit: CREATE TABLE "?log"?/, /^audit: .*COMMENT ON SCHEMA/],
  },
  {
    name: 'a schema the file no longer declares is dropped after its objects, as data loss',
    schemas: ['app', 'audit'],
    before: `${both}CREATE TABLE app.accounts (id bigint PRIMARY KEY);
CREATE TABLE audit.log (id bigint PRIMARY KEY, account_id bigint REFERENCES app.accounts (id));
CREATE VIEW audit.recent AS SELECT id FROM audit.log;`,
    after: 'CREATE SCHEMA app;\nCREATE TABLE app.accounts (id bigint PRIMARY KEY);',
    expectOrder: [/^audit: DROP VIEW "?recent"?/, /^audit: DROP TABLE "?log"?/, /^audit: DROP SCHEMA "?audit"?/],
    expectHazards: ['data-loss'],
  },
];
