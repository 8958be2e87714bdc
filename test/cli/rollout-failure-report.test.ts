import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { cli, devUrlArgs } from './run-cli-in-process.js';
import { createTestDatabase } from '../support/pg.js';
import { ledgerTenants, rollouts, writeFleetConfig } from '../faults/fault-fixture.js';

const BEFORE = 'CREATE TABLE items (id bigint PRIMARY KEY, price integer NOT NULL);';
const AFTER = `CREATE TABLE items (id bigint PRIMARY KEY, price integer NOT NULL, note text, CONSTRAINT price_not_negative CHECK (price >= 0));`;

/** A failed tenant's report says which steps stayed committed and what they already enforce, and what to run next. */
describe('rollout: what a failure leaves behind', () => {
  it('a failed VALIDATE: the NOT VALID CHECK stays and already rejects new rows; said in the output, the ledger row and status', async () => {
    const db = await createTestDatabase('sf_fleet');
    await db.exec(`CREATE SCHEMA t_bad; SET search_path TO t_bad; ${BEFORE} INSERT INTO items VALUES (1, -5);`);
    const ledger = await createTestDatabase('sf_ledger');
    const tenant = { id: 't_bad', url: db.url, schema: 't_bad', labels: {} };
    const { config } = await writeFleetConfig([tenant], ledger.url, {}, AFTER);

    const run = await cli(['rollout', '--config', config, ...devUrlArgs()]);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toMatch(/failed\s+t_bad \(\d+ steps, \d+ms\): step (\d+)\/\d+ failed: .*price_not_negative.*\(SQLSTATE 23514\)/);
    expect(run.stderr).toMatch(/steps 1–\d+ stayed committed and are in force now:/);
    expect(run.stderr).toMatch(/ADD CONSTRAINT price_not_negative CHECK .* NOT VALID — already rejects new and updated rows that break it/);
    expect(run.stderr).toMatch(/next: fix the cause, then run schemafleet rollout again/);

    // It is true: the constraint is there and already rejects a new negative price.
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      await expect(client.query('INSERT INTO t_bad.items VALUES (2, -1)')).rejects.toThrow(/price_not_negative/);
    } finally {
      await client.end();
    }

    const [rollout] = await rollouts(ledger);
    const [row] = await ledgerTenants(ledger, rollout!.id);
    expect(row?.error_message).toMatch(/stayed committed[\s\S]*already rejects new and updated rows/);
    const status = await cli(['status', '--config', config]);
    expect(status.stdout).toMatch(/already rejects new and updated rows/);
    expect(status.stdout).toMatch(/next: fix the cause/);
  });
});
