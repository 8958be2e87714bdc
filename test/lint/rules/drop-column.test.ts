import { describe, expect, it } from 'vitest';
import { dropColumn as rule } from '../../../src/lint/rules/drop-column.js';
import { runRule } from '../lint-pair.js';

describe('drop-column', () => {
  it.concurrent('fires when a column is dropped', async ({ onTestFinished }) => {
    const v = await runRule(rule, 'create table t (id int, a text, b int);', 'create table t (id int, b int);', { onFinished: onTestFinished });
    expect(v).toHaveLength(1);
    expect(v[0]?.object).toBe('t.a');
    expect(v[0]?.message).toContain('Drops column t.a (text)');
  });
  it.concurrent('stays quiet when the drop looks like a rename (column-renamed reports it)', async ({ onTestFinished }) => {
    const v = await runRule(rule, 'create table t (id int, a text);', 'create table t (id int, a2 text);', { onFinished: onTestFinished });
    expect(v).toHaveLength(0);
  });
  it.concurrent('stays quiet when the whole table is dropped', async ({ onTestFinished }) => {
    const v = await runRule(rule, 'create table t (id int, a text); create table u (id int);', 'create table u (id int);', { onFinished: onTestFinished });
    expect(v).toHaveLength(0);
  });
});
