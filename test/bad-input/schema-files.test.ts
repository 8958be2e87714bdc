import { describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, devUrlArgs } from '../cli/run-cli-in-process.js';
import { adminUrl } from '../support/pg.js';
import { badInputFixture, expectClean, shownPath } from './bad-input-helpers.js';

/**
 * Malformed and hostile schema files, each through `schemafleet plan`: exit 2, an error at
 * file:line:col, no stack trace, no password.
 */
interface SchemaCase {
  /** Fixture under test/fixtures/bad-input/schema/ (a .sql file, or a folder). */
  readonly fixture: string;
  /** The located file when it is not the fixture itself (a file inside a folder case). */
  readonly file?: string;
  readonly line: number;
  readonly column?: number;
  readonly message: RegExp;
  /** Errors about the file as a whole have no source line to show. */
  readonly excerpt?: false;
}

const refused = (what: string): RegExp => new RegExp(`${what.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not allowed in a schema file: `);

const cases: SchemaCase[] = [
  // Syntax errors.
  { fixture: 'syntax-missing-comma.sql', line: 3, column: 3, message: /syntax error at or near "email"/ },
  { fixture: 'syntax-trailing-comma.sql', line: 4, column: 1, message: /syntax error at or near "\)"/ },
  { fixture: 'syntax-misspelled-keyword.sql', line: 2, column: 1, message: /syntax error at or near "CREAT"/ },
  // Columns count characters, not bytes: ☕ and 🚀 are one column each.
  { fixture: 'syntax-multibyte-before-error.sql', line: 2, column: [...'CREATE TABLE café (naïve text, 🚀 int,'].length + 1, message: /syntax error at or near ","/ },
  { fixture: 'syntax-unterminated-string.sql', line: 2, column: 27, message: /unterminated quoted string/ },
  { fixture: 'syntax-unterminated-dollar-quote.sql', line: 1, column: 51, message: /unterminated dollar-quoted string/ },
  { fixture: 'syntax-unterminated-block-comment.sql', line: 2, column: 1, message: /unterminated \/\* comment/ },
  { fixture: 'syntax-error-in-second-file', file: 'syntax-error-in-second-file/02_orders.sql', line: 6, column: 3, message: /syntax error at or near "total"/ },
  // Statements outside the allow-list.
  { fixture: 'forbidden-insert.sql', line: 2, column: 1, message: refused('INSERT') },
  { fixture: 'forbidden-update.sql', line: 2, column: 1, message: refused('UPDATE') },
  { fixture: 'forbidden-delete.sql', line: 2, column: 1, message: refused('DELETE') },
  { fixture: 'forbidden-truncate.sql', line: 2, column: 1, message: refused('TRUNCATE') },
  { fixture: 'forbidden-copy-from-file.sql', line: 2, column: 1, message: refused('COPY') },
  { fixture: 'forbidden-copy-to-program.sql', line: 2, column: 1, message: /COPY … PROGRAM is not allowed in a schema file: it runs a command on the database server/ },
  { fixture: 'forbidden-copy-from-program.sql', line: 2, column: 1, message: /COPY … PROGRAM is not allowed in a schema file: it runs a command on the database server/ },
  { fixture: 'forbidden-do-block.sql', line: 1, column: 1, message: refused('DO') },
  { fixture: 'forbidden-alter-system.sql', line: 1, column: 1, message: refused('ALTER SYSTEM') },
  { fixture: 'forbidden-create-role.sql', line: 1, column: 1, message: refused('CREATE ROLE') },
  { fixture: 'forbidden-alter-role.sql', line: 1, column: 1, message: refused('ALTER ROLE') },
  { fixture: 'forbidden-grant.sql', line: 2, column: 1, message: /GRANT is not allowed in a schema file: column privileges: schemafleet does not manage this yet/ },
  { fixture: 'forbidden-set-role.sql', line: 1, column: 1, message: refused('SET ROLE') },
  { fixture: 'forbidden-set-session-authorization.sql', line: 1, column: 1, message: refused('SET SESSION AUTHORIZATION') },
  { fixture: 'forbidden-load.sql', line: 1, column: 1, message: /LOAD is not allowed in a schema file: it loads a shared library/ },
  { fixture: 'forbidden-create-language.sql', line: 1, column: 1, message: /plpython3u is not on schemafleet's list of allowed extensions/ },
  { fixture: 'forbidden-function-plpython3u.sql', line: 1, column: 1, message: /plpython3u is an untrusted language/ },
  { fixture: 'forbidden-function-plperlu.sql', line: 1, column: 1, message: /plperlu is an untrusted language/ },
  { fixture: 'forbidden-function-c-file.sql', line: 1, column: 1, message: /c routines run code inside the server/ },
  { fixture: 'forbidden-extension-dblink.sql', line: 1, column: 1, message: /extension dblink is not on schemafleet's list of allowed extensions/ },
  { fixture: 'forbidden-extension-file-fdw.sql', line: 1, column: 1, message: /extension file_fdw is not on schemafleet's list of allowed extensions/ },
  { fixture: 'forbidden-extension-adminpack.sql', line: 1, column: 1, message: /extension adminpack is not on schemafleet's list of allowed extensions/ },
  { fixture: 'forbidden-create-server.sql', line: 1, column: 1, message: refused('CREATE SERVER') },
  { fixture: 'forbidden-foreign-data-wrapper.sql', line: 1, column: 1, message: refused('CREATE FOREIGN DATA WRAPPER') },
  { fixture: 'forbidden-table-in-other-schema.sql', line: 2, column: 1, message: /other\.audit is in schema other, but the schema file describes schema public/ },
  { fixture: 'forbidden-select-pg-sleep.sql', line: 1, column: 1, message: refused('SELECT') },
  { fixture: 'forbidden-vacuum.sql', line: 1, column: 1, message: refused('VACUUM') },
  { fixture: 'forbidden-transaction-control.sql', line: 1, column: 1, message: /BEGIN is not allowed in a schema file[^]*:3:1: COMMIT is not allowed/ },
  { fixture: 'forbidden-event-trigger.sql', line: 2, column: 1, message: refused('CREATE EVENT TRIGGER') },
  { fixture: 'forbidden-lo-import.sql', line: 1, column: 1, message: refused('SELECT') },
  { fixture: 'forbidden-drop-table.sql', line: 2, column: 1, message: refused('DROP TABLE') },
  { fixture: 'forbidden-alter-owner.sql', line: 2, column: 1, message: /OWNER TO must be a statement of its own: ownership is not managed by schemafleet/ },
  { fixture: 'forbidden-psql-meta-command.sql', line: 2, column: 1, message: /psql meta-command \\connect is not allowed in a schema file: it is not SQL/ },
  { fixture: 'forbidden-table-access-method.sql', line: 2, column: 1, message: /CREATE TABLE is not allowed in a schema file: USING brin: schemafleet does not manage this yet/ },
  { fixture: 'forbidden-index-statistics.sql', line: 3, column: 1, message: /ALTER INDEX is not allowed in a schema file: ALTER INDEX … SET STATISTICS: schemafleet does not manage this yet/ },
  { fixture: 'forbidden-policy-current-user.sql', line: 3, column: 1, message: /CREATE POLICY is not allowed in a schema file: TO CURRENT_USER would be the role the schema file is checked as/ },
  { fixture: 'forbidden-create-database.sql', line: 1, column: 1, message: refused('CREATE DATABASE') },
  { fixture: 'forbidden-create-table-as.sql', line: 2, column: 1, message: /CREATE TABLE … AS copies data/ },
  { fixture: 'forbidden-temporary-table.sql', line: 1, column: 1, message: /temporary objects disappear/ },
  // Files that are not SQL text, or hold nothing.
  { fixture: 'empty-file.sql', line: 1, column: 1, message: /the schema holds no statements/, excerpt: false },
  { fixture: 'comments-only.sql', line: 1, column: 1, message: /the schema holds no statements/, excerpt: false },
  { fixture: 'not-utf8.sql', line: 2, column: 25, message: /is not valid UTF-8 \(byte 0xe9/, excerpt: false },
  { fixture: 'binary-file.sql', line: 4, column: 1, message: /is a binary file \(NUL byte/, excerpt: false },
  // Parser limits: a located error, not a crash.
  { fixture: 'deeply-nested-parentheses.sql', line: 1, message: /expression nested too deeply for the parser/ },
  // Accepted by the parser, refused by PostgreSQL on the scratch database.
  { fixture: 'postgres-rejects-unknown-type.sql', line: 5, column: 9, message: /type "moneyz" does not exist/ },
];

const plan = (schema: string) => cli(['plan', '--schema', schema, '--url', adminUrl(), ...devUrlArgs()]);

function expectLocated(stderr: string, file: string, line: number, column?: number): void {
  const at = column === undefined ? `${file}:${line}:` : `${file}:${line}:${column}:`;
  expect(stderr).toContain(at);
}

describe('bad schema files', () => {
  it.each(cases)('$fixture: exit 2 at its file:line:col', async ({ fixture, file, line, column, message, excerpt }) => {
    const run = await plan(badInputFixture('schema', fixture));
    expect(run.stderr).toMatch(message);
    expectLocated(run.stderr, shownPath('schema', file ?? fixture), line, column);
    expect(run.stderr).toMatch(/^error: /);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expectClean(run);
    // An excerpt with a caret follows every located message, even for a 20,000-character line.
    if (excerpt !== false) expect(run.stderr).toMatch(/\n\s+\d+ \| .*\n\s+\| *\^/);
    expect(run.stderr.split('\n').every((l) => l.length < 600)).toBe(true);
  });

  it('a file with a UTF-8 byte order mark is accepted', async () => {
    const run = await plan(badInputFixture('schema', 'bom-is-accepted.sql'));
    expectClean(run);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/CREATE TABLE .*users/);
  });

  it('an empty folder: exit 2, naming the folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sf-bad-empty-'));
    try {
      const run = await plan(dir);
      expect(run.stderr).toContain(`schema folder ${dir} holds no .sql files`);
      expect(run.code).toBe(2);
      expectClean(run);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a 50 MB file is refused quickly, before it is read, with the limit', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sf-bad-huge-'));
    try {
      const file = join(dir, 'huge.sql');
      const line = 'CREATE TABLE t (a int); -- padding padding padding padding padding padding padding\n';
      const handle = await open(file, 'w');
      const chunk = line.repeat(Math.ceil((1024 * 1024) / line.length));
      for (let i = 0; i < 50; i++) await handle.write(chunk);
      await handle.close();
      const started = Date.now();
      const run = await plan(file);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(run.stderr).toMatch(/schema file .*huge\.sql is 50(\.\d)? MB, over the limit of 10 MB per file/);
      expect(run.code).toBe(2);
      expectClean(run);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a folder of files over 50 MB together is refused before any is read', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sf-bad-total-'));
    try {
      await mkdir(join(dir, 'parts'));
      const chunk = `CREATE TABLE t (a int); -- ${'x'.repeat(1000)}\n`.repeat(9 * 1000);
      for (let i = 0; i < 6; i++) await writeFile(join(dir, 'parts', `${i}.sql`), chunk);
      const run = await plan(dir);
      expect(run.stderr).toMatch(/holds more than 50 MB of \.sql files/);
      expect(run.code).toBe(2);
      expectClean(run);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
