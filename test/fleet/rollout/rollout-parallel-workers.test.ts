import { describe, expect, it } from 'vitest';
import { runRollout } from '../../../src/fleet/rollout/run-rollout.js';
import { rolloutSettings } from '../../../src/fleet/rollout/rollout-settings.js';
import { V2, createSchemaFleet, desiredFrom, listSource, openTestLedger, remainingSteps } from './fleet-fixture.js';

/**
 * An event trigger outside the tenants' schemas writes down, for every DDL statement the rollout
 * runs, the parallel-worker settings it ran under: what the server saw, not what we meant to send.
 */
const RECORD_SETTINGS = `
CREATE SCHEMA audit;
CREATE TABLE audit.seen (tag text, maintenance_workers text, workers_per_gather text);
CREATE FUNCTION audit.record() RETURNS event_trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO audit.seen VALUES (tg_tag, current_setting('max_parallel_maintenance_workers'), current_setting('max_parallel_workers_per_gather'));
END $$;
CREATE EVENT TRIGGER record_settings ON ddl_command_end EXECUTE FUNCTION audit.record();
`;

describe('runRollout: rollout.parallelWorkers', () => {
  it.each([
    ['by default, no parallel workers', {}, '0'],
    ['as many as configured', { parallelWorkers: 3 }, '3'],
  ])('runs every step with %s', { timeout: 60_000 }, async (_name, overrides, expected) => {
    const desired = await desiredFrom(V2, 'app');
    const { db, tenants } = await createSchemaFleet(['one', 'two']);
    await db.exec(RECORD_SETTINGS);
    const { ledger } = await openTestLedger();
    const summary = await runRollout({ settings: rolloutSettings({ concurrency: 2, ...overrides }), desired, source: listSource(tenants), ledger, workerId: 'w1' });
    expect(summary.totals).toMatchObject({ tenants: 2, migrated: 2 });
    for (const tenant of tenants) expect(await remainingSteps(tenant, desired)).toBe(0);

    const seen = await db.query<{ tag: string; maintenance_workers: string; workers_per_gather: string }>('SELECT tag, maintenance_workers, workers_per_gather FROM audit.seen');
    // Both kinds of step: the index builds run outside a transaction, the rest inside one.
    expect(new Set(seen.map((row) => row.tag))).toEqual(new Set(['CREATE INDEX', 'ALTER TABLE', 'CREATE TABLE']));
    for (const row of seen) expect(row).toMatchObject({ maintenance_workers: expected, workers_per_gather: expected });
  });
});
