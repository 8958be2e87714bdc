import type { RolloutTotals } from '../rollout-events.js';
import type { LedgerStatus } from './rollout-ledger-port.js';
import type { StopKind } from './rollout-types.js';
import type { RolloutContext } from './rollout-context.js';
import { decideOnStatus } from './ledger-requests.js';
import { guardedLedgerWrite } from './ledger-writes.js';
import { doneOf } from './rollout-progress.js';

/** Stops starting tenants; those in flight finish. */
function halt(ctx: RolloutContext, kind: StopKind, reason: string): void {
  const { state } = ctx;
  if (state.stop) return;
  state.stop = { kind, reason };
  ctx.stopped.abort();
  if (kind === 'canary' || kind === 'aborted') ctx.emit({ type: 'aborted', reason, at: Date.now() });
  // Other workers read the state on their next poll and stop too.
  if (!ctx.dryRun && (kind === 'canary' || kind === 'budget' || kind === 'aborted')) {
    void guardedLedgerWrite(ctx.emit, 'set-state', null, () => ctx.ledger().setState(state.rolloutId, kind === 'aborted' ? 'aborted' : 'failed'));
  }
}

/** SIGINT/SIGTERM: stop starting tenants, and cancel those still running after the grace period. */
export function cancel(ctx: RolloutContext): void {
  halt(ctx, 'cancelled', 'the rollout was interrupted (SIGINT/SIGTERM)');
  if (ctx.state.graceTimer) return;
  ctx.state.graceTimer = setTimeout(() => {
    for (const controller of ctx.inFlight) controller.abort();
  }, ctx.graceMs);
  ctx.state.graceTimer.unref?.();
}

/** A canary's failure stops the rollout; any other counts against the failure budget. */
export function onFailure(ctx: RolloutContext, canary: boolean, tenantId: string): void {
  if (ctx.dryRun || ctx.state.stop) return;
  if (canary) {
    halt(ctx, 'canary', `canary tenant ${tenantId} failed`);
    return;
  }
  const failed = Math.max(ctx.results.local.failed, ctx.state.shared?.totals.failed ?? 0);
  if (failed > ctx.state.budget) {
    ctx.emit({ type: 'failure-budget-spent', failed, budget: ctx.state.budget, at: Date.now() });
    halt(ctx, 'budget', `failure budget spent: ${failed} failed, budget ${ctx.state.budget}`);
  }
}

/** Acts on the rollout's row as the ledger reports it (ledger-requests.ts decides what that means). */
export function applyStatus(ctx: RolloutContext, status: LedgerStatus): void {
  const { state } = ctx;
  state.shared = status;
  const decision = decideOnStatus(status, state.requestPaused !== null);
  if (decision.kind === 'abort') {
    halt(ctx, 'aborted', decision.reason);
    return;
  }
  if (decision.kind === 'ended-elsewhere') {
    if (!state.stop) {
      state.stop = { kind: 'ended-elsewhere', reason: decision.reason };
      ctx.stopped.abort();
    }
    return;
  }
  if (decision.pause === 'start') {
    const reason = decision.reason ?? 'pause requested';
    state.requestPaused = { since: Date.now(), reason };
    ctx.emit({ type: 'paused', cluster: null, reason, at: Date.now() });
  } else if (decision.pause === 'end' && state.requestPaused) {
    const pausedMs = Date.now() - state.requestPaused.since;
    state.requestPaused = null;
    ctx.emit({ type: 'resumed', cluster: null, pausedMs, at: Date.now() });
  }
  const next = decision.setState;
  if (next) void guardedLedgerWrite(ctx.emit, 'set-state', null, () => ctx.ledger().setState(state.rolloutId, next));
}

/** Every pollMs: requests, state and totals from the ledger, then a progress event. */
export async function poll(ctx: RolloutContext): Promise<void> {
  try {
    applyStatus(ctx, await ctx.ledger().status(ctx.state.rolloutId));
  } catch {
    // The ledger is unreachable for a moment: keep going on what we know, try again next tick.
  }
  emitProgress(ctx);
}

function currentTotals(ctx: RolloutContext): RolloutTotals {
  if (ctx.dryRun || !ctx.state.shared) return ctx.results.local;
  return ctx.state.shared.totals;
}

/** Nothing can start anywhere: a pause request, or every cluster's health gate closed. */
function pausedEverywhere(ctx: RolloutContext): boolean {
  if (ctx.state.requestPaused) return true;
  const gate = ctx.options.healthGate;
  const clusters = ctx.directory.clusters();
  return gate !== undefined && clusters.length > 0 && clusters.every((cluster) => !gate.isOpen(cluster));
}

export function emitProgress(ctx: RolloutContext): void {
  const totals = currentTotals(ctx);
  const now = Date.now();
  const { tenantsPerSecond } = ctx.rate.sample(doneOf(totals), now, pausedEverywhere(ctx));
  const key = JSON.stringify(totals);
  // Nothing moved and nothing is paused: a repeated line tells a reader nothing.
  if (key === ctx.state.lastProgressKey && tenantsPerSecond === 0 && !ctx.state.requestPaused) return;
  ctx.state.lastProgressKey = key;
  ctx.emit({ type: 'progress', totals, tenantsPerSecond: round(tenantsPerSecond), etaSeconds: ctx.rate.etaSeconds(totals.pending, tenantsPerSecond), at: now });
}

export function round(value: number): number {
  return Math.round(value * 100) / 100;
}
