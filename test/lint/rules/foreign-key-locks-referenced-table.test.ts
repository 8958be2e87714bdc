import { describe, expect, it } from 'vitest';
import { runRule } from '../lint-pair.js';
import { foreignKeyLocksReferencedTable as rule } from '../../../src/lint/rules/foreign-key-locks-referenced-table.js';

describe('foreign-key-locks-referenced-table', () => {
  it.concurrent('fires when a foreign key between existing tables is added', async ({ onTestFinished }) => {
    const before = 'CREATE TABLE c (id int PRIMARY KEY);\nCREATE TABLE t (id int, c_id int);';
    const after = 'CREATE TABLE c (id int PRIMARY KEY);\nCREATE TABLE t (id int, c_id int);\nALTER TABLE t ADD CONSTRAINT t_c_fk FOREIGN KEY (c_id) REFERENCES c (id);';
    const v = await runRule(rule, before, after, { onFinished: onTestFinished });
    expect(v).toHaveLength(1);
    expect(v[0]?.object).toBe('t.t_c_fk');
    expect(v[0]?.message).toContain('SHARE ROW EXCLUSIVE on the referenced table c');
  });
  it.concurrent('fires when a foreign key is dropped (ACCESS EXCLUSIVE on the referenced table)', async ({ onTestFinished }) => {
    const before = 'CREATE TABLE c (id int PRIMARY KEY);\nCREATE TABLE t (id int, c_id int, CONSTRAINT t_c_fk FOREIGN KEY (c_id) REFERENCES c (id));';
    const after = 'CREATE TABLE c (id int PRIMARY KEY);\nCREATE TABLE t (id int, c_id int);';
    const v = await runRule(rule, before, after, { onFinished: onTestFinished });
    expect(v).toHaveLength(1);
    expect(v[0]?.message).toContain('ACCESS EXCLUSIVE on the referenced table c');
  });
  it.concurrent('stays quiet for a new table referencing an existing one, and for a self-reference', async ({ onTestFinished }) => {
    const before = 'CREATE TABLE c (id int PRIMARY KEY);';
    const after = 'CREATE TABLE c (id int PRIMARY KEY);\nCREATE TABLE t (id int, c_id int REFERENCES c (id));\nALTER TABLE c ADD COLUMN parent_id int REFERENCES c (id);';
    const v = await runRule(rule, before, after, { onFinished: onTestFinished });
    expect(v).toHaveLength(0);
  });
});
