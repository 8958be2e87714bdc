import { describe, expect, it } from 'vitest';
import { chunked } from '../../src/util/chunked.js';

describe('chunked', () => {
  it('splits in order into slices of the size, the last shorter, and nothing for nothing', () => {
    expect(chunked([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunked([1, 2], 5)).toEqual([[1, 2]]);
    expect(chunked([], 3)).toEqual([]);
  });
});
