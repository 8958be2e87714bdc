import { describe, expect, it } from 'vitest';
import { runRollout } from '../../../src/fleet/rollout/run-rollout.js';
import { rolloutSettings } from '../../../src/fleet/rollout/rollout-settings.js';
import { textLinesReporter } from '../../../src/report/rollout/text-lines-reporter.js';
import { V2, collect, createSchemaFleet, desiredFrom, ledgerRows, listSource, openTestLedger, remainingSteps } from './fleet-fixture.js';

describe('ledger writes that fail', () => {
  it('are reported as events (and by the text reporter), and a lost result is claimed and recorded again', async () => {
    const desired = await desiredFrom(V2, 'app');
    const { tenants } = await createSchemaFleet(['a', 'b', 'c', 'd']);
    const { db: ledgerDb, raw, ledger } = await openTestLedger();
    await raw.ensureSchema();
    // The ledger database itself refuses the first two attempts to record t-1's result (the write
    // and its retry): a sequence is not rolled back with the failed statement, so it counts them.
    await ledgerDb.exec(`
      CREATE SEQUENCE record_attempts;
      CREATE FUNCTION refuse_first_records() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF nextval('record_attempts') <= 2 THEN RAISE EXCEPTION 'the ledger refuses this write' USING ERRCODE = '42501'; END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER refuse_first_records BEFORE UPDATE ON schemafleet.rollout_tenants
        FOR EACH ROW WHEN (NEW.tenant_id = 't-1:b' AND NEW.state NOT IN ('pending', 'claimed'))
        EXECUTE FUNCTION refuse_first_records();`);
    const seen = collect();
    const lines: string[] = [];
    const reporter = textLinesReporter({ stdout: () => undefined, stderr: (text) => void lines.push(text) });
    const summary = await runRollout({
      settings: rolloutSettings({ concurrency: 2, batchSize: 4 }),
      desired,
      source: listSource(tenants),
      ledger,
      workerId: 'w1',
      pollMs: 100,
      onEvent: (event) => (seen.onEvent(event), reporter.onEvent(event)),
    });

    expect(seen.of('ledger-write-failed')).toEqual([
      { type: 'ledger-write-failed', operation: 'record', tenantId: 't-1:b', message: 'the ledger refuses this write (SQLSTATE 42501)', at: expect.any(Number) },
    ]);
    expect(lines.join('')).toContain('ledger write failed: the result of tenant t-1:b was not saved: the ledger refuses this write (SQLSTATE 42501)');
    // Released once the batch was done, claimed again, found at the schema, and this time saved.
    expect(summary.state).toBe('succeeded');
    const rows = await ledgerRows(ledgerDb, summary.rolloutId);
    expect(rows.map((row) => [row.tenant_id, row.state])).toEqual([
      ['t-0:a', 'migrated'],
      ['t-1:b', 'unchanged'],
      ['t-2:c', 'migrated'],
      ['t-3:d', 'migrated'],
    ]);
    for (const tenant of tenants) expect(await remainingSteps(tenant, desired)).toBe(0);
  });
});
