import { expect, it } from 'vitest';
import { plural } from '../../src/util/plural.js';

// One plural for the rollout reporter, the preflight reports and the PR comment (three copies before).
it('counts a word, with its own plural when it does not take an s', () => {
  expect(plural(1, 'tenant')).toBe('1 tenant');
  expect(plural(0, 'tenant')).toBe('0 tenants');
  expect(plural(3, 'tenant')).toBe('3 tenants');
  expect(plural(2, 'index', 'indexes')).toBe('2 indexes');
  expect(plural(1, 'index', 'indexes')).toBe('1 index');
});
