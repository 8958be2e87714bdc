import { describe, expect, it } from 'vitest';
import { runRule } from '../lint-pair.js';
import { domainConstraintScansTables as rule } from '../../../src/lint/rules/domain-constraint-scans-tables.js';

describe('domain-constraint-scans-tables', () => {
  it.concurrent('fires when a validated constraint is added to a domain used by an existing table', async ({ onTestFinished }) => {
    const before = 'CREATE DOMAIN qty AS int;\nCREATE TABLE t (id int, n qty);';
    const after = 'CREATE DOMAIN qty AS int CONSTRAINT qty_positive CHECK (VALUE > 0);\nCREATE TABLE t (id int, n qty);';
    const v = await runRule(rule, before, after, { onFinished: onTestFinished });
    expect(v).toHaveLength(1);
    expect(v[0]?.object).toBe('qty');
    expect(v[0]?.message).toContain('SHARE lock on t');
  });
  it.concurrent('stays quiet when the domain constraint stays NOT VALID', async ({ onTestFinished }) => {
    const before = 'CREATE DOMAIN qty AS int;\nCREATE TABLE t (id int, n qty);';
    const after = 'CREATE DOMAIN qty AS int;\nCREATE TABLE t (id int, n qty);\nALTER DOMAIN qty ADD CONSTRAINT qty_positive CHECK (VALUE > 0) NOT VALID;';
    const v = await runRule(rule, before, after, { onFinished: onTestFinished });
    expect(v).toHaveLength(0);
  });
  it.concurrent('stays quiet when no existing table uses the domain', async ({ onTestFinished }) => {
    const before = 'CREATE DOMAIN qty AS int;';
    const after = 'CREATE DOMAIN qty AS int CONSTRAINT qty_positive CHECK (VALUE > 0);\nCREATE TABLE t (id int, n qty);';
    const v = await runRule(rule, before, after, { onFinished: onTestFinished });
    expect(v).toHaveLength(0);
  });
});
