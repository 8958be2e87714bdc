import { describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, devUrlArgs } from './run-cli-in-process.js';
import { adminUrlWithPassword, createTestDatabase, withDatabase } from '../support/pg.js';

describe('schemafleet dump', () => {
  it('writes a schema file that plans to nothing against the database it came from, the same bytes each time', async ({ onTestFinished }) => {
    const db = await createTestDatabase();
    await db.exec(`
      CREATE SCHEMA app;
      SET search_path TO app;
      CREATE TYPE mood AS ENUM ('calm', 'busy');
      CREATE TABLE accounts (id bigserial PRIMARY KEY, email text NOT NULL UNIQUE, mood mood DEFAULT 'calm');
      CREATE TABLE orders (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, account_id bigint REFERENCES accounts (id), total numeric(10,2) CHECK (total > 0));
      CREATE INDEX orders_account_idx ON orders (account_id);
      CREATE VIEW big_orders AS SELECT * FROM orders WHERE total > 100;
      CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
      CREATE TRIGGER orders_touch BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION touch();
      COMMENT ON TABLE accounts IS 'who pays';
    `);
    const dir = await mkdtemp(join(tmpdir(), 'sf-dump-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const output = join(dir, 'schema.sql');

    const dump = await cli(['dump', '--url', db.url, '--schema-name', 'app', '--output', output]);
    expect(dump.code, dump.stderr).toBe(0);
    const text = await readFile(output, 'utf8');
    expect(text).toMatch(/^-- table accounts\nCREATE TABLE accounts \(/m);
    expect(text).not.toMatch(/\bapp\./);

    const again = await cli(['dump', '--url', db.url, '--schema-name', 'app']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toBe(text);

    const plan = await cli(['plan', '--schema', output, '--url', db.url, '--schema-name', 'app', ...devUrlArgs()]);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toBe('-- no changes\n');
  });

  it('declares an empty schema with CREATE SCHEMA, since an empty file is refused', async ({ onTestFinished }) => {
    const db = await createTestDatabase();
    await db.exec('CREATE SCHEMA empty_one');
    const dir = await mkdtemp(join(tmpdir(), 'sf-dump-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const output = join(dir, 'schema.sql');
    expect((await cli(['dump', '--url', db.url, '--schema-name', 'empty_one', '--output', output])).code).toBe(0);
    const plan = await cli(['plan', '--schema', output, '--url', db.url, '--schema-name', 'empty_one', ...devUrlArgs()]);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toBe('-- no changes\n');
  });

  it('refuses a missing --url with exit 2, and an unreachable database with exit 3 without printing its password', async () => {
    const missing = await cli(['dump']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--url: is required');
    const { url, password } = adminUrlWithPassword();
    const unreachable = await cli(['dump', '--url', withDatabase(url, 'sf_no_such_database_18')]);
    expect(unreachable.code).toBe(3);
    expect(unreachable.stderr).not.toContain(password);
  });
});
