import { describe, expect, it } from 'vitest';
import { MIN_SLACK_MS, WINDOW, createLatencyGovernor, type LatencyGovernor } from '../../../src/fleet/rollout/latency-governor.js';

/**
 * Feeds `count` readings of `probeMs` with `inFlight` tenants running (Infinity: every slot in use);
 * `finishedPerReading` tenants finish after each reading (tenants turning over steadily). Returns
 * the limits it changed to.
 */
function feed(governor: LatencyGovernor, count: number, probeMs: number | null, inFlight = governor.limit, finishedPerReading = 1): number[] {
  const limits: number[] = [];
  for (let i = 0; i < count; i++) {
    const change = governor.observe(probeMs, inFlight === Infinity ? governor.limit : inFlight);
    if (change) limits.push(change.limit);
    for (let f = 0; f < finishedPerReading; f++) governor.finished();
  }
  return limits;
}

describe('latency governor (rollout.adaptiveConcurrency)', () => {
  it('starts at one tenant and grows by one per window while the probe time stays near idle and every slot is used', () => {
    const governor = createLatencyGovernor({ max: 4, maxSlowdown: 1.5 });
    governor.prime([2, 2.1, 1.9, 2, 2]);
    expect(governor.limit).toBe(1);
    expect(governor.idleMs).toBe(2);
    expect(feed(governor, WINDOW * 5, 2.5, Infinity)).toEqual([2, 3, 4]);
    expect(governor.limit).toBe(4);
  });

  it('does not grow while slots are unused: a limit nobody reaches says nothing about the server', () => {
    const governor = createLatencyGovernor({ max: 8, maxSlowdown: 1.5 });
    governor.prime([2]);
    expect(feed(governor, WINDOW * 2, 2, 0)).toEqual([]);
    expect(governor.limit).toBe(1);
  });

  it('grows only on a window read with every slot in use throughout: a reading with a slot empty reads low', () => {
    const governor = createLatencyGovernor({ max: 4, maxSlowdown: 1.5 });
    governor.prime([2]);
    expect(feed(governor, WINDOW, 2, Infinity)).toEqual([2]);
    // One reading of the window taken while only one of the two slots ran a tenant.
    expect(feed(governor, WINDOW - 1, 2, 2)).toEqual([]);
    expect(feed(governor, 1, 2, 1)).toEqual([]);
    expect(feed(governor, WINDOW - 1, 2, 2)).toEqual([]);
    // Once that reading has left the window, the next full reading grows the limit.
    expect(feed(governor, 1, 2, 2)).toEqual([3]);
  });

  it('grows only after a generation of tenants has run at the current level: their heavy statements come a while after they start', () => {
    const governor = createLatencyGovernor({ max: 4, maxSlowdown: 1.5 });
    governor.prime([2]);
    governor.finished();
    expect(feed(governor, WINDOW, 2, Infinity, 0)).toEqual([2]);
    // Quiet readings, every slot in use, but the two tenants running have not finished yet.
    expect(feed(governor, WINDOW * 3, 2, Infinity, 0)).toEqual([]);
    governor.finished();
    expect(feed(governor, 1, 2, Infinity, 0)).toEqual([]);
    governor.finished();
    expect(feed(governor, 1, 2, Infinity, 0)).toEqual([3]);
  });

  it('halves the limit when the window reads slower than allowed, and waits a window before deciding again', () => {
    const governor = createLatencyGovernor({ max: 8, maxSlowdown: 1.5 });
    governor.prime([2]);
    feed(governor, WINDOW * 8, 2, Infinity);
    expect(governor.limit).toBe(8);
    const change = governor.observe(5, 8);
    // One slow reading in a window of fast ones decides nothing.
    expect(change).toBeNull();
    expect(feed(governor, WINDOW - 1, 5)).toEqual([4]);
    expect(governor.observe(5, 4)).toBeNull();
    expect(feed(governor, WINDOW, 5)).toEqual([2]);
    expect(feed(governor, WINDOW * 3, 5)).toEqual([1]);
    expect(governor.limit).toBe(1);
  });

  it('allows at least MIN_SLACK_MS above idle: readings of a millisecond or so are too noisy for a ratio', () => {
    const governor = createLatencyGovernor({ max: 2, maxSlowdown: 1.5 });
    governor.prime([0.2]);
    expect(feed(governor, WINDOW, 0.2 + MIN_SLACK_MS - 0.05, Infinity)).toEqual([2]);
    expect(feed(governor, WINDOW, 0.2 + MIN_SLACK_MS + 0.1)).toEqual([1]);
  });

  it('counts failed readings as too slow once they are most of the window', () => {
    const governor = createLatencyGovernor({ max: 4, maxSlowdown: 2 });
    governor.prime([1]);
    feed(governor, WINDOW * 4, 1, Infinity);
    expect(governor.limit).toBe(4);
    expect(feed(governor, 2, null)).toEqual([]);
    const limits = feed(governor, 1, null);
    expect(limits).toEqual([2]);
  });

  it('lowers its idle probe time when the server is seen quieter than at the start', () => {
    const governor = createLatencyGovernor({ max: 4, maxSlowdown: 1.5 });
    // Primed while something else was running.
    governor.prime([10]);
    feed(governor, WINDOW, 2, 0);
    expect(governor.idleMs).toBe(2);
    // 3.5 ms was within 1.5 × 10 ms, but not within 1.5 × 2 ms + slack.
    feed(governor, WINDOW * 3, 2, Infinity);
    const limit = governor.limit;
    expect(feed(governor, WINDOW, 3.5)).toEqual([Math.floor(limit / 2)]);
  });

  it('takes its idle probe time from the first window when priming read nothing', () => {
    const governor = createLatencyGovernor({ max: 2, maxSlowdown: 1.5 });
    governor.prime([]);
    expect(governor.idleMs).toBeNull();
    feed(governor, WINDOW, 3, 0);
    expect(governor.idleMs).toBe(3);
  });

  it('refuses settings that could never let it decide', () => {
    expect(() => createLatencyGovernor({ max: 0, maxSlowdown: 1.5 })).toThrow(/max must be/);
    expect(() => createLatencyGovernor({ max: 2, maxSlowdown: 1 })).toThrow(/maxSlowdown > 1/);
  });
});
