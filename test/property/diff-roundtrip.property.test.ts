import { it } from 'vitest';
import { checkDiffRoundTrip } from './diff-roundtrip.js';

// A fixed seed keeps CI reproducible; the slow suite runs many more pairs (diff-roundtrip.slow.test.ts).
it('random schema pairs round-trip through plan and apply (25 pairs)', { timeout: 600_000 }, async () => {
  await checkDiffRoundTrip({ seed: 6_2026, numRuns: 25 });
});
