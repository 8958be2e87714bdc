import { describe, expect, it } from 'vitest';
import { rlsForced as rule } from '../../../src/lint/rules/rls-forced.js';
import { runRule } from '../lint-pair.js';

describe('rls-forced', () => {
  it.concurrent('fires when RLS is forced on an existing table', async ({ onTestFinished }) => {
    const v = await runRule(
      rule,
      'create table t (id int); create policy p on t using (true); alter table t enable row level security;',
      'create table t (id int); create policy p on t using (true); alter table t enable row level security; alter table t force row level security;',
      { onFinished: onTestFinished },
    );
    expect(v).toHaveLength(1);
    expect(v[0]?.object).toBe('t');
    expect(v[0]?.message).toContain('policies p');
  });
  it.concurrent('stays quiet when RLS is only enabled', async ({ onTestFinished }) => {
    const v = await runRule(
      rule,
      'create table t (id int); create policy p on t using (true);',
      'create table t (id int); create policy p on t using (true); alter table t enable row level security;',
      { onFinished: onTestFinished },
    );
    expect(v).toHaveLength(0);
  });
  it.concurrent('stays quiet on a table created in the same plan', async ({ onTestFinished }) => {
    const v = await runRule(rule, '', 'create table t (id int); create policy p on t using (true); alter table t enable row level security; alter table t force row level security;', {
      onFinished: onTestFinished,
    });
    expect(v).toHaveLength(0);
  });
});
