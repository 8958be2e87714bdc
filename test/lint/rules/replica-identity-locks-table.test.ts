import { describe, expect, it } from 'vitest';
import { replicaIdentityLocksTable as rule } from '../../../src/lint/rules/replica-identity-locks-table.js';
import { runRule } from '../lint-pair.js';

const t = 'create table t (id int primary key, code text not null); create unique index t_code on t (code);';

describe('replica-identity-locks-table', () => {
  it.concurrent('fires when the replica identity of an existing table changes', async ({ onTestFinished }) => {
    const v = await runRule(rule, t, `${t} alter table t replica identity using index t_code;`, { onFinished: onTestFinished });
    expect(v).toHaveLength(1);
    expect(v[0]?.object).toBe('t');
    expect(v[0]?.message).toContain('ACCESS EXCLUSIVE on t');
    expect(v[0]?.message).toContain('no scan');
    expect(v[0]?.step).toBe(0);
  });
  it.concurrent('stays quiet on a table created in the same plan', async ({ onTestFinished }) => {
    const v = await runRule(rule, '', `${t} alter table t replica identity full;`, { onFinished: onTestFinished });
    expect(v).toHaveLength(0);
  });
});
