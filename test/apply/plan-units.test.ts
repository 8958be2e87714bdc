import { describe, expect, it } from 'vitest';
import { planUnits } from '../../src/apply/plan-units.js';
import { backoffDelayMs, resolveRetryPolicy } from '../../src/apply/retry-policy.js';
import { buildsIndexConcurrently, concurrentIndexName, leftoverIndexes } from '../../src/apply/invalid-index-cleanup.js';
import { plan, step } from './plan-fixtures.js';

describe('planUnits', () => {
  it('runs adjacent steps of one group together and everything else alone', () => {
    const units = planUnits(plan([step('a', { group: 1 }), step('b', { group: 1 }), step('c'), step('d', { transactional: false }), step('e', { group: 2 })]));
    expect(units).toEqual([
      { transactional: true, stepIndexes: [0, 1] },
      { transactional: true, stepIndexes: [2] },
      { transactional: false, stepIndexes: [3] },
      { transactional: true, stepIndexes: [4] },
    ]);
  });

  it('rejects a group split by other steps, since joining it would reorder the plan', () => {
    expect(() => planUnits(plan([step('a', { group: 1 }), step('b'), step('c', { group: 1 })]))).toThrow(/not adjacent/);
  });
});

describe('backoff', () => {
  it('grows exponentially, is capped, and is jittered within [half, full] of the nominal delay', () => {
    const low = resolveRetryPolicy({ baseDelayMs: 200, maxDelayMs: 5_000, random: () => 0 });
    const high = resolveRetryPolicy({ baseDelayMs: 200, maxDelayMs: 5_000, random: () => 0.999999 });
    expect([1, 2, 3, 4].map((n) => backoffDelayMs(n, high))).toEqual([200, 400, 800, 1600]);
    expect([1, 2, 3].map((n) => backoffDelayMs(n, low))).toEqual([100, 200, 400]);
    expect(backoffDelayMs(10, high)).toBe(5_000);
  });
});

describe('concurrent index builds', () => {
  it('recognises them and the index name they create', () => {
    expect(buildsIndexConcurrently('CREATE UNIQUE INDEX CONCURRENTLY i ON t (a)')).toBe(true);
    expect(buildsIndexConcurrently('REINDEX INDEX CONCURRENTLY i')).toBe(true);
    expect(buildsIndexConcurrently('DROP INDEX CONCURRENTLY i')).toBe(false);
    expect(buildsIndexConcurrently('CREATE INDEX i ON t (a)')).toBe(false);
    expect(concurrentIndexName('CREATE INDEX CONCURRENTLY IF NOT EXISTS Orders_Email ON t (a)')).toBe('orders_email');
    expect(concurrentIndexName('CREATE UNIQUE INDEX CONCURRENTLY "Odd ""name""" ON t (a)')).toBe('Odd "name"');
  });

  it('drops only leftovers of the failed step, not invalid indexes that were there before', () => {
    expect(leftoverIndexes('CREATE INDEX CONCURRENTLY new_i ON t (a)', ['old_i'], ['new_i', 'old_i'])).toEqual(['new_i']);
    expect(leftoverIndexes('REINDEX INDEX CONCURRENTLY i', [], ['i_ccnew'])).toEqual(['i_ccnew']);
    // A named build is not preceded by a listing: only its own index is taken, never another one.
    expect(leftoverIndexes('CREATE INDEX CONCURRENTLY new_i ON t (a)', [], ['another_i', 'new_i'])).toEqual(['new_i']);
    expect(leftoverIndexes('REINDEX INDEX CONCURRENTLY i', ['old_i'], ['i_ccnew', 'old_i'])).toEqual(['i_ccnew']);
  });
});
