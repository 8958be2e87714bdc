import { describe, expect, it } from 'vitest';
import { ClusterGovernors } from '../../../src/fleet/rollout/cluster-governors.js';
import type { LimitChange } from '../../../src/fleet/rollout/latency-governor.js';

describe('cluster governors (the round-trip probe\'s edge)', () => {
  it('keeps a cluster whose probe cannot connect at one tenant: a reading that fails is too slow, never a reason to grow', { timeout: 20_000 }, async () => {
    const changes: LimitChange[] = [];
    // Port 1 on loopback: nothing listens, every reading fails at once.
    const governors = new ClusterGovernors({ config: { maxSlowdown: 1.5, everyMs: 10 }, max: 4, inFlight: () => 4, onChange: (_cluster, change) => void changes.push(change) });
    try {
      await governors.ready('127.0.0.1:1', 'postgres://schemafleet@127.0.0.1:1/nothing');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(governors.limit('127.0.0.1:1')).toBe(1);
      expect(changes).toEqual([]);
    } finally {
      await governors.stop();
    }
  });
});
