import { describe, expect, it } from 'vitest';
import { tableRenamed as rule } from '../../../src/lint/rules/table-renamed.js';
import { runRule } from '../lint-pair.js';

describe('table-renamed', () => {
  it.concurrent('fires when a table is dropped and one with the same columns created', async ({ onTestFinished }) => {
    const v = await runRule(rule, 'create table t (id int, a text);', 'create table t2 (id int, a text);', { onFinished: onTestFinished });
    expect(v).toHaveLength(1);
    expect(v[0]?.object).toBe('t');
    expect(v[0]?.message).toContain('renamed to t2');
  });
  it.concurrent('stays quiet when the new table has other columns', async ({ onTestFinished }) => {
    const v = await runRule(rule, 'create table t (id int, a text);', 'create table u (id int, b text);', { onFinished: onTestFinished });
    expect(v).toHaveLength(0);
  });
});
