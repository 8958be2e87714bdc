import { describe, expect, it } from 'vitest';
import { runRule } from '../lint-pair.js';
import { partitionAttachScansTable as rule } from '../../../src/lint/rules/partition-attach-scans-table.js';

describe('partition-attach-scans-table', () => {
  it.concurrent('fires when an existing table is attached under a key the plan cannot write a proof for (two columns)', async ({ onTestFinished }) => {
    const before = 'CREATE TABLE m (id int, d date) PARTITION BY RANGE (d, id);\nCREATE TABLE m_2024 (id int, d date);';
    const after =
      "CREATE TABLE m (id int, d date) PARTITION BY RANGE (d, id);\nCREATE TABLE m_2024 (id int, d date);\nALTER TABLE m ATTACH PARTITION m_2024 FOR VALUES FROM ('2024-01-01', 0) TO ('2025-01-01', 0);";
    const v = await runRule(rule, before, after, { onFinished: onTestFinished });
    expect(v).toHaveLength(1);
    expect(v[0]?.object).toBe('m_2024');
    expect(v[0]?.message).toContain('under ACCESS EXCLUSIVE');
  });
  it.concurrent("fires when the table attached is itself partitioned: the plan leaves its partitions to PostgreSQL's scan", async ({ onTestFinished }) => {
    const before =
      'CREATE TABLE m (id int, d date) PARTITION BY RANGE (d);\nCREATE TABLE m_2024 (id int, d date) PARTITION BY LIST (id);\nCREATE TABLE m_2024_1 PARTITION OF m_2024 FOR VALUES IN (1);';
    const after =
      "CREATE TABLE m (id int, d date) PARTITION BY RANGE (d);\nCREATE TABLE m_2024 PARTITION OF m FOR VALUES FROM ('2024-01-01') TO ('2025-01-01') PARTITION BY LIST (id);\nCREATE TABLE m_2024_1 PARTITION OF m_2024 FOR VALUES IN (1);";
    const v = await runRule(rule, before, after, { onFinished: onTestFinished });
    expect(v.map((violation) => violation.object)).toEqual(['m_2024']);
  });
  it.concurrent('stays quiet when the plan proves a one-column bound before attaching', async ({ onTestFinished }) => {
    const before = 'CREATE TABLE m (id int, d date) PARTITION BY RANGE (d);\nCREATE TABLE m_2024 (id int, d date);';
    const after =
      "CREATE TABLE m (id int, d date) PARTITION BY RANGE (d);\nCREATE TABLE m_2024 (id int, d date);\nALTER TABLE m ATTACH PARTITION m_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');";
    const v = await runRule(rule, before, after, { onFinished: onTestFinished });
    expect(v).toEqual([]);
  });
  it.concurrent("fires for the default partition's scan even when the attached table's bound is proved", async ({ onTestFinished }) => {
    const parent = 'CREATE TABLE m (id int, d date) PARTITION BY RANGE (d);\nCREATE TABLE m_other PARTITION OF m DEFAULT;\nCREATE TABLE m_2024 (id int, d date);';
    const v = await runRule(rule, parent, `${parent}\nALTER TABLE m ATTACH PARTITION m_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');`, { onFinished: onTestFinished });
    expect(v).toHaveLength(1);
    expect(v[0]?.message).toContain('proves');
    expect(v[0]?.message).toContain('the default partition m_other is scanned, under ACCESS EXCLUSIVE');
  });
  it.concurrent('stays quiet when a new partition is created', async ({ onTestFinished }) => {
    const before = 'CREATE TABLE m (id int, d date) PARTITION BY RANGE (d);';
    const after = "CREATE TABLE m (id int, d date) PARTITION BY RANGE (d);\nCREATE TABLE m_2024 PARTITION OF m FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');";
    const v = await runRule(rule, before, after, { onFinished: onTestFinished });
    expect(v).toHaveLength(0);
  });
});
