/**
 * The drift summary against real tenant databases: tenants on the base schema plan exactly the
 * reviewed plan; a tenant someone changed by hand says what its plan does beyond it.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleDrift } from '../../src/github/drift-summary.js';
import { planMigration } from '../../src/plan/plan-migration.js';
import { loadDesiredSchema } from '../../src/schema/load/load-desired-schema.js';
import type { SchemaModel } from '../../src/schema/model.js';
import { openScratchServer, type ScratchServer } from '../../src/schema/scratch/scratch-server.js';
import { adminUrl, createTestDatabase } from '../support/pg.js';

const BASE = 'CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);\n';
const HEAD = `${BASE}CREATE TABLE notes (id bigint PRIMARY KEY, body text);\n`;

let scratch: ScratchServer;
beforeAll(async () => {
  scratch = await openScratchServer({ devUrl: adminUrl() });
});
afterAll(async () => {
  await scratch.close();
});

async function model(sql: string): Promise<SchemaModel> {
  const dir = await mkdtemp(join(tmpdir(), 'sf-drift-'));
  try {
    await writeFile(join(dir, 'schema.sql'), sql);
    return (await loadDesiredSchema({ path: join(dir, 'schema.sql'), scratch })).model;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('sampleDrift', () => {
  it('groups tenants by live state and names the steps a drifted group adds to the reviewed plan', async () => {
    const onBase = [await createTestDatabase('sf_drift_a'), await createTestDatabase('sf_drift_b')];
    const drifted = await createTestDatabase('sf_drift_c');
    for (const db of onBase) await db.exec(BASE);
    await drifted.exec(`${BASE}CREATE INDEX extra_users_email_idx ON users (email);\n`);
    const [base, head] = [await model(BASE), await model(HEAD)];
    const reviewPlan = planMigration(base, head).plan;
    const tenants = [...onBase.map((db, i) => ({ id: `t${i + 1}`, url: db.url })), { id: 'hand-fixed', url: drifted.url }];
    const configText = `schema: schema.sql\ntenants:\n  list:\n${tenants.map((t) => `    - id: ${t.id}\n      url: ${t.url}\n`).join('')}`;

    const drift = await sampleDrift({ configPath: 'schemafleet.yml', configText, desired: head, reviewPlan });

    expect(drift.sampled).toBe(3);
    expect(drift.groups.map((g) => ({ tenants: g.tenantCount, extra: g.extraSteps, extraCount: g.extraStepCount, missing: g.missingStepCount }))).toEqual([
      { tenants: 2, extra: [], extraCount: 0, missing: 0 },
      { tenants: 1, extra: ['DROP INDEX CONCURRENTLY extra_users_email_idx'], extraCount: 1, missing: 0 },
    ]);
    expect(drift.groups[1]!.exampleTenants).toEqual(['hand-fixed']);
  });

  // The review's scratch server may run another major version than a tenant (the embedded default
  // is the newest). A view is stored differently by each, so comparing would show drift that is not
  // there: such a tenant is listed as not compared, with the versions, instead of as drifted.
  it('does not compare a tenant of another major version when the schema holds what versions print differently', async () => {
    const db = await createTestDatabase('sf_drift_v');
    const withView = `${BASE}CREATE VIEW active AS SELECT u.id FROM users u WHERE u.email <> '';\n`;
    await db.exec(withView);
    const head = await model(withView);
    const otherMajor = Math.floor(head.serverVersion / 10_000) === 18 ? 17 : 18;
    // The model as a server of another major version would have read it (its text is this server's).
    const fromOtherVersion = { ...head, serverVersion: otherMajor * 10_000 };
    const configText = `schema: schema.sql\ntenants:\n  list:\n    - id: t1\n      url: ${db.url}\n`;

    const sameVersion = await sampleDrift({ configPath: 'schemafleet.yml', configText, desired: head });
    expect(sameVersion.groups.map((g) => g.steps)).toEqual([0]);
    const otherVersion = await sampleDrift({ configPath: 'schemafleet.yml', configText, desired: fromOtherVersion });
    expect(otherVersion.groups).toEqual([]);
    expect(otherVersion.unreadable).toEqual([{ tenant: 't1', message: expect.stringContaining(`and the review loaded the schema on PostgreSQL ${otherMajor}, which stores view active`) }]);
  });
});
