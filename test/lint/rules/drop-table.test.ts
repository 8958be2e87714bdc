import { describe, expect, it } from 'vitest';
import { dropTable as rule } from '../../../src/lint/rules/drop-table.js';
import { runRule } from '../lint-pair.js';

describe('drop-table', () => {
  it.concurrent('fires when a table is dropped', async ({ onTestFinished }) => {
    const v = await runRule(rule, 'create table t (id int, a text); create table u (id int);', 'create table u (id int);', { onFinished: onTestFinished });
    expect(v).toHaveLength(1);
    expect(v[0]?.object).toBe('t');
    expect(v[0]?.message).toContain('Drops table t');
  });
  it.concurrent('fires when a table is re-created for a partitioning change', async ({ onTestFinished }) => {
    const v = await runRule(rule, 'create table m (d int);', 'create table m (d int) partition by range (d);', { onFinished: onTestFinished });
    expect(v).toHaveLength(1);
    expect(v[0]?.message).toContain('rows are not copied');
  });
  it.concurrent('fires once for a partitioned table dropped with its partitions', async ({ onTestFinished }) => {
    const v = await runRule(
      rule,
      'create table m (d int) partition by range (d); create table m1 partition of m for values from (0) to (10); create table m2 partition of m for values from (10) to (20);',
      '',
      { onFinished: onTestFinished },
    );
    expect(v).toHaveLength(1);
    expect(v[0]?.object).toBe('m');
    expect(v[0]?.message).toContain('its partitions m1, m2');
  });
  it.concurrent('stays quiet when the drop looks like a rename (table-renamed reports it)', async ({ onTestFinished }) => {
    const v = await runRule(rule, 'create table t (id int, a text);', 'create table t2 (id int, a text);', { onFinished: onTestFinished });
    expect(v).toHaveLength(0);
  });
});
