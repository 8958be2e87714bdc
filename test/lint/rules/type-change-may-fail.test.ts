import { describe, expect, it } from 'vitest';
import { typeChangeMayFail as rule } from '../../../src/lint/rules/type-change-may-fail.js';
import { runRule } from '../lint-pair.js';

describe('type-change-may-fail', () => {
  it.concurrent('fires when text becomes integer', async ({ onTestFinished }) => {
    const v = await runRule(rule, 'create table t (code text);', 'create table t (code integer);', { onFinished: onTestFinished });
    expect(v).toHaveLength(1);
    expect(v[0]?.object).toBe('t.code');
    expect(v[0]?.message).toContain("can't be converted to integer");
  });
  it.concurrent('stays quiet when integer becomes bigint', async ({ onTestFinished }) => {
    const v = await runRule(rule, 'create table t (n integer);', 'create table t (n bigint);', { onFinished: onTestFinished });
    expect(v).toHaveLength(0);
  });
  it.concurrent('stays quiet when integer becomes text', async ({ onTestFinished }) => {
    const v = await runRule(rule, 'create table t (n integer);', 'create table t (n text);', { onFinished: onTestFinished });
    expect(v).toHaveLength(0);
  });
  it.concurrent('stays quiet on a narrowing change (narrowing-type-change reports it)', async ({ onTestFinished }) => {
    const v = await runRule(rule, 'create table t (name varchar(50));', 'create table t (name varchar(10));', { onFinished: onTestFinished });
    expect(v).toHaveLength(0);
  });
});
