import type { AcceptanceCase } from '../acceptance-case.js';

export const routineCases: AcceptanceCase[] = [
  {
    name: 'create sql and plpgsql functions and a procedure',
    before: ``,
    after: `
      CREATE FUNCTION add(a int, b int) RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT a + b $$;
      CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at := now(); RETURN NEW; END $$;
      CREATE PROCEDURE noop(x int) LANGUAGE plpgsql AS $$ BEGIN PERFORM x; END $$;`,
    expectSql: [/FUNCTION add/, /PROCEDURE noop/],
  },
  {
    name: 'function body changed is replaced in place',
    before: `CREATE FUNCTION f(x int) RETURNS int LANGUAGE sql AS $$ SELECT x + 1 $$;`,
    after: `CREATE FUNCTION f(x int) RETURNS int LANGUAGE sql AS $$ SELECT x + 2 $$;`,
    expectSql: [/CREATE OR REPLACE FUNCTION f\(x integer\)/],
    forbidSql: [/DROP FUNCTION/],
  },
  {
    name: 'function return type changed is dropped and recreated',
    before: `CREATE FUNCTION f(x int) RETURNS int LANGUAGE sql AS $$ SELECT x $$;`,
    after: `CREATE FUNCTION f(x int) RETURNS bigint LANGUAGE sql AS $$ SELECT x::bigint $$;`,
    expectSql: [/DROP FUNCTION f\(x integer\)/, /CREATE OR REPLACE FUNCTION f/],
  },
  {
    name: 'overloaded functions are told apart by their arguments',
    before: `CREATE FUNCTION area(r float8) RETURNS float8 LANGUAGE sql AS $$ SELECT pi() * r * r $$;`,
    after: `CREATE FUNCTION area(r float8) RETURNS float8 LANGUAGE sql AS $$ SELECT pi() * r * r $$;
      CREATE FUNCTION area(w float8, h float8) RETURNS float8 LANGUAGE sql AS $$ SELECT w * h $$;`,
    expectSql: [/FUNCTION area\(w double precision, h double precision\)/],
  },
  {
    name: 'function created before the default that calls it',
    before: `CREATE TABLE t (id int);`,
    after: `CREATE FUNCTION next_code() RETURNS text LANGUAGE sql VOLATILE AS $$ SELECT md5(random()::text) $$;
      CREATE TABLE t (id int, code text DEFAULT next_code());`,
    expectSql: [/FUNCTION next_code/, /ADD COLUMN code text DEFAULT next_code\(\)/],
  },
  {
    name: 'function created before the check constraint that calls it',
    before: `CREATE TABLE t (email text);`,
    after: `CREATE FUNCTION is_email(s text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT s LIKE '%@%' $$;
      CREATE TABLE t (email text CONSTRAINT email_ok CHECK (is_email(email)));`,
    expectSql: [/FUNCTION is_email/, /email_ok/],
  },
  {
    name: 'trigger with its function',
    before: `CREATE TABLE t (id int, updated_at timestamptz);`,
    after: `CREATE TABLE t (id int, updated_at timestamptz);
      CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at := now(); RETURN NEW; END $$;
      CREATE TRIGGER t_touch BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION touch();`,
    expectSql: [/CREATE TRIGGER t_touch/],
  },
  {
    name: 'trigger changed and another dropped',
    before: `CREATE TABLE t (id int);
      CREATE FUNCTION tf() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
      CREATE TRIGGER a BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION tf();
      CREATE TRIGGER b AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION tf();`,
    after: `CREATE TABLE t (id int);
      CREATE FUNCTION tf() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
      CREATE TRIGGER a BEFORE INSERT OR UPDATE ON t FOR EACH ROW EXECUTE FUNCTION tf();`,
    expectSql: [/DROP TRIGGER b ON t/, /CREATE TRIGGER a BEFORE INSERT OR UPDATE/],
  },
  {
    name: 'drop a function',
    before: `CREATE FUNCTION old_f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;`,
    after: ``,
    expectSql: [/DROP FUNCTION old_f\(\)/],
  },
  {
    // A string body records no dependencies, so nothing orders the table first; the body was checked on the scratch database.
    name: 'sql function whose body reads a table created in the same plan',
    before: `CREATE TABLE t (id int);`,
    after: `CREATE TABLE t (id int);
      CREATE TABLE orders (id int, total numeric);
      CREATE FUNCTION order_total() RETURNS numeric LANGUAGE sql AS $$ SELECT sum(total) FROM orders $$;
      CREATE FUNCTION order_count() RETURNS bigint LANGUAGE sql STABLE BEGIN ATOMIC SELECT count(*) FROM orders; END;`,
    expectSql: [/CREATE OR REPLACE FUNCTION order_total\(\)/, /CREATE OR REPLACE FUNCTION order_count\(\)/],
  },
];
