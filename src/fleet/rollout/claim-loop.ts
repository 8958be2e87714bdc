import type { LedgerClaim } from './rollout-ledger-port.js';
import type { RolloutContext } from './rollout-context.js';
import { closeBatchScope, openBatchScope, type BatchScope } from './batch-scope.js';
import { ledgerTenantLock } from './ledger-adapter.js';
import { CANARY_WAVE } from './tenant-waves.js';
import { timePhase } from './phase-clock.js';
import { applyStatus } from './rollout-control.js';
import { guardedLedgerWrite } from './ledger-writes.js';
import { sleep } from './rollout-scheduler.js';
import { scheduleClaim } from './tenant-run.js';
import { verifyBatch } from './verify-batch.js';
import { waitReason } from './wait-reason.js';

/**
 * Batches claimed at once: one whose tenants run, and up to two read ahead. With one read ahead,
 * the next read started only when the oldest batch had finished, and on a server whose cores the
 * running tenants keep busy that read took longer than the batch before it ran out: slots stood
 * idle at every batch boundary (docs/benchmarks.md, "A release of a SaaS schema").
 */
const BATCHES_IN_FLIGHT = 3;

interface BatchRun {
  /** The batch's shared read is done (or failed): the next batch may be claimed and read. */
  readonly read: Promise<void>;
  /** Every tenant has run and the verification has begun; the ids of tenants busy elsewhere. */
  readonly finished: Promise<string[]>;
}

/** Claims batches from the ledger and runs them until nothing of this run's is left, or the rollout stops. */
export async function runClaims(ctx: RolloutContext): Promise<void> {
  const { state } = ctx;
  let batch = 0;
  const running: BatchRun[] = [];
  while (!state.stop) {
    if (state.requestPaused) {
      await sleep(250);
      continue;
    }
    const unhealthy = await unhealthyClusters(ctx);
    if (state.stop) break;
    // The wave barrier (canaries, then each wave in order, then the rest) is kept by the ledger, so
    // every worker keeps it, and a dead worker's stale claim in the current wave is taken over
    // whatever the phase: waiting on it is what made a rerun after kill -9 hang in the canary phase.
    // With several batches in flight the barrier still holds: the wave of a claimed tenant stays the
    // first unfinished one, so the next claim returns nothing until this worker's batches settle.
    const claims = await timePhase(ctx.options.phases, 'claim', () =>
      ctx.ledger().claim(state.rolloutId, ctx.workerId, ctx.settings.batchSize, {
        excludeClusters: unhealthy,
        inWaveOrder: true,
        ...(state.scope ? { onlyTenants: state.scope } : {}),
        ...(state.claimCursor ? { after: state.claimCursor } : {}),
      }),
    );
    state.claimCursor = claims.at(-1) ?? state.claimCursor;
    if (claims.length === 0 && running.length > 0) {
      // Nothing left to claim now: this worker's own batches end first (settling releases their busy tenants).
      for (let run = running.shift(); run; run = running.shift()) await settle(ctx, run, running);
      continue;
    }
    if (claims.length === 0 && (await releaseLostRecords(ctx))) continue;
    if (claims.length === 0) {
      const status = await ctx.ledger().status(state.rolloutId, state.scope ?? undefined);
      applyStatus(ctx, status);
      if (state.stop) break;
      if ((status.scopePending ?? status.totals.pending) === 0) break;
      const wait = waitReason(status, ctx.workerId, unhealthy);
      if (wait && wait.key !== state.lastWait) {
        state.lastWait = wait.key;
        ctx.emit({ type: 'waiting', reason: wait.reason, at: Date.now() });
      }
      await sleep(unhealthy.length > 0 ? 500 : 250);
      continue;
    }
    state.lastWait = '';
    const run = startBatch(ctx, batch++, claims, claims[0]?.wave === CANARY_WAVE);
    running.push(run);
    // The next batch is claimed and read as soon as this one's read is done, while this one's
    // tenants run: the slots its last tenants free are then taken by the next batch's first
    // ones, rather than waiting out a claim and a batch read (on a small server, the read of a
    // batch of schema tenants costs about what running them does: docs/benchmarks.md).
    await run.read;
    // Never more than BATCHES_IN_FLIGHT at once: the oldest is done before another is claimed.
    while (running.length >= BATCHES_IN_FLIGHT) await settle(ctx, running.shift()!, running);
  }
  for (let run = running.shift(); run; run = running.shift()) await settle(ctx, run, running);
  await state.verifying;
  await ctx.results.recorded();
}

/**
 * A batch whose tenants have all finished. With tenants busy elsewhere, or once the rollout
 * stops, every batch still running is waited for and verified: what this worker then still holds
 * is exactly what it did not finish (busy tenants, those a stop kept from starting), and goes
 * back to pending for anyone.
 */
async function settle(ctx: RolloutContext, run: BatchRun, others: readonly BatchRun[]): Promise<void> {
  const busy = await run.finished;
  if (busy.length === 0 && !ctx.state.stop) return;
  await Promise.all(others.map((other) => other.finished));
  await ctx.state.verifying;
  await ctx.results.recorded();
  await guardedLedgerWrite(ctx.emit, 'release-claims', null, () => ctx.ledger().releaseClaims(ctx.state.rolloutId, ctx.workerId));
  // Held by another worker or rollout: give it time rather than claiming it straight back.
  if (busy.length > 0) await sleep(500);
}

/**
 * Tenants whose result the ledger refused stay claimed by this worker, which heartbeats, so nobody
 * would take them over and the loop would wait for them forever. Once this worker's batches are
 * verified and recorded, its claims go back to pending and those tenants are claimed again: their
 * new plan is empty (or finishes what was left), and this time the result may be saved.
 */
async function releaseLostRecords(ctx: RolloutContext): Promise<boolean> {
  if (ctx.results.takeLost() === 0) return false;
  await ctx.state.verifying;
  await ctx.results.recorded();
  ctx.results.takeLost();
  await guardedLedgerWrite(ctx.emit, 'release-claims', null, () => ctx.ledger().releaseClaims(ctx.state.rolloutId, ctx.workerId));
  return true;
}

/**
 * Opens the batch's scope (its shared readers) and schedules its tenants. `read` resolves once the
 * batch's shared read is done (or failed); `finished` once all its tenants have run and the batch's
 * verification is under way, after the previous batch's verification has ended.
 */
function startBatch(ctx: RolloutContext, batch: number, claims: readonly LedgerClaim[], canary: boolean): BatchRun {
  const { options, state } = ctx;
  ctx.emit({ type: 'batch-started', batch, size: claims.length, wave: claims[0]?.wave ?? null, at: Date.now() });
  let readDone!: () => void;
  const read = new Promise<void>((resolve) => (readDone = resolve));
  const finished = (async (): Promise<string[]> => {
    const tenants = claims.map((claim) => ctx.directory.resolve(claim));
    const found = tenants.filter((tenant) => tenant !== undefined);
    let scope: BatchScope | undefined;
    try {
      const lock = options.lockTenant ?? ledgerTenantLock;
      scope = await timePhase(options.phases, 'batch-read', () =>
        openBatchScope(found, { batch, canary, settings: ctx.settings, lock, isStopped: () => state.stop !== null, emit: ctx.emit, sharedUrls: ctx.sharedUrls, startingStates: ctx.startingStates }),
      ).finally(readDone);
      const opened = scope;
      await Promise.all(claims.map((claim, index) => scheduleClaim(ctx, claim, tenants[index], opened)));
    } catch (error) {
      if (scope) await closeBatchScope(scope);
      throw error;
    }
    const opened = scope;
    const previous = state.verifying;
    state.verifying = previous
      .then(() => timePhase(options.phases, 'batch-verify', () => verifyBatch(ctx, opened.unverified.splice(0), opened.readers)))
      .finally(async () => {
        await closeBatchScope(opened);
        ctx.emit({ type: 'batch-finished', batch, at: Date.now() });
      });
    await previous;
    return opened.busy;
  })();
  // Awaited by settle(), maybe only after the next batch started: not an unhandled rejection meanwhile.
  finished.catch(() => undefined);
  return { read, finished };
}

/** Read between batches: clusters whose gate is closed are not claimed from, so others' work goes on. */
async function unhealthyClusters(ctx: RolloutContext): Promise<string[]> {
  const gate = ctx.options.healthGate;
  if (!gate) return [];
  const closed: string[] = [];
  for (const cluster of ctx.directory.clusters()) {
    await gate.readNow(cluster).catch(() => undefined);
    if (!gate.isOpen(cluster)) closed.push(cluster);
  }
  return closed;
}
