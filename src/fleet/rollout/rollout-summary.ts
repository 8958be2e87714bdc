import type { RolloutTotals } from '../rollout-events.js';
import type { LedgerStatus } from './rollout-ledger-port.js';
import type { RolloutContext } from './rollout-context.js';
import type { RolloutFailure, RolloutFinalState, RolloutSummary, StopKind } from './rollout-types.js';
import { doneOf } from './rollout-progress.js';
import { guardedLedgerWrite } from './ledger-writes.js';
import { round } from './rollout-control.js';

/** Settles the rollout's final state in the ledger (unless others still work on it) and sums up this worker's run. */
export async function finishRollout(ctx: RolloutContext): Promise<RolloutSummary> {
  const { state } = ctx;
  const local = ctx.results.local;
  let finalState: RolloutFinalState;
  let totals = local;
  let failures: readonly RolloutFailure[] = ctx.results.failures;
  if (ctx.dryRun) {
    finalState = state.stop?.kind === 'cancelled' ? 'cancelled' : 'dry-run';
  } else {
    const status = await ctx
      .ledger()
      .status(state.rolloutId)
      .catch(() => state.shared);
    totals = status?.totals ?? local;
    if (status && status.failures.length > 0) failures = status.failures.map((f) => ({ tenantId: f.tenantId, message: f.message ?? 'failed', sqlstate: f.sqlstate }));
    finalState = finalStateOf(state.stop?.kind, status, totals);
    const othersRunning = (status?.running ?? 0) > 0;
    if (state.scope && !state.stop && finalState === 'failed' && local.failed === 0) state.stop = { kind: 'ended-elsewhere', reason: outOfScopeReason(totals, local) };
    // A worker that stops, or ends its narrower scope, while others still hold claims leaves the rollout to them.
    if (!((finalState === 'cancelled' || state.scope) && othersRunning) && status?.state !== finalState) {
      const written = finalState;
      await guardedLedgerWrite(ctx.emit, 'set-state', null, () => ctx.ledger().setState(state.rolloutId, written));
    }
  }
  const durationMs = Date.now() - ctx.startedAt;
  const done = doneOf(workerTotals(local));
  const tenantsPerSecond = round(durationMs > 0 ? done / (durationMs / 1000) : 0);
  ctx.emit({ type: 'progress', totals, tenantsPerSecond, etaSeconds: totals.pending === 0 ? 0 : null, at: Date.now() });
  ctx.emit({ type: 'rollout-finished', rolloutId: state.rolloutId, state: finalState, totals, durationMs, tenantsPerSecond, at: Date.now() });
  return {
    rolloutId: state.rolloutId,
    state: finalState,
    stopReason: state.stop?.reason ?? null,
    resumed: state.resumed,
    totals,
    worker: ctx.dryRun ? local : workerTotals(local),
    durationMs,
    tenantsPerSecond,
    failures,
    distinctPlans: ctx.plans.size,
    verifiedBy: { ...ctx.results.verifiedBy },
    statesByDigest: ctx.startingStates.taken,
  };
}

function finalStateOf(stop: StopKind | undefined, status: LedgerStatus | null, totals: RolloutTotals): Exclude<RolloutFinalState, 'dry-run'> {
  switch (stop) {
    case 'cancelled':
      return 'cancelled';
    case 'aborted':
      return 'aborted';
    case 'canary':
    case 'budget':
      return 'failed';
    case 'ended-elsewhere':
      return status && status.state !== 'running' && status.state !== 'paused' ? status.state : 'failed';
    default:
      return totals.failed > 0 || totals.pending > 0 || totals.cancelled > 0 ? 'failed' : 'succeeded';
  }
}

/** Why a run narrower than its rollout (--tenants, another config) does not end it succeeded. */
function outOfScopeReason(totals: RolloutTotals, mine: RolloutTotals): string {
  const failed = totals.failed - mine.failed;
  const notDone = totals.pending + totals.cancelled + totals.skipped - mine.skipped - mine.cancelled;
  const parts = [failed > 0 ? `${failed} failed` : '', notDone > 0 ? `${notDone} not done` : ''].filter(Boolean).join(', ');
  return `every tenant of this run is done, but the rollout also holds tenants outside it (--tenants, or another config on this ledger): ${parts || 'not all at the schema'}; run without --tenants (or that config) to finish them`;
}

/** What this worker finished; it never holds pending tenants once it returns. */
function workerTotals(local: RolloutTotals): RolloutTotals {
  const tenants = local.migrated + local.unchanged + local.failed + local.skipped + local.cancelled;
  return { ...local, tenants, pending: 0 };
}
