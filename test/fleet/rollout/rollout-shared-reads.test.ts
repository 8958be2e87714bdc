import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { runRollout } from '../../../src/fleet/rollout/run-rollout.js';
import { rolloutSettings } from '../../../src/fleet/rollout/rollout-settings.js';
import { tenantLockKeys } from '../../../src/fleet/ledger/tenant-lock.js';
import { textLinesReporter } from '../../../src/report/rollout/text-lines-reporter.js';
import { adminUrlWithPassword, withDatabase } from '../../support/pg.js';
import { V2, collect, createSchemaFleet, desiredFrom, listSource, openTestLedger, remainingSteps } from './fleet-fixture.js';

describe('runRollout: schema tenants of one database locked and read together', () => {
  it('a tenant whose advisory lock is held elsewhere is left alone until it is free; the batch goes on', async () => {
    const desired = await desiredFrom(V2, 'app');
    const names = Array.from({ length: 12 }, (_, i) => `shared ${i} "t"`);
    const { db, tenants } = await createSchemaFleet(names, (i) => (i === 5 ? 'v2' : 'v1'));
    const { ledger } = await openTestLedger();
    const other = new pg.Client({ connectionString: db.url });
    await other.connect();
    const [k1, k2] = tenantLockKeys(names[3]!);
    await other.query('SELECT pg_advisory_lock($1, $2)', [k1, k2]);
    const seen = collect();
    let releasedAt = 0;
    const release = setTimeout(() => {
      releasedAt = Date.now();
      void other.query('SELECT pg_advisory_unlock($1, $2)', [k1, k2]);
    }, 1_500);
    try {
      const summary = await runRollout({
        settings: rolloutSettings({ concurrency: 4, batchSize: 12 }),
        desired,
        source: listSource(tenants),
        ledger,
        workerId: 'w1',
        onEvent: seen.onEvent,
        pollMs: 200,
      });
      expect(summary.failures).toEqual([]);
      expect(summary.state).toBe('succeeded');
      expect(summary.totals).toMatchObject({ tenants: 12, migrated: 11, unchanged: 1, failed: 0, pending: 0 });
      const locked = seen.of('tenant-finished').filter((e) => e.tenantId === tenants[3]!.id);
      expect(locked).toHaveLength(1);
      // Finished only after the other session let go of it.
      expect(locked[0]!.at).toBeGreaterThanOrEqual(releasedAt);
      expect(releasedAt).toBeGreaterThan(0);
      for (const tenant of tenants) expect(await remainingSteps(tenant, desired)).toBe(0);
    } finally {
      clearTimeout(release);
      await other.end();
    }
  });

  it.each([
    {
      sneak: 'ALTER TABLE a_first.users DROP COLUMN name',
      error: /^verification failed: every step ran, but a fresh plan still has 1 step \(first: ALTER TABLE users ADD COLUMN name text\)/,
      sqlstate: null,
    },
    {
      sneak: 'DROP SCHEMA a_first CASCADE',
      error: /^verification failed: every step ran, but the schema could not be read back: schema "a_first" does not exist/,
      sqlstate: null,
    },
  ])('verifies the batch together once every tenant has run its steps: $sneak before that read fails its tenant', async ({ sneak, error, sqlstate }) => {
    const desired = await desiredFrom(V2, 'app');
    const names = ['a_first', 'b_second', 'c_third', 'd_last'];
    const { db, tenants } = await createSchemaFleet(names);
    const { ledger } = await openTestLedger();
    // The last tenant's users table is busy, so its ALTER waits (and retries) while the others have run.
    const blocker = new pg.Client({ connectionString: db.url });
    await blocker.connect();
    await blocker.query('BEGIN; LOCK TABLE d_last.users IN ACCESS SHARE MODE');
    const seen = collect();
    let sneaked: Promise<void> | null = null;
    const onEvent = (event: Parameters<typeof seen.onEvent>[0]): void => {
      seen.onEvent(event);
      if (event.type === 'tenant-retried' && event.tenantId === tenants[3]!.id && !sneaked) {
        // The first tenant has run every step and waits for the batch's read: change it back under its feet, then let the last one go.
        sneaked = db.exec(sneak).then(() => blocker.query('COMMIT').then(() => undefined));
      }
    };
    try {
      const summary = await runRollout({
        settings: rolloutSettings({ concurrency: 1, batchSize: 4, lockTimeoutMs: 200, retries: 50 }),
        desired,
        source: listSource(tenants),
        ledger,
        workerId: 'w1',
        onEvent,
        pollMs: 200,
      });
      expect(sneaked).not.toBeNull();
      // Nothing finished before the batch was read back: every tenant-finished comes after the last tenant started.
      const lastStarted = seen.of('tenant-started').filter((e) => e.tenantId === tenants[3]!.id)[0]!.at;
      expect(seen.of('tenant-finished').every((e) => e.at >= lastStarted)).toBe(true);
      expect(summary.failures).toEqual([{ tenantId: tenants[0]!.id, message: expect.stringMatching(error), sqlstate }]);
      expect(summary.totals).toMatchObject({ tenants: 4, migrated: 3, failed: 1 });
      for (const tenant of tenants.slice(1)) expect(await remainingSteps(tenant, desired)).toBe(0);
    } finally {
      await blocker.query('ROLLBACK').catch(() => undefined);
      await blocker.end();
    }
  });

  it('a dry run reads the batch together and changes nothing', async () => {
    const desired = await desiredFrom(V2, 'app');
    const names = Array.from({ length: 6 }, (_, i) => `dry_${i}`);
    const { tenants } = await createSchemaFleet(names);
    const summary = await runRollout({ settings: rolloutSettings({ concurrency: 3, batchSize: 6 }), desired, source: listSource(tenants), dryRun: true });
    expect(summary.totals).toMatchObject({ tenants: 6, skipped: 6, failed: 0 });
    for (const tenant of tenants) expect(await remainingSteps(tenant, desired)).toBeGreaterThan(0);
  });

  it("reports a batch's shared read that failed, naming the database without its password; its tenants are read one by one and migrate", async () => {
    const view = 'CREATE VIEW user_emails AS SELECT id, email FROM users;';
    const desired = await desiredFrom(`${V2} ${view}`, 'app');
    const names = ['br_0', 'br_1', 'br_2'];
    const { db, tenants: plain } = await createSchemaFleet(names);
    await db.exec(names.map((name) => `SET search_path TO ${name}; ${view}`).join('\n'));
    // The tenants' URL carries a password, which must not reach any event or line.
    const { url: withPassword, password } = adminUrlWithPassword();
    const url = withDatabase(withPassword, db.name);
    const tenants = plain.map((tenant) => ({ ...tenant, url }));
    const { ledger } = await openTestLedger();
    // Reading br_1's view definition locks the table it reads (pg_get_viewdef), which this session
    // holds: the shared read waits out its lock_timeout and fails. Let go once that is reported.
    const blocker = new pg.Client({ connectionString: db.url });
    await blocker.connect();
    await blocker.query('BEGIN; LOCK TABLE br_1.users IN ACCESS EXCLUSIVE MODE');
    let released: Promise<unknown> | null = null;
    const seen = collect();
    const lines: string[] = [];
    const reporter = textLinesReporter({ stdout: () => undefined, stderr: (text) => void lines.push(text) });
    try {
      const summary = await runRollout({
        settings: rolloutSettings({ concurrency: 3, batchSize: 3, lockTimeoutMs: 200, retries: 20 }),
        desired,
        source: listSource(tenants),
        ledger,
        workerId: 'w1',
        pollMs: 100,
        onEvent: (event) => {
          seen.onEvent(event);
          reporter.onEvent(event);
          if (event.type === 'batch-read-failed') released ??= blocker.query('COMMIT');
        },
      });
      const admin = new URL(withPassword);
      const database = `${decodeURIComponent(admin.username)}@${admin.hostname}:${admin.port || '5432'}/${db.name}`;
      expect(seen.of('batch-read-failed')).toEqual([
        { type: 'batch-read-failed', batch: 0, database, tenants: 3, message: 'canceling statement due to lock timeout (SQLSTATE 55P03)', at: expect.any(Number) },
      ]);
      expect(lines.join('')).toContain(
        `batch 0: the shared read of 3 tenants in db ${database} failed: canceling statement due to lock timeout (SQLSTATE 55P03); they are read one by one instead (slower)\n`,
      );
      expect(JSON.stringify(seen.events)).not.toContain(password);
      expect(lines.join('')).not.toContain(password);
      expect(summary.failures).toEqual([]);
      expect(summary.state).toBe('succeeded');
      expect(summary.totals).toMatchObject({ tenants: 3, migrated: 3, failed: 0, pending: 0 });
      for (const tenant of tenants) expect(await remainingSteps(tenant, desired)).toBe(0);

      // A shared read that works says nothing (a dry run opens its batches the same way).
      const quiet = collect();
      const dry = await runRollout({ settings: rolloutSettings({ concurrency: 3, batchSize: 3 }), desired, source: listSource(tenants), dryRun: true, onEvent: quiet.onEvent });
      expect(dry.totals).toMatchObject({ tenants: 3, unchanged: 3, failed: 0 });
      expect(quiet.of('batch-read-failed')).toEqual([]);
    } finally {
      await (released ?? blocker.query('ROLLBACK')).catch(() => undefined);
      await blocker.end();
    }
  });
});
