import { describe, expect, it } from 'vitest';
import { runRule } from '../lint-pair.js';
import { storedGeneratedColumnRewritesTable as rule } from '../../../src/lint/rules/stored-generated-column-rewrites-table.js';

describe('stored-generated-column-rewrites-table', () => {
  it.concurrent('fires on a stored generated column added to an existing table', async ({ onTestFinished }) => {
    const before = 'CREATE TABLE t (id int, price numeric, qty int);';
    const after = 'CREATE TABLE t (id int, price numeric, qty int, total numeric GENERATED ALWAYS AS (price * qty) STORED);';
    const v = await runRule(rule, before, after, { onFinished: onTestFinished });
    expect(v).toHaveLength(1);
    expect(v[0]?.object).toBe('t.total');
    expect(v[0]?.message).toContain('rewrites t');
  });
  it.concurrent('stays quiet on a new table and for a plain column', async ({ onTestFinished }) => {
    const before = 'CREATE TABLE t (id int, price numeric, qty int);';
    const after = 'CREATE TABLE t (id int, price numeric, qty int, total numeric);\nCREATE TABLE u (a int, b int GENERATED ALWAYS AS (a * 2) STORED);';
    const v = await runRule(rule, before, after, { onFinished: onTestFinished });
    expect(v).toHaveLength(0);
  });
});
