import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { createTestDatabase, withClient } from '../support/pg.js';
import { introspectSchema } from '../../src/schema/introspect/introspect-schema.js';
import { planMigration } from '../../src/plan/plan-migration.js';
import type { LockMode, PlanStep } from '../../src/plan/step.js';

/** pg_locks' mode names in the words plan steps use. */
const MODES: Record<string, LockMode> = {
  AccessShareLock: 'ACCESS SHARE',
  RowShareLock: 'ROW SHARE',
  RowExclusiveLock: 'ROW EXCLUSIVE',
  ShareUpdateExclusiveLock: 'SHARE UPDATE EXCLUSIVE',
  ShareLock: 'SHARE',
  ShareRowExclusiveLock: 'SHARE ROW EXCLUSIVE',
  ExclusiveLock: 'EXCLUSIVE',
  AccessExclusiveLock: 'ACCESS EXCLUSIVE',
};
const RANK = Object.values(MODES);

/**
 * Plans `before` → `after` with the real planner, then runs each step on the `before` database in
 * a transaction of its own, and reads from pg_locks what the step locked before it commits: the tables,
 * views and their strongest mode (indexes and catalog objects left out).
 */
async function stepLocks(before: string, after: string, onFinished: (fn: () => Promise<void>) => void): Promise<{ step: PlanStep; locks: Map<string, LockMode> }[]> {
  const from = await createTestDatabase('sf_locks_from', { onFinished });
  const to = await createTestDatabase('sf_locks_to', { onFinished });
  await from.exec(before);
  await to.exec(after);
  const read = (url: string) => withClient(url, (c: pg.Client) => introspectSchema(c, 'public'));
  const { plan } = planMigration(await read(from.url), await read(to.url));
  return withClient(from.url, async (client) => {
    const out: { step: PlanStep; locks: Map<string, LockMode> }[] = [];
    for (const step of plan.steps) {
      await client.query('BEGIN');
      await client.query(step.sql);
      const rows = (
        await client.query<{ relname: string; mode: string }>(
          `SELECT c.relname, l.mode FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
            WHERE l.pid = pg_backend_pid() AND c.relkind IN ('r', 'p', 'v', 'm') AND c.relnamespace = 'public'::regnamespace`,
        )
      ).rows;
      // Committed, as apply does: a later step may need what this one did.
      await client.query('COMMIT');
      const locks = new Map<string, LockMode>();
      for (const r of rows) {
        const mode = MODES[r.mode]!;
        const held = locks.get(r.relname);
        if (!held || RANK.indexOf(mode) > RANK.indexOf(held)) locks.set(r.relname, mode);
      }
      out.push({ step, locks });
    }
    return out;
  });
}

/** The step's declared lock is what it takes on its table, and its hazards name the locks it takes on other tables. */
function expectDeclared({ step, locks }: { step: PlanStep; locks: Map<string, LockMode> }): void {
  expect(step.table === null ? null : (locks.get(step.table) ?? null), `${step.sql}: lock on ${step.table}`).toBe(step.lock);
  const hazards = step.hazards.map((h) => h.message).join(' ');
  for (const [table, mode] of locks) if (table !== step.table) expect(hazards, `${step.sql}: hazards name ${mode} on ${table}`).toContain(`${mode} on ${table}`);
}

describe('locks of the newer plan steps, as PostgreSQL takes them', () => {
  it.concurrent('REPLICA IDENTITY: ACCESS EXCLUSIVE on the table, nothing else', async ({ onTestFinished }) => {
    const t = 'create table t (id int primary key, code text not null); create unique index t_code on t (code);';
    const steps = await stepLocks(t, `${t} alter table t replica identity using index t_code;`, onTestFinished);
    expect(steps.map((s) => s.step.sql)).toEqual(['ALTER TABLE t REPLICA IDENTITY USING INDEX t_code']);
    expect([...steps[0]!.locks]).toEqual([['t', 'ACCESS EXCLUSIVE']]);
    steps.forEach(expectDeclared);
    expect(steps[0]!.step.hazards.map((h) => h.kind)).toEqual(['blocking-lock', 'breaks-running-code']);
  });
  it.concurrent('REPLICA IDENTITY NOTHING: the step says UPDATE and DELETE fail on a published table', async ({ onTestFinished }) => {
    const t = 'create table t (id int primary key);';
    const steps = await stepLocks(t, `${t} alter table t replica identity nothing;`, onTestFinished);
    expect(steps[0]!.step.hazards.find((h) => h.kind === 'breaks-running-code')?.message).toContain('UPDATE and DELETE on it fail if a publication publishes them');
  });
  it.concurrent('NO INHERIT: ACCESS EXCLUSIVE on the child, ACCESS SHARE on the parent', async ({ onTestFinished }) => {
    const steps = await stepLocks('create table p (id int); create table c (id int) inherits (p);', 'create table p (id int); create table c (id int);', onTestFinished);
    expect(steps.map((s) => s.step.sql)).toEqual(['ALTER TABLE c NO INHERIT p']);
    expect(Object.fromEntries(steps[0]!.locks)).toEqual({ c: 'ACCESS EXCLUSIVE', p: 'ACCESS SHARE' });
    steps.forEach(expectDeclared);
  });
  it.concurrent('INHERIT: ACCESS EXCLUSIVE on the child, SHARE UPDATE EXCLUSIVE on the parent', async ({ onTestFinished }) => {
    const steps = await stepLocks('create table p (id int); create table c (id int);', 'create table p (id int); create table c (id int); alter table c inherit p;', onTestFinished);
    expect(steps.map((s) => s.step.sql)).toEqual(['ALTER TABLE c INHERIT p']);
    expect(Object.fromEntries(steps[0]!.locks)).toEqual({ c: 'ACCESS EXCLUSIVE', p: 'SHARE UPDATE EXCLUSIVE' });
    steps.forEach(expectDeclared);
  });
  it.concurrent('GRANT and REVOKE: no lock on the table on PostgreSQL 15, ACCESS SHARE on 18 (blocks no query)', async ({ onTestFinished }) => {
    const steps = await stepLocks('create table t (id int); grant select, insert on t to public;', 'create table t (id int); grant select, update on t to public;', onTestFinished);
    expect(steps.map((s) => s.step.sql).sort()).toEqual(['GRANT UPDATE ON TABLE t TO PUBLIC', 'REVOKE INSERT ON TABLE t FROM PUBLIC']);
    for (const s of steps) for (const mode of s.locks.values()) expect(mode, s.step.sql).toBe('ACCESS SHARE');
    steps.forEach(expectDeclared);
  });
  it.concurrent('CREATE TRIGGER … INSTEAD OF on an existing view: SHARE ROW EXCLUSIVE on the view', async ({ onTestFinished }) => {
    const v = "create table t (id int); create view v as select id from t; create function f() returns trigger language plpgsql as 'begin return new; end';";
    const steps = await stepLocks(v, `${v} create trigger v_insert instead of insert on v for each row execute function f();`, onTestFinished);
    expect(steps).toHaveLength(1);
    expect(Object.fromEntries(steps[0]!.locks)).toEqual({ v: 'SHARE ROW EXCLUSIVE' });
    steps.forEach(expectDeclared);
  });
  it.concurrent('ALTER EXTENSION … UPDATE (citext 1.4 → 1.6, an indexed citext column): no lock on the tables', async ({ onTestFinished }) => {
    const t = 'create table t (id int, e citext); create index t_e on t (e);';
    const steps = await stepLocks(`create extension citext version '1.4'; ${t}`, `create extension citext version '1.6'; ${t}`, onTestFinished);
    expect(steps.map((s) => s.step.sql)).toEqual(["ALTER EXTENSION citext UPDATE TO '1.6'"]);
    expect(steps[0]!.locks.size).toBe(0);
    steps.forEach(expectDeclared);
  });
  it.concurrent('a redefined collation: no table locked, and the drop says it is refused while anything uses it', async ({ onTestFinished }) => {
    const steps = await stepLocks(
      "create collation german (provider = icu, locale = 'de'); create table t (name text);",
      "create collation german (provider = icu, locale = 'de-u-ks-level2', deterministic = false); create table t (name text);",
      onTestFinished,
    );
    expect(steps.map((s) => s.step.sql)).toEqual(['DROP COLLATION german', "CREATE COLLATION german (provider = icu, locale = 'de-u-ks-level2', deterministic = false)"]);
    steps.forEach(expectDeclared);
    expect(steps[0]!.step.hazards[0]?.message).toContain('PostgreSQL refuses while a column, index or domain uses it');
  });
});
