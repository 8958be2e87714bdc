/**
 * What a rollout tells its reporters. The fleet knows nothing of terminals or GitHub: the CLI
 * progress bar, JSON lines, the check run and the job summary are all built from these.
 */
export type TenantOutcome = 'migrated' | 'unchanged' | 'failed' | 'skipped' | 'cancelled';

export interface RolloutTotals {
  readonly tenants: number;
  readonly migrated: number;
  readonly unchanged: number;
  readonly failed: number;
  readonly skipped: number;
  readonly cancelled: number;
  readonly pending: number;
}

/** The ledger writes a worker makes on its own behalf, named in a ledger-write-failed event. */
export type LedgerWrite = 'record' | 'heartbeat' | 'release-claims' | 'set-state';

export type RolloutEvent =
  | { readonly type: 'rollout-started'; readonly rolloutId: string; readonly workerId: string; readonly tenants: number | null; readonly dryRun: boolean; readonly at: number }
  | { readonly type: 'batch-started'; readonly batch: number; readonly size: number; readonly wave: string | null; readonly at: number }
  | { readonly type: 'batch-finished'; readonly batch: number; readonly at: number }
  | { readonly type: 'tenant-started'; readonly tenantId: string; readonly cluster: string; readonly at: number }
  | { readonly type: 'tenant-retried'; readonly tenantId: string; readonly attempt: number; readonly reason: string; readonly at: number }
  | {
      readonly type: 'tenant-finished';
      readonly tenantId: string;
      readonly outcome: TenantOutcome;
      readonly steps: number;
      readonly durationMs: number;
      readonly planFingerprint: string | null;
      /** migrated: confirmed by reading the schema back, or by its plan's proof (rollout.verify); null otherwise. */
      readonly verifiedBy: 'read-back' | 'proof' | null;
      readonly error: { readonly message: string; readonly sqlstate: string | null } | null;
      readonly at: number;
    }
  /** Nothing to claim yet tenants are left (others' claims in the current wave, paused clusters): what the worker waits for. */
  | { readonly type: 'waiting'; readonly reason: string; readonly at: number }
  | { readonly type: 'paused'; readonly cluster: string | null; readonly reason: string; readonly at: number }
  | { readonly type: 'resumed'; readonly cluster: string | null; readonly pausedMs: number; readonly at: number }
  /** rollout.adaptiveConcurrency: the cluster's limit on tenants at once changed, and why. */
  | { readonly type: 'concurrency-changed'; readonly cluster: string; readonly limit: number; readonly reason: string; readonly at: number }
  | { readonly type: 'progress'; readonly totals: RolloutTotals; readonly tenantsPerSecond: number; readonly etaSeconds: number | null; readonly at: number }
  | { readonly type: 'failure-budget-spent'; readonly failed: number; readonly budget: number; readonly at: number }
  | { readonly type: 'aborted'; readonly reason: string; readonly at: number }
  /**
   * A write to the ledger failed (after its retry, for a result): the rollout goes on, but what the
   * ledger shows lags until a later write (or another worker's takeover) puts it right.
   */
  | { readonly type: 'ledger-write-failed'; readonly operation: LedgerWrite; readonly tenantId: string | null; readonly message: string; readonly at: number }
  /**
   * Schema-per-tenant: the shared lock-and-read of a batch's `tenants` in one database failed. Nothing
   * is lost (they lock and read their schemas one by one), but the batch is slower; a rollout that
   * reports this on every batch runs several times slower than it should. `database` is
   * user@host:port/name, never the URL; `message` carries the SQLSTATE when there is one.
   */
  | { readonly type: 'batch-read-failed'; readonly batch: number; readonly database: string; readonly tenants: number; readonly message: string; readonly at: number }
  | {
      readonly type: 'rollout-finished';
      readonly rolloutId: string;
      readonly state: 'succeeded' | 'failed' | 'aborted' | 'cancelled' | 'dry-run';
      readonly totals: RolloutTotals;
      readonly durationMs: number;
      readonly tenantsPerSecond: number;
      readonly at: number;
    };

export type RolloutEventListener = (event: RolloutEvent) => void;
