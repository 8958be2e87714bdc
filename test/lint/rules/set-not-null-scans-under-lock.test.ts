import { describe, expect, it } from 'vitest';
import { runRule } from '../lint-pair.js';
import { setNotNullScansUnderLock as rule } from '../../../src/lint/rules/set-not-null-scans-under-lock.js';

describe('set-not-null-scans-under-lock', () => {
  it.concurrent('fires on SET NOT NULL of a partitioned table', async ({ onTestFinished }) => {
    const before = "CREATE TABLE m (id int, d date) PARTITION BY RANGE (d);\nCREATE TABLE m_2024 PARTITION OF m FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');";
    const after = "CREATE TABLE m (id int NOT NULL, d date) PARTITION BY RANGE (d);\nCREATE TABLE m_2024 PARTITION OF m FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');";
    const v = await runRule(rule, before, after, { onFinished: onTestFinished });
    expect(v).toHaveLength(1);
    expect(v[0]?.object).toBe('m.id');
    expect(v[0]?.message).toContain('ACCESS EXCLUSIVE');
  });
  it.concurrent('stays quiet on a plain table (proven by a validated check first)', async ({ onTestFinished }) => {
    const before = 'CREATE TABLE t (id int);';
    const after = 'CREATE TABLE t (id int NOT NULL);';
    const v = await runRule(rule, before, after, { onFinished: onTestFinished });
    expect(v).toHaveLength(0);
  });
});
