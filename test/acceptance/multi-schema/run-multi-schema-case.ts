import { expect } from 'vitest';
import pg from 'pg';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adminUrl, createTestDatabase } from '../../support/pg.js';
import { canDump, pgDumpSchemaOnly, schemaDump } from '../../support/pg-dump.js';
import { introspectSchemaSet } from '../../../src/schema/introspect/introspect-schema-set.js';
import { loadDesiredSchemaSet } from '../../../src/schema/load/load-desired-schema-set.js';
import { planSchemaSet } from '../../../src/plan/plan-schema-set.js';
import { renderPlanSql } from '../../../src/plan/render-plan-sql.js';
import { applyPlan } from '../../../src/apply/apply-plan.js';
import { renderSchemaSetFile } from '../../../src/report/schema-file/render-schema-set-file.js';
import type { SchemaModel } from '../../../src/schema/model.js';
import type { SchemaSet } from '../../../src/schema/schema-set.js';
import type { MultiSchemaCase } from './multi-schema-case.js';

async function readSet(url: string, schemas: readonly string[]): Promise<SchemaSet> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await introspectSchemaSet(client, schemas, schemas[0]!);
  } finally {
    await client.end();
  }
}

/** What two databases built from the same DDL agree on, schema by schema (column order aside). */
function comparableSet(set: SchemaSet): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const byName = <T extends { name: string }>(items: readonly T[]): T[] => [...items].sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  for (const [name, model] of [...set.models].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const { schema: _s, serverVersion: _v, ...rest } = model as SchemaModel;
    out[name] = { ...rest, tables: rest.tables.map((t) => ({ ...t, columns: byName(t.columns) })) };
  }
  return out;
}

async function loadText(text: string, schemas: readonly string[], onFinished: (fn: () => Promise<void>) => void): Promise<SchemaSet> {
  const dir = await mkdtemp(join(tmpdir(), 'sf-multi-'));
  onFinished(() => rm(dir, { recursive: true, force: true }));
  const path = join(dir, 'schema.sql');
  await writeFile(path, text);
  return (await loadDesiredSchemaSet({ path, primary: schemas[0]!, others: schemas.slice(1), devUrl: adminUrl() })).set;
}

/** A file without GRANT leaves privileges unmanaged (null); pg_dump writes no VERSION for extensions. */
function asLoaded(set: SchemaSet, loaded: SchemaSet): SchemaSet {
  const models = new Map(
    [...set.models].map(([name, m]) => [
      name,
      { ...m, privileges: loaded.models.get(name)?.privileges === null ? null : m.privileges, extensions: m.extensions.map((e) => ({ ...e, version: null })) },
    ]),
  );
  return { ...set, models };
}

const shown = (sqls: readonly string[]): string => sqls.join('\n');

export async function runMultiSchemaCase(testCase: MultiSchemaCase, onFinished: (fn: () => Promise<void>) => void): Promise<void> {
  const { schemas } = testCase;
  const current = await createTestDatabase('sf_ms_from', { onFinished });
  const target = await createTestDatabase('sf_ms_to', { onFinished });
  await current.exec(testCase.before);
  if (testCase.seed) await current.exec(testCase.seed);
  await target.exec(testCase.after);

  const currentSet = await readSet(current.url, schemas);
  const desiredSet = await readSet(target.url, schemas);
  for (const model of [...currentSet.models.values(), ...desiredSet.models.values()]) expect(model.unsupported, `unsupported objects in ${model.schema}`).toEqual([]);

  // The `after` text is a schema file of several schemas: loaded as one, it gives the target's models.
  if (testCase.afterIsSchemaFile !== false) {
    const loaded = await loadText(testCase.after, schemas, onFinished);
    expect(comparableSet(loaded), 'the after file, loaded as a schema file, gives the target').toEqual(comparableSet(asLoaded(desiredSet, loaded)));
  }
  if (await canDump(adminUrl())) {
    // pg_dump --schema leaves extensions out; with public in the scope the whole database is the scope.
    const dump = await pgDumpSchemaOnly(target.url, schemas.includes('public') ? [] : schemas.flatMap((s) => ['--schema', s]));
    const fromDump = await loadText(dump, schemas, onFinished);
    expect(comparableSet(fromDump), `pg_dump of the target, loaded as a schema file, gives the target\n${dump}`).toEqual(comparableSet(asLoaded(desiredSet, fromDump)));
  }

  // What `schemafleet dump` writes for the target, loaded back, plans to nothing against the target.
  const dumped = renderSchemaSetFile(desiredSet);
  const fromOwnDump = await loadText(dumped, schemas, onFinished);
  expect(
    planSchemaSet(desiredSet, fromOwnDump).plan.steps.map((s) => s.sql),
    `schemafleet dump of the target plans to nothing against it\n${dumped}`,
  ).toEqual([]);

  const first = planSchemaSet(currentSet, desiredSet);
  expect(JSON.stringify(planSchemaSet(currentSet, desiredSet).plan), 'plans are deterministic').toBe(JSON.stringify(first.plan));
  const { plan } = first;
  const sqls = plan.steps.map((s) => `${s.schema ?? plan.schema}: ${s.sql}`);
  expect(plan.steps.length, 'a changed schema gives a non-empty plan').toBeGreaterThan(0);
  const positions = (testCase.expectOrder ?? []).map((pattern) => sqls.findIndex((s) => pattern.test(s)));
  expect(
    positions.every((p, i) => p >= 0 && (i === 0 || p > positions[i - 1]!)),
    `steps in the order ${testCase.expectOrder?.join(', ')}\n${shown(sqls)}`,
  ).toBe(true);
  const hazards = new Set(plan.steps.flatMap((s) => s.hazards.map((h) => h.kind)));
  for (const kind of testCase.expectHazards ?? []) expect([...hazards], `hazard ${kind}`).toContain(kind);

  const result = await applyPlan({ url: current.url, schema: plan.schema }, plan, { lockTimeoutMs: 5_000 });
  expect(result.error ?? null, `apply failed\n${renderPlanSql(plan)}`).toBeNull();

  const migrated = await readSet(current.url, schemas);
  expect(comparableSet(migrated), `catalog after the plan equals the target\n${renderPlanSql(plan)}`).toEqual(comparableSet(desiredSet));
  if (await canDump(adminUrl())) {
    const [after, wanted] = await Promise.all([schemaDump(current.url, { ignoreOrder: true }), schemaDump(target.url, { ignoreOrder: true })]);
    expect(after, `pg_dump after the plan equals the target's\n${renderPlanSql(plan)}`).toBe(wanted);
  }
  expect(
    planSchemaSet(migrated, desiredSet).plan.steps.map((s) => s.sql),
    'second plan is empty',
  ).toEqual([]);
}
