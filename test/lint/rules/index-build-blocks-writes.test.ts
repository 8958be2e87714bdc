import { describe, expect, it } from 'vitest';
import { runRule } from '../lint-pair.js';
import { indexBuildBlocksWrites as rule } from '../../../src/lint/rules/index-build-blocks-writes.js';

describe('index-build-blocks-writes', () => {
  it.concurrent('fires on a sub-partitioned tree (no concurrent path)', async ({ onTestFinished }) => {
    const before =
      "CREATE TABLE m (id int, region text, d date) PARTITION BY LIST (region);\nCREATE TABLE m_eu PARTITION OF m FOR VALUES IN ('eu') PARTITION BY RANGE (d);\nCREATE TABLE m_eu_2024 PARTITION OF m_eu FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');";
    const after =
      "CREATE TABLE m (id int, region text, d date) PARTITION BY LIST (region);\nCREATE TABLE m_eu PARTITION OF m FOR VALUES IN ('eu') PARTITION BY RANGE (d);\nCREATE TABLE m_eu_2024 PARTITION OF m_eu FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');\nCREATE INDEX m_d_idx ON m (d);";
    const v = await runRule(rule, before, after, { onFinished: onTestFinished });
    expect(v).toHaveLength(1);
    expect(v[0]?.object).toBe('m_d_idx');
    expect(v[0]?.message).toContain('SHARE lock on m');
    expect(v[0]?.message).toContain('inserts, updates and deletes');
  });
  it.concurrent('fires on a UNIQUE constraint added to a partitioned table', async ({ onTestFinished }) => {
    const before = "CREATE TABLE m (id int NOT NULL, d date NOT NULL) PARTITION BY RANGE (d);\nCREATE TABLE m_2024 PARTITION OF m FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');";
    const after =
      "CREATE TABLE m (id int NOT NULL, d date NOT NULL) PARTITION BY RANGE (d);\nCREATE TABLE m_2024 PARTITION OF m FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');\nALTER TABLE m ADD CONSTRAINT m_id_d_key UNIQUE (id, d);";
    const v = await runRule(rule, before, after, { onFinished: onTestFinished });
    expect(v).toHaveLength(1);
    expect(v[0]?.object).toBe('m.m_id_d_key');
    expect(v[0]?.message).toContain('ACCESS EXCLUSIVE');
  });
  it.concurrent('stays quiet when each partition can be built concurrently (ON ONLY + attach)', async ({ onTestFinished }) => {
    const before = "CREATE TABLE m (id int, d date) PARTITION BY RANGE (d);\nCREATE TABLE m_2024 PARTITION OF m FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');";
    const after = "CREATE TABLE m (id int, d date) PARTITION BY RANGE (d);\nCREATE TABLE m_2024 PARTITION OF m FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');\nCREATE INDEX m_d_idx ON m (d);";
    const v = await runRule(rule, before, after, { onFinished: onTestFinished });
    expect(v).toHaveLength(0);
  });
  it.concurrent('stays quiet for an index on a plain table (built concurrently)', async ({ onTestFinished }) => {
    const before = 'CREATE TABLE t (id int, d date);';
    const after = 'CREATE TABLE t (id int, d date);\nCREATE INDEX t_d_idx ON t (d);';
    const v = await runRule(rule, before, after, { onFinished: onTestFinished });
    expect(v).toHaveLength(0);
  });
});
