import type { RolloutEvent, RolloutTotals, TenantOutcome } from '../rollout-events.js';
import type { LedgerTenantResult, RolloutLedger } from './rollout-ledger-port.js';
import type { RolloutFailure } from './rollout-types.js';
import { EMPTY_TOTALS } from './rollout-progress.js';
import { guardedLedgerWrite } from './ledger-writes.js';
import { sleep } from './rollout-scheduler.js';

const MAX_FAILURES_KEPT = 1_000;

export interface TenantResults {
  /** This worker's counts (in a dry run, every tenant seen). */
  readonly local: RolloutTotals;
  readonly failures: readonly RolloutFailure[];
  readonly verifiedBy: { readonly readBack: number; readonly proof: number };
  /** A dry run counts each tenant it reads from the source as pending. */
  countPending(): void;
  /** Never rejects. The local counts and the event come first, then the ledger's round trip. */
  record(tenantId: string, result: LedgerTenantResult, toLedger: boolean): Promise<void>;
  /**
   * Records a tenant's result without holding its worker slot for the ledger's round trip (a
   * synchronous commit on the control database: on a one-step change, a third of a tenant's slot).
   * The counts the failure budget reads are updated before this returns.
   */
  recordInBackground(tenantId: string, result: LedgerTenantResult, toLedger: boolean): Promise<void>;
  /** Waits for every result still on its way to the ledger (before claims are released, and at the end). */
  recorded(): Promise<void>;
  /** Results the ledger refused even on the retry since the last call: their tenants are still claimed by this worker. */
  takeLost(): number;
}

export interface TenantResultsOptions {
  readonly ledger: () => RolloutLedger;
  readonly rolloutId: () => string;
  readonly workerId: string;
  /** At most this many results on their way to the ledger at once (rollout.concurrency). */
  readonly concurrency: number;
  readonly emit: (event: RolloutEvent) => void;
}

/** One worker's tenant results: counted, reported, and written to the ledger. */
export function createTenantResults(options: TenantResultsOptions): TenantResults {
  let local: RolloutTotals = { ...EMPTY_TOTALS };
  const failures: RolloutFailure[] = [];
  const verifiedBy = { readBack: 0, proof: 0 };
  const recording = new Set<Promise<void>>();
  let lost = 0;

  const toLedger = async (tenantId: string, result: LedgerTenantResult): Promise<void> => {
    const write = (): Promise<void> => options.ledger().record(options.rolloutId(), options.workerId, tenantId, result);
    // One retry: a ledger blip must not lose a result (a lost one is taken over and re-planned, which is safe but slow).
    const saved = await guardedLedgerWrite(options.emit, 'record', tenantId, () =>
      write().catch(async () => {
        await sleep(500);
        await write();
      }),
    );
    if (!saved) lost += 1;
  };

  const record = async (tenantId: string, result: LedgerTenantResult, writeLedger: boolean): Promise<void> => {
    local = bump(local, result.outcome);
    if (result.outcome === 'failed' && failures.length < MAX_FAILURES_KEPT) {
      failures.push({ tenantId, message: result.error?.message ?? 'failed', sqlstate: result.error?.sqlstate ?? null });
    }
    if (result.outcome === 'migrated' && result.verifiedBy === 'proof') verifiedBy.proof += 1;
    else if (result.outcome === 'migrated') verifiedBy.readBack += 1;
    // Before the ledger's round trip, which runs off the tenant's slot: a reporter counting tenants
    // in flight sees this one finish before the next one in its slot starts.
    options.emit({
      type: 'tenant-finished',
      tenantId,
      outcome: result.outcome,
      steps: result.steps,
      durationMs: result.durationMs,
      planFingerprint: result.planFingerprint,
      verifiedBy: result.outcome === 'migrated' ? (result.verifiedBy ?? 'read-back') : null,
      error: result.error,
      at: Date.now(),
    });
    if (writeLedger) await toLedger(tenantId, result);
  };

  return {
    get local() {
      return local;
    },
    failures,
    verifiedBy,
    countPending() {
      local = { ...local, tenants: local.tenants + 1, pending: local.pending + 1 };
    },
    record,
    async recordInBackground(tenantId, result, writeLedger) {
      while (recording.size >= options.concurrency) await Promise.race(recording);
      const pending: Promise<void> = record(tenantId, result, writeLedger).finally(() => recording.delete(pending));
      recording.add(pending);
    },
    async recorded() {
      while (recording.size > 0) await Promise.all(recording);
    },
    takeLost() {
      const taken = lost;
      lost = 0;
      return taken;
    },
  };
}

function bump(totals: RolloutTotals, outcome: TenantOutcome): RolloutTotals {
  return { ...totals, [outcome]: totals[outcome] + 1, pending: Math.max(0, totals.pending - 1), tenants: Math.max(totals.tenants, 0) };
}
