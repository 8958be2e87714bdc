import { describe, expect, it } from 'vitest';
import { runRule } from '../lint-pair.js';
import { columnTypeRewritesTable as rule } from '../../../src/lint/rules/column-type-rewrites-table.js';

describe('column-type-rewrites-table', () => {
  it.concurrent('fires on integer \u2192 bigint', async ({ onTestFinished }) => {
    const before = 'CREATE TABLE t (id int, n int);';
    const after = 'CREATE TABLE t (id int, n bigint);';
    const v = await runRule(rule, before, after, { onFinished: onTestFinished });
    expect(v).toHaveLength(1);
    expect(v[0]?.object).toBe('t.n');
    expect(v[0]?.message).toContain('integer to bigint');
  });
  it.concurrent('fires on each table of a re-created enum', async ({ onTestFinished }) => {
    const before = "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');\nCREATE TABLE a (m mood);\nCREATE TABLE b (m mood);";
    const after = "CREATE TYPE mood AS ENUM ('sad', 'happy');\nCREATE TABLE a (m mood);\nCREATE TABLE b (m mood);";
    const v = await runRule(rule, before, after, { onFinished: onTestFinished });
    expect(v.map((x) => x.object).sort()).toEqual(['a.m', 'b.m']);
  });
  it.concurrent('stays quiet for binary-compatible changes (varchar growth, varchar \u2192 text, numeric precision growth)', async ({ onTestFinished }) => {
    const before = 'CREATE TABLE t (a varchar(20), b varchar(20), c numeric(10,2));';
    const after = 'CREATE TABLE t (a varchar(50), b text, c numeric(12,2));';
    const v = await runRule(rule, before, after, { onFinished: onTestFinished });
    expect(v).toHaveLength(0);
  });
  it.concurrent('leaves timestamp \u2192 timestamptz to its own rule', async ({ onTestFinished }) => {
    const before = 'CREATE TABLE t (at timestamp);';
    const after = 'CREATE TABLE t (at timestamptz);';
    const v = await runRule(rule, before, after, { onFinished: onTestFinished });
    expect(v).toHaveLength(0);
  });
});
