import { describe, expect, it } from 'vitest';
import { dropMaterializedView as rule } from '../../../src/lint/rules/drop-materialized-view.js';
import { runRule } from '../lint-pair.js';

describe('drop-materialized-view', () => {
  it.concurrent('fires when a materialized view is dropped', async ({ onTestFinished }) => {
    const v = await runRule(rule, 'create table t (id int); create materialized view mv as select id from t;', 'create table t (id int);', { onFinished: onTestFinished });
    expect(v).toHaveLength(1);
    expect(v[0]?.object).toBe('mv');
  });
  it.concurrent('stays quiet when a materialized view is re-created with a new query', async ({ onTestFinished }) => {
    const v = await runRule(
      rule,
      'create table t (id int, a int); create materialized view mv as select id from t;',
      'create table t (id int, a int); create materialized view mv as select id, a from t;',
      { onFinished: onTestFinished },
    );
    expect(v).toHaveLength(0);
  });
});
