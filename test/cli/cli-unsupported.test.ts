import { describe, expect, it } from 'vitest';
import { cli, devUrlArgs, fixture } from './run-cli-in-process.js';
import { createTestDatabase } from '../support/pg.js';

describe('objects schemafleet does not manage are never silently ignored', () => {
  it('refuses a schema file that declares one, naming it and where it is (exit 2)', async () => {
    const db = await createTestDatabase();
    const run = await cli(['plan', '--schema', fixture('with-aggregate.sql'), '--url', db.url, ...devUrlArgs()]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/with-aggregate\.sql:6:1: aggregate total_of\(numeric\) is not supported/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('warns about one found in a tenant database and leaves it alone', async () => {
    const db = await createTestDatabase();
    await db.exec(`CREATE FUNCTION add2(a int, b int) RETURNS int LANGUAGE sql AS $$ SELECT coalesce(a, 0) + b $$;
      CREATE AGGREGATE my_sum(int) (SFUNC = add2, STYPE = int);`);
    const run = await cli(['plan', '--schema', fixture('users-v1.sql'), '--url', db.url, '--format', 'json', ...devUrlArgs()]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/warning: schema public of the target database has objects schemafleet does not manage; they are left as they are: aggregate my_sum\(integer\)/);
    const sqls = (JSON.parse(run.stdout) as { steps: { sql: string }[] }).steps.map((s) => s.sql).join('\n');
    expect(sqls).not.toMatch(/my_sum/);
  });
});
