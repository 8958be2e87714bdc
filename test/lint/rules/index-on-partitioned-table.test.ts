import { describe, expect, it } from 'vitest';
import { runRule } from '../lint-pair.js';
import { indexOnPartitionedTable as rule } from '../../../src/lint/rules/index-on-partitioned-table.js';

describe('index-on-partitioned-table', () => {
  it.concurrent('fires on an index added to an existing partitioned table', async ({ onTestFinished }) => {
    const before =
      "CREATE TABLE m (id int, d date) PARTITION BY RANGE (d);\nCREATE TABLE m_2024 PARTITION OF m FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');\nCREATE TABLE m_2025 PARTITION OF m FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');";
    const after =
      "CREATE TABLE m (id int, d date) PARTITION BY RANGE (d);\nCREATE TABLE m_2024 PARTITION OF m FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');\nCREATE TABLE m_2025 PARTITION OF m FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');\nCREATE INDEX m_d_idx ON m (d);";
    const v = await runRule(rule, before, after, { onFinished: onTestFinished });
    expect(v).toHaveLength(1);
    expect(v[0]?.object).toBe('m_d_idx');
    expect(v[0]?.message).toContain('2 concurrent builds');
  });
  it.concurrent('stays quiet on a new partitioned table and on the locking fallback (reported by index-build-blocks-writes)', async ({ onTestFinished }) => {
    const before =
      "CREATE TABLE s (id int, region text, d date) PARTITION BY LIST (region);\nCREATE TABLE s_eu PARTITION OF s FOR VALUES IN ('eu') PARTITION BY RANGE (d);\nCREATE TABLE s_eu_2024 PARTITION OF s_eu FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');";
    const after =
      "CREATE TABLE s (id int, region text, d date) PARTITION BY LIST (region);\nCREATE TABLE s_eu PARTITION OF s FOR VALUES IN ('eu') PARTITION BY RANGE (d);\nCREATE TABLE s_eu_2024 PARTITION OF s_eu FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');\nCREATE INDEX s_d_idx ON s (d);\nCREATE TABLE m (id int, d date) PARTITION BY RANGE (d);\nCREATE TABLE m_2024 PARTITION OF m FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');\nCREATE INDEX m_d_idx ON m (d);";
    const v = await runRule(rule, before, after, { onFinished: onTestFinished });
    expect(v).toHaveLength(0);
  });
});
