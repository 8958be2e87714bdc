import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BadInputError } from '../../../src/errors.js';
import { loadFleetConfig } from '../../../src/fleet/config/load-fleet-config.js';
import { assertOneSchemaPerTenant } from '../../../src/fleet/config/one-schema-per-tenant.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sf-schema-names-'));
  await writeFile(join(dir, 'schema.sql'), 'CREATE TABLE accounts (id bigint PRIMARY KEY);\n');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function load(yaml: string) {
  const path = join(dir, 'schemafleet.yml');
  await writeFile(path, `schema: schema.sql\n${yaml}`);
  return loadFleetConfig(path, {});
}

async function problems(yaml: string): Promise<string> {
  const error = await load(yaml).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BadInputError);
  const message = (error as BadInputError).message;
  expect(message).not.toMatch(/\n\s+at /);
  return message;
}

describe('schemaNames: database tenants of several schemas', () => {
  it('is read for database tenants; the first name is where their unqualified names go', async () => {
    const config = await load('schemaNames: [app, audit]\ntenants:\n  list:\n    - id: acme\n      url: postgres://app@db1.internal/acme\n');
    expect(config.schemaNames).toEqual(['app', 'audit']);
    expect(config.schemaName).toBe('app');
    expect(config.tenants).toMatchObject({ kind: 'list', tenants: [{ id: 'acme', schema: 'app' }] });
    expect((await load('tenants:\n  list:\n    - id: acme\n      url: postgres://app@db1.internal/acme\n')).schemaNames).toBeNull();
  });

  it('is refused on schema-per-tenant sources, where one schema is the tenant, naming the key', async () => {
    const message = await problems("schemaNames: [app, audit]\ntenants:\n  schemas:\n    url: postgres://postgres@localhost/app\n    match: 'tenant_%'\n");
    expect(message).toMatch(/schemafleet\.yml: schemaNames: only for database tenants \(tenants\.list, file or query\): with tenants\.schemas each tenant is one schema of a shared database$/);
  });

  it('refuses schemaName beside it, a name twice, an empty list, and a list tenant naming its own schema', async () => {
    const tenants = 'tenants:\n  list:\n    - id: acme\n      url: postgres://app@db1.internal/acme\n      schema: app\n';
    const message = await problems(`schemaName: app\nschemaNames: [app, audit, app]\n${tenants}`);
    expect(message).toContain('schemaNames: give schemaName or schemaNames, not both');
    expect(message).toContain('schemaNames[2]: duplicate schema name "app"');
    expect(message).toContain('tenants.list[0].schema: a tenant cannot name its own schema when schemaNames is set');
    expect(await problems(`schemaNames: []\n${tenants}`)).toContain('schemaNames: expected at least one schema name');
  });

  it('commands that plan one schema per tenant (preflight, the Action) stop on it by name, rather than plan its first schema alone', async () => {
    const config = await load('schemaNames: [app, audit]\ntenants:\n  list:\n    - id: acme\n      url: postgres://app@db1.internal/acme\n');
    expect(() => assertOneSchemaPerTenant(config, 'preflight')).toThrow(/schemafleet\.yml: schemaNames: preflight plans one schema per tenant and cannot plan the set \[app, audit\] yet$/);
    expect(() => assertOneSchemaPerTenant({ ...config, schemaNames: null }, 'preflight')).not.toThrow();
  });
});
