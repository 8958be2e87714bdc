import { describe, expect, it } from 'vitest';
import { runRule } from '../lint-pair.js';
import { transactionHoldsLocksDuringRewrite as rule } from '../../../src/lint/rules/transaction-holds-locks-during-rewrite.js';

describe('transaction-holds-locks-during-rewrite', () => {
  it.concurrent('fires when a re-created enum rewrites two tables in one transaction', async ({ onTestFinished }) => {
    const before = "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');\nCREATE TABLE a (m mood);\nCREATE TABLE b (m mood);";
    const after = "CREATE TYPE mood AS ENUM ('sad', 'happy');\nCREATE TABLE a (m mood);\nCREATE TABLE b (m mood);";
    const v = await runRule(rule, before, after, { onFinished: onTestFinished });
    expect(v).toHaveLength(1);
    expect(v[0]?.object).toBe('a');
    expect(v[0]?.message).toContain('a (ACCESS EXCLUSIVE: every read and write) stays locked while');
    expect(v[0]?.message).toContain('rewrites b');
  });
  it.concurrent('stays quiet for a re-created enum used by one table, and a type change under a dependent view', async ({ onTestFinished }) => {
    const before = "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');\nCREATE TABLE a (m mood);\nCREATE TABLE t (id int, n int);\nCREATE VIEW v AS SELECT id, n FROM t;";
    const after = "CREATE TYPE mood AS ENUM ('sad', 'happy');\nCREATE TABLE a (m mood);\nCREATE TABLE t (id int, n bigint);\nCREATE VIEW v AS SELECT id, n FROM t;";
    const v = await runRule(rule, before, after, { onFinished: onTestFinished });
    expect(v).toHaveLength(0);
  });
});
