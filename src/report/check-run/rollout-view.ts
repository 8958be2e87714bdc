import type { RolloutEvent, RolloutTotals } from '../../fleet/rollout-events.js';
import { batchReadFailedLine, ledgerWriteFailedLine } from '../rollout/rollout-reporter.js';

export type RolloutFinish = Extract<RolloutEvent, { type: 'rollout-finished' }>;

interface ViewFailure {
  readonly tenantId: string;
  readonly message: string;
  readonly sqlstate: string | null;
}

/** What a progress report shows: the rollout as the events so far describe it. */
export interface RolloutView {
  readonly rolloutId: string | null;
  readonly workerId: string | null;
  readonly dryRun: boolean;
  readonly startedAt: number | null;
  readonly totals: RolloutTotals | null;
  readonly tenantsPerSecond: number;
  readonly etaSeconds: number | null;
  /** Key null: the whole rollout (a pause request); otherwise a cluster the health gate closed. */
  readonly paused: ReadonlyMap<string | null, { readonly reason: string; readonly since: number }>;
  readonly failures: readonly ViewFailure[];
  /** Every failure seen, including those past the kept list. */
  readonly failedSeen: number;
  readonly budgetSpent: { readonly failed: number; readonly budget: number } | null;
  readonly abortReason: string | null;
  /** Ledger writes that failed (rollout-events.ts, ledger-write-failed): how many, and the latest line. */
  readonly ledgerWrites: { readonly failed: number; readonly last: string } | null;
  /** Batches whose shared read failed (batch-read-failed): how many, and the latest line. */
  readonly batchReads: { readonly failed: number; readonly last: string } | null;
  readonly finished: RolloutFinish | null;
  readonly lastEventAt: number | null;
}

const MAX_VIEW_FAILURES = 1_000;

export function emptyRolloutView(dryRun = false): RolloutView {
  return {
    rolloutId: null,
    workerId: null,
    dryRun,
    startedAt: null,
    totals: null,
    tenantsPerSecond: 0,
    etaSeconds: null,
    paused: new Map(),
    failures: [],
    failedSeen: 0,
    budgetSpent: null,
    abortReason: null,
    ledgerWrites: null,
    batchReads: null,
    finished: null,
    lastEventAt: null,
  };
}

/** Events that change what a reader should do or expect: reported at once, not on the next tick. */
export function isPhaseChange(event: RolloutEvent): boolean {
  switch (event.type) {
    case 'rollout-started':
    case 'paused':
    case 'resumed':
    case 'failure-budget-spent':
    case 'aborted':
    case 'rollout-finished':
      return true;
    default:
      return false;
  }
}

/** The view after `event`. Pure: the reporter and its tests share it. */
export function applyRolloutEvent(view: RolloutView, event: RolloutEvent): RolloutView {
  const next = { ...view, lastEventAt: event.at };
  switch (event.type) {
    case 'rollout-started':
      return {
        ...next,
        rolloutId: event.rolloutId,
        workerId: event.workerId,
        dryRun: event.dryRun,
        startedAt: view.startedAt ?? event.at,
        totals: view.totals ?? (event.tenants === null ? null : { tenants: event.tenants, migrated: 0, unchanged: 0, failed: 0, skipped: 0, cancelled: 0, pending: event.tenants }),
      };
    case 'progress':
      return { ...next, totals: event.totals, tenantsPerSecond: event.tenantsPerSecond, etaSeconds: event.etaSeconds };
    case 'tenant-finished': {
      if (event.outcome !== 'failed') return next;
      const failure = { tenantId: event.tenantId, message: event.error?.message ?? 'failed', sqlstate: event.error?.sqlstate ?? null };
      const failures = view.failures.length < MAX_VIEW_FAILURES ? [...view.failures, failure] : view.failures;
      return { ...next, failures, failedSeen: view.failedSeen + 1 };
    }
    case 'paused': {
      const paused = new Map(view.paused);
      paused.set(event.cluster, { reason: event.reason, since: event.at });
      return { ...next, paused };
    }
    case 'resumed': {
      const paused = new Map(view.paused);
      paused.delete(event.cluster);
      return { ...next, paused };
    }
    case 'failure-budget-spent':
      return { ...next, budgetSpent: { failed: event.failed, budget: event.budget } };
    case 'aborted':
      return { ...next, abortReason: event.reason };
    case 'ledger-write-failed':
      return { ...next, ledgerWrites: { failed: (view.ledgerWrites?.failed ?? 0) + 1, last: ledgerWriteFailedLine(event) } };
    case 'batch-read-failed':
      return { ...next, batchReads: { failed: (view.batchReads?.failed ?? 0) + 1, last: batchReadFailedLine(event) } };
    case 'rollout-finished':
      return { ...next, rolloutId: event.rolloutId, totals: event.totals, tenantsPerSecond: event.tenantsPerSecond, etaSeconds: null, paused: new Map(), finished: event };
    default:
      return next;
  }
}
