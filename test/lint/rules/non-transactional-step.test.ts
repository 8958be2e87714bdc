import { describe, expect, it } from 'vitest';
import { runRule } from '../lint-pair.js';
import { nonTransactionalStep as rule } from '../../../src/lint/rules/non-transactional-step.js';

describe('non-transactional-step', () => {
  it.concurrent('fires on a concurrent index build on an existing table', async ({ onTestFinished }) => {
    const before = 'CREATE TABLE t (id int, d date);';
    const after = 'CREATE TABLE t (id int, d date);\nCREATE INDEX t_d_idx ON t (d);';
    const v = await runRule(rule, before, after, { onFinished: onTestFinished });
    expect(v).toHaveLength(1);
    expect(v[0]?.object).toBe('t_d_idx');
    expect(v[0]?.message).toContain('outside a transaction');
  });
  it.concurrent('stays quiet for an index on a table created in the same plan', async ({ onTestFinished }) => {
    const before = '';
    const after = 'CREATE TABLE t (id int, d date);\nCREATE INDEX t_d_idx ON t (d);';
    const v = await runRule(rule, before, after, { onFinished: onTestFinished });
    expect(v).toHaveLength(0);
  });
});

describe('non-transactional-step on a rebuilt index', () => {
  it.concurrent('names the concurrent build and the concurrent drop of the old definition', async ({ onTestFinished }) => {
    const before = 'CREATE TABLE t (id int, d date);\nCREATE INDEX t_d_idx ON t (d);';
    const after = 'CREATE TABLE t (id int, d date);\nCREATE INDEX t_d_idx ON t (d, id);';
    const v = await runRule(rule, before, after, { onFinished: onTestFinished });
    expect(v).toHaveLength(2);
    expect(v[0]?.message).toContain('concurrent index build');
    expect(v[1]?.message).toContain('DROP INDEX CONCURRENTLY of the old t_d_idx');
  });
});
