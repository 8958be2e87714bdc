import { describe, expect, it } from 'vitest';
import { replicaIdentityChanged as rule } from '../../../src/lint/rules/replica-identity-changed.js';
import { runRule } from '../lint-pair.js';

const t = 'create table t (id int primary key, code text not null); create unique index t_code on t (code);';

describe('replica-identity-changed', () => {
  it.concurrent('fires on NOTHING: UPDATE and DELETE fail on a table a publication publishes them for', async ({ onTestFinished }) => {
    const v = await runRule(rule, t, `${t} alter table t replica identity nothing;`, { onFinished: onTestFinished });
    expect(v).toHaveLength(1);
    expect(v[0]?.object).toBe('t');
    expect(v[0]?.message).toContain('cannot update table "t" because it does not have a replica identity and publishes updates');
    expect(v[0]?.step).toBe(0);
  });
  it.concurrent('fires on FULL: the whole old row is logged and sent', async ({ onTestFinished }) => {
    const v = await runRule(rule, t, `${t} alter table t replica identity full;`, { onFinished: onTestFinished });
    expect(v).toHaveLength(1);
    expect(v[0]?.message).toContain('from the primary key (id) to every column');
  });
  it.concurrent('fires when the key moves to another index', async ({ onTestFinished }) => {
    const v = await runRule(rule, t, `${t} alter table t replica identity using index t_code;`, { onFinished: onTestFinished });
    expect(v).toHaveLength(1);
    expect(v[0]?.message).toContain('from the primary key (id) to index t_code (code)');
  });
  it.concurrent('reports DEFAULT on a table without a primary key as no identity at all', async ({ onTestFinished }) => {
    const u = 'create table u (id int not null, note text);';
    const v = await runRule(rule, `${u} alter table u replica identity full;`, u, { onFinished: onTestFinished });
    expect(v).toHaveLength(1);
    expect(v[0]?.message).toContain('u has no primary key');
    expect(v[0]?.message).toContain('cannot update table "u" because it does not have a replica identity and publishes updates');
  });
  it.concurrent('stays quiet on a table created in the same plan', async ({ onTestFinished }) => {
    const v = await runRule(rule, '', `${t} alter table t replica identity full;`, { onFinished: onTestFinished });
    expect(v).toHaveLength(0);
  });
});
