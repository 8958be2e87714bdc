import { describe, expect, it } from 'vitest';
import { uniqueMayFail as rule } from '../../../src/lint/rules/unique-may-fail.js';
import { runRule } from '../lint-pair.js';

describe('unique-may-fail', () => {
  it.concurrent('fires on a new UNIQUE constraint', async ({ onTestFinished }) => {
    const v = await runRule(rule, 'create table t (id int, email text);', 'create table t (id int, email text, constraint t_email_key unique (email));', { onFinished: onTestFinished });
    expect(v).toHaveLength(1);
    expect(v[0]?.object).toBe('t.t_email_key');
    expect(v[0]?.message).toContain('duplicate (email)');
  });
  it.concurrent('fires on a new unique index', async ({ onTestFinished }) => {
    const v = await runRule(rule, 'create table t (id int, email text);', 'create table t (id int, email text); create unique index t_email on t (lower(email));', { onFinished: onTestFinished });
    expect(v).toHaveLength(1);
    expect(v[0]?.object).toBe('t_email');
  });
  it.concurrent('fires on a new primary key', async ({ onTestFinished }) => {
    const v = await runRule(rule, 'create table t (id int not null);', 'create table t (id int primary key);', { onFinished: onTestFinished });
    expect(v).toHaveLength(1);
    expect(v[0]?.message).toContain('Primary key t_pkey on t(id)');
  });
  it.concurrent('stays quiet when the key only widens an existing unique key', async ({ onTestFinished }) => {
    const v = await runRule(rule, 'create table t (a int, b int, constraint k unique (a));', 'create table t (a int, b int, constraint k unique (a, b));', { onFinished: onTestFinished });
    expect(v).toHaveLength(0);
  });
  it.concurrent('stays quiet when a unique constraint on NOT NULL columns becomes the primary key', async ({ onTestFinished }) => {
    const v = await runRule(rule, 'create table t (id int not null, constraint t_id_key unique (id));', 'create table t (id int not null, constraint t_pkey primary key (id));', {
      onFinished: onTestFinished,
    });
    expect(v).toHaveLength(0);
  });
  it.concurrent('stays quiet when the key includes a column added without a default', async ({ onTestFinished }) => {
    const v = await runRule(rule, 'create table t (id int);', 'create table t (id int, code text unique);', { onFinished: onTestFinished });
    expect(v).toHaveLength(0);
  });
  it.concurrent('stays quiet on a table created in the same plan', async ({ onTestFinished }) => {
    const v = await runRule(rule, '', 'create table t (id int primary key, email text unique);', { onFinished: onTestFinished });
    expect(v).toHaveLength(0);
  });
});
