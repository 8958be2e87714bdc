import { describe, expect, it } from 'vitest';
import { runRule } from '../lint-pair.js';
import { multipleRewritesOfOneTable as rule } from '../../../src/lint/rules/multiple-rewrites-of-one-table.js';

describe('multiple-rewrites-of-one-table', () => {
  it.concurrent('fires when one table is rewritten twice', async ({ onTestFinished }) => {
    const before = 'CREATE TABLE t (a int, b int);';
    const after = 'CREATE TABLE t (a bigint, b bigint);';
    const v = await runRule(rule, before, after, { onFinished: onTestFinished });
    expect(v).toHaveLength(1);
    expect(v[0]?.object).toBe('t');
    expect(v[0]?.message).toContain('rewritten 2 times');
  });
  it.concurrent('stays quiet for one rewrite on each of two tables', async ({ onTestFinished }) => {
    const before = 'CREATE TABLE t (a int);\nCREATE TABLE u (a int);';
    const after = 'CREATE TABLE t (a bigint);\nCREATE TABLE u (a bigint);';
    const v = await runRule(rule, before, after, { onFinished: onTestFinished });
    expect(v).toHaveLength(0);
  });
});
