import type { RolloutTotals, TenantOutcome } from '../rollout-events.js';

export type RolloutState = 'running' | 'paused' | 'succeeded' | 'failed' | 'aborted' | 'cancelled';
export type ControlAction = 'pause' | 'resume' | 'abort';
export type LedgerTenantState = 'pending' | 'claimed' | 'migrated' | 'unchanged' | 'failed' | 'skipped' | 'cancelled';

export const LEDGER_TENANT_STATES: readonly LedgerTenantState[] = ['pending', 'claimed', 'migrated', 'unchanged', 'failed', 'skipped', 'cancelled'];

export interface RolloutRecord {
  readonly id: string;
  /** Fingerprint of the desired schema: a rerun with the same one resumes this rollout. */
  readonly schemaHash: string;
  readonly commit: string | null;
  readonly actor: string | null;
  readonly state: RolloutState;
  /** The standing control request (a level, not an event): every worker obeys it until another replaces it. */
  readonly requested: ControlAction | null;
  readonly requestedBy: string | null;
  readonly requestedAt: Date | null;
  /** Non-secret summary of the configuration the rollout was started with. */
  readonly config: unknown;
  /** Cached on every state change; status() always counts afresh. */
  readonly totals: RolloutTotals | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly finishedAt: Date | null;
}

export interface NewRollout {
  readonly schemaHash: string;
  readonly commit?: string | null;
  readonly actor?: string | null;
  /** Stored as jsonb and shown by `status`: never put URLs with passwords here. */
  readonly config?: unknown;
  /**
   * The tenants this run works on, when it is narrower than the rollout (--tenants, another config):
   * only these are put back to pending on a resume, so a narrower rerun never erases others' failures.
   */
  readonly scope?: readonly string[];
}

export interface FoundRollout {
  readonly rollout: RolloutRecord;
  /** False when an existing rollout with the same schema hash was joined or resumed. */
  readonly created: boolean;
  /** Failed/cancelled/skipped tenants put back to pending because nobody was working on the rollout. */
  readonly requeued: number;
}

export interface TenantRegistration {
  readonly id: string;
  readonly cluster: string;
  readonly schema: string;
  readonly wave?: string | null;
  /** Claim order: lower first. Encode wave order and canaries here. */
  readonly sequence: number;
  /** user@host:port/database (locationOf), never a URL: what lets a worker resolve the claim without a per-tenant map. */
  readonly location?: string | null;
}

export interface ClaimOptions {
  /** A claim whose heartbeat is older than this belongs to a dead worker and is taken over. */
  readonly staleAfterMs: number;
  /** undefined: any wave; null: tenants without a wave; a string: only that wave. */
  readonly wave?: string | null;
  /** Clusters not to claim from (for example those the health gate has paused). */
  readonly excludeClusters?: readonly string[];
  /**
   * The wave barrier: only tenants of the first wave (in claim order) that still has a tenant
   * pending or claimed, so no wave starts before the one ahead of it is done, and a dead worker's
   * stale claim in that wave is what gets taken over.
   */
  readonly inWaveOrder?: boolean;
  /** Only these tenants (a run narrower than the rollout); the wave barrier then looks at these alone. */
  readonly onlyTenants?: readonly string[];
  /**
   * With inWaveOrder: this worker's last claim. Pending tenants of its wave after it are claimed
   * first, starting there in the claim index; only when none are left does the claim look at the
   * whole rollout (the wave barrier, stale claims to take over, tenants released behind the cursor).
   */
  readonly after?: ClaimCursor;
}

/** Where a worker's last claim ended, in claim order. */
export interface ClaimCursor {
  readonly sequence: number;
  readonly tenantId: string;
  readonly wave: string | null;
}

export interface ClaimedTenant {
  readonly tenantId: string;
  readonly cluster: string;
  readonly schema: string;
  readonly wave: string | null;
  readonly sequence: number;
  /** As registered; null for rows registered before ledger version 4. */
  readonly location: string | null;
  /** 1 on the first claim; more after a dead worker's claim was taken over or a rerun requeued it. */
  readonly attempts: number;
  /** Set when this claim was taken over from a worker whose heartbeat went stale. */
  readonly takenOverFrom: string | null;
}

export interface TenantResult {
  readonly outcome: TenantOutcome;
  readonly planFingerprint?: string | null;
  readonly steps?: number;
  readonly durationMs?: number;
  /** Callers redact secrets before recording: the ledger stores what it is given. */
  readonly error?: { readonly message: string; readonly sqlstate?: string | null } | null;
  /** migrated: confirmed by reading the schema back, or by its plan's proof. */
  readonly verifiedBy?: 'read-back' | 'proof';
}

export interface TenantFailure {
  readonly tenantId: string;
  readonly cluster: string;
  readonly schema: string;
  readonly attempts: number;
  readonly message: string | null;
  readonly sqlstate: string | null;
  readonly finishedAt: Date | null;
}

export interface WorkerStatus {
  readonly id: string;
  readonly hostname: string | null;
  readonly pid: number | null;
  readonly startedAt: Date;
  readonly heartbeatAt: Date;
  /** Measured on the ledger's clock, so worker clock skew does not matter. */
  readonly heartbeatAgeMs: number;
  readonly claimed: number;
}

export interface LedgerStatus {
  readonly rollout: RolloutRecord;
  readonly counts: Readonly<Record<LedgerTenantState, number>>;
  readonly totals: RolloutTotals;
  /** At most `failureLimit` (default 100), oldest first; `failedTotal` has the full count. */
  readonly failures: readonly TenantFailure[];
  readonly failedTotal: number;
  readonly workers: readonly WorkerStatus[];
  /** With a scope asked for: its tenants not done yet (pending or claimed). */
  readonly scopePending?: number;
}

export function totalsFromCounts(counts: Readonly<Record<LedgerTenantState, number>>): RolloutTotals {
  const tenants = LEDGER_TENANT_STATES.reduce((sum, state) => sum + counts[state], 0);
  return {
    tenants,
    migrated: counts.migrated,
    unchanged: counts.unchanged,
    failed: counts.failed,
    skipped: counts.skipped,
    cancelled: counts.cancelled,
    // A claimed tenant is not done yet: for a reporter it is still pending.
    pending: counts.pending + counts.claimed,
  };
}
