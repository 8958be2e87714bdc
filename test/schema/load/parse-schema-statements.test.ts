import { describe, expect, it } from 'vitest';
import { BadInputError } from '../../../src/errors.js';
import { checkSchemaFiles, toSchemaStatement } from '../../../src/schema/load/load-desired-schema.js';
import { parseSchemaStatements } from '../../../src/schema/load/parse-schema-statements.js';
import { SourceText } from '../../../src/schema/load/source-text.js';
import { rejection, tempSchemaFile } from './temp-schema.js';

describe('parseSchemaStatements', () => {
  it('splits statements and locates each at its first token, after comments and multibyte text', async () => {
    const text = [
      '-- Schéma für Bestellungen 🚀',
      '/* a /* nested */ comment */ CREATE TABLE "bücher" (titel text DEFAULT \'naïve 😀\');',
      '',
      '   -- schemafleet:ignore some-rule',
      '\tCREATE INDEX b_idx ON "bücher" (titel); CREATE VIEW v AS SELECT 1 AS one',
    ].join('\n');
    const { statements, problem } = await parseSchemaStatements(new SourceText('schema.sql', text));
    expect(problem).toBeUndefined();
    expect(statements.map((s) => [s.nodeType, s.location.line, s.location.column, s.sql])).toEqual([
      ['CreateStmt', 2, 30, 'CREATE TABLE "bücher" (titel text DEFAULT \'naïve 😀\')'],
      ['IndexStmt', 5, 2, 'CREATE INDEX b_idx ON "bücher" (titel)'],
      ['ViewStmt', 5, 42, 'CREATE VIEW v AS SELECT 1 AS one'],
    ]);
    expect(statements[0]?.leadingComments).toEqual(['-- Schéma für Bestellungen 🚀', '/* a /* nested */ comment */']);
    expect(statements[1]?.leadingComments).toEqual(['-- schemafleet:ignore some-rule']);
    expect(statements[2]?.leadingComments).toEqual([]);
  });

  it('reports a syntax error at file:line:col, counting characters after multibyte text', async () => {
    const file = await tempSchemaFile("CREATE TABLE ok (name text DEFAULT 'ünïcødé 😀');\nCREATE TABLE é (a int); CREATE tabel x (a int);\n");
    const error = await rejection(checkSchemaFiles(file));
    expect(error).toBeInstanceOf(BadInputError);
    expect(error.message).toBe(`${file}:2:32: syntax error at or near "tabel"\n  2 | CREATE TABLE é (a int); CREATE tabel x (a int);\n    |                                ^`);
    expect(error.location).toEqual({ file, line: 2, column: 32 });
  });

  it('reports a syntax error at the end of input', async () => {
    const file = await tempSchemaFile('CREATE TABLE t (\n  a int,\n');
    const error = await rejection(checkSchemaFiles(file));
    expect(error.message.split('\n')[0]).toBe(`${file}:3:1: syntax error at end of input`);
  });

  it('lists syntax errors of several files at once', async () => {
    const { tempSchema } = await import('./temp-schema.js');
    const dir = await tempSchema({ 'a.sql': 'CREATE TABLE (;', 'b.sql': 'CREATE TABLE ok ();', 'c.sql': '\n\nALTER TABEL x;' });
    const error = await rejection(checkSchemaFiles(dir));
    expect(error.message).toContain(`${dir}/a.sql:1:14: syntax error at or near "("`);
    expect(error.message).toContain(`${dir}/c.sql:3:7: syntax error at or near "TABEL"`);
  });

  it('records the object keys each statement defines', async () => {
    const file = await tempSchemaFile(`
      CREATE TABLE t (id int CONSTRAINT t_pk PRIMARY KEY, a text, CONSTRAINT t_a_check CHECK (a <> ''));
      CREATE INDEX t_a ON t (a);
      CREATE INDEX ON t (id, a);
      ALTER TABLE t ADD COLUMN b int, ADD CONSTRAINT t_b_key UNIQUE (b), ALTER COLUMN a SET NOT NULL;
      CREATE SEQUENCE s;
      CREATE TYPE e AS ENUM ('x');
      ALTER TYPE e ADD VALUE 'y';
      CREATE DOMAIN d AS int;
      CREATE VIEW v AS SELECT 1;
      CREATE MATERIALIZED VIEW mv AS SELECT 1;
      CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS 'begin return new; end';
      CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION f();
      CREATE POLICY p ON t USING (true);
      COMMENT ON COLUMN t.a IS 'x';
      COMMENT ON CONSTRAINT t_pk ON t IS 'x';
      COMMENT ON INDEX t_a IS 'x';
      CREATE EXTENSION IF NOT EXISTS pgcrypto;
      CREATE COLLATION german (provider = icu, locale = 'de');
    `);
    const checked = await checkSchemaFiles(file);
    const defines = checked.statements.map((s) => toSchemaStatement(s).defines);
    expect(defines).toEqual([
      ['table:t', 'column:t.id', 'constraint:t.t_pk', 'column:t.a', 'constraint:t.t_a_check'],
      ['index:t_a'],
      ['table:t'],
      ['table:t', 'column:t.b', 'constraint:t.t_b_key', 'column:t.a'],
      ['sequence:s'],
      ['type:e'],
      ['type:e'],
      ['type:d'],
      ['view:v'],
      ['materialized view:mv'],
      // Routine keys need the server's spelling of the arguments: filled in on the scratch database.
      [],
      ['trigger:t.tr'],
      ['policy:t.p'],
      ['column:t.a'],
      ['constraint:t.t_pk'],
      ['index:t_a'],
      ['extension:pgcrypto'],
      // Findings on a collation (collation-redefined-in-use) point at its CREATE COLLATION.
      ['collation:german'],
    ]);
  });
});
