import { describe, expect, it } from 'vitest';
import { inheritanceChangeLocksTables as rule } from '../../../src/lint/rules/inheritance-change-locks-tables.js';
import { runRule } from '../lint-pair.js';

describe('inheritance-change-locks-tables', () => {
  it.concurrent('fires on NO INHERIT: queries that read the parent wait for the child', async ({ onTestFinished }) => {
    const v = await runRule(rule, 'create table p (id int); create table c (id int) inherits (p);', 'create table p (id int); create table c (id int);', { onFinished: onTestFinished });
    expect(v).toHaveLength(1);
    expect(v[0]?.object).toBe('c');
    expect(v[0]?.message).toContain('ACCESS EXCLUSIVE on c and ACCESS SHARE on p');
    expect(v[0]?.message).toContain('every read, update and delete on p waits');
    expect(v[0]?.step).toBe(0);
  });
  it.concurrent('fires on INHERIT: the child is locked, the parent only against schema changes', async ({ onTestFinished }) => {
    const v = await runRule(rule, 'create table p (id int); create table c (id int);', 'create table p (id int); create table c (id int); alter table c inherit p;', { onFinished: onTestFinished });
    expect(v).toHaveLength(1);
    expect(v[0]?.object).toBe('c');
    expect(v[0]?.message).toContain('ACCESS EXCLUSIVE on c and SHARE UPDATE EXCLUSIVE on p');
    expect(v[0]?.message).toContain('reads and writes on p go on');
  });
  it.concurrent('stays quiet for a child created by the plan', async ({ onTestFinished }) => {
    const v = await runRule(rule, 'create table p (id int);', 'create table p (id int); create table c (id int) inherits (p);', { onFinished: onTestFinished });
    expect(v).toHaveLength(0);
  });
});
