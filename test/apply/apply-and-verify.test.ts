import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { applyAndVerify } from '../../src/apply/apply-and-verify.js';
import { readLiveSchema } from '../../src/apply/read-live-schema.js';
import { RefusedError } from '../../src/errors.js';
import { createTestDatabase, serverVersion } from '../support/pg.js';

async function desiredFrom(ddl: string) {
  const model = await createTestDatabase('sf_desired');
  await model.exec(ddl);
  return readLiveSchema(model.url, 'public');
}

const V2 = 'CREATE TABLE users (id int PRIMARY KEY, email text); CREATE INDEX users_email ON users (email); CREATE TABLE projects (id int PRIMARY KEY, owner int REFERENCES users (id))';

describe('applyAndVerify', () => {
  it('applies a plan and verifies that a fresh plan is empty', async () => {
    const db = await createTestDatabase();
    await db.exec('CREATE TABLE users (id int PRIMARY KEY)');
    const planned: number[] = [];
    const result = await applyAndVerify({ url: db.url, schema: 'public' }, await desiredFrom(V2), { onPlanned: (plan) => planned.push(plan.steps.length) });
    expect(result.error).toBeUndefined();
    expect(result).toMatchObject({ status: 'applied', remaining: [] });
    expect(result.stepsRun).toBe(result.plan.steps.length);
    expect(planned).toEqual([result.plan.steps.length]);
    const again = await applyAndVerify({ url: db.url, schema: 'public' }, await desiredFrom(V2));
    expect(again).toMatchObject({ status: 'applied', stepsRun: 0, remaining: [] });
  });

  it('refuses data loss unless allowed, listing the offending steps', async () => {
    const db = await createTestDatabase();
    await db.exec('CREATE TABLE users (id int PRIMARY KEY, legacy_note text)');
    const desired = await desiredFrom('CREATE TABLE users (id int PRIMARY KEY)');
    const error = await applyAndVerify({ url: db.url, schema: 'public' }, desired).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RefusedError);
    // The same first line the rollout records for a refused tenant (computePlan in plan-tenant.ts), then every step.
    expect((error as Error).message.split('\n')).toEqual(['refused: 1 step would lose data (first: ALTER TABLE users DROP COLUMN legacy_note):', '  1. ALTER TABLE users DROP COLUMN legacy_note']);
    expect(await db.query("SELECT 1 FROM information_schema.columns WHERE column_name = 'legacy_note'")).toHaveLength(1);

    const allowed = await applyAndVerify({ url: db.url, schema: 'public' }, desired, { allowDestructive: true });
    expect(allowed.status).toBe('applied');
    expect(await db.query("SELECT 1 FROM information_schema.columns WHERE column_name = 'legacy_note'")).toHaveLength(0);
  });

  it('refuses when the live state is not the one the reviewed plan was made for', async () => {
    const db = await createTestDatabase();
    const error = await applyAndVerify({ url: db.url, schema: 'public' }, await desiredFrom(V2), { expectedCurrentFingerprint: 'not-the-live-state' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RefusedError);
    expect((error as Error).message).toMatch(/changed since the plan was made/);
  });

  it('fails verification, listing what is left, when the database still differs after every step', async () => {
    const db = await createTestDatabase();
    await db.exec('CREATE TABLE users (id int PRIMARY KEY, email text)');
    // Someone else changes the schema while the plan runs: every step succeeds, yet the tenant is not
    // done. Deterministic: the intruder's uncommitted transaction holds a lock every step of this
    // plan needs on users (the index build, the foreign key), and commits once the first step starts,
    // so its table exists before any step can finish, whatever the speed of the machine.
    const intruder = new pg.Client({ connectionString: db.url });
    await intruder.connect();
    await intruder.query('BEGIN; CREATE TABLE sneaked_in (id int); LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE');
    let committed: Promise<unknown> | undefined;
    const result = await applyAndVerify({ url: db.url, schema: 'public' }, await desiredFrom(V2), {
      onProgress: (event) => {
        if (event.type === 'step-started') committed ??= intruder.query('COMMIT');
      },
    });
    await committed;
    await intruder.end();
    expect(result.status).toBe('failed');
    expect(result.reason).toBe('verification');
    expect(result.stepsRun).toBe(result.plan.steps.length);
    expect(
      result.plan.steps.every((step) => step.table === 'users' || step.sql.includes('users')),
      'every step waits for the intruder',
    ).toBe(true);
    expect(result.remaining.map((s) => s.sql).join('\n')).toMatch(/sneaked_in/);
    expect(result.error?.message).toMatch(/verification failed[\s\S]*sneaked_in/);
    // The rollout's words for the same failure (verifyTenant), then every step still wanted.
    expect(result.error?.message.split('\n')[0]).toMatch(/^verification failed: every step ran, but a fresh plan still has 1 step \(first: DROP TABLE sneaked_in\):$/);
  });

  it('returns a step failure as a value with what was not run', async () => {
    const db = await createTestDatabase();
    await db.exec("CREATE TABLE users (id int PRIMARY KEY, email text); INSERT INTO users VALUES (1, 'a'), (2, 'a')");
    const result = await applyAndVerify({ url: db.url, schema: 'public' }, await desiredFrom('CREATE TABLE users (id int PRIMARY KEY, email text); CREATE UNIQUE INDEX users_email ON users (email)'));
    expect(result.status).toBe('failed');
    expect(result.reason).toBe('step');
    expect(result.error).toMatchObject({ sqlstate: '23505' });
    expect(result.remaining.length).toBeGreaterThan(0);
    expect(await db.query('SELECT 1 FROM pg_index WHERE NOT indisvalid')).toEqual([]);
  });

  describe('a partition an earlier DETACH … CONCURRENTLY left pending', () => {
    const EVENTS = `CREATE TABLE events (id int, at date NOT NULL) PARTITION BY RANGE (at);
      CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
      CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');`;

    /** A reader's old snapshot makes the detach's second transaction wait; the timeout stops it there, as a killed rollout would. */
    async function leavePending(url: string): Promise<void> {
      const reader = new pg.Client({ connectionString: url });
      const detacher = new pg.Client({ connectionString: url });
      await reader.connect();
      await detacher.connect();
      try {
        await reader.query('BEGIN ISOLATION LEVEL REPEATABLE READ; SELECT count(*) FROM events');
        await detacher.query("SET statement_timeout = '300ms'");
        await expect(detacher.query('ALTER TABLE events DETACH PARTITION events_2025 CONCURRENTLY')).rejects.toThrow(/statement timeout/);
        await reader.query('COMMIT');
      } finally {
        await reader.end();
        await detacher.end();
      }
    }

    /** null on a server without DETACH … CONCURRENTLY (before PostgreSQL 14). */
    async function setUp() {
      const db = await createTestDatabase();
      if ((await serverVersion(db)) < 140000) return null;
      await db.exec(`${EVENTS} INSERT INTO events VALUES (1, '2025-03-01'), (2, '2025-09-01'), (3, '2026-02-01');`);
      await leavePending(db.url);
      // What the pending state does: the partition's rows are gone from the parent, though it is still linked.
      expect(await db.query('SELECT count(*)::int AS n FROM events')).toEqual([{ n: 1 }]);
      const live = await readLiveSchema(db.url, 'public');
      expect(live.tables.find((t) => t.name === 'events_2025')?.partitionOf).toMatchObject({ parent: 'events', detachPending: true });
      return db;
    }

    it('is finalized and attached again when the schema keeps it attached, so its rows show up in the parent again', async ({ skip }) => {
      const db = await setUp();
      if (!db) return skip('DETACH … CONCURRENTLY is PostgreSQL 14+');
      const result = await applyAndVerify({ url: db.url, schema: 'public' }, await desiredFrom(EVENTS));
      expect(result.error).toBeUndefined();
      expect(result.plan.steps.map((s) => s.sql)).toEqual([
        'ALTER TABLE events DETACH PARTITION events_2025 FINALIZE',
        // The CHECK the first half of the detach added to stand in for the bound.
        'ALTER TABLE events_2025 DROP CONSTRAINT events_2025_at_check',
        // Attached again without a scan under ACCESS EXCLUSIVE: the bound is proved first.
        "ALTER TABLE events_2025 ADD CONSTRAINT events_2025_sf_bound CHECK (at IS NOT NULL AND at >= '2025-01-01' AND at < '2026-01-01') NOT VALID",
        'ALTER TABLE events_2025 VALIDATE CONSTRAINT events_2025_sf_bound',
        "ALTER TABLE events ATTACH PARTITION events_2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')",
        'ALTER TABLE events_2025 DROP CONSTRAINT events_2025_sf_bound',
      ]);
      expect(result).toMatchObject({ status: 'applied', remaining: [] });
      expect(await db.query('SELECT count(*)::int AS n FROM events')).toEqual([{ n: 3 }]);
    });

    it("gets a column added to the parent in the same plan before it is attached again (the parent's ADD COLUMN no longer reaches it)", async ({ skip }) => {
      const db = await setUp();
      if (!db) return skip('DETACH … CONCURRENTLY is PostgreSQL 14+');
      const withNote = EVENTS.replace('CREATE TABLE events (id int, at date NOT NULL)', 'CREATE TABLE events (id int, at date NOT NULL, note text)');
      const result = await applyAndVerify({ url: db.url, schema: 'public' }, await desiredFrom(withNote));
      expect(result.error).toBeUndefined();
      expect(result).toMatchObject({ status: 'applied', remaining: [] });
      const sqls = result.plan.steps.map((s) => s.sql);
      const at = (sql: string): number => sqls.indexOf(sql);
      expect(at('ALTER TABLE events DETACH PARTITION events_2025 FINALIZE')).toBeLessThan(at('ALTER TABLE events_2025 ADD COLUMN note text'));
      expect(at('ALTER TABLE events_2025 ADD COLUMN note text')).toBeLessThan(sqls.findIndex((sql) => sql.startsWith('ALTER TABLE events ATTACH PARTITION events_2025')));
      expect(await db.query('SELECT count(*)::int AS n FROM events WHERE note IS NULL')).toEqual([{ n: 3 }]);
    });

    it('is finalized when the schema has it detached', async ({ skip }) => {
      const db = await setUp();
      if (!db) return skip('DETACH … CONCURRENTLY is PostgreSQL 14+');
      const detached = EVENTS.replace("CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');", 'CREATE TABLE events_2025 (id int, at date NOT NULL);');
      const result = await applyAndVerify({ url: db.url, schema: 'public' }, await desiredFrom(detached));
      expect(result.error).toBeUndefined();
      expect(result.plan.steps.map((s) => s.sql)).toEqual(['ALTER TABLE events DETACH PARTITION events_2025 FINALIZE', 'ALTER TABLE events_2025 DROP CONSTRAINT events_2025_at_check']);
      expect(result).toMatchObject({ status: 'applied', remaining: [] });
      expect(await db.query("SELECT count(*)::int AS n FROM pg_inherits WHERE inhrelid = 'events_2025'::regclass")).toEqual([{ n: 0 }]);
      expect(await db.query('SELECT count(*)::int AS n FROM events_2025')).toEqual([{ n: 2 }]);
    });
  });
});
