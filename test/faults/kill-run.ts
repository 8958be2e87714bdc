import { expect } from 'vitest';
import { cli } from '../cli/run-cli-in-process.js';
import { V2, createDatabaseFleet, createSchemaFleet, desiredFrom, type Drift } from '../fleet/rollout/fleet-fixture.js';
import { adminUrl, createTestDatabase } from '../support/pg.js';
import { expectCleanOutput, expectFleetConverged, rolloutArgs, rollouts, seededRandom, spawnCli, writeFleetConfig } from './fault-fixture.js';

export interface KillRunReport {
  readonly seed: number;
  /** What the kill waited for. */
  readonly trigger: string;
  /** Tenants the killed worker had finished when it died. */
  readonly finishedBeforeKill: number;
  /** The worker finished before the kill came (a kill after the end is no fault). */
  readonly exitedFirst: boolean;
}

const DRIFTS: readonly Drift[] = ['v1', 'v1', 'v1', 'extra-index', 'v2'];

/**
 * One seeded kill -9 run: a small fleet (12 schema tenants, 2 database tenants, drift chosen by the
 * seed), the real CLI in its own process, SIGKILL after the Nth tenant-finished line or after a delay
 * once the first tenant started; then a rerun to completion and the checks that nothing is half done.
 */
export async function killAndRerun(seed: number): Promise<KillRunReport> {
  const random = seededRandom(seed);
  const pick = (): Drift => DRIFTS[Math.floor(random() * DRIFTS.length)]!;
  const names = Array.from({ length: 12 }, (_, i) => `tenant_${String(i).padStart(2, '0')}`);
  const drifts = names.map(pick);
  const { tenants: schemaTenants } = await createSchemaFleet(names, (i) => drifts[i]!);
  const { tenants: dbTenants } = await createDatabaseFleet(2, () => pick());
  const tenants = [...schemaTenants, ...dbTenants];
  const ledger = await createTestDatabase('sf_ledger');
  const concurrency = 1 + Math.floor(random() * 4);
  const { config } = await writeFleetConfig(tenants, ledger.url, { concurrency, batchSize: 2 + Math.floor(random() * 5) });

  const byLines = random() < 0.5;
  const afterFinished = Math.floor(random() * 10);
  // Up to 300 ms: on a fast host the whole small fleet can be done in not much more.
  const delayMs = Math.floor(random() * 300);
  const trigger = byLines ? `after tenant-finished #${afterFinished}` : `${delayMs} ms after the first tenant-started`;

  const worker = spawnCli(rolloutArgs(config, ['--stale-after', '1s']));
  let finished = 0;
  let timer: NodeJS.Timeout | undefined;
  const kill = (): void => void worker.child.kill('SIGKILL');
  worker.onEvent((event) => {
    if (event.type === 'tenant-finished') finished++;
    if (byLines) {
      if ((afterFinished === 0 && event.type === 'rollout-started') || (event.type === 'tenant-finished' && finished === afterFinished)) kill();
    } else if (event.type === 'tenant-started' && !timer) {
      timer = setTimeout(kill, delayMs);
    }
  });
  const exit = await worker.exited;
  if (timer) clearTimeout(timer);
  if (exit.signal !== 'SIGKILL') expect(exit.code, worker.stderr()).toBe(0);
  expectCleanOutput(worker.stderr());
  // Finished before the kill: the worker exited by itself, or the kill came after the ledger had
  // recorded the rollout's end (between that write and the process's exit). Either way the rerun
  // starts a new rollout.
  const exitedFirst = exit.signal !== 'SIGKILL' || (await rollouts(ledger)).some((r) => r.state === 'succeeded');

  const rerun = await cli(['rollout', '--config', config, '--stale-after', '1s', '--dev-url', adminUrl()]);
  expect(rerun.code, `${rerun.stdout}\n${rerun.stderr}`).toBe(0);
  expect(rerun.stdout).toMatch(/rollout \S+ succeeded/);
  expectCleanOutput(rerun.stdout, rerun.stderr);

  // The killed claim is taken over once (attempt 2); a takeover racing the stale check may make it 3.
  // A worker that finished before its kill leaves a succeeded rollout, and the rerun starts another.
  await expectFleetConverged(tenants, await desiredFrom(V2, 'app'), ledger, { maxAttempts: 3, rollouts: exitedFirst ? 2 : 1 });
  return { seed, trigger, finishedBeforeKill: finished, exitedFirst };
}
