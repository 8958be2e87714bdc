import { describe, expect, it } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, devUrlArgs } from '../cli/run-cli-in-process.js';
import { V2, createSchemaFleet } from '../fleet/rollout/fleet-fixture.js';
import { readLiveSchema } from '../../src/apply/read-live-schema.js';
import { planMigration } from '../../src/plan/plan-migration.js';
import { createTestDatabase } from '../support/pg.js';
import { expectClean } from './bad-input-helpers.js';

/** Tenant ids and schema names an attacker (or an unlucky customer) might choose. */
const HOSTILE: readonly { id: string; schema: string }[] = [
  { id: `o'brien "quoted"`, schema: `o'brien "quoted"` },
  { id: 'with  spaces ', schema: 'with  spaces ' },
  { id: 'ünïcödé ☕ tenant', schema: 'ünïcödé schéma ☕' },
  { id: "x'; DROP TABLE t; --", schema: "x'; DROP TABLE users; --" },
  { id: 'line one\nfailed    forged-tenant', schema: 'new\nline' },
  { id: 'tab\there\r\u001b[31mred', schema: 'Mixed Case' },
  { id: 'a'.repeat(63), schema: 'a'.repeat(63) },
  { id: '€'.repeat(21), schema: '€'.repeat(21) }, // 63 bytes in UTF-8
];

async function writeConfig(url: string, ledgerUrl: string, tenants: readonly { id: string; schema: string }[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sf-hostile-'));
  await writeFile(join(dir, 'schema.sql'), V2);
  // JSON strings are YAML double-quoted scalars: every character arrives as written.
  const list = tenants.map((t) => `    - id: ${JSON.stringify(t.id)}\n      url: ${JSON.stringify(url)}\n      schema: ${JSON.stringify(t.schema)}`).join('\n');
  await writeFile(join(dir, 'schemafleet.yml'), `schema: schema.sql\ntenants:\n  list:\n${list}\nledger:\n  url: ${JSON.stringify(ledgerUrl)}\nrollout:\n  concurrency: 2\n  failureBudget: 100\n`);
  return join(dir, 'schemafleet.yml');
}

const TEXT_LINE = /^(\S.*|\s+.*|)$/;

/** Text output: one line per event; no id may start a line of its own (a newline in an id is escaped). */
function expectNoForgedLines(text: string): void {
  for (const line of text.split('\n')) {
    expect(line).toMatch(TEXT_LINE);
    expect(line.startsWith('failed    forged-tenant')).toBe(false);
    expect(line).not.toContain('\u001b');
  }
}

describe('hostile tenant ids and schema names', () => {
  it('dry run, real rollout, status: quoted, nothing injected, ids kept exactly and printed safely', async () => {
    const { db } = await createSchemaFleet(HOSTILE.map((t) => t.schema));
    // A table the injection-looking names would drop if they were pasted into SQL unquoted.
    await db.exec('CREATE TABLE public.t (id int); CREATE TABLE public.users (id int);');
    const ledgerDb = await createTestDatabase('sf_ledger');
    const config = await writeConfig(db.url, ledgerDb.url, HOSTILE);

    const dry = await cli(['rollout', '--config', config, '--dry-run', ...devUrlArgs()]);
    expectClean(dry);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/would change\s+8/);
    expectNoForgedLines(dry.stdout);
    expectNoForgedLines(dry.stderr);
    // Control characters in an id are shown escaped, one line per tenant.
    expect(dry.stderr).toContain('line one\\u000afailed    forged-tenant');
    expect(dry.stderr).toContain('tab\\u0009here\\u000d\\u001b[31mred');
    expect(dry.stderr).toContain(`x'; DROP TABLE t; --`);

    const json = await cli(['rollout', '--config', config, '--format', 'json', ...devUrlArgs()]);
    expectClean(json);
    expect(json.code).toBe(0);
    const events = json.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; tenant?: string | { id: string }; [key: string]: unknown });
    const finished = events.filter((e) => e.type === 'tenant-finished').map((e) => (typeof e.tenant === 'string' ? e.tenant : (e.tenant?.id ?? e.tenantId)));
    expect(new Set(finished)).toEqual(new Set(HOSTILE.map((t) => t.id)));

    // Every schema is at the desired state; nothing outside the tenants' schemas was touched.
    const desiredDb = await createTestDatabase('sf_desired');
    await desiredDb.exec(V2);
    const desired = await readLiveSchema(desiredDb.url, 'public');
    for (const tenant of HOSTILE) {
      const current = await readLiveSchema(db.url, tenant.schema);
      expect(planMigration(current, desired).plan.steps, tenant.schema).toEqual([]);
    }
    expect(await db.query("SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relname IN ('t', 'users') ORDER BY 1")).toEqual([{ relname: 't' }, { relname: 'users' }]);

    const status = await cli(['status', '--config', config, '--format', 'json']);
    expectClean(status);
    expect(status.code).toBe(0);
    // The ledger holds the ids byte for byte.
    const stored = await ledgerDb.query<{ tenant_id: string }>('SELECT tenant_id FROM schemafleet.rollout_tenants');
    expect(new Set(stored.map((r) => r.tenant_id))).toEqual(new Set(HOSTILE.map((t) => t.id)));
    const statusText = await cli(['status', '--config', config]);
    expectClean(statusText);
    expectNoForgedLines(statusText.stdout);

    const again = await cli(['rollout', '--config', config, ...devUrlArgs()]);
    expectClean(again);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/unchanged\s+8/);
    expectNoForgedLines(again.stdout);
    expectNoForgedLines(again.stderr);
  });

  it('a 64-byte schema name is refused by the config, naming the tenant entry', async () => {
    const config = await writeConfig('postgres://app@127.0.0.1:1/db', 'postgres://app@127.0.0.1:1/db', [
      { id: 'ok', schema: 'a'.repeat(63) },
      { id: 'too-long', schema: 'b'.repeat(64) },
      { id: 'too-long-multibyte', schema: `${'€'.repeat(21)}x` },
    ]);
    const run = await cli(['rollout', '--config', config, '--dry-run']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/tenants\.list\[1\]\.schema: .*63 bytes/);
    expect(run.stderr).toMatch(/tenants\.list\[2\]\.schema: .*63 bytes/);
    expect(run.stderr).not.toMatch(/tenants\.list\[0\]/);
    expectClean(run);
  });
});
