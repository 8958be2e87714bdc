import { describe, expect, it } from 'vitest';
import { BadInputError, UnreachableDatabaseError } from '../../../src/errors.js';
import { queryTenantSource } from '../../../src/fleet/tenants/query-source.js';
import { schemasTenantSource } from '../../../src/fleet/tenants/schemas-source.js';
import type { Tenant, TenantSource } from '../../../src/fleet/tenant.js';
import { quoteIdent } from '../../../src/util/quote-ident.js';
import { createTestDatabase } from '../../support/pg.js';

async function collect(source: TenantSource, pageSize: number): Promise<Tenant[][]> {
  const pages: Tenant[][] = [];
  for await (const page of source.pages(pageSize)) pages.push([...page]);
  return pages;
}

async function failure(source: TenantSource): Promise<unknown> {
  return collect(source, 10).then(
    () => null,
    (error: unknown) => error,
  );
}

describe('query source', () => {
  it('pages 250 rows by 100: 3 pages, every id once, in order; database → url; text columns → labels', async () => {
    const db = await createTestDatabase('sf_tenants_q');
    await db.exec(`CREATE TABLE tenants (id text PRIMARY KEY, database text, tier text, shard int, note text);
      INSERT INTO tenants SELECT format('t%s', lpad(n::text, 3, '0')), format('db_%s', n), CASE WHEN n % 2 = 0 THEN 'paid' ELSE 'free' END, n % 4, NULL
      FROM generate_series(1, 250) AS n;`);
    const source = queryTenantSource({ url: db.url, sql: 'SELECT id, database, tier, shard, note FROM tenants;', schemaName: 'app' });
    const pages = await collect(source, 100);
    expect(pages.map((page) => page.length)).toEqual([100, 100, 50]);
    const all = pages.flat();
    expect(all.map((t) => t.id)).toEqual(Array.from({ length: 250 }, (_, i) => `t${String(i + 1).padStart(3, '0')}`));
    expect(all[0]).toEqual({ id: 't001', url: expect.stringMatching(/\/db_1$/), schema: 'app', labels: { tier: 'free', shard: '1' } });
    expect(new URL(all[0]?.url ?? '').host).toBe(new URL(db.url).host);
  });

  it('an exact multiple of the page size ends without an empty page; url and schema columns are used as given', async () => {
    const db = await createTestDatabase('sf_tenants_q');
    const sql = `SELECT n AS id, 'postgresql://app@elsewhere:6432/x' || n AS url, 's' || n AS schema FROM generate_series(1, 20) n`;
    const pages = await collect(queryTenantSource({ url: db.url, sql }), 10);
    expect(pages.map((page) => page.length)).toEqual([10, 10]);
    // Ids compare as text, so 10 sorts before 2: the order is stable on every server.
    expect(pages[0]?.slice(0, 3).map((t) => t.id)).toEqual(['1', '10', '11']);
    expect(pages[0]?.[0]).toEqual({ id: '1', url: 'postgresql://app@elsewhere:6432/x1', schema: 's1', labels: {} });
  });

  it('keeps hostile ids intact', async () => {
    const db = await createTestDatabase('sf_tenants_q');
    await db.exec(`CREATE TABLE t (id text, database text); INSERT INTO t VALUES ($$o'brien "x"; DROP TABLE t; --$$, 'a'), ('café ☕', 'b'), (repeat('z', 200), 'c');`);
    const ids = (await collect(queryTenantSource({ url: db.url, sql: 'SELECT * FROM t' }), 1)).flat().map((t) => t.id);
    expect(ids.sort()).toEqual([`o'brien "x"; DROP TABLE t; --`, 'café ☕', 'z'.repeat(200)].sort());
  });

  it('refuses duplicate ids, also across a page boundary', async () => {
    const db = await createTestDatabase('sf_tenants_q');
    await db.exec(`CREATE TABLE t (id text, database text); INSERT INTO t VALUES ('a', 'a'), ('b', 'b'), ('b', 'b2'), ('c', 'c');`);
    for (const pageSize of [1, 2, 3, 10]) {
      const error = await collect(queryTenantSource({ url: db.url, sql: 'SELECT * FROM t' }), pageSize).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error, `page size ${pageSize}`).toBeInstanceOf(BadInputError);
      expect((error as Error).message).toContain('duplicate tenant id "b"');
    }
  });

  it('explains bad queries and bad rows', async () => {
    const db = await createTestDatabase('sf_tenants_q');
    const cases: Array<[string, RegExp]> = [
      ['SELECT 1 AS x', /tenants\.query\.sql: expected the query to return an id column/],
      ["SELECT 'a' AS id", /tenant "a": expected a url or database value/],
      ["SELECT 'a' AS id, 'mysql://u:hunter2@h/d' AS url", /tenant "a": url: expected a postgres:\/\/ or postgresql:\/\/ URL/],
      ["SELECT NULL::text AS id, 'd' AS database", /a row has a NULL id/],
      ['SELECT * FROM no_such_table', /tenants\.query\.sql: relation "no_such_table" does not exist/],
    ];
    for (const [sql, pattern] of cases) {
      const error = await failure(queryTenantSource({ url: db.url, sql }));
      expect(error, sql).toBeInstanceOf(BadInputError);
      expect((error as Error).message).toMatch(pattern);
      expect((error as Error).message).not.toContain('hunter2');
    }
  });

  it('never changes anything: the query runs read-only', async () => {
    const db = await createTestDatabase('sf_tenants_q');
    await db.exec(`CREATE TABLE t (id text, database text); INSERT INTO t VALUES ('a', 'a'); CREATE SEQUENCE s;`);
    const error = await failure(queryTenantSource({ url: db.url, sql: `SELECT id, database, nextval('s') AS n FROM t` }));
    expect(error).toBeInstanceOf(BadInputError);
    expect((error as Error).message).toMatch(/read-only transaction/);
    expect((await db.query<{ last_value: string }>('SELECT last_value::text FROM s'))[0]?.last_value).toBe('1');
  });

  it('an unreachable control database is an UnreachableDatabaseError with the password redacted', async () => {
    const url = 'postgres://app:hunter2@127.0.0.1:1/control';
    const error = await failure(queryTenantSource({ url, sql: 'SELECT 1 AS id' }));
    expect(error).toBeInstanceOf(UnreachableDatabaseError);
    expect((error as Error).message).not.toContain('hunter2');
    expect((error as Error).message).toContain('postgres://app:***@127.0.0.1:1/control');
  });
});

describe('schemas source', () => {
  const hostile = [`tenant_o'brien`, 'tenant_"quoted"', 'tenant_with space', 'tenant_ünïcödé ☕', `tenant_${'x'.repeat(56)}`];

  it('discovers matching schemas, hostile names included, in pages ordered by name', async () => {
    const db = await createTestDatabase('sf_tenants_s');
    expect(Buffer.byteLength(hostile[4] ?? '')).toBe(63);
    const plain = Array.from({ length: 25 }, (_, i) => `tenant_${String(i).padStart(2, '0')}`);
    await db.exec([...plain, ...hostile, 'other', 'tenantx_nope_really'].map((name) => `CREATE SCHEMA ${quoteIdent(name)};`).join('\n'));
    const source = schemasTenantSource({ url: db.url, match: 'tenant\\_%' });
    const pages = await collect(source, 10);
    expect(pages.map((page) => page.length)).toEqual([10, 10, 10]);
    const all = pages.flat();
    const expected = [...plain, ...hostile].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    expect(all.map((t) => t.id)).toEqual(expected);
    for (const tenant of all) expect(tenant).toEqual({ id: tenant.schema, url: db.url, schema: tenant.schema, labels: {} });
    // A name is usable as a schema exactly as discovered.
    const rows = await db.query<{ n: string }>('SELECT count(*)::text AS n FROM pg_namespace WHERE nspname = ANY($1)', [all.map((t) => t.schema)]);
    expect(rows[0]?.n).toBe('30');
  });

  it('never returns system schemas, even for %', async () => {
    const db = await createTestDatabase('sf_tenants_s');
    const ids = (await collect(schemasTenantSource({ url: db.url, match: '%' }), 100)).flat().map((t) => t.id);
    expect(ids).toContain('public');
    expect(ids.filter((id) => id.startsWith('pg_') || id === 'information_schema')).toEqual([]);
  });

  it('no match is no pages', async () => {
    const db = await createTestDatabase('sf_tenants_s');
    expect(await collect(schemasTenantSource({ url: db.url, match: 'nothing_%' }), 10)).toEqual([]);
  });

  it('an unreachable database is an UnreachableDatabaseError with the password redacted', async () => {
    const error = await failure(schemasTenantSource({ url: 'postgres://app:hunter2@127.0.0.1:1/app', match: '%' }));
    expect(error).toBeInstanceOf(UnreachableDatabaseError);
    expect((error as Error).message).not.toContain('hunter2');
  });
});
