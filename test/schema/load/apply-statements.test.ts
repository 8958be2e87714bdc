import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BadInputError } from '../../../src/errors.js';
import { applySchemaStatements } from '../../../src/schema/load/apply-statements.js';
import { checkSchemaFiles, toSchemaStatement } from '../../../src/schema/load/load-desired-schema.js';
import { openScratchServer, type ScratchDatabase, type ScratchServer } from '../../../src/schema/scratch/scratch-server.js';
import { adminUrl, leftovers, query } from '../scratch/scratch-support.js';
import { rejection, tempSchema, tempSchemaFile } from './temp-schema.js';

let server: ScratchServer;
beforeAll(async () => {
  server = await openScratchServer({ devUrl: adminUrl() });
});
afterAll(async () => {
  await server.close();
});

async function withScratch<T>(fn: (db: ScratchDatabase) => Promise<T>): Promise<T> {
  const db = await server.createDatabase();
  try {
    return await fn(db);
  } finally {
    await db.drop();
  }
}

async function relations(db: ScratchDatabase, schema: string): Promise<Record<string, string>> {
  const rows = await query<{ relname: string; relkind: string; owner: string }>(
    db.adminUrl,
    `SELECT c.relname, c.relkind, pg_get_userbyid(c.relowner) AS owner
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 ORDER BY c.relname`,
    [schema],
  );
  for (const row of rows) expect(row.owner).toBe(db.role);
  return Object.fromEntries(rows.map((r) => [r.relname, r.relkind]));
}

describe('applySchemaStatements', () => {
  it('applies a schema as the unprivileged role, extensions as the admin', async () => {
    const checked = await checkSchemaFiles('test/fixtures/schemas/shop/schema.sql');
    await withScratch(async (db) => {
      const resolved = await applySchemaStatements(db, checked.statements, 'public');
      expect(await relations(db, 'public')).toMatchObject({
        customer: 'r',
        order: 'r',
        order_customer_idx: 'i',
        customer_lower_email: 'i',
        invoice_number: 'S',
        paid_order: 'v',
        customer_total: 'm',
      });
      const [index] = await query<{ indisvalid: boolean }>(db.url, "SELECT indisvalid FROM pg_index WHERE indexrelid = 'order_customer_idx'::regclass");
      expect(index?.indisvalid).toBe(true);
      const extensions = await query<{ extname: string; nspname: string }>(
        db.url,
        "SELECT extname, nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE extname <> 'plpgsql' ORDER BY 1",
      );
      expect(extensions).toEqual([
        { extname: 'citext', nspname: 'public' },
        { extname: 'pgcrypto', nspname: 'public' },
      ]);
      const defines = checked.statements.map((s) => toSchemaStatement(s, resolved).defines).flat();
      expect(defines).toContain('routine:order_total(c uuid)');
      expect(defines).toContain('routine:touch()');
      const indexStatement = checked.statements.find((s) => s.sql.startsWith('CREATE INDEX CONCURRENTLY'));
      expect(indexStatement?.leadingComments).toEqual(['-- schemafleet:ignore index-not-concurrent']);
    });
  });

  it('applies a folder in lexical order of relative paths', async () => {
    const checked = await checkSchemaFiles('test/fixtures/schemas/ordered');
    expect(checked.statements.map((s) => `${s.location.file}:${s.location.line}`)).toEqual([
      'test/fixtures/schemas/ordered/01_types/mood.sql:1',
      'test/fixtures/schemas/ordered/02_tables/a_person.sql:2',
      'test/fixtures/schemas/ordered/02_tables/nested/b_index.sql:1',
      'test/fixtures/schemas/ordered/03_views.sql:1',
    ]);
    await withScratch(async (db) => {
      await applySchemaStatements(db, checked.statements, 'public');
      expect(await relations(db, 'public')).toEqual({ happy_people: 'v', person: 'r', person_mood: 'i', person_pkey: 'i' });
    });
  });

  it('applies unqualified and target-qualified names into a schema other than public', async () => {
    const file = await tempSchemaFile(
      'CREATE SCHEMA IF NOT EXISTS tenant_app;\nCREATE TABLE tenant_app.a (id int);\nCREATE TABLE b (a_id int);\nCREATE VIEW v AS SELECT * FROM a JOIN b ON b.a_id = a.id;\nCREATE EXTENSION pg_trgm;\n',
    );
    const checked = await checkSchemaFiles(file, 'tenant_app');
    await withScratch(async (db) => {
      await applySchemaStatements(db, checked.statements, 'tenant_app');
      expect(await relations(db, 'tenant_app')).toEqual({ a: 'r', b: 'r', v: 'v' });
      expect(await relations(db, 'public')).toEqual({});
      const [ext] = await query<{ nspname: string }>(db.url, "SELECT nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE extname = 'pg_trgm'");
      expect(ext?.nspname).toBe('tenant_app');
    });
  });

  it('maps a PostgreSQL error to the file, line and column inside the statement', async () => {
    const file = await tempSchemaFile(
      ["CREATE TABLE a (x int, note text DEFAULT 'ünïcødé 😀');", '-- a view over a table that is not declared', 'CREATE VIEW v AS', "  SELECT 'é' AS e, x FROM missing;"].join('\n'),
    );
    const checked = await checkSchemaFiles(file);
    await withScratch(async (db) => {
      const error = await rejection(applySchemaStatements(db, checked.statements, 'public'));
      expect(error).toBeInstanceOf(BadInputError);
      expect(error.message).toBe(`${file}:4:27: ERROR: relation "missing" does not exist (42P01)\n  4 |   SELECT 'é' AS e, x FROM missing;\n    |                           ^`);
      expect(error.location).toEqual({ file, line: 4, column: 27 });
    });
  });

  it('points at the statement when PostgreSQL gives no position', async () => {
    const file = await tempSchemaFile('CREATE TABLE a (x int);\n\n  CREATE TABLE a (y int);\n');
    const checked = await checkSchemaFiles(file);
    await withScratch(async (db) => {
      const error = await rejection(applySchemaStatements(db, checked.statements, 'public'));
      expect(error.message.split('\n')[0]).toBe(`${file}:3:3: ERROR: relation "a" already exists (42P07)`);
    });
  });

  it('creates extensions before any other statement, into the still empty schema', async () => {
    const file = await tempSchemaFile('CREATE TABLE t (email citext);\nCREATE EXTENSION citext;\n');
    const checked = await checkSchemaFiles(file);
    await withScratch(async (db) => {
      await applySchemaStatements(db, checked.statements, 'public');
      const [owner] = await query<{ owner: string }>(db.url, "SELECT pg_get_userbyid(extowner) AS owner FROM pg_extension WHERE extname = 'citext'");
      expect(owner?.owner).not.toBe(db.role);
      expect(await relations(db, 'public')).toEqual({ t: 'r' });
    });
  });

  it('runs statements without superuser powers', async () => {
    // A partition bound is evaluated when the partition is created: the function runs as the scratch role.
    const file = await tempSchemaFile("CREATE TABLE t (a text) PARTITION BY LIST (a);\nCREATE TABLE secrets PARTITION OF t FOR VALUES IN (pg_read_file('/etc/passwd'));\n");
    const checked = await checkSchemaFiles(file);
    await withScratch(async (db) => {
      const error = await rejection(applySchemaStatements(db, checked.statements, 'public'));
      expect(error.message.split('\n')[0]).toMatch(new RegExp(`^${file}:2:\\d+: ERROR: permission denied for function pg_read_file \\(42501\\)$`));
    });
  });

  it('reports a failing folder file by its own name and line', async () => {
    // b_types.sql sorts after a_tables.sql, so the type does not exist yet when the table is created.
    const dir = await tempSchema({
      'a_tables.sql': '-- uses a type from b_types.sql\nCREATE TABLE t (m mood);\n',
      'b_types.sql': "CREATE TYPE mood AS ENUM ('a');\n",
    });
    const checked = await checkSchemaFiles(dir);
    await withScratch(async (db) => {
      const error = await rejection(applySchemaStatements(db, checked.statements, 'public'));
      expect(error.message.split('\n')[0]).toBe(`${dir}/a_tables.sql:2:19: ERROR: type "mood" does not exist (42704)`);
    });
  });

  it('loads into two scratch databases at once without either seeing the other', async () => {
    const one = await checkSchemaFiles(await tempSchemaFile('CREATE TABLE one (a int);'));
    const two = await checkSchemaFiles(await tempSchemaFile('CREATE TABLE two (a int);'));
    const names: string[] = [];
    const results = await Promise.all(
      [one, two].map((checked) =>
        withScratch(async (db) => {
          names.push(db.name);
          await applySchemaStatements(db, checked.statements, 'public');
          return relations(db, 'public');
        }),
      ),
    );
    expect(results).toEqual([{ one: 'r' }, { two: 'r' }]);
    expect(await leftovers(names)).toEqual([]);
  });

  it('creates routines whose bodies read objects created later in the file, and checks those bodies once all ran', async () => {
    const file = await tempSchemaFile(
      [
        'CREATE FUNCTION order_total() RETURNS numeric LANGUAGE sql AS $$ SELECT sum(total) FROM orders $$;',
        'CREATE FUNCTION order_count() RETURNS bigint LANGUAGE sql BEGIN ATOMIC SELECT count(*) FROM orders; END;',
        'CREATE TABLE orders (id int, total numeric);',
        '',
      ].join('\n'),
    );
    const checked = await checkSchemaFiles(file);
    const resolved = await withScratch((db) => applySchemaStatements(db, checked.statements, 'public'));
    const defines = checked.statements.flatMap((s) => toSchemaStatement(s, resolved).defines).filter((key) => !key.startsWith('column:'));
    expect(defines).toEqual(['routine:order_total()', 'routine:order_count()', 'table:orders']);
  });

  it.each([
    ['a string body', 'CREATE FUNCTION f() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM nowhere $$;'],
    ['a SQL-standard body', 'CREATE FUNCTION f() RETURNS bigint LANGUAGE sql BEGIN ATOMIC SELECT count(*) FROM nowhere; END;'],
  ])('still refuses %s naming a table the file never creates, at its statement', async (_what, sql) => {
    const file = await tempSchemaFile(`CREATE TABLE t (id int);\n${sql}\nCREATE TABLE u (id int);\n`);
    const checked = await checkSchemaFiles(file);
    const error = await rejection(withScratch((db) => applySchemaStatements(db, checked.statements, 'public')));
    expect(error).toBeInstanceOf(BadInputError);
    expect(error.message).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2:\\d+: ERROR: relation "nowhere" does not exist \\(42P01\\)`));
  });
});

describe('applySchemaStatements on untrusted SQL', () => {
  const limits = (budgetMs: number) => ({ deadline: Date.now() + budgetMs, budgetMs });

  it('creates materialized views WITH NO DATA, so their query never reads anything', async () => {
    const file = await tempSchemaFile(
      [
        'CREATE TABLE t (a int);',
        // The cast fails only if the query runs, and its message would carry every database name.
        "CREATE MATERIALIZED VIEW leak AS SELECT (SELECT string_agg(datname, ',') FROM pg_database)::int AS n;",
        "CREATE MATERIALIZED VIEW spelled AS SELECT 'WITH DATA' AS s WITH DATA; -- explicit",
        'CREATE MATERIALIZED VIEW commented AS SELECT 1 AS one -- trailing comment',
        ';',
        'CREATE UNIQUE INDEX commented_one ON commented (one);',
      ].join('\n'),
    );
    const checked = await checkSchemaFiles(file);
    await withScratch(async (db) => {
      await applySchemaStatements(db, checked.statements, 'public');
      const views = await query<{ matviewname: string; ispopulated: boolean; definition: string }>(
        db.url,
        "SELECT matviewname, ispopulated, definition FROM pg_matviews WHERE schemaname = 'public' ORDER BY 1",
      );
      expect(views.map((v) => [v.matviewname, v.ispopulated])).toEqual([
        ['commented', false],
        ['leak', false],
        ['spelled', false],
      ]);
      expect(views.find((v) => v.matviewname === 'spelled')?.definition).toContain("'WITH DATA'");
    });
  });

  it('stops at the review budget across statements, naming the statement that was running', async () => {
    // Each statement alone is well under the 60 s statement timeout; together they are over the budget.
    const sleeper = (n: number) => `CREATE TABLE p${n} PARTITION OF t FOR VALUES IN (nap(${n}));`;
    const nap = 'CREATE FUNCTION nap(n int) RETURNS int LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(0.6); RETURN n; END $$;';
    const file = await tempSchemaFile([nap, 'CREATE TABLE t (a int) PARTITION BY LIST (a);', sleeper(1), sleeper(2), sleeper(3), sleeper(4), ''].join('\n'));
    const checked = await checkSchemaFiles(file);
    await withScratch(async (db) => {
      const started = Date.now();
      const error = await rejection(applySchemaStatements(db, checked.statements, 'public', limits(1_500)));
      expect(Date.now() - started).toBeLessThan(2_500);
      expect(error).toBeInstanceOf(BadInputError);
      expect(error.message).toMatch(
        new RegExp(`^${file}:(4|5):1: the review's time budget \\(1\\.5s for every statement of the base and head schemas\\) ran out while this statement ran: CREATE TABLE p(2|3) PARTITION OF t`),
      );
    });
  });

  it('reports errors with SQLSTATE, message and position only', async () => {
    const file = await tempSchemaFile(
      "CREATE FUNCTION boom() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'secret-message' USING DETAIL = 'secret-detail', HINT = 'secret-hint'; END $$;\nCREATE TABLE t (a int) PARTITION BY LIST (a);\nCREATE TABLE t1 PARTITION OF t FOR VALUES IN (boom());\n",
    );
    const checked = await checkSchemaFiles(file);
    await withScratch(async (db) => {
      const trusted = await rejection(applySchemaStatements(db, checked.statements, 'public'));
      expect(trusted.message).toContain('DETAIL: secret-detail');
      expect(trusted.hint).toBe('secret-hint');
    });
    await withScratch(async (db) => {
      const error = await rejection(applySchemaStatements(db, checked.statements, 'public', limits(30_000)));
      expect(error.message).toMatch(new RegExp(`^${file}:3:\\d+: ERROR: secret-message \\(P0001\\)`));
      expect(error.message).not.toContain('secret-detail');
      expect(error.message).not.toContain('CONTEXT');
      expect(error.hint).not.toContain('secret-hint');
    });
  });

  it("resolves a routine created under the file's own search_path in that schema, and records each key's schema", async () => {
    const file = await tempSchemaFile(
      [
        'CREATE SCHEMA app;',
        'CREATE SCHEMA audit;',
        'CREATE FUNCTION app.score(x integer) RETURNS integer LANGUAGE sql AS $$ SELECT x $$;',
        'SET search_path TO audit;',
        'CREATE FUNCTION score(x bigint) RETURNS bigint LANGUAGE sql AS $$ SELECT x $$;',
        'CREATE TABLE users (id bigint PRIMARY KEY);',
        '',
      ].join('\n'),
    );
    const checked = await checkSchemaFiles(file, 'app', ['audit']);
    await withScratch(async (db) => {
      const resolved = await applySchemaStatements(db, checked.statements, 'app');
      const statements = checked.statements.map((s) => toSchemaStatement(s, resolved));
      expect(statements.map((s) => s.schemas ?? {})).toEqual([
        {},
        {},
        { 'routine:score(x integer)': ['app'] },
        {},
        { 'routine:score(x bigint)': ['audit'] },
        { 'table:users': ['audit'], 'column:users.id': ['audit'] },
      ]);
    });
  });
});
