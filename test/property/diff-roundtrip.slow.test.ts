import { it } from 'vitest';
import { checkDiffRoundTrip } from './diff-roundtrip.js';

it('random schema pairs round-trip through plan and apply (200 pairs)', { timeout: 3_600_000 }, async () => {
  await checkDiffRoundTrip({ seed: 6_2027, numRuns: 200 });
});
