import { describe, expect, it } from 'vitest';
import { BadInputError } from '../../src/errors.js';
import { assertRolloutRef, chooseReviewSandbox, mayControlRollouts, refMatches, rolloutRepository, showTenantIdsIn } from '../../src/github/trust-boundary.js';

describe('refMatches', () => {
  it.each([
    ['refs/heads/main', 'main', true],
    ['refs/heads/release/1.2', 'release/*', true],
    ['refs/heads/release/1.2/hotfix', 'release/*', false],
    ['refs/heads/release/1.2/hotfix', 'release/**', true],
    ['refs/tags/v1.2.0', 'refs/tags/v*', true],
    ['refs/heads/v1.2.0', 'refs/tags/v*', false],
    ['refs/heads/mainline', 'main', false],
    ['refs/heads/a.b', 'a?b', false],
  ])('%s against %s: %s', (ref, pattern, expected) => {
    expect(refMatches(ref, pattern)).toBe(expected);
  });
});

describe('assertRolloutRef', () => {
  it('allows the default branch, refuses others naming the ref and the input', () => {
    expect(() => assertRolloutRef({ mode: 'rollout', ref: 'refs/heads/main', defaultBranch: 'main', allowedRefs: [] })).not.toThrow();
    expect(() => assertRolloutRef({ mode: 'rollout', ref: 'refs/heads/feature', defaultBranch: 'main', allowedRefs: [] })).toThrow(BadInputError);
    expect(() => assertRolloutRef({ mode: 'rollout', ref: 'refs/heads/feature', defaultBranch: 'main', allowedRefs: ['release/*'] })).toThrow(
      'mode rollout refuses to run on refs/heads/feature: a rollout runs only on the default branch (main) or refs matching allowed-refs (release/*)',
    );
  });

  it('refuses everything but allowed-refs when the default branch is unknown', () => {
    expect(() => assertRolloutRef({ mode: 'rollout', ref: 'refs/heads/main', defaultBranch: null, allowedRefs: [] })).toThrow('the default branch (unknown for this event)');
    expect(() => assertRolloutRef({ mode: 'rollout', ref: 'refs/heads/main', defaultBranch: null, allowedRefs: ['main'] })).not.toThrow();
  });
});

describe('chooseReviewSandbox', () => {
  it("keeps a fork's SQL off dev-url unless told dev-url is disposable", () => {
    expect(chooseReviewSandbox({ fork: true, devUrl: 'postgres://dev', devUrlForForks: false }).devUrl).toBeNull();
    expect(chooseReviewSandbox({ fork: true, devUrl: 'postgres://dev', devUrlForForks: true }).devUrl).toBe('postgres://dev');
    expect(chooseReviewSandbox({ fork: false, devUrl: 'postgres://dev', devUrlForForks: false }).devUrl).toBe('postgres://dev');
    expect(chooseReviewSandbox({ fork: false, devUrl: null, devUrlForForks: true }).devUrl).toBeNull();
  });
});

describe('who may see and steer what', () => {
  it('tenant ids: only on private repositories unless the config says', () => {
    expect(showTenantIdsIn({}, true)).toBe(true);
    expect(showTenantIdsIn({}, false)).toBe(false);
    expect(showTenantIdsIn({}, undefined)).toBe(false);
    expect(showTenantIdsIn({ showTenantIds: true }, false)).toBe(true);
    expect(showTenantIdsIn({ showTenantIds: false }, true)).toBe(false);
  });

  it('rollout buttons: write, maintain or admin; the repository from the rollout config', () => {
    expect(['admin', 'maintain', 'write', 'triage', 'read', 'none', null].map(mayControlRollouts)).toEqual([true, true, true, false, false, false, false]);
    expect(rolloutRepository({ repository: 'acme/shop', batchSize: 5 })).toBe('acme/shop');
    expect(rolloutRepository({ batchSize: 5 })).toBeNull();
    expect(rolloutRepository(null)).toBeNull();
  });
});
