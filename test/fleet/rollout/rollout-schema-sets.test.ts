import { describe, expect, it } from 'vitest';
import { runRollout } from '../../../src/fleet/rollout/run-rollout.js';
import { rolloutSettings } from '../../../src/fleet/rollout/rollout-settings.js';
import { readLiveSchemaSet } from '../../../src/apply/read-live-schema.js';
import { fingerprintSchemaSet, planSchemaSet } from '../../../src/plan/plan-schema-set.js';
import type { SchemaSet } from '../../../src/schema/schema-set.js';
import type { Tenant } from '../../../src/fleet/tenant.js';
import { createTestDatabase } from '../../support/pg.js';
import { ledgerRows, listSource, openTestLedger } from './fleet-fixture.js';

const SCOPE = ['app', 'audit'];

// Foreign keys both ways across the two schemas: audit.events → app.users, app.notes → audit.events.
const DESIRED = `
CREATE SCHEMA app;
CREATE SCHEMA audit;
CREATE TABLE app.users (id bigint PRIMARY KEY, email text NOT NULL, name text);
CREATE TABLE audit.events (id bigint PRIMARY KEY, user_id bigint NOT NULL REFERENCES app.users (id), kind text NOT NULL);
CREATE TABLE app.notes (id bigint PRIMARY KEY, event_id bigint REFERENCES audit.events (id), body text);
`;

const STARTS = [
  // No audit schema yet.
  `CREATE SCHEMA app; CREATE TABLE app.users (id bigint PRIMARY KEY, email text NOT NULL);`,
  // audit there, without its foreign key; app.notes missing.
  `CREATE SCHEMA app; CREATE SCHEMA audit; CREATE TABLE app.users (id bigint PRIMARY KEY, email text NOT NULL); CREATE TABLE audit.events (id bigint PRIMARY KEY, user_id bigint NOT NULL, kind text NOT NULL); INSERT INTO app.users VALUES (1, 'a@example.com'); INSERT INTO audit.events VALUES (1, 1, 'signup');`,
  // Already there.
  DESIRED,
];

async function desiredSet(): Promise<SchemaSet> {
  const db = await createTestDatabase('sf_desired');
  await db.exec(DESIRED);
  return readLiveSchemaSet(db.url, SCOPE, 'app');
}

async function remainingSetSteps(tenant: Tenant, desired: SchemaSet): Promise<number> {
  return planSchemaSet(await readLiveSchemaSet(tenant.url, SCOPE, 'app'), desired).plan.steps.length;
}

describe('runRollout with database tenants of several schemas (schemaNames)', () => {
  it('migrates each tenant with one plan over app and audit, cross-schema foreign keys included, and verifies the whole set', async () => {
    const desired = await desiredSet();
    const tenants: Tenant[] = [];
    for (const [index, sql] of STARTS.entries()) {
      const db = await createTestDatabase('sf_tenant');
      await db.exec(sql);
      tenants.push({ id: `db-${index}`, url: db.url, schema: 'app', labels: {} });
    }
    const { db: ledgerDb, ledger } = await openTestLedger();
    const summary = await runRollout({
      settings: rolloutSettings({ concurrency: 2 }),
      desired: desired.models.get('app')!,
      schemaSet: { primary: 'app', scope: SCOPE, fingerprint: fingerprintSchemaSet(desired), desiredFor: async () => desired },
      source: listSource(tenants),
      ledger,
      workerId: 'w1',
      pollMs: 200,
    });

    expect(summary.failures).toEqual([]);
    expect(summary.state).toBe('succeeded');
    expect(summary.totals).toMatchObject({ tenants: 3, migrated: 2, unchanged: 1, failed: 0 });
    for (const tenant of tenants) expect(await remainingSetSteps(tenant, desired)).toBe(0);
    // The second tenant's existing row satisfies the foreign key that was added to it.
    const rows = await ledgerRows(ledgerDb, summary.rolloutId);
    expect(rows.map((row) => [row.tenant_id, row.state])).toEqual([
      ['db-0', 'migrated'],
      ['db-1', 'migrated'],
      ['db-2', 'unchanged'],
    ]);
    expect(summary.verifiedBy.readBack + summary.verifiedBy.proof).toBe(2);
  });
});

describe('a dry run over database tenants of several schemas', () => {
  it("runs preflight's data checks in each schema of the set: a foreign key into the other schema is checked against its table there", async () => {
    const desired = await desiredSet();
    const starts = [
      // audit.events' user 1 is in app.users: the foreign key the plan adds across schemas holds.
      STARTS[1]!,
      // user 2 is not: the foreign key would fail.
      STARTS[1]!.replace("(1, 1, 'signup')", "(1, 2, 'signup')"),
      DESIRED,
    ];
    const tenants: Tenant[] = [];
    for (const [index, sql] of starts.entries()) {
      const db = await createTestDatabase('sf_tenant');
      await db.exec(sql);
      tenants.push({ id: `db-${index}`, url: db.url, schema: 'app', labels: {} });
    }
    const summary = await runRollout({
      settings: rolloutSettings({ concurrency: 2 }),
      desired: desired.models.get('app')!,
      schemaSet: { primary: 'app', scope: SCOPE, fingerprint: fingerprintSchemaSet(desired), desiredFor: async () => desired },
      source: listSource(tenants),
      dryRun: true,
      workerId: 'w1',
      pollMs: 200,
    });
    expect(summary.state).toBe('dry-run');
    expect(summary.totals).toMatchObject({ tenants: 3, skipped: 1, failed: 1, unchanged: 1, migrated: 0 });
    expect(summary.failures).toEqual([
      { tenantId: 'db-1', message: expect.stringMatching(/^would fail on its data: 1 row of events\.user_id has no match in app\.users\.id \(foreign key [a-z_]+\) \(schema audit\)/), sqlstate: null },
    ]);
    for (const tenant of tenants.slice(0, 2)) expect(await remainingSetSteps(tenant, desired)).toBeGreaterThan(0);
  });
});
