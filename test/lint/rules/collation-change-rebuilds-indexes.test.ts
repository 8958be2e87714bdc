import { describe, expect, it } from 'vitest';
import { runRule } from '../lint-pair.js';
import { collationChangeRebuildsIndexes as rule } from '../../../src/lint/rules/collation-change-rebuilds-indexes.js';

describe('collation-change-rebuilds-indexes', () => {
  it.concurrent('fires when an indexed column changes collation', async ({ onTestFinished }) => {
    const before = 'CREATE TABLE t (email text);\nCREATE INDEX t_email_idx ON t (email);';
    const after = 'CREATE TABLE t (email text COLLATE "C");\nCREATE INDEX t_email_idx ON t (email);';
    const v = await runRule(rule, before, after, { onFinished: onTestFinished });
    expect(v).toHaveLength(1);
    expect(v[0]?.object).toBe('t.email');
    expect(v[0]?.message).toContain('t_email_idx');
  });
  it.concurrent('stays quiet when no index covers the column', async ({ onTestFinished }) => {
    const before = 'CREATE TABLE t (email text);';
    const after = 'CREATE TABLE t (email text COLLATE "C");';
    const v = await runRule(rule, before, after, { onFinished: onTestFinished });
    expect(v).toHaveLength(0);
  });
});
