import { describe, expect, it } from 'vitest';
import { dropView as rule } from '../../../src/lint/rules/drop-view.js';
import { runRule } from '../lint-pair.js';

describe('drop-view', () => {
  it.concurrent('fires when a view is dropped', async ({ onTestFinished }) => {
    const v = await runRule(rule, 'create table t (id int); create view v as select id from t;', 'create table t (id int);', { onFinished: onTestFinished });
    expect(v).toHaveLength(1);
    expect(v[0]?.object).toBe('v');
  });
  it.concurrent('stays quiet when a view is dropped and re-created in one transaction', async ({ onTestFinished }) => {
    const v = await runRule(rule, 'create table t (id int, a int); create view v as select id, a from t;', 'create table t (id int, a int); create view v as select a, id from t;', {
      onFinished: onTestFinished,
    });
    expect(v).toHaveLength(0);
  });
});
