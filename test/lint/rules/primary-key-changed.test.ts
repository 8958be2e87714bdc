import { describe, expect, it } from 'vitest';
import { primaryKeyChanged as rule } from '../../../src/lint/rules/primary-key-changed.js';
import { runRule } from '../lint-pair.js';

describe('primary-key-changed', () => {
  it.concurrent('fires when the primary key gets other columns', async ({ onTestFinished }) => {
    const v = await runRule(
      rule,
      'create table t (id int not null, code int not null, constraint t_pkey primary key (id));',
      'create table t (id int not null, code int not null, constraint t_pkey primary key (id, code));',
      { onFinished: onTestFinished },
    );
    expect(v).toHaveLength(1);
    expect(v[0]?.object).toBe('t.t_pkey');
    expect(v[0]?.message).toContain('from (id) to (id, code)');
  });
  it.concurrent('fires when the primary key is dropped', async ({ onTestFinished }) => {
    const v = await runRule(rule, 'create table t (id int primary key, a int);', 'create table t (id int not null, a int);', { onFinished: onTestFinished });
    expect(v).toHaveLength(1);
    expect(v[0]?.message).toContain('logical replication');
  });
  it.concurrent('stays quiet when the primary key stays', async ({ onTestFinished }) => {
    const v = await runRule(rule, 'create table t (id int primary key, a int);', 'create table t (id int primary key, a int, b int);', { onFinished: onTestFinished });
    expect(v).toHaveLength(0);
  });
});
