import { describe, expect, it } from 'vitest';
import { domainConstraintMayFail as rule } from '../../../src/lint/rules/domain-constraint-may-fail.js';
import { runRule } from '../lint-pair.js';

describe('domain-constraint-may-fail', () => {
  it.concurrent('fires when a used domain gets a CHECK', async ({ onTestFinished }) => {
    const v = await runRule(rule, 'create domain qty as int; create table t (q qty);', 'create domain qty as int constraint qty_positive check (value > 0); create table t (q qty);', {
      onFinished: onTestFinished,
    });
    expect(v).toHaveLength(1);
    expect(v[0]?.object).toBe('qty');
    expect(v[0]?.message).toContain('qty_positive');
    expect(v[0]?.message).toContain('t.q');
  });
  it.concurrent('fires when a used domain becomes NOT NULL', async ({ onTestFinished }) => {
    const v = await runRule(rule, 'create domain qty as int; create table t (q qty);', 'create domain qty as int not null; create table t (q qty);', { onFinished: onTestFinished });
    expect(v).toHaveLength(1);
    expect(v[0]?.object).toBe('qty');
  });
  it.concurrent('stays quiet when no column uses the domain', async ({ onTestFinished }) => {
    const v = await runRule(rule, 'create domain qty as int;', 'create domain qty as int constraint qty_positive check (value > 0);', { onFinished: onTestFinished });
    expect(v).toHaveLength(0);
  });
});
