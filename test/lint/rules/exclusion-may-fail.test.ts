import { describe, expect, it } from 'vitest';
import { exclusionMayFail as rule } from '../../../src/lint/rules/exclusion-may-fail.js';
import { runRule } from '../lint-pair.js';

describe('exclusion-may-fail', () => {
  it.concurrent('fires on a new exclusion constraint', async ({ onTestFinished }) => {
    const v = await runRule(rule, 'create table r (id int, during tsrange);', 'create table r (id int, during tsrange, constraint no_overlap exclude using gist (during with &&));', {
      onFinished: onTestFinished,
    });
    expect(v).toHaveLength(1);
    expect(v[0]?.object).toBe('r.no_overlap');
    expect(v[0]?.message).toContain('two existing rows of r conflict');
  });
  it.concurrent('stays quiet on a table created in the same plan', async ({ onTestFinished }) => {
    const v = await runRule(rule, '', 'create table r (id int, during tsrange, constraint no_overlap exclude using gist (during with &&));', { onFinished: onTestFinished });
    expect(v).toHaveLength(0);
  });
});
