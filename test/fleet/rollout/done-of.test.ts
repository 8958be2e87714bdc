import { describe, expect, it } from 'vitest';
import { doneOf } from '../../../src/fleet/rollout/rollout-progress.js';

// One "tenants done" for the rollout's rate and the check run's title. The copies differed: the
// rollout counted tenants minus pending, the check run the tenants with an outcome.
describe('doneOf', () => {
  it('counts the tenants with an outcome, not every tenant that is not pending', () => {
    // Ten tenants known, five with an outcome, three pending: two are counted in no state yet.
    const totals = { tenants: 10, migrated: 2, unchanged: 1, failed: 1, skipped: 0, cancelled: 1, pending: 3 };
    expect(doneOf(totals)).toBe(5);
  });
});
