import { describe, expect, it } from 'vitest';
import { columnRenamed as rule } from '../../../src/lint/rules/column-renamed.js';
import { runRule } from '../lint-pair.js';

describe('column-renamed', () => {
  it.concurrent('fires when a column is dropped and one of the same type added in its place', async ({ onTestFinished }) => {
    const v = await runRule(rule, 'create table t (id int, a text, b int);', 'create table t (id int, a2 text, b int);', { onFinished: onTestFinished });
    expect(v).toHaveLength(1);
    expect(v[0]?.object).toBe('t.a');
    expect(v[0]?.message).toContain('renamed to a2');
  });
  it.concurrent('fires when the only dropped and added columns share a type', async ({ onTestFinished }) => {
    const v = await runRule(rule, 'create table t (id int, a text, b int);', 'create table t (id int, b int, c text);', { onFinished: onTestFinished });
    expect(v).toHaveLength(1);
    expect(v[0]?.object).toBe('t.a');
  });
  it.concurrent('stays quiet when the dropped and added columns have different types', async ({ onTestFinished }) => {
    const v = await runRule(rule, 'create table t (id int, a text);', 'create table t (id int, c integer);', { onFinished: onTestFinished });
    expect(v).toHaveLength(0);
  });
});
