import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { createTestDatabase } from '../support/pg.js';
import { introspectSchema } from '../../src/schema/introspect/introspect-schema.js';
import { planMigration } from '../../src/plan/plan-migration.js';
import { applyPlan } from '../../src/apply/apply-plan.js';

async function introspect(url: string): Promise<Awaited<ReturnType<typeof introspectSchema>>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await introspectSchema(client, 'public');
  } finally {
    await client.end();
  }
}

describe('narrowing a column never loses data silently', () => {
  it('narrowing varchar fails on a value that does not fit, leaving the data as it was', async () => {
    const tenant = await createTestDatabase();
    const target = await createTestDatabase();
    await tenant.exec(`CREATE TABLE t (code varchar(50)); INSERT INTO t VALUES ('short'), ('a value that is far too long');`);
    await target.exec('CREATE TABLE t (code varchar(10))');
    const { plan } = planMigration(await introspect(tenant.url), await introspect(target.url));
    const alter = plan.steps.find((s) => /ALTER COLUMN code TYPE/.test(s.sql));
    // An explicit ::varchar(10) cast would truncate; the assignment cast rejects instead.
    expect(alter?.sql).toBe('ALTER TABLE t ALTER COLUMN code TYPE character varying(10)');
    const result = await applyPlan({ url: tenant.url, schema: 'public' }, plan, { lockTimeoutMs: 2_000 });
    expect(result.status).toBe('failed');
    expect(result.error?.sqlstate).toBe('22001');
    const rows = await tenant.query<{ code: string }>('SELECT code FROM t ORDER BY code');
    expect(rows.map((r) => r.code)).toEqual(['a value that is far too long', 'short']);
  });

  it('a change with no assignment cast keeps its USING clause', async () => {
    const tenant = await createTestDatabase();
    const target = await createTestDatabase();
    await tenant.exec(`CREATE TABLE t (n text); INSERT INTO t VALUES ('42');`);
    await target.exec('CREATE TABLE t (n integer)');
    const { plan } = planMigration(await introspect(tenant.url), await introspect(target.url));
    expect(plan.steps.map((s) => s.sql)).toContain('ALTER TABLE t ALTER COLUMN n TYPE integer USING n::integer');
    const result = await applyPlan({ url: tenant.url, schema: 'public' }, plan, { lockTimeoutMs: 2_000 });
    expect(result.status).toBe('applied');
    expect(await tenant.query('SELECT n FROM t')).toEqual([{ n: 42 }]);
  });
});
