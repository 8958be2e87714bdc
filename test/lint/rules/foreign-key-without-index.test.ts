import { describe, expect, it } from 'vitest';
import { runRule } from '../lint-pair.js';
import { foreignKeyWithoutIndex as rule } from '../../../src/lint/rules/foreign-key-without-index.js';

describe('foreign-key-without-index', () => {
  it.concurrent('fires on a new foreign key without an index on its columns', async ({ onTestFinished }) => {
    const before = 'CREATE TABLE c (id int PRIMARY KEY);';
    const after = 'CREATE TABLE c (id int PRIMARY KEY);\nCREATE TABLE t (id int PRIMARY KEY, c_id int CONSTRAINT t_c_fk REFERENCES c (id));';
    const v = await runRule(rule, before, after, { onFinished: onTestFinished });
    expect(v).toHaveLength(1);
    expect(v[0]?.object).toBe('t.t_c_fk');
    expect(v[0]?.message).toContain('every DELETE on c');
  });
  it.concurrent('reports a foreign key once when its table and the key are created by separate steps (it was reported at both)', async ({ onTestFinished }) => {
    const before = 'CREATE TABLE unrelated (id int);';
    const after =
      'CREATE TABLE unrelated (id int);\nCREATE TABLE t (id int PRIMARY KEY, c_id int);\nCREATE TABLE c (id int PRIMARY KEY, t_id int CONSTRAINT c_t_fk REFERENCES t (id));\nALTER TABLE t ADD CONSTRAINT t_c_fk FOREIGN KEY (c_id) REFERENCES c (id);';
    const v = await runRule(rule, before, after, { onFinished: onTestFinished });
    expect(v.map((x) => x.object).sort()).toEqual(['c.c_t_fk', 't.t_c_fk']);
  });
  it.concurrent('fires when the plan drops the index that supported an existing foreign key', async ({ onTestFinished }) => {
    const before = 'CREATE TABLE c (id int PRIMARY KEY);\nCREATE TABLE t (id int, c_id int CONSTRAINT t_c_fk REFERENCES c (id));\nCREATE INDEX t_c_idx ON t (c_id);';
    const after = 'CREATE TABLE c (id int PRIMARY KEY);\nCREATE TABLE t (id int, c_id int CONSTRAINT t_c_fk REFERENCES c (id));';
    const v = await runRule(rule, before, after, { onFinished: onTestFinished });
    expect(v).toHaveLength(1);
    expect(v[0]?.message).toContain('drops the index');
  });
  it.concurrent('stays quiet when an index (or the primary key) starts with the foreign key columns', async ({ onTestFinished }) => {
    const before = 'CREATE TABLE c (id int PRIMARY KEY);';
    const after =
      'CREATE TABLE c (id int PRIMARY KEY);\nCREATE TABLE t (id int PRIMARY KEY, c_id int CONSTRAINT t_c_fk REFERENCES c (id), n int);\nCREATE INDEX t_c_n_idx ON t (c_id, n);\nCREATE TABLE u (c_id int REFERENCES c (id), k int, PRIMARY KEY (c_id, k));';
    const v = await runRule(rule, before, after, { onFinished: onTestFinished });
    expect(v).toHaveLength(0);
  });
  it.concurrent('fires when only a partial index covers the columns', async ({ onTestFinished }) => {
    const before = 'CREATE TABLE c (id int PRIMARY KEY);';
    const after = 'CREATE TABLE c (id int PRIMARY KEY);\nCREATE TABLE t (id int, c_id int CONSTRAINT t_c_fk REFERENCES c (id));\nCREATE INDEX t_c_idx ON t (c_id) WHERE c_id IS NOT NULL;';
    const v = await runRule(rule, before, after, { onFinished: onTestFinished });
    expect(v).toHaveLength(1);
  });
});
