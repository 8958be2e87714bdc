import { describe, expect, it } from 'vitest';
import { createRateMeter } from '../../../src/fleet/rollout/rollout-progress.js';

describe('createRateMeter', () => {
  it('holds the rate while paused and leaves the paused time out afterwards (it decayed as if work were slow)', () => {
    const meter = createRateMeter(15_000);
    meter.sample(0, 0);
    expect(meter.sample(10, 5_000).tenantsPerSecond).toBe(2);
    // Paused for a minute: nothing is done, and the rate stays what it was.
    for (let at = 6_000; at <= 65_000; at += 1_000) expect(meter.sample(10, at, true).tenantsPerSecond).toBe(2);
    expect(meter.etaSeconds(20, 2)).toBe(10);
    // Resumed: work goes on at the same pace; the minute of pause does not count as slow work.
    expect(meter.sample(12, 66_000).tenantsPerSecond).toBe(2);
  });

  it('without a pause, a stall lowers the rate (the fleet really is slow)', () => {
    const meter = createRateMeter(15_000);
    meter.sample(0, 0);
    meter.sample(10, 5_000);
    expect(meter.sample(10, 10_000).tenantsPerSecond).toBe(1);
  });
});
