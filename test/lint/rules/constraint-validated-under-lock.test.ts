import { describe, expect, it } from 'vitest';
import { buildLintContext } from '../../../src/lint/lint-context.js';
import { planMigration } from '../../../src/plan/plan-migration.js';
import { lintContextFor, runRule } from '../lint-pair.js';
import { constraintValidatedUnderLock as rule } from '../../../src/lint/rules/constraint-validated-under-lock.js';

/** The real planner, planning for another server version than the test server's. */
async function runForVersion(version: number, before: string, after: string, onFinished: (fn: () => Promise<void>) => void) {
  const real = await lintContextFor(before, after, { onFinished });
  const current = { ...real.current, serverVersion: version };
  return rule.check(buildLintContext(current, real.desired, planMigration(current, real.desired)));
}

describe('constraint-validated-under-lock', () => {
  it.concurrent('fires on a FOREIGN KEY added to a partitioned table before PostgreSQL 18 (no NOT VALID there)', async ({ onTestFinished }) => {
    const before =
      "CREATE TABLE c (id int PRIMARY KEY);\nCREATE TABLE e (id int, c_id int, d date) PARTITION BY RANGE (d);\nCREATE TABLE e_2024 PARTITION OF e FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');";
    const after =
      "CREATE TABLE c (id int PRIMARY KEY);\nCREATE TABLE e (id int, c_id int, d date) PARTITION BY RANGE (d);\nCREATE TABLE e_2024 PARTITION OF e FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');\nALTER TABLE e ADD CONSTRAINT e_c_fk FOREIGN KEY (c_id) REFERENCES c (id);";
    const v = await runForVersion(170000, before, after, onTestFinished);
    expect(v).toHaveLength(1);
    expect(v[0]?.object).toBe('e.e_c_fk');
    expect(v[0]?.message).toContain('SHARE ROW EXCLUSIVE on e and c');
    expect(v[0]?.message).toContain('PostgreSQL 17');
  });
  it.concurrent('stays quiet for the same foreign key planned for PostgreSQL 18 (NOT VALID + VALIDATE)', async ({ onTestFinished }) => {
    const before =
      "CREATE TABLE c (id int PRIMARY KEY);\nCREATE TABLE e (id int, c_id int, d date) PARTITION BY RANGE (d);\nCREATE TABLE e_2024 PARTITION OF e FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');";
    const after =
      "CREATE TABLE c (id int PRIMARY KEY);\nCREATE TABLE e (id int, c_id int, d date) PARTITION BY RANGE (d);\nCREATE TABLE e_2024 PARTITION OF e FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');\nALTER TABLE e ADD CONSTRAINT e_c_fk FOREIGN KEY (c_id) REFERENCES c (id);";
    const v = await runForVersion(180000, before, after, onTestFinished);
    expect(v).toHaveLength(0);
  });
  it.concurrent('stays quiet for CHECK and FOREIGN KEY on a plain table (added NOT VALID, validated separately)', async ({ onTestFinished }) => {
    const before = 'CREATE TABLE c (id int PRIMARY KEY);\nCREATE TABLE t (id int, c_id int, qty int);';
    const after =
      'CREATE TABLE c (id int PRIMARY KEY);\nCREATE TABLE t (id int, c_id int, qty int);\nALTER TABLE t ADD CONSTRAINT t_c_fk FOREIGN KEY (c_id) REFERENCES c (id);\nALTER TABLE t ADD CONSTRAINT t_qty_check CHECK (qty > 0);';
    const v = await runRule(rule, before, after, { onFinished: onTestFinished });
    expect(v).toHaveLength(0);
  });
});
