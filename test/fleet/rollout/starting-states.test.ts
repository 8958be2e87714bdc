import { describe, expect, it } from 'vitest';
import { createStartingStates, READS_NEEDED, SAMPLE_EVERY } from '../../../src/fleet/rollout/starting-states.js';
import type { SchemaModel } from '../../../src/schema/model.js';

const model = (schema: string): SchemaModel => ({ schema, serverVersion: 180000, comment: null, extensions: [], enums: [], domains: [], compositeTypes: [], sequences: [], tables: [], views: [], materializedViews: [], routines: [], unsupported: [] });

describe('starting states by digest', () => {
  it('trusts a digest once READS_NEEDED full reads agreed, then samples one in SAMPLE_EVERY', () => {
    const states = createStartingStates('proven');
    const m = model('public');
    for (let i = 0; i < READS_NEEDED; i++) {
      expect(states.take('d')).toBeUndefined();
      states.record('d', m, 'fp');
    }
    const taken = Array.from({ length: SAMPLE_EVERY * 2 }, () => states.take('d'));
    expect(taken.filter((t) => t === undefined)).toHaveLength(2);
    expect(taken[SAMPLE_EVERY - 1]).toBeUndefined();
    expect(taken[0]).toEqual({ model: m, fingerprint: 'fp', reads: READS_NEEDED, disagreed: false, sinceSample: expect.any(Number) });
    expect(states.taken).toBe(SAMPLE_EVERY * 2 - 2);
  });

  it('never trusts a digest again once two full reads of it disagreed', () => {
    const states = createStartingStates('proven');
    states.record('d', model('public'), 'fp1');
    states.record('d', model('public'), 'fp2');
    for (let i = 0; i < 5; i++) states.record('d', model('public'), 'fp1');
    expect(states.take('d')).toBeUndefined();
  });

  it('every: is off', () => {
    const states = createStartingStates('every');
    expect(states.enabled).toBe(false);
    for (let i = 0; i < 5; i++) states.record('d', model('public'), 'fp');
    expect(states.take('d')).toBeUndefined();
  });

  it('forgets the oldest digest past its bound', () => {
    const states = createStartingStates('proven', 2);
    for (const d of ['a', 'b', 'c']) for (let i = 0; i < READS_NEEDED; i++) states.record(d, model('public'), d);
    expect(states.take('a')).toBeUndefined();
    expect(states.take('c')?.fingerprint).toBe('c');
  });
});
