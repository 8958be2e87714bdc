import { describe, expect, it } from 'vitest';
import { setNotNullMayFail as rule } from '../../../src/lint/rules/set-not-null-may-fail.js';
import { runRule } from '../lint-pair.js';

describe('set-not-null-may-fail', () => {
  it.concurrent('fires when an existing column becomes NOT NULL', async ({ onTestFinished }) => {
    const v = await runRule(rule, 'create table t (id int, c text);', 'create table t (id int, c text not null);', { onFinished: onTestFinished, seed: 'insert into t values (1, null);' });
    expect(v).toHaveLength(1);
    expect(v[0]?.object).toBe('t.c');
    expect(v[0]?.message).toContain('holds NULLs');
    expect(v[0]?.step).toBeDefined();
  });
  it.concurrent('fires on a partitioned table', async ({ onTestFinished }) => {
    const v = await runRule(
      rule,
      'create table m (d int, c text) partition by range (d); create table m1 partition of m for values from (0) to (10);',
      'create table m (d int, c text not null) partition by range (d); create table m1 partition of m for values from (0) to (10);',
      { onFinished: onTestFinished },
    );
    expect(v).toHaveLength(1);
    expect(v[0]?.object).toBe('m.c');
    expect(v[0]?.message).toContain('any partition of m');
  });
  it.concurrent('stays quiet on a table created in the same plan', async ({ onTestFinished }) => {
    const v = await runRule(rule, '', 'create table t (id int, c text not null);', { onFinished: onTestFinished });
    expect(v).toHaveLength(0);
  });
  it.concurrent('stays quiet when a NOT NULL column only gets a default', async ({ onTestFinished }) => {
    const v = await runRule(rule, 'create table t (id int, c text not null);', "create table t (id int, c text not null default 'x');", { onFinished: onTestFinished });
    expect(v).toHaveLength(0);
  });
});
