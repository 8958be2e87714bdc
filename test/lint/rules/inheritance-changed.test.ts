import { describe, expect, it } from 'vitest';
import { inheritanceChanged as rule } from '../../../src/lint/rules/inheritance-changed.js';
import { runRule } from '../lint-pair.js';

describe('inheritance-changed', () => {
  it.concurrent("fires on INHERIT: the parent's queries, updates and deletes reach the child's rows", async ({ onTestFinished }) => {
    const v = await runRule(rule, 'create table p (id int); create table c (id int);', 'create table p (id int); create table c (id int); alter table c inherit p;', { onFinished: onTestFinished });
    expect(v).toHaveLength(1);
    expect(v[0]?.object).toBe('c');
    expect(v[0]?.message).toContain('DELETE FROM p now deletes rows of c');
    expect(v[0]?.step).toBe(0);
  });
  it.concurrent("fires on NO INHERIT: the parent's queries stop seeing the child's rows", async ({ onTestFinished }) => {
    const v = await runRule(rule, 'create table p (id int); create table c (id int) inherits (p);', 'create table p (id int); create table c (id int);', { onFinished: onTestFinished });
    expect(v).toHaveLength(1);
    expect(v[0]?.message).toContain('stop reaching the rows of c');
  });
  it.concurrent('stays quiet for a child made by the plan (it has no rows yet)', async ({ onTestFinished }) => {
    const v = await runRule(rule, 'create table p (id int);', 'create table p (id int); create table c (id int) inherits (p);', { onFinished: onTestFinished });
    expect(v).toHaveLength(0);
  });
});
