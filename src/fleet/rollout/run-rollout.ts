import type { RunRolloutOptions, RolloutSummary } from './rollout-types.js';
import { createRolloutContext } from './rollout-context.js';
import { cancel, emitProgress, poll } from './rollout-control.js';
import { registerFleet } from './register-fleet.js';
import { runClaims } from './claim-loop.js';
import { runDry } from './dry-run.js';
import { finishRollout } from './rollout-summary.js';
import { guardedLedgerWrite } from './ledger-writes.js';
import { timePhase } from './phase-clock.js';

export type { RunRolloutOptions, RolloutFinalState, RolloutFailure, RolloutSummary } from './rollout-types.js';

/**
 * Drives one worker of a rollout: registers the fleet in the ledger, then claims batches and runs
 * them under global and per-cluster concurrency, behind the health gate, obeying pause/resume/abort
 * requests, the canary and the failure budget. Many workers can run this against one ledger.
 *
 * The parts: register-fleet.ts (the source into the ledger), claim-loop.ts (claims and batches),
 * rollout-scheduler.ts (queues and the gate), batch-scope.ts (what a batch's tenants share),
 * tenant-run.ts and verify-batch.ts (one tenant, one batch's verification), tenant-results.ts
 * (counts, events, ledger records), rollout-control.ts with ledger-requests.ts (stops, pause and
 * abort requests), dry-run.ts, and rollout-summary.ts (the end).
 */
export async function runRollout(options: RunRolloutOptions): Promise<RolloutSummary> {
  const ctx = createRolloutContext(options);
  const { signal } = options;
  const onSignal = (): void => cancel(ctx);
  if (signal?.aborted) cancel(ctx);
  signal?.addEventListener('abort', onSignal, { once: true });
  const timers: NodeJS.Timeout[] = [];
  try {
    if (ctx.dryRun) {
      ctx.emit({ type: 'rollout-started', rolloutId: ctx.state.rolloutId, workerId: ctx.workerId, tenants: null, dryRun: true, at: Date.now() });
      timers.push(setInterval(() => emitProgress(ctx), ctx.pollMs));
      await runDry(ctx);
    } else {
      await timePhase(options.phases, 'register', () => registerFleet(ctx));
      timers.push(setInterval(() => void poll(ctx), ctx.pollMs));
      timers.push(setInterval(() => void guardedLedgerWrite(ctx.emit, 'heartbeat', null, () => ctx.ledger().heartbeat(ctx.state.rolloutId, ctx.workerId)), ctx.heartbeatMs));
      await runClaims(ctx);
    }
  } finally {
    for (const timer of timers) clearInterval(timer);
    signal?.removeEventListener('abort', onSignal);
    if (ctx.state.graceTimer) clearTimeout(ctx.state.graceTimer);
    await ctx.state.verifying;
    await ctx.results.recorded();
    await ctx.governors?.stop();
    await ctx.connections.close();
  }
  return finishRollout(ctx);
}
