import { describe, expect, it } from 'vitest';
import { rlsEnabledWithoutPolicy as rule } from '../../../src/lint/rules/rls-enabled-without-policy.js';
import { runRule } from '../lint-pair.js';

describe('rls-enabled-without-policy', () => {
  it.concurrent('fires when RLS is enabled without a policy', async ({ onTestFinished }) => {
    const v = await runRule(rule, 'create table t (id int);', 'create table t (id int); alter table t enable row level security;', { onFinished: onTestFinished });
    expect(v).toHaveLength(1);
    expect(v[0]?.object).toBe('t');
    expect(v[0]?.message).toContain('no permissive policy');
  });
  it.concurrent('fires when the last policy is dropped while RLS stays on', async ({ onTestFinished }) => {
    const v = await runRule(
      rule,
      'create table t (id int); create policy p on t using (true); alter table t enable row level security;',
      'create table t (id int); alter table t enable row level security;',
      { onFinished: onTestFinished },
    );
    expect(v).toHaveLength(1);
    expect(v[0]?.message).toContain('last permissive policy on t (p)');
  });
  it.concurrent('stays quiet when a policy exists in the desired state', async ({ onTestFinished }) => {
    const v = await runRule(rule, 'create table t (id int);', 'create table t (id int); create policy p on t using (true); alter table t enable row level security;', { onFinished: onTestFinished });
    expect(v).toHaveLength(0);
  });
  it.concurrent('stays quiet on a table created in the same plan', async ({ onTestFinished }) => {
    const v = await runRule(rule, '', 'create table t (id int); alter table t enable row level security;', { onFinished: onTestFinished });
    expect(v).toHaveLength(0);
  });
});
