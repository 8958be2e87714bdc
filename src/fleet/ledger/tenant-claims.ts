import type pg from 'pg';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { ClaimOptions, ClaimedTenant, TenantRegistration, TenantResult } from './ledger-types.js';

// Keeps each INSERT's arrays well under what one protocol message should carry.
const REGISTER_CHUNK = 1000;

/** Unique per process and readable in `status`: w_<host>_<pid>_<random>. */
export function newWorkerId(): string {
  return `w_${hostname()}_${process.pid}_${randomBytes(3).toString('hex')}`;
}

/** Idempotent: a tenant already registered (by another worker, or before a kill) keeps its row. */
export async function registerTenants(db: pg.Pool, rolloutId: string, tenants: readonly TenantRegistration[]): Promise<number> {
  let inserted = 0;
  for (let start = 0; start < tenants.length; start += REGISTER_CHUNK) {
    const chunk = tenants.slice(start, start + REGISTER_CHUNK);
    // A row registered before the ledger knew locations gets its location now; only new rows count as inserted.
    const result = await db.query<{ inserted: boolean }>(
      `INSERT INTO schemafleet.rollout_tenants AS r (rollout_id, tenant_id, cluster, schema, wave, sequence, location)
       SELECT $1, t.id, t.cluster, t.schema, t.wave, t.sequence, t.location
         FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::text[]) AS t(id, cluster, schema, wave, sequence, location)
       ON CONFLICT (rollout_id, tenant_id) DO UPDATE SET location = EXCLUDED.location
         WHERE r.location IS NULL AND EXCLUDED.location IS NOT NULL
       RETURNING (xmax = 0) AS inserted`,
      [
        rolloutId,
        chunk.map((t) => t.id),
        chunk.map((t) => t.cluster),
        chunk.map((t) => t.schema),
        chunk.map((t) => t.wave ?? null),
        chunk.map((t) => t.sequence),
        chunk.map((t) => t.location ?? null),
      ],
    );
    inserted += result.rows.filter((row) => row.inserted).length;
  }
  return inserted;
}

interface ClaimRow {
  tenant_id: string;
  cluster: string;
  schema: string;
  location: string | null;
  wave: string | null;
  sequence: string;
  attempts: number;
  previous_worker: string | null;
  previous_state: string;
}

/** Both claims end the same way: the picked rows become this worker's, and come back with what they were. */
const CLAIM_PICKED_SQL = `UPDATE schemafleet.rollout_tenants t
        SET state = 'claimed', worker_id = $2, attempts = t.attempts + 1, claimed_at = now(), heartbeat_at = now()
       FROM picked
      WHERE t.rollout_id = $1 AND t.tenant_id = picked.tenant_id
     RETURNING t.tenant_id, t.cluster, t.schema, t.location, t.wave, t.sequence, t.attempts, picked.previous_worker, picked.previous_state`;

/** The claim statement. @internal For bench/ledger-scale.ts, which explains it on a large ledger. */
export const CLAIM_SQL = `WITH picked AS (
       SELECT t.tenant_id, t.worker_id AS previous_worker, t.state AS previous_state
         FROM schemafleet.rollout_tenants t
        WHERE t.rollout_id = $1
          AND (t.state = 'pending'
               OR (t.state = 'claimed' AND t.worker_id IS DISTINCT FROM $2
                   AND t.heartbeat_at < now() - make_interval(secs => $4::double precision / 1000)))
          AND (NOT $5::boolean OR t.wave IS NOT DISTINCT FROM $6::text)
          AND NOT (t.cluster = ANY($7::text[]))
          AND ($9::text[] IS NULL OR t.tenant_id = ANY($9::text[]))
          AND (NOT $8::boolean OR t.wave IS NOT DISTINCT FROM (
                SELECT f.wave FROM schemafleet.rollout_tenants f
                 WHERE f.rollout_id = $1 AND f.state IN ('pending', 'claimed')
                   AND ($9::text[] IS NULL OR f.tenant_id = ANY($9::text[]))
                 ORDER BY f.sequence, f.tenant_id LIMIT 1))
          AND EXISTS (SELECT 1 FROM schemafleet.rollouts r WHERE r.id = $1 AND r.state = 'running')
        ORDER BY t.sequence, t.tenant_id
        LIMIT $3
        FOR UPDATE OF t SKIP LOCKED
     )
     ${CLAIM_PICKED_SQL}`;

/** @internal For bench/ledger-scale.ts, which runs the claim statements with them. */
export function claimParams(rolloutId: string, workerId: string, limit: number, options: ClaimOptions): unknown[] {
  return [rolloutId, workerId, limit, options.staleAfterMs, options.wave !== undefined, options.wave ?? null, options.excludeClusters ?? [], options.inWaveOrder ?? false, options.onlyTenants ?? null];
}

/**
 * The claim from a worker's cursor: the next pending tenants of the wave it is working in, read
 * from the claim index starting at the cursor. The full claim below scans that index from the front
 * of the rollout, and every tenant claimed and recorded leaves dead entries there until vacuum: at
 * 100,000 tenants it cost 50–300 ms a batch (docs/benchmarks.md, "Large fleets"). Staying in the
 * cursor's wave keeps the wave barrier: this worker was let into that wave, and a tenant of an
 * earlier one is not pending again while a later one runs (a busy tenant stays claimed, holding
 * its wave open, until it is released). Stale claims and tenants released behind the cursor are
 * the full claim's, once the cursor's wave has nothing pending after it.
 * @internal For bench/ledger-scale.ts, which explains it on a large ledger.
 */
export const CLAIM_AFTER_SQL = `WITH picked AS (
       SELECT t.tenant_id, t.worker_id AS previous_worker, t.state AS previous_state
         FROM schemafleet.rollout_tenants t
        WHERE t.rollout_id = $1
          AND t.state = 'pending'
          AND (t.sequence, t.tenant_id) > ($5::bigint, $6::text)
          AND t.wave IS NOT DISTINCT FROM $7::text
          AND NOT (t.cluster = ANY($4::text[]))
          AND ($8::text[] IS NULL OR t.tenant_id = ANY($8::text[]))
          AND EXISTS (SELECT 1 FROM schemafleet.rollouts r WHERE r.id = $1 AND r.state = 'running')
        ORDER BY t.sequence, t.tenant_id
        LIMIT $3
        FOR UPDATE OF t SKIP LOCKED
     )
     ${CLAIM_PICKED_SQL}`;

/**
 * One statement: SKIP LOCKED lets concurrent workers pass over each other's candidates, and the
 * re-check PostgreSQL does on a row updated meanwhile drops rows another worker has just claimed, so
 * the sets are disjoint. Staleness is judged on the ledger's clock, never a worker's. Nothing is
 * handed out unless the rollout is running.
 */
export async function claimTenants(db: pg.Pool, rolloutId: string, workerId: string, limit: number, options: ClaimOptions): Promise<ClaimedTenant[]> {
  if (limit <= 0) return [];
  await touchWorker(db, workerId, rolloutId);
  const after = options.inWaveOrder && options.wave === undefined ? options.after : undefined;
  let result = after
    ? await db.query<ClaimRow>(CLAIM_AFTER_SQL, [rolloutId, workerId, limit, options.excludeClusters ?? [], after.sequence, after.tenantId, after.wave, options.onlyTenants ?? null])
    : null;
  if (!result || result.rows.length === 0) result = await db.query<ClaimRow>(CLAIM_SQL, claimParams(rolloutId, workerId, limit, options));
  return result.rows
    .map((row) => ({
      tenantId: row.tenant_id,
      cluster: row.cluster,
      schema: row.schema,
      location: row.location,
      wave: row.wave,
      sequence: Number(row.sequence),
      attempts: row.attempts,
      takenOverFrom: row.previous_state === 'claimed' ? row.previous_worker : null,
    }))
    .sort((a, b) => a.sequence - b.sequence || (a.tenantId < b.tenantId ? -1 : a.tenantId > b.tenantId ? 1 : 0));
}

async function touchWorker(db: pg.Pool, workerId: string, rolloutId: string): Promise<void> {
  await db.query(
    `INSERT INTO schemafleet.workers (id, rollout_id, hostname, pid) VALUES ($1, $2, $3, $4)
     ON CONFLICT (rollout_id, id) DO UPDATE SET heartbeat_at = now()`,
    [workerId, rolloutId, hostname(), process.pid],
  );
}

/** Returns how many tenants this worker still holds: fewer than expected means a claim was taken over. */
export async function heartbeat(db: pg.Pool, workerId: string, rolloutId: string): Promise<number> {
  await touchWorker(db, workerId, rolloutId);
  const result = await db.query(
    `UPDATE schemafleet.rollout_tenants SET heartbeat_at = now()
      WHERE rollout_id = $1 AND worker_id = $2 AND state = 'claimed'`,
    [rolloutId, workerId],
  );
  return result.rowCount ?? 0;
}

/**
 * Records the outcome only while this worker still holds the claim; false means the claim was taken
 * over (this worker was thought dead) and the other worker's record wins.
 */
export async function recordTenantResult(db: pg.Pool, rolloutId: string, tenantId: string, workerId: string, result: TenantResult): Promise<boolean> {
  const updated = await db.query(
    `UPDATE schemafleet.rollout_tenants
        SET state = $4, plan_fingerprint = $5, steps = $6, duration_ms = $7,
            error_message = $8, error_sqlstate = $9, verified_by = $10, finished_at = now(), heartbeat_at = now()
      WHERE rollout_id = $1 AND tenant_id = $2 AND worker_id = $3 AND state = 'claimed'`,
    [
      rolloutId,
      tenantId,
      workerId,
      result.outcome,
      result.planFingerprint ?? null,
      result.steps ?? null,
      result.durationMs === undefined ? null : Math.round(result.durationMs),
      result.error?.message ?? null,
      result.error?.sqlstate ?? null,
      result.outcome === 'migrated' ? (result.verifiedBy ?? 'read-back') : null,
    ],
  );
  return (updated.rowCount ?? 0) > 0;
}

/**
 * On shutdown: 'pending' hands the tenants straight to other workers, 'cancelled' records that they
 * were not attempted (a resume requeues them). Returns how many were released. A claim still held
 * here was never tried (it was busy, held by another session, or a stop kept it from starting:
 * tried ones have a result), so the attempt its claim counted is taken back; `attempts` counts tries.
 */
export async function releaseClaims(db: pg.Pool, rolloutId: string, workerId: string, state: 'pending' | 'cancelled' = 'pending'): Promise<number> {
  const result = await db.query(
    `UPDATE schemafleet.rollout_tenants
        SET state = $3,
            attempts = greatest(attempts - 1, 0),
            worker_id = CASE WHEN $3 = 'pending' THEN NULL ELSE worker_id END,
            finished_at = CASE WHEN $3 = 'pending' THEN NULL ELSE now() END
      WHERE rollout_id = $1 AND worker_id = $2 AND state = 'claimed'`,
    [rolloutId, workerId, state],
  );
  return result.rowCount ?? 0;
}

/** Puts tenants in the given states back to pending (for example to retry failures by hand); with `scope`, only those. */
export async function requeueTenants(db: pg.Pool, rolloutId: string, states: readonly string[], scope?: readonly string[]): Promise<number> {
  const result = await db.query(
    `UPDATE schemafleet.rollout_tenants
        SET state = 'pending', worker_id = NULL, claimed_at = NULL, heartbeat_at = NULL, finished_at = NULL
      WHERE rollout_id = $1 AND state = ANY($2::text[]) AND state <> 'claimed' AND ($3::text[] IS NULL OR tenant_id = ANY($3::text[]))`,
    [rolloutId, states, scope ?? null],
  );
  return result.rowCount ?? 0;
}
