import { describe, expect, it } from 'vitest';
import { narrowingTypeChange as rule } from '../../../src/lint/rules/narrowing-type-change.js';
import { runRule } from '../lint-pair.js';

describe('narrowing-type-change', () => {
  it.concurrent('fires when varchar shrinks', async ({ onTestFinished }) => {
    const v = await runRule(rule, 'create table t (name varchar(50));', 'create table t (name varchar(10));', { onFinished: onTestFinished });
    expect(v).toHaveLength(1);
    expect(v[0]?.object).toBe('t.name');
    // The plan has no USING cast: PostgreSQL rejects a longer string, it does not cut it.
    expect(v[0]?.message).toContain('make the ALTER fail ("value too long for type character varying(10)")');
    expect(v[0]?.message).not.toMatch(/silently|USING/);
  });
  it.concurrent('fires when bigint becomes integer', async ({ onTestFinished }) => {
    const v = await runRule(rule, 'create table t (n bigint);', 'create table t (n integer);', { onFinished: onTestFinished });
    expect(v).toHaveLength(1);
    expect(v[0]?.message).toContain('out of range');
  });
  it.concurrent('fires when numeric loses scale', async ({ onTestFinished }) => {
    const v = await runRule(rule, 'create table t (price numeric(10,2));', 'create table t (price numeric(10,1));', { onFinished: onTestFinished });
    expect(v).toHaveLength(1);
    expect(v[0]?.message).toContain('rounded');
  });
  it.concurrent('stays quiet when varchar grows', async ({ onTestFinished }) => {
    const v = await runRule(rule, 'create table t (name varchar(10));', 'create table t (name varchar(50));', { onFinished: onTestFinished });
    expect(v).toHaveLength(0);
  });
  it.concurrent('stays quiet when integer becomes bigint', async ({ onTestFinished }) => {
    const v = await runRule(rule, 'create table t (n integer);', 'create table t (n bigint);', { onFinished: onTestFinished });
    expect(v).toHaveLength(0);
  });
});
