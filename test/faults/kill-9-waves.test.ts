import { describe, expect, it } from 'vitest';
import { V2, createSchemaFleet, desiredFrom } from '../fleet/rollout/fleet-fixture.js';
import { createTestDatabase } from '../support/pg.js';
import { expectCleanOutput, expectFleetConverged, holdLongReader, rolloutArgs, spawnCli, writeFleetConfig, type CliProcess } from './fault-fixture.js';

/**
 * kill -9 of a worker while one tenant waits for a lock, in a rollout with a canary and waves; the
 * rerun must take the dead claim over once it is stale, whatever phase it is in (it used to wait in
 * its canary phase for ever, the dead claim counted as running), and say what it waits for.
 */

function exitWithin(worker: CliProcess, ms: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const timer = setTimeout(() => worker.child.kill('SIGKILL'), ms);
  return worker.exited.finally(() => clearTimeout(timer));
}

describe('kill -9 with a canary and waves, then a rerun', () => {
  // tenants[0] is the canary; even tenants are wave free, odd ones are in no wave (default, last).
  for (const [label, blockedIndex] of [
    ['in wave free', 2],
    ['in no wave (last)', 3],
  ] as const) {
    it(`a tenant ${label} held by the dead worker is taken over and the fleet converges`, { timeout: 180_000 }, async () => {
      const names = Array.from({ length: 7 }, (_, i) => `tenant_${i}`);
      const { tenants } = await createSchemaFleet(names);
      const ledger = await createTestDatabase('sf_ledger');
      const { config } = await writeFleetConfig(tenants, ledger.url, { concurrency: 2, batchSize: 2, lockTimeout: '200ms', retries: 100, canary: 1, waves: [{ name: 'free', tier: 'free' }] });
      const blocked = tenants[blockedIndex]!;
      const release = await holdLongReader(blocked);

      const worker = spawnCli(rolloutArgs(config, ['--stale-after', '2s']));
      await new Promise<void>((resolve) => {
        worker.onEvent((event) => {
          if (event.type === 'tenant-retried' && event.tenantId === blocked.id) resolve();
        });
        void worker.exited.then(() => resolve());
      });
      worker.child.kill('SIGKILL');
      expect((await worker.exited).signal, worker.stderr()).toBe('SIGKILL');
      await release();

      // The rerun starts while the dead claim is still fresh (25 s leaves room for a slow start and
      // the other tenants' work on a loaded machine; at 6 s, and at 15 s under a load average of 15,
      // the claim was sometimes stale already): it must wait, say so, then take it over.
      const rerun = spawnCli(rolloutArgs(config, ['--stale-after', '25s']));
      const exit = await exitWithin(rerun, 90_000);
      expect(exit, `${rerun.stderr()}\n${rerun.stdout().slice(-2000)}`).toEqual({ code: 0, signal: null });
      expectCleanOutput(rerun.stderr(), rerun.stdout());
      const waiting = rerun.events.filter((event) => event.type === 'waiting').map((event) => String(event.reason));
      expect(waiting.join('\n')).toMatch(/claimed by other workers: w_\S+ \(\d+ tenants?, last heartbeat [\d.]+m?s ago, taken over in [\d.]+m?s if it stays silent\)/);
      expect(rerun.events.find((event) => event.type === 'summary')).toMatchObject({ state: 'succeeded' });
      await expectFleetConverged(tenants, await desiredFrom(V2, 'app'), ledger, { maxAttempts: 3, rollouts: 1 });
    });
  }
});
