import type { AcceptanceCase } from '../acceptance-case.js';

export const viewCases: AcceptanceCase[] = [
  {
    name: 'create a view',
    before: `CREATE TABLE users (id int, email text, active boolean);`,
    after: `CREATE TABLE users (id int, email text, active boolean); CREATE VIEW active_users AS SELECT id, email FROM users WHERE active;`,
    expectSql: [/CREATE VIEW active_users/],
  },
  {
    name: 'view definition changed compatibly uses CREATE OR REPLACE',
    before: `CREATE TABLE users (id int, email text, active boolean); CREATE VIEW v AS SELECT id, email FROM users WHERE active;`,
    after: `CREATE TABLE users (id int, email text, active boolean); CREATE VIEW v AS SELECT id, email FROM users WHERE active AND email IS NOT NULL;`,
    expectSql: [/CREATE OR REPLACE VIEW v/],
  },
  {
    name: 'view loses a column: dropped and recreated',
    before: `CREATE TABLE users (id int, email text); CREATE VIEW v AS SELECT id, email FROM users;`,
    after: `CREATE TABLE users (id int, email text); CREATE VIEW v AS SELECT id FROM users;`,
    expectSql: [/DROP VIEW v/, /CREATE VIEW v/],
  },
  {
    name: 'view over a retyped column is dropped and recreated around the type change',
    before: `CREATE TABLE orders (id int, amount int); CREATE VIEW big_orders AS SELECT id, amount FROM orders WHERE amount > 100;`,
    after: `CREATE TABLE orders (id int, amount bigint); CREATE VIEW big_orders AS SELECT id, amount FROM orders WHERE amount > 100;`,
    expectSql: [/DROP VIEW big_orders/, /TYPE bigint/, /CREATE VIEW big_orders/],
  },
  {
    name: 'view on view over a retyped column',
    before: `CREATE TABLE t (id int, v varchar(10)); CREATE VIEW v1 AS SELECT id, v FROM t; CREATE VIEW v2 AS SELECT v FROM v1 WHERE id > 0;`,
    after: `CREATE TABLE t (id int, v text); CREATE VIEW v1 AS SELECT id, v FROM t; CREATE VIEW v2 AS SELECT v FROM v1 WHERE id > 0;`,
    expectSql: [/DROP VIEW v2/, /DROP VIEW v1/],
  },
  {
    name: 'column dropped that a view reads: view dropped first',
    before: `CREATE TABLE t (id int, legacy text); CREATE VIEW v AS SELECT id, legacy FROM t;`,
    after: `CREATE TABLE t (id int); CREATE VIEW v AS SELECT id FROM t;`,
    expectSql: [/DROP VIEW v/, /DROP COLUMN legacy/],
  },
  {
    name: 'view options: security barrier and check option',
    before: `CREATE TABLE t (id int, owner text); CREATE VIEW mine AS SELECT * FROM t WHERE owner = current_user;`,
    after: `CREATE TABLE t (id int, owner text); CREATE VIEW mine WITH (security_barrier = true) AS SELECT * FROM t WHERE owner = current_user WITH CASCADED CHECK OPTION;`,
  },
  {
    name: 'materialized view with an index',
    before: `CREATE TABLE sales (day date, amount numeric);`,
    after: `CREATE TABLE sales (day date, amount numeric);
      CREATE MATERIALIZED VIEW daily_sales AS SELECT day, sum(amount) AS total FROM sales GROUP BY day;
      CREATE UNIQUE INDEX daily_sales_day ON daily_sales (day);`,
    expectSql: [/CREATE MATERIALIZED VIEW daily_sales/, /daily_sales_day/],
  },
  {
    name: 'materialized view definition changed',
    before: `CREATE TABLE sales (day date, amount numeric); CREATE MATERIALIZED VIEW m AS SELECT day FROM sales;`,
    after: `CREATE TABLE sales (day date, amount numeric); CREATE MATERIALIZED VIEW m AS SELECT day, amount FROM sales;`,
    expectSql: [/DROP MATERIALIZED VIEW m/, /CREATE MATERIALIZED VIEW m/],
  },
  {
    name: 'drop a view',
    before: `CREATE TABLE t (id int); CREATE VIEW v AS SELECT id FROM t;`,
    after: `CREATE TABLE t (id int);`,
    expectSql: [/DROP VIEW v/],
    expectHazards: ['breaks-running-code'],
  },
  {
    name: "comments on a view's and a materialized view's columns, kept across CREATE OR REPLACE and made again after a re-create",
    before: `CREATE TABLE t (id int, name text);
      CREATE VIEW v AS SELECT id, name FROM t;
      CREATE VIEW w AS SELECT id FROM t;
      COMMENT ON COLUMN v.id IS 'old';
      COMMENT ON COLUMN w.id IS 'kept';`,
    after: `CREATE TABLE t (id int, name text);
      CREATE VIEW v AS SELECT id, name FROM t WHERE id > 0;
      CREATE VIEW w AS SELECT id::bigint AS id FROM t;
      CREATE MATERIALIZED VIEW m AS SELECT count(*) AS n FROM t;
      COMMENT ON COLUMN v.id IS 'new';
      COMMENT ON COLUMN v.name IS 'the name';
      COMMENT ON COLUMN w.id IS 'kept';
      COMMENT ON COLUMN m.n IS 'rows';`,
    expectOrder: [/CREATE MATERIALIZED VIEW m/, /COMMENT ON COLUMN m\.n IS 'rows'/],
    expectSql: [/COMMENT ON COLUMN v\.id IS 'new'/, /COMMENT ON COLUMN v\.name IS 'the name'/, /COMMENT ON COLUMN w\.id IS 'kept'/],
  },
  {
    name: 'INSTEAD OF triggers on views: added to a new and an existing view, changed, and made again when their view is re-created',
    before: `CREATE TABLE t (a int, b text);
      CREATE FUNCTION ins_t() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO t (a) VALUES (NEW.a); RETURN NEW; END $$;
      CREATE VIEW plain AS SELECT a FROM t;
      CREATE VIEW changed AS SELECT a FROM t;
      CREATE TRIGGER changed_ins INSTEAD OF INSERT ON changed FOR EACH ROW EXECUTE FUNCTION ins_t();
      CREATE VIEW reshaped AS SELECT a, b FROM t;
      CREATE TRIGGER reshaped_ins INSTEAD OF INSERT ON reshaped FOR EACH ROW EXECUTE FUNCTION ins_t();`,
    after: `CREATE TABLE t (a int, b text);
      CREATE FUNCTION ins_t() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO t (a) VALUES (NEW.a); RETURN NEW; END $$;
      CREATE VIEW plain AS SELECT a FROM t;
      CREATE TRIGGER plain_ins INSTEAD OF INSERT ON plain FOR EACH ROW EXECUTE FUNCTION ins_t();
      CREATE VIEW changed AS SELECT a FROM t;
      CREATE TRIGGER changed_ins INSTEAD OF INSERT OR UPDATE ON changed FOR EACH ROW EXECUTE FUNCTION ins_t();
      COMMENT ON TRIGGER changed_ins ON changed IS 'writes through';
      CREATE VIEW reshaped AS SELECT b, a FROM t;
      CREATE TRIGGER reshaped_ins INSTEAD OF INSERT ON reshaped FOR EACH ROW EXECUTE FUNCTION ins_t();
      CREATE VIEW fresh AS SELECT a FROM t;
      CREATE TRIGGER fresh_ins INSTEAD OF INSERT ON fresh FOR EACH ROW EXECUTE FUNCTION ins_t();`,
    expectSql: [/CREATE TRIGGER plain_ins INSTEAD OF INSERT ON plain/, /DROP TRIGGER changed_ins ON changed/, /CREATE TRIGGER fresh_ins/],
    expectOrder: [/CREATE VIEW reshaped/, /CREATE TRIGGER reshaped_ins/],
  },
];
