import type pg from 'pg';
import type { Tenant } from '../tenant.js';
import type { RolloutTotals, TenantOutcome } from '../rollout-events.js';

/**
 * What the orchestrator needs from the ledger (src/fleet/ledger adapts to it). Kept narrow so the
 * engine can be tested against a small in-memory ledger and the SQL one alike.
 */
export interface LedgerTenantEntry {
  readonly tenant: Tenant;
  /** `canary`, `tier=free`, … or `default`. */
  readonly wave: string;
  /** Claim order, lower first; it encodes the wave order (canaries lowest). */
  readonly sequence: number;
}

export interface LedgerClaim {
  readonly tenantId: string;
  readonly wave: string | null;
  /** Claim order (LedgerTenantEntry.sequence): the last of a batch is where the next claim starts. */
  readonly sequence: number;
  readonly schema: string;
  /** The tenant's database as registered (locationOf): with the schema, what resolves the claim to a connection. */
  readonly location: string | null;
  /** Tries so far, this one included. */
  readonly attempts: number;
}

export interface LedgerTenantResult {
  readonly outcome: TenantOutcome;
  readonly steps: number;
  readonly durationMs: number;
  readonly planFingerprint: string | null;
  readonly error: { readonly message: string; readonly sqlstate: string | null } | null;
  /** How a migrated tenant was confirmed at the desired state: read back, or by its plan's proof (plan-proofs.ts). */
  readonly verifiedBy?: 'read-back' | 'proof';
}

export type LedgerRequest = 'pause' | 'resume' | 'abort';
export type LedgerRolloutState = 'running' | 'paused' | 'succeeded' | 'failed' | 'aborted' | 'cancelled';

export interface LedgerStatus {
  readonly state: LedgerRolloutState;
  readonly totals: RolloutTotals;
  /** Tenants claimed by some worker and not yet recorded. */
  readonly running: number;
  /** The latest pause/resume/abort request, null when none. */
  readonly request: LedgerRequest | null;
  /** Who made the request (for the pause/abort reason shown to users). */
  readonly requestedBy?: string | null;
  /** Failed tenants of the whole rollout (every worker), oldest first, possibly capped. */
  readonly failures: readonly LedgerFailure[];
  /** Asked with a scope: its tenants pending or claimed. */
  readonly scopePending?: number;
  /** Workers holding claims, with how long ago they last heartbeated: what a waiting worker waits for. */
  readonly claimHolders?: readonly ClaimHolder[];
}

export interface ClaimHolder {
  readonly workerId: string;
  readonly claimed: number;
  readonly heartbeatAgeMs: number;
  /** Its claims are taken over once its heartbeat is this old. */
  readonly staleAfterMs: number;
}

export interface LedgerFailure {
  readonly tenantId: string;
  readonly message: string | null;
  readonly sqlstate: string | null;
}

export interface RolloutLedger {
  /** Resumes the running rollout of `schemaHash`, or creates one. */
  /** Resumes the running rollout of `schemaHash`, or creates one; `scope`: see NewRollout.scope. */
  findOrCreateRollout(input: {
    readonly schemaHash: string;
    readonly workerId: string;
    readonly commit?: string | null;
    readonly scope?: readonly string[];
  }): Promise<{ readonly id: string; readonly resumed: boolean }>;
  /** Idempotent: tenants already registered keep their state. */
  registerTenants(rolloutId: string, entries: readonly LedgerTenantEntry[]): Promise<void>;
  /** Every page of this worker's fleet is registered (the SQL ledger refreshes its planner statistics). */
  fleetRegistered?(rolloutId: string): Promise<void>;
  /** Up to `limit` pending tenants (or ones whose worker stopped heartbeating), in sequence order. */
  claim(
    rolloutId: string,
    workerId: string,
    limit: number,
    options?: {
      readonly wave?: string;
      readonly excludeClusters?: readonly string[];
      readonly inWaveOrder?: boolean;
      readonly onlyTenants?: readonly string[];
      readonly after?: Pick<LedgerClaim, 'tenantId' | 'wave' | 'sequence'>;
    },
  ): Promise<readonly LedgerClaim[]>;
  /** Every claim this worker still holds back to pending, without an outcome (busy tenants, a stop). */
  releaseClaims(rolloutId: string, workerId: string): Promise<void>;
  record(rolloutId: string, workerId: string, tenantId: string, result: LedgerTenantResult): Promise<void>;
  heartbeat(rolloutId: string, workerId: string): Promise<void>;
  /** With `scope`, also how many of those tenants are not done yet (scopePending). */
  status(rolloutId: string, scope?: readonly string[]): Promise<LedgerStatus>;
  setState(rolloutId: string, state: LedgerRolloutState): Promise<void>;
  close(): Promise<void>;
}

/**
 * Keeps two workers, or two rollouts, off one tenant: a session-level advisory lock taken on the
 * tenant's own database, so it holds whichever ledger the other side uses.
 */
export type TenantLocker = ((client: pg.ClientBase, tenant: Tenant) => Promise<boolean>) & {
  /** The same for many tenants of one database in one round trip (whether each was locked, in order): a batch's fifty locks were fifty round trips. */
  readonly many?: (client: pg.ClientBase, tenants: readonly Tenant[]) => Promise<boolean[]>;
};
