import { describe, expect, it } from 'vitest';
import { constraintRenamed as rule } from '../../../src/lint/rules/constraint-renamed.js';
import { runRule } from '../lint-pair.js';

describe('constraint-renamed', () => {
  it.concurrent('reports a key renamed in place, naming ON CONFLICT ON CONSTRAINT', async ({ onTestFinished }) => {
    const v = await runRule(rule, 'create table t (id int constraint t_old_pk primary key);', 'create table t (id int constraint t_pkey primary key);', { onFinished: onTestFinished });
    expect(v).toHaveLength(1);
    expect(v[0]?.object).toBe('t.t_old_pk');
    expect(v[0]?.message).toContain('renamed to t_pkey in place');
    expect(v[0]?.message).toContain('ON CONFLICT ON CONSTRAINT t_old_pk');
  });
  it.concurrent('reports a check renamed in place, without ON CONFLICT', async ({ onTestFinished }) => {
    const v = await runRule(rule, 'create table t (n int constraint n_positive check (n > 0));', 'create table t (n int constraint t_n_check check (n > 0));', { onFinished: onTestFinished });
    expect(v.map((x) => x.object)).toEqual(['t.n_positive']);
    expect(v[0]?.message).not.toContain('ON CONFLICT');
  });
  it.concurrent('stays quiet when the definition changes too (that is a replacement, with its own findings)', async ({ onTestFinished }) => {
    const v = await runRule(rule, 'create table t (n int constraint n_positive check (n > 0));', 'create table t (n int constraint t_n_check check (n >= 0));', { onFinished: onTestFinished });
    expect(v).toEqual([]);
  });
});
