import { describe, expect, it } from 'vitest';
import { cli, devUrlArgs, fixture } from './run-cli-in-process.js';
import { createTestDatabase } from '../support/pg.js';

interface PlanJson {
  steps: { sql: string; transactional: boolean; lock: string | null; table: string | null; hazards: { kind: string; message: string }[] }[];
  schema: string;
  currentFingerprint: string;
  desiredFingerprint: string;
}

describe('schemafleet CLI against PostgreSQL', () => {
  it('plans as JSON with the documented shape', async () => {
    const db = await createTestDatabase();
    await db.exec('CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL)');
    const run = await cli(['plan', '--schema', fixture('users-v2.sql'), '--url', db.url, '--format', 'json', ...devUrlArgs()]);
    expect(run.code, run.stderr).toBe(0);
    const plan = JSON.parse(run.stdout) as PlanJson;
    expect(plan.schema).toBe('public');
    expect(plan.currentFingerprint).toMatch(/\S/);
    expect(plan.desiredFingerprint).toMatch(/\S/);
    expect(plan.currentFingerprint).not.toBe(plan.desiredFingerprint);
    expect(plan.steps.length).toBeGreaterThan(0);
    for (const step of plan.steps) {
      expect(typeof step.sql).toBe('string');
      expect(typeof step.transactional).toBe('boolean');
      expect(step.lock === null || typeof step.lock === 'string').toBe(true);
      expect(step.table === null || typeof step.table === 'string').toBe(true);
      for (const hazard of step.hazards) expect(Object.keys(hazard).sort()).toEqual(['kind', 'message']);
    }
    expect(plan.steps.some((s) => /users_email_idx/.test(s.sql))).toBe(true);
    expect(plan.steps.some((s) => /CREATE TABLE/i.test(s.sql) && /projects/.test(s.sql))).toBe(true);
  });

  it('applies, verifies, and then plans nothing (json "steps": [] and sql "-- no changes")', async () => {
    const db = await createTestDatabase();
    const apply = await cli(['apply', '--schema', fixture('users-v2.sql'), '--url', db.url, '--lock-timeout', '1500ms', ...devUrlArgs()]);
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.stderr).toMatch(/\[1\/\d+\]/);
    expect(apply.stdout).toContain('verified');

    const json = await cli(['plan', '--schema', fixture('users-v2.sql'), '--url', db.url, '--format', 'json', ...devUrlArgs()]);
    expect(json.code, json.stderr).toBe(0);
    expect(json.stdout).toMatch(/"steps": \[\]/);
    expect((JSON.parse(json.stdout) as PlanJson).steps).toEqual([]);

    const sql = await cli(['plan', '--schema', fixture('users-v2.sql'), '--url', db.url], { SCHEMAFLEET_DEV_URL: devUrlArgs()[1] });
    expect(sql.code, sql.stderr).toBe(0);
    expect(sql.stdout).toBe('-- no changes\n');

    const again = await cli(['apply', '--schema', fixture('users-v2.sql'), '--url', db.url, ...devUrlArgs()]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('no changes');
  });

  it('applies into a named schema and reports the result as JSON', async () => {
    const db = await createTestDatabase();
    await db.exec('CREATE SCHEMA tenant_42');
    const run = await cli(['apply', '--schema', fixture('users-v1.sql'), '--url', db.url, '--schema-name', 'tenant_42', '--format', 'json', ...devUrlArgs()]);
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as { status: string; stepsRun: number; remaining: string[] };
    expect(result.status).toBe('applied');
    expect(result.stepsRun).toBeGreaterThan(0);
    expect(result.remaining).toEqual([]);
    expect(await db.query("SELECT table_schema FROM information_schema.tables WHERE table_name = 'users'")).toEqual([{ table_schema: 'tenant_42' }]);
  });

  it('refuses a destructive plan without --allow-destructive (exit 1) and runs it with the flag', async () => {
    const db = await createTestDatabase();
    await db.exec('CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL); CREATE TABLE legacy (id int)');
    const refused = await cli(['apply', '--schema', fixture('users-v1.sql'), '--url', db.url, ...devUrlArgs()]);
    expect(refused.code, refused.stderr).toBe(1);
    expect(refused.stderr).toMatch(/lose data/);
    expect(refused.stderr).toMatch(/legacy/);
    expect(refused.stderr).toContain('--allow-destructive');
    expect(await db.query("SELECT 1 FROM pg_class WHERE relname = 'legacy'")).toHaveLength(1);

    const allowed = await cli(['apply', '--schema', fixture('users-v1.sql'), '--url', db.url, '--allow-destructive', ...devUrlArgs()]);
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(await db.query("SELECT 1 FROM pg_class WHERE relname = 'legacy'")).toHaveLength(0);
  });

  it('diffs two schema files with no database of a tenant', async () => {
    const text = await cli(['diff', '--from', fixture('users-v1.sql'), '--to', fixture('users-v2.sql'), ...devUrlArgs()]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^\+ table projects$/m);
    expect(text.stdout).toMatch(/^\+ column users\.email$/m);
    expect(text.stdout).toMatch(/^\+ index users_email_idx$/m);

    const json = await cli(['diff', '--from', fixture('users-v1.sql'), '--to', fixture('users-v2.sql'), '--format', 'json', ...devUrlArgs()]);
    expect(json.code, json.stderr).toBe(0);
    const parsed = JSON.parse(json.stdout) as { changes: { kind: string }[]; plan: PlanJson };
    expect(parsed.changes.map((c) => c.kind)).toContain('add-table');
    expect(parsed.plan.steps.length).toBeGreaterThan(0);

    const sql = await cli(['diff', '--from', fixture('users-v2.sql'), '--to', fixture('users-v1.sql'), '--format', 'sql', ...devUrlArgs()]);
    expect(sql.code, sql.stderr).toBe(0);
    expect(sql.stdout).toMatch(/DROP TABLE/i);

    const same = await cli(['diff', '--from', fixture('users-v1.sql'), '--to', fixture('users-v1.sql'), ...devUrlArgs()]);
    expect(same.stdout).toBe('no changes\n');

    // --exit-code, as git diff --exit-code: 1 when there are changes (a CI drift check fails on it), 0 when none.
    const drift = await cli(['diff', '--from', fixture('users-v1.sql'), '--to', fixture('users-v2.sql'), '--exit-code', ...devUrlArgs()]);
    expect(drift.code, drift.stderr).toBe(1);
    expect(drift.stdout).not.toBe('no changes\n');
    const clean = await cli(['diff', '--from', fixture('users-v1.sql'), '--to', fixture('users-v1.sql'), '--exit-code', ...devUrlArgs()]);
    expect(clean.code, clean.stderr).toBe(0);
  });

  it('diffs a database against a schema file', async () => {
    const db = await createTestDatabase();
    await db.exec('CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL, nickname text)');
    const run = await cli(['diff', '--from', db.url, '--to', fixture('users-v1.sql'), ...devUrlArgs()]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^- column users\.nickname$/m);
  });
});
