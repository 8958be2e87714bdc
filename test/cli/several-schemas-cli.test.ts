import { describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, devUrlArgs } from './run-cli-in-process.js';
import { createTestDatabase } from '../support/pg.js';

interface Located {
  readonly rule: string;
  readonly object: string;
  readonly location: { readonly file: string; readonly line: number } | null;
}

const FILE = `CREATE SCHEMA app;
CREATE SCHEMA audit;
CREATE TABLE audit.plans (id bigint PRIMARY KEY, name text NOT NULL);
CREATE TABLE app.accounts (id bigint PRIMARY KEY, plan_id bigint REFERENCES audit.plans (id));
CREATE INDEX accounts_plan_id ON app.accounts (plan_id);
CREATE VIEW audit.accounts_per_plan AS SELECT plan_id, count(*) AS n FROM app.accounts GROUP BY plan_id;
`;

describe('several schemas of one database from the CLI (--schema-name repeated)', () => {
  it('plans, applies, verifies and dumps a file of two schemas; the dump plans to nothing', async ({ onTestFinished }) => {
    const db = await createTestDatabase();
    await db.exec('CREATE SCHEMA app; CREATE TABLE app.accounts (id bigint PRIMARY KEY); INSERT INTO app.accounts VALUES (1);');
    const dir = await mkdtemp(join(tmpdir(), 'sf-multi-cli-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const schema = join(dir, 'schema.sql');
    await writeFile(schema, FILE);
    const names = ['--schema-name', 'app', '--schema-name', 'audit'];

    const plan = await cli(['plan', '--schema', schema, '--url', db.url, ...names, ...devUrlArgs()]);
    expect(plan.code, plan.stderr).toBe(0);
    // The reviewer sees where each step runs: the search_path changes are part of the SQL.
    expect(plan.stdout).toMatch(/SET search_path TO audit;\nCREATE SCHEMA audit;[\s\S]*CREATE TABLE plans[\s\S]*SET search_path TO app;[\s\S]*REFERENCES audit\.plans/);

    const diff = await cli(['diff', '--from', db.url, '--to', schema, ...names, ...devUrlArgs()]);
    expect(diff.code, diff.stderr).toBe(0);
    expect(diff.stdout).toBe(
      '+ schema audit\n+ table audit.plans\n+ column app.accounts.plan_id\n+ constraint app.accounts.accounts_plan_id_fkey\n+ index app.accounts_plan_id\n+ view audit.accounts_per_plan\n',
    );
    const json = await cli(['plan', '--schema', schema, '--url', db.url, ...names, '--format', 'json', ...devUrlArgs()]);
    const steps = (JSON.parse(json.stdout) as { steps: { sql: string; schema?: string }[] }).steps;
    expect(steps.find((s) => s.sql.startsWith('CREATE TABLE plans'))?.schema).toBe('audit');

    // Dropping a table of the other schema would lose data; here nothing is dropped, so no flag is needed.
    const apply = await cli(['apply', '--schema', schema, '--url', db.url, ...names, ...devUrlArgs()]);
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.stdout).toMatch(/verified: a fresh plan is empty/);
    const fks = await db.query<{ def: string }>("SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = 'app.accounts'::regclass AND contype = 'f'");
    expect(fks.map((r) => r.def)).toEqual(['FOREIGN KEY (plan_id) REFERENCES audit.plans(id)']);

    const output = join(dir, 'dump.sql');
    const dump = await cli(['dump', '--url', db.url, ...names, '--output', output]);
    expect(dump.code, dump.stderr).toBe(0);
    const text = await readFile(output, 'utf8');
    expect(text).toMatch(/^CREATE SCHEMA audit;$/m);
    const again = await cli(['plan', '--schema', output, '--url', db.url, ...names, ...devUrlArgs()]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toBe('-- no changes\n');
  });

  it('refuses, by name and place, an object in a schema the command was not given', async ({ onTestFinished }) => {
    const db = await createTestDatabase();
    const dir = await mkdtemp(join(tmpdir(), 'sf-multi-cli-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const schema = join(dir, 'schema.sql');
    await writeFile(schema, 'CREATE SCHEMA app;\nCREATE SCHEMA audit;\nCREATE TABLE billing.plans (id int);\n');
    const plan = await cli(['plan', '--schema', schema, '--url', db.url, '--schema-name', 'app', '--schema-name', 'audit', ...devUrlArgs()]);
    expect(plan.code).toBe(2);
    expect(plan.stderr).toContain(
      `${schema}:3:1: CREATE TABLE is not allowed in a schema file: table billing.plans is in schema billing, which is not one of the schemas the file describes (schemas app, audit)`,
    );
    expect(plan.stderr).not.toMatch(/\n\s+at /);
  });

  it('--all-schemas: every schema of the database and of the file; one the file lacks is dropped only with --allow-destructive', async ({ onTestFinished }) => {
    const db = await createTestDatabase();
    await db.exec(`CREATE TABLE public.accounts (id bigint PRIMARY KEY);
      CREATE SCHEMA old; CREATE TABLE old.leftovers (id int);`);
    const dir = await mkdtemp(join(tmpdir(), 'sf-multi-cli-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const schema = join(dir, 'schema.sql');
    await writeFile(
      schema,
      `CREATE SCHEMA billing;
CREATE TABLE billing.plans (id bigint PRIMARY KEY);
CREATE TABLE accounts (id bigint PRIMARY KEY, plan_id bigint REFERENCES billing.plans (id));
`,
    );
    const plan = await cli(['plan', '--schema', schema, '--url', db.url, '--all-schemas', ...devUrlArgs()]);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toMatch(/SET search_path TO old;\nDROP TABLE leftovers;[\s\S]*DROP SCHEMA old;/);

    const refused = await cli(['apply', '--schema', schema, '--url', db.url, '--all-schemas', ...devUrlArgs()]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/would lose data[\s\S]*DROP SCHEMA old/);
    const apply = await cli(['apply', '--schema', schema, '--url', db.url, '--all-schemas', '--allow-destructive', ...devUrlArgs()]);
    expect(apply.code, apply.stderr).toBe(0);
    expect(await db.query("SELECT nspname FROM pg_namespace WHERE nspname IN ('old', 'billing') ORDER BY 1")).toEqual([{ nspname: 'billing' }]);

    const output = join(dir, 'dump.sql');
    expect((await cli(['dump', '--url', db.url, '--all-schemas', '--output', output])).code).toBe(0);
    const again = await cli(['plan', '--schema', output, '--url', db.url, '--all-schemas', ...devUrlArgs()]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toBe('-- no changes\n');
  });

  it('lint over several schemas names the object of each finding with its schema', async ({ onTestFinished }) => {
    const db = await createTestDatabase();
    await db.exec('CREATE SCHEMA app; CREATE SCHEMA audit; CREATE TABLE app.accounts (id bigint PRIMARY KEY); CREATE TABLE audit.log (id bigint PRIMARY KEY);');
    const dir = await mkdtemp(join(tmpdir(), 'sf-multi-cli-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const schema = join(dir, 'schema.sql');
    await writeFile(schema, 'CREATE SCHEMA app;\nCREATE SCHEMA audit;\nCREATE TABLE app.accounts (id bigint PRIMARY KEY);\n');
    const lint = await cli(['lint', '--from', db.url, '--to', schema, '--schema-name', 'app', '--schema-name', 'audit', '--format', 'json', ...devUrlArgs()]);
    expect(lint.code, lint.stderr).toBe(1);
    const findings = JSON.parse(lint.stdout) as { findings?: { rule: string; object: string }[] } | { rule: string; object: string }[];
    const list = Array.isArray(findings) ? findings : (findings.findings ?? []);
    expect(list.filter((f) => f.rule === 'drop-table').map((f) => f.object)).toEqual(['audit.log']);
  });

  it("lint points a finding at its own schema's statement when two schemas have a table of the same name", async ({ onTestFinished }) => {
    const db = await createTestDatabase();
    await db.exec(`CREATE SCHEMA app; CREATE SCHEMA audit;
      CREATE TABLE app.users (id bigint PRIMARY KEY, email text, note text);
      CREATE TABLE audit.users (id bigint PRIMARY KEY, email text, note text);`);
    const dir = await mkdtemp(join(tmpdir(), 'sf-multi-cli-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const schema = join(dir, 'schema.sql');
    // app.users is unchanged and comes first; audit.users retypes email and drops note.
    await writeFile(
      schema,
      [
        'CREATE SCHEMA app;',
        'CREATE SCHEMA audit;',
        'CREATE TABLE app.users (',
        '  id bigint PRIMARY KEY,',
        '  email text,',
        '  note text',
        ');',
        'CREATE TABLE audit.users (',
        '  id bigint PRIMARY KEY,',
        '  email integer',
        ');',
        '',
      ].join('\n'),
    );
    const names = ['--schema-name', 'app', '--schema-name', 'audit'];
    const lint = await cli(['lint', '--from', db.url, '--to', schema, ...names, '--format', 'json', ...devUrlArgs()]);
    const findings = JSON.parse(lint.stdout) as { findings?: Located[] } | Located[];
    const list = Array.isArray(findings) ? findings : (findings.findings ?? []);
    const at = (rule: string, object: string): string | null => {
      const location = list.find((f) => f.rule === rule && f.object === object)?.location;
      return location ? `${location.file}:${location.line}` : null;
    };
    expect(at('column-type-rewrites-table', 'audit.users.email'), lint.stdout).toBe(`${schema}:10`);
    expect(at('drop-column', 'audit.users.note'), lint.stdout).toBe(`${schema}:8`);

    const plan = await cli(['plan', '--schema', schema, '--url', db.url, ...names, '--format', 'json', ...devUrlArgs()]);
    const planned = JSON.parse(plan.stdout) as { findings?: Located[] };
    expect(planned.findings?.find((f) => f.rule === 'drop-column')?.location?.line, plan.stdout).toBe(8);
  });

  it('lint over several schemas applies an inline ignore in its own schema only, and reports it once', async ({ onTestFinished }) => {
    const db = await createTestDatabase();
    await db.exec(`CREATE SCHEMA app; CREATE SCHEMA audit;
      CREATE TABLE app.users (id bigint PRIMARY KEY, note text);
      CREATE TABLE audit.users (id bigint PRIMARY KEY, note text);`);
    const dir = await mkdtemp(join(tmpdir(), 'sf-multi-cli-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const schema = join(dir, 'schema.sql');
    // Both schemas drop users.note; only audit's is ignored, and app has changes of its own to lint.
    await writeFile(
      schema,
      [
        'CREATE SCHEMA app;', //                                                      1
        'CREATE SCHEMA audit;', //                                                    2
        'CREATE TABLE app.users (id bigint PRIMARY KEY);', //                         3
        '-- schemafleet:ignore drop-column the audit notes were copied elsewhere', // 4
        'CREATE TABLE audit.users (id bigint PRIMARY KEY);', //                       5
        '-- schemafleet:ignore lokc-rule a typo', //                                  6
        'CREATE TABLE audit.events (id bigint PRIMARY KEY);', //                      7
        '',
      ].join('\n'),
    );
    const lint = await cli(['lint', '--from', db.url, '--to', schema, '--schema-name', 'app', '--schema-name', 'audit', '--format', 'json', ...devUrlArgs()]);
    const findings = JSON.parse(lint.stdout) as { findings?: Located[] } | Located[];
    const list = Array.isArray(findings) ? findings : (findings.findings ?? []);
    const shown = list.filter((f) => ['drop-column', 'unused-ignore', 'invalid-ignore'].includes(f.rule)).map((f) => `${f.rule} ${f.object} @${f.location?.line ?? '-'}`);
    expect(shown.sort()).toEqual(['drop-column app.users.note @3', 'invalid-ignore audit.events @6']);

    // audit unchanged (no steps): its ignore is still checked, and reported unused in audit's name.
    await writeFile(
      schema,
      [
        'CREATE SCHEMA app;',
        'CREATE SCHEMA audit;',
        'CREATE TABLE app.users (id bigint PRIMARY KEY);',
        '-- schemafleet:ignore drop-column not needed',
        'CREATE TABLE audit.users (id bigint PRIMARY KEY, note text);',
        '',
      ].join('\n'),
    );
    const unchanged = await cli(['lint', '--from', db.url, '--to', schema, '--schema-name', 'app', '--schema-name', 'audit', '--format', 'json', ...devUrlArgs()]);
    const again = JSON.parse(unchanged.stdout) as { findings?: Located[] } | Located[];
    const second = (Array.isArray(again) ? again : (again.findings ?? [])).filter((f) => f.rule !== 'plan-facts');
    expect(second.map((f) => `${f.rule} ${f.object} @${f.location?.line ?? '-'}`).sort()).toEqual(['drop-column app.users.note @3', 'unused-ignore audit.users @4']);
  });

  it('refuses a schema named twice', async () => {
    const run = await cli(['plan', '--schema', 'x.sql', '--url', 'postgres://h/db', '--schema-name', 'app', '--schema-name', 'app']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--schema-name: a schema is named twice');
  });
});
