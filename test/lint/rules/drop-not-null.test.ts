import { describe, expect, it } from 'vitest';
import { dropNotNull as rule } from '../../../src/lint/rules/drop-not-null.js';
import { runRule } from '../lint-pair.js';

describe('drop-not-null', () => {
  it.concurrent('fires when NOT NULL is dropped', async ({ onTestFinished }) => {
    const v = await runRule(rule, 'create table t (id int, c text not null);', 'create table t (id int, c text);', { onFinished: onTestFinished });
    expect(v).toHaveLength(1);
    expect(v[0]?.object).toBe('t.c');
  });
  it.concurrent('stays quiet when the column is dropped', async ({ onTestFinished }) => {
    const v = await runRule(rule, 'create table t (id int, c text not null);', 'create table t (id int);', { onFinished: onTestFinished });
    expect(v).toHaveLength(0);
  });
});
