import { describe, expect, it } from 'vitest';
import { runRule } from '../lint-pair.js';
import { indexDropped as rule } from '../../../src/lint/rules/index-dropped.js';

describe('index-dropped', () => {
  it.concurrent('fires when an index is dropped', async ({ onTestFinished }) => {
    const before = 'CREATE TABLE t (id int, d date);\nCREATE INDEX t_d_idx ON t (d);';
    const after = 'CREATE TABLE t (id int, d date);';
    const v = await runRule(rule, before, after, { onFinished: onTestFinished });
    expect(v).toHaveLength(1);
    expect(v[0]?.object).toBe('t_d_idx');
    expect(v[0]?.message).toContain('may fall back to scans');
  });
  it.concurrent('stays quiet when an index is rebuilt with a new definition, or its table is dropped', async ({ onTestFinished }) => {
    const before = 'CREATE TABLE t (id int, d date);\nCREATE INDEX t_d_idx ON t (d);\nCREATE TABLE u (id int);\nCREATE INDEX u_id_idx ON u (id);';
    const after = 'CREATE TABLE t (id int, d date);\nCREATE INDEX t_d_idx ON t (d, id);';
    const v = await runRule(rule, before, after, { onFinished: onTestFinished });
    expect(v).toHaveLength(0);
  });
});
