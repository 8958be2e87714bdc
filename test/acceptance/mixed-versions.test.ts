import { afterAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createTestDatabase, withClient } from '../support/pg.js';
import { introspectSchema } from '../../src/schema/introspect/introspect-schema.js';
import { planMigration } from '../../src/plan/plan-migration.js';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { loadDesiredSchemas, majorOf } from '../../src/schema/load/desired-schemas.js';
import { openScratchPool } from '../../src/schema/scratch/scratch-pool.js';
import type { AcceptanceCase } from './acceptance-case.js';
import { tableCases } from './cases/tables.cases.js';
import { columnCases } from './cases/columns.cases.js';
import { constraintCases } from './cases/constraints.cases.js';
import { indexCases } from './cases/indexes.cases.js';
import { typeCases } from './cases/types.cases.js';
import { sequenceCases } from './cases/sequences.cases.js';
import { viewCases } from './cases/views.cases.js';
import { routineCases } from './cases/routines.cases.js';
import { securityCases } from './cases/security.cases.js';
import { partitionCases } from './cases/partitions.cases.js';
import { identifierCases } from './cases/identifiers.cases.js';
import { orderingCases } from './cases/ordering.cases.js';

/**
 * The acceptance corpus as users run it: the desired schema is a file loaded by schemafleet's own
 * loader on the scratch server they configured, and the tenant is another server. In CI the
 * scratch server is of another major version than the tenant both ways: the embedded PostgreSQL
 * 18 suite gets SCHEMAFLEET_TEST_SCRATCH_URL (the machine's PostgreSQL 15) as its dev-url, and
 * the PostgreSQL 15 suite uses the default scratch (an embedded PostgreSQL 18). Every case must
 * converge: one plan, applied, leaves a fresh plan empty. Before desired models were built per
 * major version, every case with a view failed here (PostgreSQL 18 prints views differently).
 */
const scratchUrl = process.env.SCHEMAFLEET_TEST_SCRATCH_URL;
const pool = openScratchPool(scratchUrl ? { devUrl: scratchUrl } : {});
afterAll(async () => {
  await pool.close();
});

const corpus: AcceptanceCase[] = [
  ...tableCases,
  ...columnCases,
  ...constraintCases,
  ...indexCases,
  ...typeCases,
  ...sequenceCases,
  ...viewCases,
  ...routineCases,
  ...securityCases,
  ...partitionCases,
  ...identifierCases,
  ...orderingCases,
];

const quoted = (name: string): string => `"${name.replaceAll('"', '""')}"`;

async function introspect(url: string, schema: string) {
  return withClient(url, (client: pg.Client) => introspectSchema(client, schema));
}

async function runMixed(testCase: AcceptanceCase, onFinished: (fn: () => Promise<void>) => void): Promise<void> {
  const schema = testCase.schema ?? 'public';
  const current = await createTestDatabase('sf_mix', { onFinished });
  const prefix = schema === 'public' ? '' : `CREATE SCHEMA ${quoted(schema)}; SET search_path TO ${quoted(schema)};\n`;
  await current.exec(`${prefix}${testCase.before}`);
  if (testCase.seed) await current.exec(`${schema === 'public' ? '' : `SET search_path TO ${quoted(schema)};\n`}${testCase.seed}`);
  const before = await introspect(current.url, schema);
  const targetMajor = majorOf(before.serverVersion);

  const dir = await mkdtemp(join(tmpdir(), 'sf-mixed-'));
  onFinished(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'schema.sql');
  // An empty file is refused (a truncated file must never plan to drop everything): say it.
  await writeFile(file, testCase.after.trim() === '' ? `CREATE SCHEMA IF NOT EXISTS ${quoted(schema)};\n` : testCase.after);
  const desired = await loadDesiredSchemas({ path: file, schema, major: targetMajor, pool });
  try {
    // The mechanism: the desired model was built by the tenant's own major version.
    expect(majorOf(desired.primary.serverVersion), "desired model built on the target's major version").toBe(targetMajor);
    const { plan } = planMigration(before, desired.primary);
    expect(plan.steps.length, 'a changed schema gives a non-empty plan').toBeGreaterThan(0);
    const result = await applyPlan({ url: current.url, schema }, plan, { lockTimeoutMs: 5_000 });
    const sqls = plan.steps.map((s) => s.sql).join('\n');
    expect(result.error ?? null, `apply failed\n${sqls}`).toBeNull();
    const after = await introspect(current.url, schema);
    const again = planMigration(after, await desired.forServer(after.serverVersion));
    expect(
      again.plan.steps.map((s) => s.sql),
      `a fresh plan is empty\n${sqls}`,
    ).toEqual([]);
  } finally {
    await desired.close();
  }
}

describe(`acceptance, scratch ${scratchUrl ? 'on SCHEMAFLEET_TEST_SCRATCH_URL' : 'by default (embedded)'}, tenants on the test server`, () => {
  for (const testCase of corpus) it.concurrent(testCase.name, ({ onTestFinished }) => runMixed(testCase, onTestFinished));
});
