import { describe, expect, it } from 'vitest';
import { partitionDetached as rule } from '../../../src/lint/rules/partition-detached.js';
import { runRule } from '../lint-pair.js';

describe('partition-detached', () => {
  it.concurrent('fires when a partition is detached', async ({ onTestFinished }) => {
    const v = await runRule(
      rule,
      'create table m (d int) partition by range (d); create table m1 partition of m for values from (0) to (10);',
      'create table m (d int) partition by range (d); create table m1 (d int);',
      { onFinished: onTestFinished },
    );
    expect(v).toHaveLength(1);
    expect(v[0]?.object).toBe('m1');
    expect(v[0]?.message).toContain('disappear from queries on m');
  });
  it.concurrent('stays quiet when a partition is dropped (drop-table reports it)', async ({ onTestFinished }) => {
    const v = await runRule(rule, 'create table m (d int) partition by range (d); create table m1 partition of m for values from (0) to (10);', 'create table m (d int) partition by range (d);', {
      onFinished: onTestFinished,
    });
    expect(v).toHaveLength(0);
  });
});
