import { describe, expect, it } from 'vitest';
import { formatDuration, parseDurationMs } from '../../src/util/duration.js';
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

// One formatter for every duration shown to people: terminal, check run, job summary, errors.
describe('formatDuration', () => {
  it.each([
    [0, '0ms'],
    [0.4, '0ms'],
    [999, '999ms'],
    [999.5, '1s'],
    [1_000, '1s'],
    [1_049, '1s'],
    [1_050, '1.1s'],
    [1_234, '1.2s'],
    [9_949, '9.9s'],
    [9_950, '10s'],
    [10_000, '10s'],
    [12_345, '12s'],
    [59_499, '59s'],
    [59_500, '1m 00s'],
    [60_000, '1m 00s'],
    [65_000, '1m 05s'],
    [3_599_000, '59m 59s'],
    [3_599_500, '1h 00m'],
    [3_600_000, '1h 00m'],
    [7_380_000, '2h 03m'],
    [86_369_999, '23h 59m'],
    [86_370_000, '1d 00h'],
    [86_400_000, '1d 00h'],
    [3 * 86_400_000 + 4 * 3_600_000, '3d 04h'],
    [40 * 86_400_000, '40d 00h'],
  ])('writes %d ms as %j', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('writes a negative duration (clocks that disagree) as 0', () => {
    expect(formatDuration(-5)).toBe('0ms');
    expect(formatDuration(-60_000)).toBe('0ms');
  });

  it.each([null, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])('writes an unknown duration (%s) as ?', (ms) => {
    expect(formatDuration(ms)).toBe('?');
  });

  it('keeps tenths of a millisecond below 10 ms when asked (a probe latency), and is the same above', () => {
    expect(formatDuration(0.34, { tenthsOfMs: true })).toBe('0.3ms');
    expect(formatDuration(3, { tenthsOfMs: true })).toBe('3ms');
    expect(formatDuration(9.94, { tenthsOfMs: true })).toBe('9.9ms');
    expect(formatDuration(9.96, { tenthsOfMs: true })).toBe('10ms');
    expect(formatDuration(1_234, { tenthsOfMs: true })).toBe('1.2s');
    expect(formatDuration(null, { tenthsOfMs: true })).toBe('?');
  });

  it('writes what the parser reads back, below a minute', () => {
    for (const ms of [0, 850, 1_500, 2_000, 12_000]) expect(parseDurationMs(formatDuration(ms))).toBe(ms);
  });
});
