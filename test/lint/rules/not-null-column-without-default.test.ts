import { describe, expect, it } from 'vitest';
import { notNullColumnWithoutDefault as rule } from '../../../src/lint/rules/not-null-column-without-default.js';
import { runRule } from '../lint-pair.js';

describe('not-null-column-without-default', () => {
  it.concurrent('fires when a NOT NULL column without default is added', async ({ onTestFinished }) => {
    const v = await runRule(rule, 'create table t (id int);', 'create table t (id int, c int not null);', { onFinished: onTestFinished });
    expect(v).toHaveLength(1);
    expect(v[0]?.object).toBe('t.c');
    expect(v[0]?.message).toContain('without a default');
  });
  it.concurrent('stays quiet when the column has a default', async ({ onTestFinished }) => {
    const v = await runRule(rule, 'create table t (id int);', 'create table t (id int, c int not null default 0);', { onFinished: onTestFinished });
    expect(v).toHaveLength(0);
  });
  it.concurrent('stays quiet when the column is an identity column', async ({ onTestFinished }) => {
    const v = await runRule(rule, 'create table t (id int);', 'create table t (id int, c int not null generated always as identity);', { onFinished: onTestFinished });
    expect(v).toHaveLength(0);
  });
  it.concurrent('stays quiet on a table created in the same plan', async ({ onTestFinished }) => {
    const v = await runRule(rule, '', 'create table t (id int, c int not null);', { onFinished: onTestFinished });
    expect(v).toHaveLength(0);
  });
  it.concurrent("stays quiet when the column's domain has a default", async ({ onTestFinished }) => {
    const v = await runRule(rule, 'create domain flag as boolean default false; create table t (id int);', 'create domain flag as boolean default false; create table t (id int, c flag not null);', {
      onFinished: onTestFinished,
    });
    expect(v).toHaveLength(0);
  });
});
