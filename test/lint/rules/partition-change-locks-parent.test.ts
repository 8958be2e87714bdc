import { describe, expect, it } from 'vitest';
import { runRule } from '../lint-pair.js';
import { partitionChangeLocksParent as rule } from '../../../src/lint/rules/partition-change-locks-parent.js';

describe('partition-change-locks-parent', () => {
  it.concurrent('fires when a partition of an existing partitioned table is created', async ({ onTestFinished }) => {
    const before = 'CREATE TABLE m (id int, d date) PARTITION BY RANGE (d);';
    const after = "CREATE TABLE m (id int, d date) PARTITION BY RANGE (d);\nCREATE TABLE m_2024 PARTITION OF m FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');";
    const v = await runRule(rule, before, after, { onFinished: onTestFinished });
    expect(v).toHaveLength(1);
    expect(v[0]?.object).toBe('m_2024');
    expect(v[0]?.message).toContain('ACCESS EXCLUSIVE on m');
  });
  it.concurrent('fires on a detach that cannot be concurrent (default partition)', async ({ onTestFinished }) => {
    const before =
      "CREATE TABLE m (id int, d date) PARTITION BY RANGE (d);\nCREATE TABLE m_2024 PARTITION OF m FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');\nCREATE TABLE m_other PARTITION OF m DEFAULT;";
    const after = 'CREATE TABLE m (id int, d date) PARTITION BY RANGE (d);\nCREATE TABLE m_2024 (id int, d date);\nCREATE TABLE m_other PARTITION OF m DEFAULT;';
    const v = await runRule(rule, before, after, { onFinished: onTestFinished });
    expect(v).toHaveLength(1);
    expect(v[0]?.message).toContain('default partition');
  });
  it.concurrent('stays quiet for a detach without a default partition (DETACH \u2026 CONCURRENTLY) and for partitions of a new table', async ({ onTestFinished }) => {
    const before = "CREATE TABLE m (id int, d date) PARTITION BY RANGE (d);\nCREATE TABLE m_2024 PARTITION OF m FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');";
    const after =
      "CREATE TABLE m (id int, d date) PARTITION BY RANGE (d);\nCREATE TABLE m_2024 (id int, d date);\nCREATE TABLE n (id int, d date) PARTITION BY RANGE (d);\nCREATE TABLE n_2024 PARTITION OF n FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');";
    const v = await runRule(rule, before, after, { onFinished: onTestFinished });
    expect(v).toHaveLength(0);
  });
});
