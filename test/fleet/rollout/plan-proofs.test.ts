import { describe, expect, it } from 'vitest';
import { PROOFS_NEEDED, SAMPLE_EVERY, createPlanProofs, proofKey } from '../../../src/fleet/rollout/plan-proofs.js';

describe('plan proofs: which migrated tenants are read back', () => {
  it('proven: a plan is read back until PROOFS_NEEDED read-backs verified it, then sampled one in SAMPLE_EVERY', () => {
    const proofs = createPlanProofs('proven');
    const decisions: boolean[] = [];
    for (let i = 0; i < PROOFS_NEEDED; i++) {
      decisions.push(proofs.needsReadBack('p', true));
      proofs.recordReadBack('p', true);
    }
    expect(decisions).toEqual(Array(PROOFS_NEEDED).fill(true));
    const after = Array.from({ length: SAMPLE_EVERY * 2 }, () => proofs.needsReadBack('p', true));
    expect(after.filter(Boolean)).toHaveLength(2);
    expect(after[SAMPLE_EVERY - 1]).toBe(true);
    // Another starting state (or another major version) has proven nothing yet.
    expect(proofs.needsReadBack('q', true)).toBe(true);
  });

  it('proven: read-backs still pending do not count as proof (tenants of one batch all read back)', () => {
    const proofs = createPlanProofs('proven');
    expect(Array.from({ length: 10 }, () => proofs.needsReadBack('p', true))).toEqual(Array(10).fill(true));
  });

  it('proven: a tenant whose apply did not go straight through is always read back', () => {
    const proofs = createPlanProofs('proven');
    for (let i = 0; i < PROOFS_NEEDED; i++) proofs.recordReadBack('p', true);
    expect(proofs.needsReadBack('p', false)).toBe(true);
    expect(proofs.needsReadBack('p', true)).toBe(false);
  });

  it('proven: once a read-back of a plan failed, every later tenant of that plan is read back', () => {
    const proofs = createPlanProofs('proven');
    for (let i = 0; i < PROOFS_NEEDED + 5; i++) proofs.recordReadBack('p', true);
    proofs.recordReadBack('p', false);
    expect(Array.from({ length: 5 }, () => proofs.needsReadBack('p', true))).toEqual(Array(5).fill(true));
  });

  it('remembers a bounded number of plans: a forgotten one is read back again until re-proven', () => {
    const proofs = createPlanProofs('proven', 2);
    for (let i = 0; i < PROOFS_NEEDED; i++) proofs.recordReadBack('a', true);
    expect(proofs.needsReadBack('a', true)).toBe(false);
    proofs.recordReadBack('b', true);
    proofs.recordReadBack('c', true);
    expect(proofs.needsReadBack('a', true)).toBe(true);
  });

  it('every: every tenant is read back', () => {
    const proofs = createPlanProofs('every');
    for (let i = 0; i < 10; i++) proofs.recordReadBack('p', true);
    expect(proofs.needsReadBack('p', true)).toBe(true);
  });

  it('the key is the starting state on one PostgreSQL major version', () => {
    expect(proofKey('abc', 150019)).toBe(proofKey('abc', 150004));
    expect(proofKey('abc', 150019)).not.toBe(proofKey('abc', 180004));
  });
});
