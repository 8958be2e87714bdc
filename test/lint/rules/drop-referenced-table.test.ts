import { describe, expect, it } from 'vitest';
import { dropReferencedTable as rule } from '../../../src/lint/rules/drop-referenced-table.js';
import { runRule } from '../lint-pair.js';

describe('drop-referenced-table', () => {
  it.concurrent('fires when a referenced table is dropped', async ({ onTestFinished }) => {
    const v = await runRule(rule, 'create table p (id int primary key); create table c (id int, p_id int references p (id));', 'create table c (id int, p_id int);', { onFinished: onTestFinished });
    expect(v).toHaveLength(1);
    expect(v[0]?.object).toBe('p');
    expect(v[0]?.message).toContain('c.c_p_id_fkey');
  });
  it.concurrent('stays quiet when the referencing table is dropped too', async ({ onTestFinished }) => {
    const v = await runRule(rule, 'create table p (id int primary key); create table c (id int, p_id int references p (id));', '', { onFinished: onTestFinished });
    expect(v).toHaveLength(0);
  });
  it.concurrent('stays quiet when nothing references the dropped table', async ({ onTestFinished }) => {
    const v = await runRule(rule, 'create table p (id int primary key); create table c (id int);', 'create table c (id int);', { onFinished: onTestFinished });
    expect(v).toHaveLength(0);
  });
});
