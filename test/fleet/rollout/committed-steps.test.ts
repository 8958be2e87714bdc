import { describe, expect, it } from 'vitest';
import { committedStepsNote } from '../../../src/fleet/rollout/committed-steps.js';
import type { PlanStep } from '../../../src/plan/step.js';

const step = (sql: string): PlanStep => ({ sql, transactional: true, lock: null, table: null, hazards: [], group: null, timeoutMs: 1_000, changeId: 'x', onNewObject: false });

describe('committedStepsNote', () => {
  it('lists the committed steps with what each already enforces, then the next command', () => {
    const steps = [
      step('ALTER TABLE items ADD COLUMN note text'),
      step('CREATE UNIQUE INDEX CONCURRENTLY items_note_key ON items (note)'),
      step('ALTER TABLE items ADD CONSTRAINT items_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID'),
      step('ALTER TABLE items ALTER COLUMN price SET NOT NULL'),
      step('ALTER TABLE items DROP COLUMN legacy'),
      step('ALTER TABLE items VALIDATE CONSTRAINT items_user_fk'),
    ];
    expect(committedStepsNote(steps, 5).split('\n')).toEqual([
      'steps 1–5 stayed committed and are in force now:',
      '  1. ALTER TABLE items ADD COLUMN note text',
      '  2. CREATE UNIQUE INDEX CONCURRENTLY items_note_key ON items (note) — already rejects duplicate keys',
      '  3. ALTER TABLE items ADD CONSTRAINT items_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID — already rejects new and updated rows whose reference does not exist (existing rows not yet checked)',
      '  4. ALTER TABLE items ALTER COLUMN price SET NOT NULL — already rejects NULLs',
      '  5. ALTER TABLE items DROP COLUMN legacy — already gone for the application (its data is not brought back by a rerun)',
      'next: fix the cause, then run schemafleet rollout again (it resumes; this tenant is planned from its live state)',
    ]);
  });

  it('says when nothing was committed, and counts what it does not list', () => {
    expect(committedStepsNote([step('SELECT 1')], 0)).toMatch(/^nothing was committed on this tenant before the failing step\nnext: /);
    const many = Array.from({ length: 12 }, (_, i) => step(`CREATE TABLE t${i} (id int)`));
    expect(committedStepsNote(many, 11)).toContain('  … and 3 more');
  });
});
