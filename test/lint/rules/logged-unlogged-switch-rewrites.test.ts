import { describe, expect, it } from 'vitest';
import { runRule } from '../lint-pair.js';
import { loggedUnloggedSwitchRewrites as rule } from '../../../src/lint/rules/logged-unlogged-switch-rewrites.js';

describe('logged-unlogged-switch-rewrites', () => {
  it.concurrent('fires on SET UNLOGGED of an existing table', async ({ onTestFinished }) => {
    const before = 'CREATE TABLE t (id int);';
    const after = 'CREATE UNLOGGED TABLE t (id int);';
    const v = await runRule(rule, before, after, { onFinished: onTestFinished });
    expect(v).toHaveLength(1);
    expect(v[0]?.object).toBe('t');
    expect(v[0]?.message).toContain('SET UNLOGGED rewrites t');
  });
  it.concurrent('stays quiet for a new unlogged table and a storage parameter change', async ({ onTestFinished }) => {
    const before = 'CREATE TABLE t (id int);';
    const after = 'CREATE TABLE t (id int) WITH (fillfactor = 70);\nCREATE UNLOGGED TABLE u (id int);';
    const v = await runRule(rule, before, after, { onFinished: onTestFinished });
    expect(v).toHaveLength(0);
  });
});
