import { expect } from 'vitest';
import pg from 'pg';
import { adminUrl, createTestDatabase } from '../support/pg.js';
import { canDump, pgDumpSchemaOnly, schemaDump } from '../support/pg-dump.js';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDesiredSchema } from '../../src/schema/load/load-desired-schema.js';
import { renderSchemaFile } from '../../src/report/schema-file/render-schema-file.js';
import { introspectSchema } from '../../src/schema/introspect/introspect-schema.js';
import { planMigration } from '../../src/plan/plan-migration.js';
import { applyPlan } from '../../src/apply/apply-plan.js';
import type { SchemaModel } from '../../src/schema/model.js';
import type { AcceptanceCase } from './acceptance-case.js';

async function introspect(url: string, schema: string): Promise<SchemaModel> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await introspectSchema(client, schema);
  } finally {
    await client.end();
  }
}

/**
 * The parts of a model that two databases built from the same DDL must agree on. Column order is
 * not one of them: it never produces a change, so a migrated table may keep its old order.
 */
function comparable(model: SchemaModel): Omit<SchemaModel, 'schema' | 'serverVersion'> {
  const { schema: _schema, serverVersion: _version, ...rest } = model;
  const byName = <T extends { name: string }>(items: readonly T[]): T[] => [...items].sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  return {
    ...rest,
    tables: rest.tables.map((t) => ({ ...t, columns: byName(t.columns) })),
    compositeTypes: rest.compositeTypes,
  };
}

/** Whether pg_dump can read the test server: asked once per test file, when the first case needs it. */
let dumpableOnce: Promise<boolean> | undefined;
const dumpable = (): Promise<boolean> => (dumpableOnce ??= canDump(adminUrl()));

const quoted = (name: string): string => `"${name.replaceAll('"', '""')}"`;

function inSchema(schema: string, sql: string, create = true): string {
  if (schema === 'public') return sql;
  return `${create ? `CREATE SCHEMA ${quoted(schema)}; ` : ''}SET search_path TO ${quoted(schema)};\n${sql}`;
}

/**
 * The desired state as a team has it on day one: `pg_dump --schema-only` of the target database
 * (owners, the \\restrict lines, the session SETs and all), loaded through the product's loader.
 * It must give the very model the target's own catalog gives, so every check below holds for it too.
 */
async function loadText(text: string, schema: string, onFinished: (fn: () => Promise<void>) => void): Promise<SchemaModel> {
  const dir = await mkdtemp(join(tmpdir(), 'sf-acc-dump-'));
  onFinished(() => rm(dir, { recursive: true, force: true }));
  const path = join(dir, 'schema.sql');
  await writeFile(path, text);
  return (await loadDesiredSchema({ path, schema, devUrl: adminUrl() })).model;
}

async function expectPgDumpLoadsAsTarget(targetUrl: string, schema: string, desired: SchemaModel, onFinished: (fn: () => Promise<void>) => void): Promise<void> {
  const dump = await pgDumpSchemaOnly(targetUrl);
  const loaded = await loadText(dump, schema, onFinished);
  // pg_dump writes CREATE EXTENSION without VERSION: any installed version is desired then.
  // It writes no GRANT for default privileges: a file without any leaves privileges unmanaged (null).
  const unpinned = {
    ...desired,
    extensions: desired.extensions.map((e) => ({ ...e, version: null })),
    privileges: loaded.privileges === null ? null : desired.privileges,
  };
  expect(comparable(loaded), `pg_dump of the target, loaded as a schema file, gives the target's model\n${dump}`).toEqual(comparable(unpinned));
}

/** What `schemafleet dump` writes for the target, loaded back, plans to nothing against the target. */
async function expectOwnDumpPlansEmpty(schema: string, desired: SchemaModel, onFinished: (fn: () => Promise<void>) => void): Promise<void> {
  const file = renderSchemaFile(desired);
  const loaded = await loadText(file, schema, onFinished);
  const steps = planMigration(desired, loaded).plan.steps.map((s) => s.sql);
  expect(steps, `schemafleet dump of the target, planned against the target, is empty\n${file}`).toEqual([]);
}

export async function runAcceptanceCase(testCase: AcceptanceCase, onFinished: (fn: () => Promise<void>) => void): Promise<void> {
  const schema = testCase.schema ?? 'public';
  const current = await createTestDatabase('sf_acc_from', { onFinished });
  const target = await createTestDatabase('sf_acc_to', { onFinished });
  await current.exec(inSchema(schema, testCase.before));
  if (testCase.seed) await current.exec(inSchema(schema, testCase.seed, false));
  await target.exec(inSchema(schema, testCase.after));

  const currentModel = await introspect(current.url, schema);
  const desiredModel = await introspect(target.url, schema);
  expect(currentModel.unsupported, 'unsupported objects in before').toEqual([]);
  expect(desiredModel.unsupported, 'unsupported objects in after').toEqual([]);

  if (await dumpable()) await expectPgDumpLoadsAsTarget(target.url, schema, desiredModel, onFinished);
  await expectOwnDumpPlansEmpty(schema, desiredModel, onFinished);

  const first = planMigration(currentModel, desiredModel);
  const again = planMigration(currentModel, desiredModel);
  expect(JSON.stringify(again), 'plans are deterministic').toBe(JSON.stringify(first));
  const { plan } = first;
  expect(plan.steps.length, 'a changed schema gives a non-empty plan').toBeGreaterThan(0);

  const sqls = plan.steps.map((s) => s.sql);
  for (const pattern of testCase.expectSql ?? [])
    expect(
      sqls.some((s) => pattern.test(s)),
      `a step matches ${pattern}\n${sqls.join('\n')}`,
    ).toBe(true);
  const positions = (testCase.expectOrder ?? []).map((pattern) => sqls.findIndex((s) => pattern.test(s)));
  expect(
    positions.every((p, i) => p >= 0 && (i === 0 || p > positions[i - 1]!)),
    `steps in the order ${testCase.expectOrder?.join(', ')}\n${sqls.join('\n')}`,
  ).toBe(true);
  for (const pattern of testCase.forbidSql ?? [])
    expect(
      sqls.filter((s) => pattern.test(s)),
      `no step matches ${pattern}`,
    ).toEqual([]);
  const hazards = new Set(plan.steps.flatMap((s) => s.hazards.map((h) => h.kind)));
  for (const kind of testCase.expectHazards ?? []) expect([...hazards], `hazard ${kind}`).toContain(kind);
  for (const kind of testCase.forbidHazards ?? []) expect([...hazards], `no hazard ${kind}`).not.toContain(kind);
  for (const pattern of testCase.expectNonTransactional ?? []) {
    const step = plan.steps.find((s) => pattern.test(s.sql));
    expect(step?.transactional, `${pattern} runs outside a transaction`).toBe(false);
  }

  const result = await applyPlan({ url: current.url, schema }, plan, { lockTimeoutMs: 5_000 });
  expect(result.error ?? null, `apply failed\n${sqls.join('\n')}`).toBeNull();
  expect(result.status).toBe('applied');

  const migrated = await introspect(current.url, schema);
  expect(comparable(migrated), `catalog after the plan equals the target\n${sqls.join('\n')}`).toEqual(comparable(desiredModel));
  // An oracle beside our own model, which cannot see what it does not hold (see test/support/pg-dump.ts).
  if (await dumpable()) {
    const [after, wanted] = await Promise.all([schemaDump(current.url, { ignoreOrder: true }), schemaDump(target.url, { ignoreOrder: true })]);
    expect(after, `pg_dump after the plan equals the target's\n${sqls.join('\n')}`).toBe(wanted);
  }
  const second = planMigration(migrated, desiredModel);
  expect(
    second.plan.steps.map((s) => s.sql),
    'second plan is empty',
  ).toEqual([]);
}
