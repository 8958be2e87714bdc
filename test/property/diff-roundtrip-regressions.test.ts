import { describe, it, onTestFinished } from 'vitest';
import { runAcceptanceCase } from '../acceptance/run-acceptance-case.js';
import type { AcceptanceCase } from '../acceptance/acceptance-case.js';

/** Pairs the diff property found (shrunk by fast-check), kept as plain acceptance cases. */
const cases: AcceptanceCase[] = [
  {
    // No cast from integer to an enum: the planner wrote USING c0::mood0, which PostgreSQL rejects.
    name: 'integer column becomes an enum',
    before: 'CREATE TABLE t0 (id bigint NOT NULL, c0 integer);',
    after: "CREATE TYPE mood0 AS ENUM ('a'); CREATE TABLE t0 (id bigint NOT NULL, c0 mood0);",
    expectSql: [/USING c0::text::mood0/],
  },
  {
    name: 'enum column becomes an integer',
    before: "CREATE TYPE mood0 AS ENUM ('a'); CREATE TABLE t0 (id bigint NOT NULL, c0 mood0);",
    after: 'CREATE TABLE t0 (id bigint NOT NULL, c0 integer);',
  },
  {
    name: 'timestamptz column becomes a boolean, boolean becomes jsonb',
    before: 'CREATE TABLE t0 (id bigint NOT NULL, c0 timestamptz, c1 boolean);',
    after: 'CREATE TABLE t0 (id bigint NOT NULL, c0 boolean, c1 jsonb);',
  },
  {
    // ALTER COLUMN TYPE rebuilt the old expression index (c1 ->> 'k') on an integer column and failed:
    // the index was swapped only after the type change.
    name: 'jsonb column with an expression index becomes an integer with a plain index',
    before: "CREATE TABLE t0 (id bigint NOT NULL, c1 jsonb); CREATE INDEX t0_ix0 ON t0 ((c1 ->> 'k'));",
    after: 'CREATE TABLE t0 (id bigint NOT NULL, c1 integer); CREATE INDEX t0_ix0 ON t0 (c1);',
    expectOrder: [/DROP INDEX CONCURRENTLY t0_ix0/, /ALTER COLUMN c1 TYPE integer/, /CREATE INDEX CONCURRENTLY t0_ix0 /],
  },
  {
    // DROP COLUMN dropped the index with the column; the swap's DROP INDEX CONCURRENTLY then failed.
    name: 'index on a dropped column is redefined on another column',
    before: 'CREATE TABLE t0 (id bigint NOT NULL, c0 integer); CREATE INDEX t0_ix0 ON t0 (c0); CREATE VIEW v0 AS SELECT id, c0 FROM t0;',
    after: 'CREATE TABLE t0 (id bigint NOT NULL); CREATE INDEX t0_ix0 ON t0 (id);',
  },
  {
    // The expression index's column was not among its dependencies, so DROP COLUMN ran first and took the index with it.
    name: 'expression index dropped together with the column it reads',
    before: 'CREATE TABLE t0 (id bigint NOT NULL, c0 integer); CREATE INDEX t0_ix0 ON t0 ((c0 + 1)); CREATE VIEW v0 AS SELECT id, c0 FROM t0;',
    after: 'CREATE TABLE t0 (id bigint NOT NULL);',
    expectOrder: [/DROP INDEX CONCURRENTLY t0_ix0/, /DROP COLUMN c0/],
  },
];

describe('diff round-trip regressions', () => {
  it.each(cases)('$name', async (testCase) => {
    await runAcceptanceCase(testCase, onTestFinished);
  });
});

// Found by the slow property run (seed 62027): a CHECK constraint redefined while the column it
// reads changes type. ALTER COLUMN … TYPE re-checks the OLD constraint (c1 >= 0) against text and
// fails, so the constraint is dropped before the type change and added after it.
it('CHECK constraint redefined on a retyped column', async () => {
  await runAcceptanceCase(
    {
      name: 'check on retyped column',
      before: 'CREATE TABLE t0 (id bigint NOT NULL, c1 integer CHECK (c1 >= 0));',
      after: "CREATE TABLE t0 (id bigint NOT NULL, c1 text CHECK (c1 <> ''));",
      seed: 'INSERT INTO t0 VALUES (1, 5);',
      expectOrder: [/DROP CONSTRAINT t0_c1_check/, /ALTER COLUMN c1 TYPE text/, /ADD CONSTRAINT t0_c1_check/],
    },
    onTestFinished,
  );
});

// Found by the slow property run: a view whose column keeps its name but changes type (the view now
// reads another table). CREATE OR REPLACE VIEW cannot retype a column, so the view is re-created.
it('view column that keeps its name but changes type', async () => {
  await runAcceptanceCase(
    {
      name: 'view re-pointed at a column of another type',
      before: 'CREATE TABLE t1 (id bigint NOT NULL, c4 integer); CREATE VIEW v0 AS SELECT id, c4 FROM t1;',
      after: 'CREATE TABLE t0 (id bigint NOT NULL, c4 varchar(20)); CREATE TABLE t1 (id bigint NOT NULL, c4 integer); CREATE VIEW v0 AS SELECT id, c4 FROM t0;',
      expectOrder: [/DROP VIEW v0/, /CREATE VIEW v0/],
    },
    onTestFinished,
  );
});
