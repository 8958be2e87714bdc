import { describe, expect, it } from 'vitest';
import { concurrentDetach, finalizeDetachSql } from '../../src/apply/pending-detach.js';

describe('concurrent detach statements', () => {
  it('recognises them, with the names as written, and finalizes the same partition', () => {
    const detach = concurrentDetach('ALTER TABLE "Events ""x""" DETACH PARTITION events_2026 CONCURRENTLY');
    expect(detach).toEqual({ parent: '"Events ""x"""', partition: 'events_2026' });
    expect(finalizeDetachSql(detach!)).toBe('ALTER TABLE "Events ""x""" DETACH PARTITION events_2026 FINALIZE');
    expect(concurrentDetach('alter table p detach partition p1 concurrently;')).toEqual({ parent: 'p', partition: 'p1' });
  });

  it('leaves other statements alone', () => {
    expect(concurrentDetach('ALTER TABLE p DETACH PARTITION p1')).toBeNull();
    expect(concurrentDetach('ALTER TABLE p DETACH PARTITION p1 FINALIZE')).toBeNull();
    expect(concurrentDetach('CREATE INDEX CONCURRENTLY i ON p (a)')).toBeNull();
  });
});
