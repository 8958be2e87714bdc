import { describe, expect, it, onTestFinished } from 'vitest';
import pg from 'pg';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { LOCK_SLICE_MS } from '../../src/apply/transactional-unit.js';
import type { ApplyProgressEvent } from '../../src/apply/apply-types.js';
import { UnreachableDatabaseError } from '../../src/errors.js';
import { createTestDatabase, type TestDatabase } from '../support/pg.js';
import { plan, step } from './plan-fixtures.js';

/** A second session that can hold locks while the migration runs. */
async function session(db: TestDatabase): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: db.url });
  client.on('error', () => undefined);
  await client.connect();
  onTestFinished(async () => void (await client.end().catch(() => undefined)));
  return client;
}

const noSleep = async (): Promise<void> => undefined;

describe('applyPlan', () => {
  it('runs the steps in the target schema, quoting its name', async () => {
    const db = await createTestDatabase();
    await db.exec('CREATE SCHEMA "Tenant One"');
    const result = await applyPlan(
      { url: db.url, schema: 'Tenant One' },
      plan([step('CREATE TABLE t (id int)'), step('CREATE INDEX CONCURRENTLY t_id ON t (id)', { transactional: false })], 'Tenant One'),
    );
    expect(result).toMatchObject({ status: 'applied', stepsRun: 2, attempts: 1, retries: 0 });
    expect(result.error).toBeUndefined();
    const rows = await db.query("SELECT schemaname FROM pg_indexes WHERE indexname = 't_id'");
    expect(rows).toEqual([{ schemaname: 'Tenant One' }]);
  });

  it('sets lock_timeout and statement_timeout before every statement, in and out of transactions', async () => {
    const db = await createTestDatabase();
    const check = (lock: string, statement: string): string =>
      `DO $$ BEGIN IF current_setting('lock_timeout') <> '${lock}' OR current_setting('statement_timeout') <> '${statement}' THEN ` +
      `RAISE EXCEPTION 'lock_timeout=% statement_timeout=%', current_setting('lock_timeout'), current_setting('statement_timeout'); END IF; END $$`;
    const result = await applyPlan(
      { url: db.url, schema: 'public' },
      plan([
        // statement_timeout = the step's budget + lock_timeout (see statementTimeoutMs).
        step(check('1500ms', '8500ms'), { timeoutMs: 7_000, group: 1 }),
        step(check('1500ms', '10500ms'), { timeoutMs: 9_000, group: 1 }),
        step(check('1500ms', '12500ms'), { timeoutMs: 11_000, transactional: false }),
        step(check('1500ms', '4500ms'), { timeoutMs: 3_000 }),
      ]),
      { lockTimeoutMs: 1_500 },
    );
    expect(result.error).toBeUndefined();
    expect(result.stepsRun).toBe(4);
  });

  it('runs every statement without parallel workers unless asked for, in and out of transactions', async () => {
    const db = await createTestDatabase();
    // Both settings at once: index builds use the first, validation scans (queries) the second.
    const check = (workers: number): string =>
      `DO $$ BEGIN IF current_setting('max_parallel_maintenance_workers') <> '${workers}' OR current_setting('max_parallel_workers_per_gather') <> '${workers}' THEN ` +
      `RAISE EXCEPTION 'max_parallel_maintenance_workers=% max_parallel_workers_per_gather=%', current_setting('max_parallel_maintenance_workers'), current_setting('max_parallel_workers_per_gather'); END IF; END $$`;
    const steps = (workers: number) => plan([step(check(workers), { group: 1 }), step(check(workers), { group: 1 }), step(check(workers), { transactional: false }), step(check(workers))]);
    const byDefault = await applyPlan({ url: db.url, schema: 'public' }, steps(0));
    expect(byDefault.error).toBeUndefined();
    expect(byDefault.stepsRun).toBe(4);
    const asked = await applyPlan({ url: db.url, schema: 'public' }, steps(3), { parallelWorkers: 3 });
    expect(asked.error).toBeUndefined();
    expect(asked.stepsRun).toBe(4);
  });

  it('commits every transactional unit but the last one asynchronously; the last one, and steps outside a transaction, synchronously', async () => {
    const db = await createTestDatabase();
    const check = (expected: string): string =>
      `DO $$ BEGIN IF current_setting('synchronous_commit') <> '${expected}' THEN RAISE EXCEPTION 'synchronous_commit=%', current_setting('synchronous_commit'); END IF; END $$`;
    const result = await applyPlan(
      { url: db.url, schema: 'public' },
      plan([
        step(check('off'), { group: 1 }),
        step(check('off'), { group: 1 }),
        step(check('off')),
        step(check('on'), { transactional: false }),
        step(check('on')),
        step(check('on'), { transactional: false }),
      ]),
    );
    expect(result.error).toBeUndefined();
    expect(result.stepsRun).toBe(6);
  });

  it('flushes the asynchronous commits of a plan that stops early before it reports them as committed', async () => {
    const db = await createTestDatabase();
    // The failing step reports the WAL position its earlier, asynchronously committed step reached.
    const result = await applyPlan(
      { url: db.url, schema: 'public' },
      plan([step('CREATE TABLE committed_first (id int)'), step("DO $$ BEGIN RAISE EXCEPTION 'at %', pg_current_wal_insert_lsn(); END $$"), step('CREATE TABLE never (id int)')]),
      { sleep: noSleep },
    );
    const [flushed] = await db.query<{ flushed: boolean }>(`SELECT pg_current_wal_flush_lsn() >= '${result.error?.message.replace('at ', '')}'::pg_lsn AS flushed`);
    expect(result).toMatchObject({ status: 'failed', stepsRun: 1, error: { stepIndex: 1 } });
    // Other sessions' commits (and the WAL writer, within 200 ms) flush too: this can only catch a flush that is missing now and then.
    expect(flushed).toEqual({ flushed: true });
  });

  it('looks for long lock holders only once a lock request of the plan has timed out', async () => {
    const db = await createTestDatabase();
    await db.exec('CREATE TABLE t (id int); CREATE TABLE u (id int)');
    const strong = (sql: string, table: string) => step(sql, { lock: 'ACCESS EXCLUSIVE', table });
    const checks: string[] = [];
    const free = await applyPlan({ url: db.url, schema: 'public' }, plan([strong('ALTER TABLE t ADD COLUMN a int', 't'), strong('ALTER TABLE u ADD COLUMN a int', 'u')]), {
      onTiming: (what) => checks.push(what),
    });
    expect(free.error).toBeUndefined();
    expect(checks.filter((what) => what === 'lock-check')).toEqual([]);
    expect(checks).toEqual(['statement', 'synchronous-commit']);

    // A short transaction on t: the first slice times out, and from then on every slice looks first.
    // It ends once that first slice has timed out (not on a timer: on a loaded host the plan could
    // start after a timer had already let go, and its first slice would find t free).
    const holder = await session(db);
    await holder.query('BEGIN');
    await holder.query('LOCK TABLE t IN ACCESS SHARE MODE');
    let released: Promise<unknown> | null = null;
    checks.length = 0;
    const busy = await applyPlan({ url: db.url, schema: 'public' }, plan([strong('ALTER TABLE t ADD COLUMN b int', 't'), strong('ALTER TABLE u ADD COLUMN b int', 'u')]), {
      lockTimeoutMs: 2_000,
      onTiming: (what) => {
        checks.push(what);
        if (what === 'statement') released ??= holder.query('COMMIT');
      },
    });
    await released;
    expect(busy.error).toBeUndefined();
    expect(checks[0]).toBe('statement');
    expect(checks.filter((what) => what === 'lock-check').length).toBeGreaterThanOrEqual(2);
    expect(checks.at(-2)).toBe('lock-check');
  });

  it('rolls back the whole group when a later statement of it fails, and keeps what committed before', async () => {
    const db = await createTestDatabase();
    const events: ApplyProgressEvent[] = [];
    const result = await applyPlan(
      { url: db.url, schema: 'public' },
      plan([step('CREATE TABLE before_group (id int)'), step('CREATE TABLE in_group (id int)', { group: 7 }), step('ALTER TABLE missing ADD COLUMN x int', { group: 7 })]),
      { onProgress: (e) => events.push(e) },
    );
    expect(result.status).toBe('failed');
    expect(result.stepsRun).toBe(1);
    expect(result.error).toMatchObject({ sqlstate: '42P01', stepIndex: 2, sql: 'ALTER TABLE missing ADD COLUMN x int' });
    const tables = await db.query<{ relname: string }>("SELECT relname FROM pg_class WHERE relname IN ('before_group', 'in_group') ORDER BY 1");
    expect(tables.map((t) => t.relname)).toEqual(['before_group']);
    expect(events.map((e) => e.type)).toEqual(['step-started', 'step-finished', 'step-started', 'step-finished', 'step-started', 'step-failed']);
  });

  it("counts a failing COMMIT (a deferred constraint) against the unit's last step, commits nothing of it, and leaves the session usable", async () => {
    const db = await createTestDatabase();
    await db.exec('CREATE TABLE parents (id int PRIMARY KEY); CREATE TABLE children (parent_id int REFERENCES parents DEFERRABLE INITIALLY DEFERRED)');
    const result = await applyPlan(
      { url: db.url, schema: 'public' },
      plan([
        // Ends in a line comment: the COMMIT sent with it must still run.
        step('CREATE TABLE marker (id int) -- a trailing comment'),
        step('CREATE TABLE in_unit (id int)', { group: 3 }),
        step('INSERT INTO children VALUES (42)', { group: 3 }),
      ]),
      { sleep: noSleep },
    );
    expect(result).toMatchObject({ status: 'failed', stepsRun: 1, error: { sqlstate: '23503', stepIndex: 2 } });
    const tables = await db.query<{ relname: string }>("SELECT relname FROM pg_class WHERE relname IN ('marker', 'in_unit') ORDER BY 1");
    expect(tables.map((t) => t.relname)).toEqual(['marker']);
    expect(await db.query('SELECT count(*)::int AS n FROM children')).toEqual([{ n: 0 }]);
  });

  it('retries a lock timeout with backoff until the lock is released', async () => {
    const db = await createTestDatabase();
    await db.exec('CREATE TABLE t (id int)');
    const holder = await session(db);
    await holder.query('BEGIN');
    await holder.query('LOCK TABLE t IN ACCESS EXCLUSIVE MODE');
    // Released once the migration has given up on it at least once (an event, not a timer: a slow machine must not release it first).
    let released = false;
    const release = (): void => {
      if (!released) void holder.query('COMMIT');
      released = true;
    };
    const fallback = setTimeout(release, 30_000);
    onTestFinished(() => clearTimeout(fallback));

    const events: ApplyProgressEvent[] = [];
    const result = await applyPlan(
      { url: db.url, schema: 'public' },
      plan([step('CREATE TABLE other (id int)', { group: 1 }), step('ALTER TABLE t ADD COLUMN note text', { group: 1, lock: 'ACCESS EXCLUSIVE', table: 't' })]),
      {
        lockTimeoutMs: 200,
        baseDelayMs: 100,
        maxDelayMs: 400,
        maxAttempts: 20,
        onProgress: (e) => {
          events.push(e);
          if (e.type === 'step-retried') release();
        },
      },
    );
    expect(result.error).toBeUndefined();
    expect(result.status).toBe('applied');
    expect(result.attempts).toBeGreaterThan(1);
    expect(result.stepsRun).toBe(2);
    const retried = events.filter((e) => e.type === 'step-retried');
    expect(retried.length).toBe(result.retries);
    expect(retried[0]).toMatchObject({ stepIndex: 1, rerunStepIndexes: [0, 1], error: { sqlstate: '55P03' } });
    const columns = await db.query("SELECT 1 FROM information_schema.columns WHERE table_name = 't' AND column_name = 'note'");
    expect(columns).toHaveLength(1);
  });

  it('never keeps an application query queued behind it for longer than lock_timeout', async () => {
    const db = await createTestDatabase();
    await db.exec('CREATE TABLE t (id int); INSERT INTO t SELECT generate_series(1, 10)');
    // A long read transaction: harmless to other readers, but it blocks the migration's ACCESS
    // EXCLUSIVE request, and every later reader queues behind that request (the lock-queue pile-up).
    const reader = await session(db);
    await reader.query('BEGIN');
    await reader.query('SELECT count(*) FROM t');
    const holdMs = 2_500;
    const release = setTimeout(() => void reader.query('COMMIT'), holdMs);
    onTestFinished(() => clearTimeout(release));

    const app = await session(db);
    const lockTimeoutMs = 300;
    const migration = applyPlan({ url: db.url, schema: 'public' }, plan([step('ALTER TABLE t ADD COLUMN note text', { lock: 'ACCESS EXCLUSIVE', table: 't' })]), {
      lockTimeoutMs,
      baseDelayMs: 100,
      maxDelayMs: 200,
      maxAttempts: 50,
    });
    const latencies: number[] = [];
    const appStarted = performance.now();
    while (performance.now() - appStarted < holdMs - 300) {
      const t0 = performance.now();
      await app.query('SELECT count(*) FROM t');
      latencies.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 20));
    }
    const result = await migration;
    expect(result.error).toBeUndefined();
    expect(result.attempts).toBeGreaterThan(1);
    const worst = Math.max(...latencies);
    // Whether the first try queues depends on how young the reader's transaction still looked
    // (see waitForLongLockHolders); either way the wait is bounded by lock_timeout.
    // Without lock_timeout the worst wait would be the whole hold (2.5 s); the slack absorbs a loaded CI machine.
    expect(worst).toBeLessThan(lockTimeoutMs + 400);
  });

  it('spends lock_timeout in short slices: a query queued behind its lock request waits about LOCK_SLICE_MS, not the whole lock_timeout', async () => {
    const db = await createTestDatabase();
    await db.exec('CREATE TABLE parent (id int PRIMARY KEY); CREATE TABLE child (id int, parent_id int); INSERT INTO parent SELECT generate_series(1, 10)');
    // A long write on the referenced table: the foreign key's SHARE ROW EXCLUSIVE lock on parent
    // waits for it (the long-holder check looks at the altered table only), and every later write
    // on parent queues behind that request.
    const writer = await session(db);
    await writer.query('BEGIN');
    await writer.query('INSERT INTO parent VALUES (1000)');
    const release = setTimeout(() => void writer.query('COMMIT'), 800);
    onTestFinished(() => clearTimeout(release));
    const app = await session(db);
    const migration = applyPlan(
      { url: db.url, schema: 'public' },
      plan([step('ALTER TABLE child ADD CONSTRAINT child_parent_fk FOREIGN KEY (parent_id) REFERENCES parent (id) NOT VALID', { lock: 'SHARE ROW EXCLUSIVE', table: 'child' })]),
      { lockTimeoutMs: 5_000 },
    );
    const latencies: number[] = [];
    let done = false;
    void migration.finally(() => (done = true));
    for (let id = 2000; !done; id++) {
      const t0 = performance.now();
      await app.query('INSERT INTO parent VALUES ($1)', [id]);
      latencies.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 5));
    }
    // One attempt: the slices are inside it, and it got its locks once the writer committed.
    expect(await migration).toMatchObject({ status: 'applied', attempts: 1, retries: 0 });
    // Behind a request that waited out the whole lock_timeout, a write would have waited until the
    // long writer committed (~800 ms); the slack absorbs a loaded CI machine.
    expect(Math.max(...latencies)).toBeLessThan(300);
    expect(LOCK_SLICE_MS).toBeLessThan(100);
  });

  it('queues behind a long transaction holding a conflicting lock at most once, for one short slice: then it waits for the holder without queueing', async () => {
    const db = await createTestDatabase();
    await db.exec('CREATE TABLE t (id int); INSERT INTO t SELECT generate_series(1, 10)');
    const reader = await session(db);
    await reader.query('BEGIN');
    await reader.query('SELECT count(*) FROM t');
    // Old enough to count as a long transaction rather than a passing query.
    await new Promise((r) => setTimeout(r, 300));

    const app = await session(db);
    // An application query that found an ACCESS EXCLUSIVE request queued ahead of it for longer than one slice would fail here.
    await app.query(`SET lock_timeout = '${LOCK_SLICE_MS * 4}ms'`);
    const events: ApplyProgressEvent[] = [];
    let finished = false;
    const migration = applyPlan({ url: db.url, schema: 'public' }, plan([step('ALTER TABLE t ADD COLUMN note text', { lock: 'ACCESS EXCLUSIVE', table: 't' })]), {
      lockTimeoutMs: 300,
      maxAttempts: 3,
      baseDelayMs: 50,
      maxDelayMs: 100,
      onProgress: (e) => events.push(e),
    }).finally(() => {
      finished = true;
    });
    let appQueries = 0;
    const latencies: number[] = [];
    for (let i = 0; i < 500 && !finished; i++) {
      const t0 = performance.now();
      await app.query('SELECT count(*) FROM t');
      latencies.push(performance.now() - t0);
      appQueries++;
      await new Promise((r) => setTimeout(r, 10));
    }
    const result = await migration;
    expect(appQueries).toBeGreaterThan(0);
    expect(result).toMatchObject({ status: 'failed', attempts: 3, retries: 2, error: { sqlstate: '55P03', stepIndex: 0, sql: 'ALTER TABLE t ADD COLUMN note text' } });
    expect(result.error?.message).toMatch(/lock not requested: .*AccessShareLock on t for /);
    // The statement was started once, for the first try's first slice; never again once the holder was seen.
    expect(events.filter((e) => e.type === 'step-started')).toEqual([expect.objectContaining({ attempt: 1 })]);
    // Behind one slice at most (the slack absorbs a loaded CI machine), not behind the reader's whole transaction.
    expect(Math.max(...latencies)).toBeLessThan(LOCK_SLICE_MS + 150);

    await reader.query('COMMIT');
    const retry = await applyPlan({ url: db.url, schema: 'public' }, plan([step('ALTER TABLE t ADD COLUMN note text', { lock: 'ACCESS EXCLUSIVE', table: 't' })]), { lockTimeoutMs: 300 });
    expect(retry).toMatchObject({ status: 'applied', attempts: 1 });
  });

  it('fails with 55P03 after maxAttempts when the lock is never released', async () => {
    const db = await createTestDatabase();
    await db.exec('CREATE TABLE t (id int)');
    const holder = await session(db);
    await holder.query('BEGIN');
    await holder.query('LOCK TABLE t IN ACCESS EXCLUSIVE MODE');
    const delays: number[] = [];
    const result = await applyPlan({ url: db.url, schema: 'public' }, plan([step('CREATE TABLE ok (id int)'), step('ALTER TABLE t ADD COLUMN x int', { timeoutMs: 50 })]), {
      // A step budget shorter than lock_timeout must still end a lock wait as a (retriable) lock timeout.
      lockTimeoutMs: 100,
      maxAttempts: 4,
      baseDelayMs: 200,
      maxDelayMs: 500,
      random: () => 1,
      sleep: async (ms) => void delays.push(ms),
    });
    expect(result).toMatchObject({ status: 'failed', stepsRun: 1, attempts: 4, retries: 3, error: { sqlstate: '55P03', stepIndex: 1, sql: 'ALTER TABLE t ADD COLUMN x int' } });
    expect(delays).toEqual([200, 400, 500]);
    await holder.query('ROLLBACK');
  });

  it('drops the INVALID index a failed concurrent build leaves, and does not retry a data error', async () => {
    const db = await createTestDatabase();
    await db.exec("CREATE TABLE users (email text); INSERT INTO users VALUES ('a@x'), ('a@x'); CREATE TABLE others (v int); INSERT INTO others VALUES (1), (1)");
    // Someone else's INVALID index, there before the plan: not ours to drop.
    await expect(db.exec('CREATE UNIQUE INDEX CONCURRENTLY others_v ON others (v)')).rejects.toThrow(/could not create unique index/);
    const events: ApplyProgressEvent[] = [];
    const result = await applyPlan(
      { url: db.url, schema: 'public' },
      plan([step('CREATE UNIQUE INDEX CONCURRENTLY users_email ON users (email)', { transactional: false, table: 'users', lock: 'SHARE UPDATE EXCLUSIVE' })]),
      { onProgress: (e) => events.push(e), sleep: noSleep },
    );
    expect(result).toMatchObject({ status: 'failed', attempts: 1, error: { sqlstate: '23505', stepIndex: 0 } });
    expect(events).toContainEqual({ type: 'invalid-index-dropped', stepIndex: 0, index: 'users_email' });
    expect(await db.query('SELECT indexrelid::regclass::text AS index FROM pg_index WHERE NOT indisvalid')).toEqual([{ index: 'others_v' }]);
    expect(await db.query("SELECT 1 FROM pg_class WHERE relname = 'users_email'")).toEqual([]);
  });

  it('cleans up and retries a concurrent build that timed out waiting for a writer', async () => {
    const db = await createTestDatabase();
    await db.exec('CREATE TABLE t (id int); INSERT INTO t VALUES (1)');
    // An open write transaction: the build registers its index, then waits for this writer and times out.
    const writer = await session(db);
    await writer.query('BEGIN');
    await writer.query('INSERT INTO t VALUES (2)');
    // The writer goes 1 s after the build first started (counted from then, not from the test's
    // start, so a slow machine still sees the build time out, and its cleanup wait for the writer).
    let release: NodeJS.Timeout | undefined;
    onTestFinished(() => clearTimeout(release));
    const events: ApplyProgressEvent[] = [];
    const result = await applyPlan({ url: db.url, schema: 'public' }, plan([step('CREATE INDEX CONCURRENTLY t_id ON t (id)', { transactional: false })]), {
      lockTimeoutMs: 200,
      baseDelayMs: 100,
      maxDelayMs: 300,
      maxAttempts: 20,
      onProgress: (e) => {
        events.push(e);
        if (e.type === 'step-started' && !release) release = setTimeout(() => void writer.query('COMMIT'), 1_000);
      },
    });
    expect(result.error).toBeUndefined();
    expect(result.attempts).toBeGreaterThan(1);
    expect(events.some((e) => e.type === 'invalid-index-dropped')).toBe(true);
    expect(await db.query<{ indisvalid: boolean }>("SELECT indisvalid FROM pg_index WHERE indexrelid = 't_id'::regclass")).toEqual([{ indisvalid: true }]);
  });

  it('reports a connection killed mid-build as a failed step, and still drops the INVALID index on a new connection', async () => {
    const db = await createTestDatabase();
    await db.exec('CREATE TABLE t (id int); INSERT INTO t VALUES (1)');
    const writer = await session(db);
    await writer.query('BEGIN');
    await writer.query('INSERT INTO t VALUES (2)');
    const killer = await session(db);
    const applicationName = `sf_kill_${db.name}`;
    const migration = applyPlan({ url: db.url, schema: 'public' }, plan([step('CREATE INDEX CONCURRENTLY t_id ON t (id)', { transactional: false })]), {
      lockTimeoutMs: 10_000,
      applicationName,
      sleep: noSleep,
    });
    // Wait until the build is queued behind the writer, then kill its backend and let the writer go.
    for (let i = 0; i < 100; i++) {
      const waiting = await killer.query("SELECT 1 FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'", [applicationName]);
      if (waiting.rowCount) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await killer.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [applicationName]);
    await writer.query('COMMIT');
    const result = await migration;
    expect(result.status).toBe('failed');
    expect(result.error?.sqlstate).toBe('57P01');
    expect(await db.query('SELECT 1 FROM pg_index WHERE NOT indisvalid')).toEqual([]);
    expect(await db.query("SELECT 1 FROM pg_class WHERE relname = 't_id'")).toEqual([]);
  });

  it('finishes a DETACH … CONCURRENTLY that a lock timeout left pending with FINALIZE on the retry', async () => {
    const db = await createTestDatabase();
    await db.exec(`CREATE TABLE events (id int, at int) PARTITION BY RANGE (at);
      CREATE TABLE "Events 1" PARTITION OF events FOR VALUES FROM (0) TO (10);
      CREATE TABLE events_2 PARTITION OF events FOR VALUES FROM (10) TO (20);
      INSERT INTO events VALUES (1, 1), (2, 12)`);
    // A reader whose snapshot still sees the partition: the detach's second transaction waits for it.
    const reader = await session(db);
    await reader.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    await reader.query('SELECT count(*) FROM events');
    let released = false;
    const result = await applyPlan(
      { url: db.url, schema: 'public' },
      plan([step('ALTER TABLE events DETACH PARTITION "Events 1" CONCURRENTLY', { transactional: false, lock: 'SHARE UPDATE EXCLUSIVE', table: 'events' })]),
      {
        lockTimeoutMs: 300,
        maxAttempts: 3,
        sleep: async () => {
          if (!released) await reader.query('COMMIT');
          released = true;
        },
      },
    );
    expect(released).toBe(true);
    expect(result).toMatchObject({ status: 'applied', stepsRun: 1, retries: 1 });
    expect(await db.query("SELECT inhrelid::regclass::text AS partition, inhdetachpending AS pending FROM pg_inherits WHERE inhparent = 'events'::regclass")).toEqual([
      { partition: 'events_2', pending: false },
    ]);
    expect(await db.query(`SELECT count(*)::int AS n FROM "Events 1"`)).toEqual([{ n: 1 }]);
  });

  it('gives each step its own statement_timeout and does not retry a cancelled statement', async () => {
    const db = await createTestDatabase();
    const result = await applyPlan(
      { url: db.url, schema: 'public' },
      plan([
        step('SELECT pg_sleep(0.3)', { timeoutMs: 5_000 }),
        step('SELECT pg_sleep(0.3)', { timeoutMs: 5_000, transactional: false }),
        step('SELECT pg_sleep(30)', { timeoutMs: 150, transactional: false }),
      ]),
      { sleep: noSleep, lockTimeoutMs: 100 },
    );
    expect(result).toMatchObject({ status: 'failed', stepsRun: 2, attempts: 1, error: { sqlstate: '57014', stepIndex: 2 } });
    // Far below the 30 s the last step would sleep: cut off by its statement_timeout, and not tried again
    // (about 1 s here; 2.7 s was seen on a loaded CI run, so the margin is wide).
    expect(result.durationMs).toBeLessThan(10_000);
  });

  it('throws UnreachableDatabaseError without the password when the database cannot be reached', async () => {
    const error = await applyPlan({ url: 'postgres://u:secretpw@127.0.0.1:1/db', schema: 'public' }, plan([step('SELECT 1')])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnreachableDatabaseError);
    expect(String((error as Error).message)).toContain('127.0.0.1:1');
    expect(String((error as Error).message)).not.toContain('secretpw');
  });

  it('returns an applied result with nothing run for an empty plan', async () => {
    const db = await createTestDatabase();
    expect(await applyPlan({ url: db.url, schema: 'public' }, plan([]))).toMatchObject({ status: 'applied', stepsRun: 0, attempts: 0 });
  });
});
