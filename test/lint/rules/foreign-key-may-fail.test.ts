import { describe, expect, it } from 'vitest';
import { foreignKeyMayFail as rule } from '../../../src/lint/rules/foreign-key-may-fail.js';
import { lintContextFor, runRule } from '../lint-pair.js';

describe('foreign-key-may-fail', () => {
  it.concurrent('fires on a new foreign key over existing values', async ({ onTestFinished }) => {
    const v = await runRule(
      rule,
      'create table p (id int primary key); create table c (id int, p_id int);',
      'create table p (id int primary key); create table c (id int, p_id int, constraint c_p_fk foreign key (p_id) references p (id));',
      { onFinished: onTestFinished },
    );
    expect(v).toHaveLength(1);
    expect(v[0]?.object).toBe('c.c_p_fk');
    expect(v[0]?.message).toContain('no match in p');
  });
  it.concurrent('stays quiet when the foreign key is on a column added in the same plan', async ({ onTestFinished }) => {
    const v = await runRule(rule, 'create table p (id int primary key); create table c (id int);', 'create table p (id int primary key); create table c (id int, p_id int references p (id));', {
      onFinished: onTestFinished,
    });
    expect(v).toHaveLength(0);
  });
  it.concurrent('stays quiet when the foreign key is declared NOT VALID', async ({ onTestFinished }) => {
    const v = await runRule(
      rule,
      'create table p (id int primary key); create table c (id int, p_id int);',
      'create table p (id int primary key); create table c (id int, p_id int); alter table c add constraint c_p_fk foreign key (p_id) references p (id) not valid;',
      { onFinished: onTestFinished },
    );
    expect(v).toHaveLength(0);
  });
  it.concurrent("points at the validation of a foreign key redefined onto a key that replaces the one it referenced (carried by the key's change)", async ({ onTestFinished }) => {
    const context = await lintContextFor(
      'create table p (id int not null, region int not null, constraint p_pkey primary key (id)); create table c (region int, p_id int, constraint c_p_fk foreign key (p_id) references p (id));',
      'create table p (id int not null, region int not null, constraint p_pkey primary key (region, id)); create table c (region int, p_id int, constraint c_p_fk foreign key (region, p_id) references p (region, id));',
      { onFinished: onTestFinished },
    );
    const v = rule.check(context);
    expect(v).toHaveLength(1);
    expect(v[0]?.object).toBe('c.c_p_fk');
    expect(context.plan.steps[v[0]?.step ?? -1]?.sql).toBe('ALTER TABLE c VALIDATE CONSTRAINT c_p_fk');
  });
});
