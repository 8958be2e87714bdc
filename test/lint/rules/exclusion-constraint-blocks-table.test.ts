import { describe, expect, it } from 'vitest';
import { runRule } from '../lint-pair.js';
import { exclusionConstraintBlocksTable as rule } from '../../../src/lint/rules/exclusion-constraint-blocks-table.js';

describe('exclusion-constraint-blocks-table', () => {
  it.concurrent('fires on EXCLUDE added to an existing table', async ({ onTestFinished }) => {
    const before = 'CREATE TABLE booking (id int, during tstzrange);';
    const after = 'CREATE TABLE booking (id int, during tstzrange);\nALTER TABLE booking ADD CONSTRAINT booking_no_overlap EXCLUDE USING gist (during WITH &&);';
    const v = await runRule(rule, before, after, { onFinished: onTestFinished });
    expect(v).toHaveLength(1);
    expect(v[0]?.object).toBe('booking.booking_no_overlap');
    expect(v[0]?.message).toContain('ACCESS EXCLUSIVE');
    expect(v[0]?.message).toContain('every read and write on booking');
  });
  it.concurrent('stays quiet for EXCLUDE on a table created in the same plan', async ({ onTestFinished }) => {
    const before = '';
    const after = 'CREATE TABLE booking (id int, during tstzrange, CONSTRAINT booking_no_overlap EXCLUDE USING gist (during WITH &&));';
    const v = await runRule(rule, before, after, { onFinished: onTestFinished });
    expect(v).toHaveLength(0);
  });
});
