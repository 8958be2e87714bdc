import { describe, expect, it } from 'vitest';
import { runRule } from '../lint-pair.js';
import { volatileDefaultRewritesTable as rule } from '../../../src/lint/rules/volatile-default-rewrites-table.js';

describe('volatile-default-rewrites-table', () => {
  it.concurrent('fires on ADD COLUMN with a volatile default', async ({ onTestFinished }) => {
    const before = 'CREATE TABLE t (id int);';
    const after = 'CREATE TABLE t (id int, token uuid DEFAULT gen_random_uuid());';
    const v = await runRule(rule, before, after, { onFinished: onTestFinished });
    expect(v).toHaveLength(1);
    expect(v[0]?.object).toBe('t.token');
    expect(v[0]?.message).toContain('gen_random_uuid()');
    expect(v[0]?.message).toContain('ACCESS EXCLUSIVE');
  });
  it.concurrent('fires on a bigserial column added to an existing table', async ({ onTestFinished }) => {
    const before = 'CREATE TABLE t (id int);';
    const after = 'CREATE TABLE t (id int, seq bigserial);';
    const v = await runRule(rule, before, after, { onFinished: onTestFinished });
    expect(v).toHaveLength(1);
    expect(v[0]?.message).toContain('nextval');
  });
  it.concurrent('stays quiet for now() and constant defaults, and on a new table', async ({ onTestFinished }) => {
    const before = 'CREATE TABLE t (id int);';
    const after = 'CREATE TABLE t (id int, created_at timestamptz DEFAULT now(), n int DEFAULT 5);\nCREATE TABLE u (id int, token uuid DEFAULT gen_random_uuid());';
    const v = await runRule(rule, before, after, { onFinished: onTestFinished });
    expect(v).toHaveLength(0);
  });
});
