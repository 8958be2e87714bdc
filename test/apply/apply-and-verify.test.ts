import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { applyAndVerify } from '../../src/apply/apply-and-verify.js';
import { readLiveSchema } from '../../src/apply/read-live-schema.js';
import { RefusedError } from '../../src/errors.js';
import { createTestDatabase } from '../support/pg.js';

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
    expect((error as Error).message).toMatch(/legacy_note/);
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
    // Someone else changes the schema while the plan runs: every step succeeds, yet the tenant is not done.
    const intruder = new pg.Client({ connectionString: db.url });
    await intruder.connect();
    let intruded: Promise<unknown> | undefined;
    const result = await applyAndVerify({ url: db.url, schema: 'public' }, await desiredFrom(V2), {
      onProgress: (event) => {
        if (event.type === 'step-started' && event.stepIndex === 0) intruded = intruder.query('CREATE TABLE sneaked_in (id int)');
      },
    });
    await intruded;
    await intruder.end();
    expect(result.status).toBe('failed');
    expect(result.reason).toBe('verification');
    expect(result.stepsRun).toBe(result.plan.steps.length);
    expect(result.remaining.map((s) => s.sql).join('\n')).toMatch(/sneaked_in/);
    expect(result.error?.message).toMatch(/verification failed[\s\S]*sneaked_in/);
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
});
