import pg from 'pg';
import { unreachableError } from '../../db/connect-target.js';
import type { RolloutTotals } from '../rollout-events.js';
import { ensureLedgerSchema } from './ledger-schema.js';
import { countTenants, readStatus } from './ledger-status.js';
import { findOrCreateRollout, getRollout, latestRollout, readRequest, requestControl, setRolloutState } from './rollout-store.js';
import { claimTenants, heartbeat, recordTenantResult, registerTenants, releaseClaims, requeueTenants } from './tenant-claims.js';
import {
  totalsFromCounts,
  type ClaimOptions,
  type ClaimedTenant,
  type ControlAction,
  type FoundRollout,
  type LedgerStatus,
  type LedgerTenantState,
  type NewRollout,
  type RolloutRecord,
  type RolloutState,
  type TenantRegistration,
  type TenantResult,
} from './ledger-types.js';

/** Default for how long a worker may go without a heartbeat before it counts as dead. */
export const DEFAULT_STALE_AFTER_MS = 30_000;

export interface Ledger {
  /** Creates or upgrades the `schemafleet` tables; idempotent and safe to race. */
  ensureSchema(): Promise<void>;
  /** Ensures the schema, then joins/resumes the rollout for this schema hash or starts one. Throws RolloutConflictError. */
  findOrCreateRollout(input: NewRollout & { readonly staleAfterMs?: number }): Promise<FoundRollout>;
  /** Returns how many were new. */
  registerTenants(rolloutId: string, tenants: readonly TenantRegistration[]): Promise<number>;
  /**
   * After a fleet is registered: the planner's statistics of the tenant rows brought up to date.
   * Autovacuum's ANALYZE comes a minute or more later (longer on a busy server); until then the
   * planner took 100,000 fresh rows for a handful and sorted every pending tenant to claim 50.
   */
  refreshStatistics(): Promise<void>;
  /** Ordered by sequence. Empty when nothing is claimable or the rollout is not running. */
  claimTenants(rolloutId: string, workerId: string, limit: number, options: ClaimOptions): Promise<ClaimedTenant[]>;
  /** Returns how many claims this worker still holds. */
  heartbeat(workerId: string, rolloutId: string): Promise<number>;
  /** False when the worker no longer holds the claim. */
  recordTenantResult(rolloutId: string, tenantId: string, workerId: string, result: TenantResult): Promise<boolean>;
  releaseClaims(rolloutId: string, workerId: string, state?: 'pending' | 'cancelled'): Promise<number>;
  requeueTenants(rolloutId: string, states: readonly Exclude<LedgerTenantState, 'pending' | 'claimed'>[], scope?: readonly string[]): Promise<number>;
  /** The standing request; null when none, or the rollout (or the ledger) does not exist. */
  readRequest(rolloutId: string): Promise<ControlAction | null>;
  /** False when the rollout does not exist, has ended, or has an abort request (abort is final). */
  requestControl(rolloutId: string, action: ControlAction, by: string): Promise<boolean>;
  setRolloutState(rolloutId: string, state: RolloutState): Promise<RolloutRecord | null>;
  getRollout(rolloutId: string): Promise<RolloutRecord | null>;
  totals(rolloutId: string): Promise<RolloutTotals>;
  /** The given rollout, else the newest one; null when there is none. */
  status(rolloutId?: string, options?: { readonly failureLimit?: number; readonly scope?: readonly string[] }): Promise<LedgerStatus | null>;
  latestRollout(): Promise<RolloutRecord | null>;
  close(): Promise<void>;
}

function isUndefinedTable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '42P01' || code === '3F000';
}

/** Reads against a ledger that was never created answer "nothing yet" instead of failing. */
async function orNull<T>(read: () => Promise<T | null>): Promise<T | null> {
  try {
    return await read();
  } catch (error) {
    if (isUndefinedTable(error)) return null;
    throw error;
  }
}

/**
 * Connects to the control database (a small pool: the orchestrator heartbeats, claims and records
 * concurrently). Throws UnreachableDatabaseError when it cannot connect. Does not create tables;
 * findOrCreateRollout does, the read-only calls tolerate their absence.
 */
export async function openLedger(url: string, options: { readonly maxConnections?: number } = {}): Promise<Ledger> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 4,
    application_name: 'schemafleet-ledger',
    connectionTimeoutMillis: 15_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle pooled client whose server went away emits 'error'; unhandled, that would kill the process.
  pool.on('error', () => undefined);
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw unreachableError(url, error);
  }

  let schemaReady: Promise<void> | undefined;
  const ensureSchema = (): Promise<void> => {
    schemaReady ??= withClient(pool, ensureLedgerSchema).catch((error: unknown) => {
      schemaReady = undefined;
      throw error;
    });
    return schemaReady;
  };

  let closed = false;
  return {
    ensureSchema,
    async findOrCreateRollout(input) {
      await ensureSchema();
      return withClient(pool, (client) => findOrCreateRollout(client, input, input.staleAfterMs ?? DEFAULT_STALE_AFTER_MS));
    },
    registerTenants: (rolloutId, tenants) => registerTenants(pool, rolloutId, tenants),
    async refreshStatistics() {
      await pool.query('ANALYZE schemafleet.rollout_tenants');
    },
    claimTenants: (rolloutId, workerId, limit, claimOptions) => claimTenants(pool, rolloutId, workerId, limit, claimOptions),
    heartbeat: (workerId, rolloutId) => heartbeat(pool, workerId, rolloutId),
    recordTenantResult: (rolloutId, tenantId, workerId, result) => recordTenantResult(pool, rolloutId, tenantId, workerId, result),
    releaseClaims: (rolloutId, workerId, state) => releaseClaims(pool, rolloutId, workerId, state),
    requeueTenants: (rolloutId, states, scope) => requeueTenants(pool, rolloutId, states, scope),
    readRequest: async (rolloutId) => orNull(() => readRequest(pool, rolloutId)),
    requestControl: async (rolloutId, action, by) => (await orNull(() => requestControl(pool, rolloutId, action, by))) ?? false,
    setRolloutState: (rolloutId, state) => setRolloutState(pool, rolloutId, state),
    getRollout: (rolloutId) => orNull(() => getRollout(pool, rolloutId)),
    totals: async (rolloutId) => totalsFromCounts(await countTenants(pool, rolloutId)),
    async status(rolloutId, statusOptions) {
      const rollout = await orNull(() => (rolloutId === undefined ? latestRollout(pool) : getRollout(pool, rolloutId)));
      return rollout ? readStatus(pool, rollout, statusOptions?.failureLimit, statusOptions?.scope) : null;
    },
    latestRollout: () => orNull(() => latestRollout(pool)),
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

async function withClient<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    return await fn(client);
  } finally {
    client.release();
  }
}
