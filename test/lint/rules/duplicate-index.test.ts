import { describe, expect, it } from 'vitest';
import { runRule } from '../lint-pair.js';
import { duplicateIndex as rule } from '../../../src/lint/rules/duplicate-index.js';

describe('duplicate-index', () => {
  it.concurrent('fires on a new index that is a leading prefix of an existing one', async ({ onTestFinished }) => {
    const before = 'CREATE TABLE t (a int, b int);\nCREATE INDEX t_a_b_idx ON t (a, b);';
    const after = 'CREATE TABLE t (a int, b int);\nCREATE INDEX t_a_b_idx ON t (a, b);\nCREATE INDEX t_a_idx ON t (a);';
    const v = await runRule(rule, before, after, { onFinished: onTestFinished });
    expect(v).toHaveLength(1);
    expect(v[0]?.object).toBe('t_a_idx');
    expect(v[0]?.message).toContain('t_a_b_idx');
  });
  it.concurrent('stays quiet for an index on other leading columns, a partial one, and a unique one', async ({ onTestFinished }) => {
    const before = 'CREATE TABLE t (a int, b int);\nCREATE INDEX t_a_b_idx ON t (a, b);';
    const after =
      'CREATE TABLE t (a int, b int);\nCREATE INDEX t_a_b_idx ON t (a, b);\nCREATE INDEX t_b_idx ON t (b);\nCREATE INDEX t_a_part_idx ON t (a) WHERE b > 0;\nCREATE UNIQUE INDEX t_a_key ON t (a);';
    const v = await runRule(rule, before, after, { onFinished: onTestFinished });
    expect(v).toHaveLength(0);
  });
});
