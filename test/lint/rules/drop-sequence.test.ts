import { describe, expect, it } from 'vitest';
import { dropSequence as rule } from '../../../src/lint/rules/drop-sequence.js';
import { runRule } from '../lint-pair.js';

describe('drop-sequence', () => {
  it.concurrent('fires when a sequence is dropped', async ({ onTestFinished }) => {
    const v = await runRule(rule, 'create sequence invoice_no start 1000;', '', { onFinished: onTestFinished });
    expect(v).toHaveLength(1);
    expect(v[0]?.object).toBe('invoice_no');
    expect(v[0]?.message).toContain('restart at 1000');
  });
  it.concurrent('stays quiet when a serial column (and its owned sequence) is dropped', async ({ onTestFinished }) => {
    const v = await runRule(rule, 'create table t (id serial, x int);', 'create table t (x int);', { onFinished: onTestFinished });
    expect(v).toHaveLength(0);
  });
});
