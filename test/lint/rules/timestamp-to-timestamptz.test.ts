import { describe, expect, it } from 'vitest';
import { runRule } from '../lint-pair.js';
import { timestampToTimestamptz as rule } from '../../../src/lint/rules/timestamp-to-timestamptz.js';

describe('timestamp-to-timestamptz', () => {
  it.concurrent('fires on timestamp \u2192 timestamptz', async ({ onTestFinished }) => {
    const before = 'CREATE TABLE t (at timestamp);';
    const after = 'CREATE TABLE t (at timestamptz);';
    const v = await runRule(rule, before, after, { onFinished: onTestFinished });
    expect(v).toHaveLength(1);
    expect(v[0]?.object).toBe('t.at');
    expect(v[0]?.message).toContain('TimeZone is UTC');
  });
  it.concurrent('stays quiet for timestamp precision growth', async ({ onTestFinished }) => {
    const before = 'CREATE TABLE t (at timestamp(3));';
    const after = 'CREATE TABLE t (at timestamp(6));';
    const v = await runRule(rule, before, after, { onFinished: onTestFinished });
    expect(v).toHaveLength(0);
  });
});
