import { describe, expect, it } from 'vitest';
import { runRule } from '../lint-pair.js';
import { partitionAttachScansTable as rule } from '../../../src/lint/rules/partition-attach-scans-table.js';

describe('partition-attach-scans-table', () => {
  it.concurrent("fires when an existing table is attached as a partition", async ({ onTestFinished }) => {
    const before = "CREATE TABLE m (id int, d date) PARTITION BY RANGE (d);\nCREATE TABLE m_2024 (id int, d date);";
    const after = "CREATE TABLE m (id int, d date) PARTITION BY RANGE (d);\nCREATE TABLE m_2024 (id int, d date);\nALTER TABLE m ATTACH PARTITION m_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');";
    const v = await runRule(rule, before, after, { onFinished: onTestFinished });
    expect(v).toHaveLength(1);
    expect(v[0]?.object).toBe('m_2024');
    expect(v[0]?.message).toContain('under ACCESS EXCLUSIVE');
  });
  it.concurrent("stays quiet when a new partition is created", async ({ onTestFinished }) => {
    const before = "CREATE TABLE m (id int, d date) PARTITION BY RANGE (d);";
    const after = "CREATE TABLE m (id int, d date) PARTITION BY RANGE (d);\nCREATE TABLE m_2024 PARTITION OF m FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');";
    const v = await runRule(rule, before, after, { onFinished: onTestFinished });
    expect(v).toHaveLength(0);
  });
});
