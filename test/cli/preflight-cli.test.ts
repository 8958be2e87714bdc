import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, devUrlArgs } from './run-cli-in-process.js';
import { createTestDatabase } from '../support/pg.js';

const V1 = 'CREATE TABLE items (id bigint PRIMARY KEY, qty integer);\n';
const V2 = 'CREATE TABLE items (id bigint PRIMARY KEY, qty integer CONSTRAINT items_qty_positive CHECK (qty > 0), note text);\n';

async function fleetConfig(tenantsYaml: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sf-preflight-cli-'));
  await writeFile(join(dir, 'schema.sql'), V2);
  await writeFile(join(dir, 'schemafleet.yml'), `schema: schema.sql\ntenants:\n${tenantsYaml}`);
  return join(dir, 'schemafleet.yml');
}

async function schemaFleet() {
  const db = await createTestDatabase('sf_preflight_cli');
  await db.exec(`CREATE SCHEMA tenant_a; SET search_path TO tenant_a; ${V1} INSERT INTO items VALUES (1, 5), (2, NULL);`);
  await db.exec(`CREATE SCHEMA tenant_b; SET search_path TO tenant_b; ${V1} CREATE INDEX items_qty_idx ON items (qty);`);
  await db.exec(`CREATE SCHEMA tenant_c; SET search_path TO tenant_c; ${V1} INSERT INTO items VALUES (1, 0), (2, -3);`);
  const config = await fleetConfig(`  schemas:\n    url: ${JSON.stringify(db.url)}\n    match: 'tenant_%'\n`);
  return { db, config };
}

describe('schemafleet preflight', () => {
  it('text: groups, plan, data problems per tenant and a verdict; exit 1 when a tenant would fail, 0 when none would', async () => {
    const { db, config } = await schemaFleet();
    const all = await cli(['preflight', '--config', config, ...devUrlArgs()]);
    expect(all.stderr).toBe('');
    expect(all.code).toBe(1);
    expect(all.stdout).toMatch(/^preflight: 3 tenants in 2 live states\n/);
    expect(all.stdout).toMatch(/group 1: 2 tenants — largest group, \d+ steps? to run/);
    expect(all.stdout).toMatch(/group 2: 1 tenant — drift: \+ index items_qty_idx; \d+ steps? to run/);
    expect(all.stdout).toContain('tenant tenant_c: 2 rows of items violate CHECK ((qty > 0)) (constraint items_qty_positive)');
    expect(all.stdout).not.toContain('tenant tenant_a:');
    expect(all.stdout).toMatch(/\nfail: 3 tenants, 2 live states, 0 up to date; up to 1 would fail \(1 data problem\)\n$/);

    const clean = await cli(['preflight', '--config', config, '--tenants', 'tenant_a', '--tenants', 'tenant_b', ...devUrlArgs()]);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toMatch(/\nok: 2 tenants, 2 live states, 0 up to date; no tenant would fail\n$/);
    expect(await db.query("SELECT 1 FROM pg_namespace WHERE nspname = 'schemafleet'")).toEqual([]);
    expect(await db.query("SELECT 1 FROM information_schema.columns WHERE column_name = 'note'")).toEqual([]);
  });

  it('json has the stable shape; markdown is a job summary; --sample caps the ids listed', async () => {
    const { config } = await schemaFleet();
    const json = await cli(['preflight', '--config', config, '--format', 'json', '--sample', '1', '--concurrency', '2', ...devUrlArgs()]);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout) as Record<string, unknown> & { groups: Record<string, unknown>[]; dataProblems: unknown[] };
    expect(Object.keys(report)).toEqual(['tenants', 'groups', 'dataProblems', 'unreachable', 'skippedChecks', 'verdict']);
    expect(report.tenants).toBe(3);
    expect(report.groups[0]).toMatchObject({ tenants: ['tenant_a'], tenantCount: 2, upToDate: false, largest: true });
    expect(Object.keys(report.groups[0] ?? {})).toEqual(expect.arrayContaining(['fingerprint', 'tenants', 'tenantCount', 'upToDate', 'steps', 'findings']));
    expect(report.dataProblems).toEqual([
      {
        tenantId: 'tenant_c',
        check: 'check-violations',
        object: 'items.items_qty_positive',
        message: 'tenant tenant_c: 2 rows of items violate CHECK ((qty > 0)) (constraint items_qty_positive)',
        count: 2,
      },
    ]);
    const markdown = await cli(['preflight', '--config', config, '--format', 'markdown', ...devUrlArgs()]);
    expect(markdown.code).toBe(1);
    expect(markdown.stdout).toMatch(/^## schemafleet preflight\n\n❌ \*\*fail: /);
    expect(markdown.stdout).toContain('| tenant_c | check-violations |');
    expect(markdown.stdout).toContain('```sql');
  });

  it('exit 2 on bad flags, 3 when the tenant source cannot be reached (no password printed); an unreachable tenant is exit 1, named, redacted', async () => {
    const { config } = await schemaFleet();
    const bad = await cli(['preflight', '--config', config, '--format', 'xml', ...devUrlArgs()]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--format: expected text, json or markdown');
    const badSample = await cli(['preflight', '--config', config, '--sample', 'many', ...devUrlArgs()]);
    expect(badSample.code).toBe(2);

    const gone = await fleetConfig(`  schemas:\n    url: "postgres://sf:pw-src-s3cret@127.0.0.1:1/control"\n    match: 'tenant_%'\n`);
    const source = await cli(['preflight', '--config', gone, ...devUrlArgs()]);
    expect(source.code).toBe(3);
    expect(source.stderr).toMatch(/cannot connect to postgres:\/\/sf:\*\*\*@127\.0\.0\.1:1\/control/);
    expect(source.stdout + source.stderr).not.toContain('pw-src-s3cret');

    const list = await fleetConfig(`  list:\n    - id: lost\n      url: "postgres://sf:pw-tenant-s3cret@127.0.0.1:1/lost"\n`);
    const tenant = await cli(['preflight', '--config', list, '--format', 'json', ...devUrlArgs()]);
    expect(tenant.code).toBe(1);
    const report = JSON.parse(tenant.stdout) as { unreachable: { tenantId: string; message: string }[] };
    expect(report.unreachable).toHaveLength(1);
    expect(report.unreachable[0]?.tenantId).toBe('lost');
    expect(tenant.stdout + tenant.stderr).not.toContain('pw-tenant-s3cret');
  });
});
