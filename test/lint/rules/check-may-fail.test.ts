import { describe, expect, it } from 'vitest';
import { checkMayFail as rule } from '../../../src/lint/rules/check-may-fail.js';
import { runRule } from '../lint-pair.js';

describe('check-may-fail', () => {
  it.concurrent('fires on a new CHECK constraint', async ({ onTestFinished }) => {
    const v = await runRule(rule, 'create table t (id int, qty int);', 'create table t (id int, qty int, constraint qty_positive check (qty > 0));', { onFinished: onTestFinished });
    expect(v).toHaveLength(1);
    expect(v[0]?.object).toBe('t.qty_positive');
    expect(v[0]?.message).toContain('(qty > 0)');
  });
  it.concurrent('fires when an existing NOT VALID CHECK is validated', async ({ onTestFinished }) => {
    const v = await runRule(
      rule,
      'create table t (id int, qty int); alter table t add constraint qty_positive check (qty > 0) not valid;',
      'create table t (id int, qty int, constraint qty_positive check (qty > 0));',
      { onFinished: onTestFinished },
    );
    expect(v).toHaveLength(1);
    expect(v[0]?.message).toContain('was NOT VALID and is now validated');
  });
  it.concurrent('stays quiet when the CHECK is declared NOT VALID', async ({ onTestFinished }) => {
    const v = await runRule(rule, 'create table t (id int, qty int);', 'create table t (id int, qty int); alter table t add constraint qty_positive check (qty > 0) not valid;', {
      onFinished: onTestFinished,
    });
    expect(v).toHaveLength(0);
  });
  it.concurrent('stays quiet on a table created in the same plan', async ({ onTestFinished }) => {
    const v = await runRule(rule, '', 'create table t (id int, qty int check (qty > 0));', { onFinished: onTestFinished });
    expect(v).toHaveLength(0);
  });
});
