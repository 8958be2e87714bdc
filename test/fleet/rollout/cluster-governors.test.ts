import { describe, expect, it } from 'vitest';
import { ClusterGovernors, PROBE_QUERY } from '../../../src/fleet/rollout/cluster-governors.js';
import type { LimitChange } from '../../../src/fleet/rollout/latency-governor.js';
import { SqlProbeSession } from '../../../src/fleet/health/sql-probe.js';
import { createTestDatabase } from '../../support/pg.js';

describe("cluster governors (the probe's edge)", () => {
  it("reads the probe's time as the server measured it: the statement's own time, without the network or this process", { timeout: 20_000 }, async () => {
    const db = await createTestDatabase('sf_probe');
    const session = new SqlProbeSession(db.url);
    try {
      await session.read(PROBE_QUERY, 5_000);
      for (let i = 0; i < 5; i++) {
        const started = performance.now();
        const serverMs = await session.read(PROBE_QUERY, 5_000);
        const wallMs = performance.now() - started;
        // It did some work, and less than the whole round trip seen from here.
        expect(serverMs).toBeGreaterThan(0.05);
        expect(serverMs).toBeLessThan(wallMs);
      }
    } finally {
      await session.close();
    }
  });

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
