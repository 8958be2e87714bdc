import { describe, expect, it } from 'vitest';
import { partitionBoundMayFail as rule } from '../../../src/lint/rules/partition-bound-may-fail.js';
import { runRule } from '../lint-pair.js';

describe('partition-bound-may-fail', () => {
  it.concurrent('fires when a partition is created next to a DEFAULT partition', async ({ onTestFinished }) => {
    const v = await runRule(
      rule,
      'create table m (d int) partition by range (d); create table m_default partition of m default;',
      'create table m (d int) partition by range (d); create table m_default partition of m default; create table m1 partition of m for values from (0) to (10);',
      { onFinished: onTestFinished },
    );
    expect(v).toHaveLength(1);
    expect(v[0]?.object).toBe('m1');
    expect(v[0]?.message).toContain('DEFAULT partition m_default');
  });
  it.concurrent('fires when an existing table is attached', async ({ onTestFinished }) => {
    const v = await runRule(
      rule,
      'create table m (d int) partition by range (d); create table m2 (d int);',
      'create table m (d int) partition by range (d); create table m2 partition of m for values from (10) to (20);',
      { onFinished: onTestFinished },
    );
    expect(v).toHaveLength(1);
    expect(v[0]?.object).toBe('m2');
    expect(v[0]?.message).toContain('a row of m2 is outside');
  });
  it.concurrent('stays quiet when a partition is created and there is no DEFAULT partition', async ({ onTestFinished }) => {
    const v = await runRule(rule, 'create table m (d int) partition by range (d);', 'create table m (d int) partition by range (d); create table m1 partition of m for values from (0) to (10);', {
      onFinished: onTestFinished,
    });
    expect(v).toHaveLength(0);
  });
});
