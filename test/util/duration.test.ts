import { describe, expect, it } from 'vitest';
import { parseDurationMs } from '../../src/util/duration.js';
import { parseConfigDuration } from '../../src/fleet/config/durations.js';
import { lockTimeout } from '../../src/cli/flags.js';

// One duration parser for CLI flags and the config file. They used to differ: the CLI's had no `h`.
describe('parseDurationMs', () => {
  it.each([
    ['500ms', 500],
    ['2s', 2_000],
    ['1.5s', 1_500],
    ['1.5m', 90_000],
    ['1h', 3_600_000],
    ['2H', 7_200_000],
    [' 250 ', 250],
    ['0', 0],
    ['0.4ms', 0],
  ])('reads %j as %d ms', (text, ms) => {
    expect(parseDurationMs(text)).toBe(ms);
  });

  it.each(['', 's', '-1s', '1d', '1 hour', '1e3', '2s5'])('refuses %j', (text) => {
    expect(parseDurationMs(text)).toBeNull();
  });
});

describe('its callers', () => {
  it('a CLI flag reads hours, as the config file always did', () => {
    expect(lockTimeout.parse('1h')).toBe(3_600_000);
    expect(parseConfigDuration('1h')).toBe(3_600_000);
  });

  it('each still refuses a zero timeout, and only the config file takes a number', () => {
    expect(lockTimeout.safeParse('0s').success).toBe(false);
    expect(parseConfigDuration('0s')).toBeNull();
    expect(parseConfigDuration(0)).toBeNull();
    expect(parseConfigDuration(1_500)).toBe(1_500);
    expect(parseConfigDuration(true)).toBeNull();
  });
});
