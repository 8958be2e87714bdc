import { describe, expect, it } from 'vitest';
import { foreignKeyMayFail as rule } from '../../../src/lint/rules/foreign-key-may-fail.js';
import { runRule } from '../lint-pair.js';

describe("foreign-key-may-fail", () => {
  it.concurrent("fires on a new foreign key over existing values", async ({ onTestFinished }) => {
    const v = await runRule(rule, "create table p (id int primary key); create table c (id int, p_id int);", "create table p (id int primary key); create table c (id int, p_id int, constraint c_p_fk foreign key (p_id) references p (id));", { onFinished: onTestFinished });
    expect(v).toHaveLength(1);
    expect(v[0]?.object).toBe('c.c_p_fk');
    expect(v[0]?.message).toContain('no match in p');
  });
  it.concurrent("stays quiet when the foreign key is on a column added in the same plan", async ({ onTestFinished }) => {
    const v = await runRule(rule, "create table p (id int primary key); create table c (id int);", "create table p (id int primary key); create table c (id int, p_id int references p (id));", { onFinished: onTestFinished });
    expect(v).toHaveLength(0);
  });
  it.concurrent("stays quiet when the foreign key is declared NOT VALID", async ({ onTestFinished }) => {
    const v = await runRule(rule, "create table p (id int primary key); create table c (id int, p_id int);", "create table p (id int primary key); create table c (id int, p_id int); alter table c add constraint c_p_fk foreign key (p_id) references p (id) not valid;", { onFinished: onTestFinished });
    expect(v).toHaveLength(0);
  });
});
