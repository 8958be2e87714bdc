import { describe, expect, it } from 'vitest';
import { killAndRerun } from './kill-run.js';

// The fast subset: three seeds of the kill -9 fault; kill-9.slow.test.ts runs 24 more.
describe('kill -9 of the rollout worker, then a rerun', () => {
  for (const seed of [101, 202, 303]) {
    it(`seed ${seed}: the rerun finishes, no tenant half-migrated, the ledger consistent`, { timeout: 90_000 }, async () => {
      const report = await killAndRerun(seed);
      expect(report.seed).toBe(seed);
      console.log(`kill -9 seed ${seed}: ${report.trigger}; ${report.finishedBeforeKill} finished before the kill${report.exitedFirst ? ' (the worker had finished before the kill)' : ''}`);
    });
  }
});
