import { describe, expect, it } from 'vitest';
import { evaluateJsonPath, parseJsonPath } from '../../../src/fleet/health/json-path.js';
import { toProbeNumber } from '../../../src/fleet/health/probe-spec.js';

describe('jsonPath subset', () => {
  const prometheus = { status: 'success', data: { resultType: 'vector', result: [{ metric: {}, value: [1_700_000_000.1, '0.42'] }] } };

  it('reads the Prometheus shape', () => {
    expect(evaluateJsonPath(prometheus, 'data.result[0].value[1]')).toBe('0.42');
    expect(evaluateJsonPath(prometheus, '$.data.result[0].value[0]')).toBe(1_700_000_000.1);
    expect(evaluateJsonPath({ 'odd key': { 'a.b': 3 } }, `["odd key"]['a.b']`)).toBe(3);
    expect(evaluateJsonPath(7, '$')).toBe(7);
  });

  it('names the part of the path that is missing', () => {
    expect(() => evaluateJsonPath(prometheus, 'data.result[1].value[1]')).toThrow('$.data.result[1] not found');
    expect(() => evaluateJsonPath(prometheus, 'data.missing')).toThrow('$.data.missing not found');
    expect(() => evaluateJsonPath({ a: 1 }, 'a.b')).toThrow('$.a.b not found');
    expect(() => evaluateJsonPath({ toString: 1 }, 'constructor')).toThrow('not found');
  });

  it('refuses malformed paths', () => {
    for (const bad of ['a..b', 'a[', 'a[x]', 'a.', 'a.[0]']) expect(() => parseJsonPath(bad), bad).toThrow(/bad jsonPath/);
  });

  it('accepts numbers, numeric strings and booleans as values, nothing else', () => {
    expect(toProbeNumber(3)).toBe(3);
    expect(toProbeNumber(' 12.5\n')).toBe(12.5);
    expect(toProbeNumber('1e3')).toBe(1000);
    expect(toProbeNumber(true)).toBe(1);
    for (const bad of [null, undefined, '', 'abc', 'NaN', Number.NaN, Number.POSITIVE_INFINITY, {}, [1]]) {
      expect(() => toProbeNumber(bad)).toThrow(/not a number/);
    }
  });
});
