import type pg from 'pg';
import { randomBytes } from 'node:crypto';
import { RolloutConflictError } from './ledger-errors.js';
import { advisoryKeys } from './advisory-keys.js';
import type { ControlAction, FoundRollout, NewRollout, RolloutRecord, RolloutState } from './ledger-types.js';
import type { RolloutTotals } from '../rollout-events.js';
import { countTenants } from './ledger-status.js';
import { totalsFromCounts } from './ledger-types.js';

const [START_KEY1, START_KEY2] = advisoryKeys('schemafleet-ledger:start');

/** Tenants a resumed rollout tries again: everything that did not reach the desired schema. */
const REQUEUED_ON_RESUME = ['failed', 'cancelled', 'skipped'];

interface RolloutRow {
  id: string;
  schema_hash: string;
  commit: string | null;
  actor: string | null;
  state: RolloutState;
  requested: ControlAction | null;
  requested_by: string | null;
  requested_at: Date | null;
  config: unknown;
  totals: RolloutTotals | null;
  created_at: Date;
  updated_at: Date;
  finished_at: Date | null;
}

function rolloutFromRow(row: RolloutRow): RolloutRecord {
  return {
    id: row.id,
    schemaHash: row.schema_hash,
    commit: row.commit,
    actor: row.actor,
    state: row.state,
    requested: row.requested,
    requestedBy: row.requested_by,
    requestedAt: row.requested_at,
    config: row.config,
    totals: row.totals,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    finishedAt: row.finished_at,
  };
}

/** Sortable by time, unique without coordination: r_20260101T120000Z_3fa9c1d2. */
function newRolloutId(now = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `r_${stamp}_${randomBytes(4).toString('hex')}`;
}

export async function getRollout(db: pg.ClientBase | pg.Pool, rolloutId: string): Promise<RolloutRecord | null> {
  const result = await db.query<RolloutRow>('SELECT * FROM schemafleet.rollouts WHERE id = $1', [rolloutId]);
  return result.rows[0] ? rolloutFromRow(result.rows[0]) : null;
}

export async function latestRollout(db: pg.ClientBase | pg.Pool): Promise<RolloutRecord | null> {
  const result = await db.query<RolloutRow>('SELECT * FROM schemafleet.rollouts ORDER BY created_at DESC, id DESC LIMIT 1');
  return result.rows[0] ? rolloutFromRow(result.rows[0]) : null;
}

/**
 * A rerun is a resume. The newest rollout with the same schema hash is used again when it is still
 * running or paused (another worker, or a killed run: join it), or when it ended failed or cancelled
 * (resume it). Tenants that did not reach the desired schema go back to pending only when no worker
 * has heartbeated within `staleAfterMs`: a second worker joining a live rollout must not retry the
 * first worker's fresh failures. Succeeded and aborted rollouts are never reopened.
 */
export async function findOrCreateRollout(client: pg.ClientBase, input: NewRollout, staleAfterMs: number): Promise<FoundRollout> {
  await client.query('BEGIN');
  try {
    // Serializes starts so that "look for a rollout, else create one" cannot race.
    await client.query('SELECT pg_advisory_xact_lock($1, $2)', [START_KEY1, START_KEY2]);
    const active = await client.query<RolloutRow>(`SELECT * FROM schemafleet.rollouts WHERE state IN ('running', 'paused') ORDER BY created_at DESC LIMIT 1`);
    const activeRow = active.rows[0];
    if (activeRow && activeRow.schema_hash !== input.schemaHash) {
      throw new RolloutConflictError(activeRow.id, activeRow.schema_hash, activeRow.state, input.schemaHash);
    }
    let candidate = activeRow;
    if (!candidate) {
      const latest = await client.query<RolloutRow>(`SELECT * FROM schemafleet.rollouts WHERE schema_hash = $1 ORDER BY created_at DESC, id DESC LIMIT 1`, [input.schemaHash]);
      const row = latest.rows[0];
      if (row && (row.state === 'failed' || row.state === 'cancelled')) candidate = row;
    }

    let found: FoundRollout;
    if (candidate) {
      const live = await client.query<{ live: number }>(
        `SELECT count(*)::int AS live FROM schemafleet.workers
          WHERE rollout_id = $1 AND heartbeat_at > now() - make_interval(secs => $2::double precision / 1000)`,
        [candidate.id, staleAfterMs],
      );
      let requeued = 0;
      if ((live.rows[0]?.live ?? 0) === 0) {
        const result = await client.query(
          `UPDATE schemafleet.rollout_tenants
              SET state = 'pending', worker_id = NULL, claimed_at = NULL, heartbeat_at = NULL, finished_at = NULL
            WHERE rollout_id = $1 AND state = ANY($2::text[]) AND ($3::text[] IS NULL OR tenant_id = ANY($3::text[]))`,
          [candidate.id, REQUEUED_ON_RESUME, input.scope ?? null],
        );
        requeued = result.rowCount ?? 0;
      }
      // A terminal rollout that is resumed runs again, with no stale request (an old pause) in force.
      const reopened = candidate.state === 'failed' || candidate.state === 'cancelled';
      const updated = await client.query<RolloutRow>(
        `UPDATE schemafleet.rollouts
            SET updated_at = now(),
                state = CASE WHEN $2 THEN 'running' ELSE state END,
                finished_at = CASE WHEN $2 THEN NULL ELSE finished_at END,
                requested = CASE WHEN $2 THEN NULL ELSE requested END,
                requested_by = CASE WHEN $2 THEN NULL ELSE requested_by END,
                requested_at = CASE WHEN $2 THEN NULL ELSE requested_at END
          WHERE id = $1 RETURNING *`,
        [candidate.id, reopened],
      );
      found = { rollout: rolloutFromRow(updated.rows[0]!), created: false, requeued };
    } else {
      const created = await client.query<RolloutRow>(
        `INSERT INTO schemafleet.rollouts (id, schema_hash, commit, actor, config)
         VALUES ($1, $2, $3, $4, $5::jsonb) RETURNING *`,
        [newRolloutId(), input.schemaHash, input.commit ?? null, input.actor ?? null, JSON.stringify(input.config ?? {})],
      );
      found = { rollout: rolloutFromRow(created.rows[0]!), created: true, requeued: 0 };
    }
    await client.query('COMMIT');
    return found;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/**
 * Writes a standing request. Abort is final: once requested, pause and resume no longer replace it.
 * False when the rollout does not exist, has already ended, or abort was requested.
 */
export async function requestControl(db: pg.Pool, rolloutId: string, action: ControlAction, by: string): Promise<boolean> {
  const result = await db.query(
    `UPDATE schemafleet.rollouts
        SET requested = $2, requested_by = $3, requested_at = now(), updated_at = now()
      WHERE id = $1 AND state IN ('running', 'paused') AND requested IS DISTINCT FROM 'abort'`,
    [rolloutId, action, by],
  );
  return (result.rowCount ?? 0) > 0;
}

export async function readRequest(db: pg.Pool, rolloutId: string): Promise<ControlAction | null> {
  const result = await db.query<{ requested: ControlAction | null }>('SELECT requested FROM schemafleet.rollouts WHERE id = $1', [rolloutId]);
  return result.rows[0]?.requested ?? null;
}

/** Also refreshes the cached totals, so a finished rollout's row tells its story without a count. */
export async function setRolloutState(db: pg.Pool, rolloutId: string, state: RolloutState): Promise<RolloutRecord | null> {
  const totals = totalsFromCounts(await countTenants(db, rolloutId));
  let result: pg.QueryResult<RolloutRow>;
  try {
    result = await db.query<RolloutRow>(
      `UPDATE schemafleet.rollouts
          SET state = $2, totals = $3::jsonb, updated_at = now(),
              finished_at = CASE WHEN $2 IN ('running', 'paused') THEN NULL ELSE coalesce(finished_at, now()) END
        WHERE id = $1 RETURNING *`,
      [rolloutId, state, JSON.stringify(totals)],
    );
  } catch (error) {
    // Reactivating a rollout while another one is active trips the one-active index.
    if ((error as { code?: unknown }).code === '23505') {
      const active = await db.query<RolloutRow>(`SELECT * FROM schemafleet.rollouts WHERE state IN ('running', 'paused') AND id <> $1 LIMIT 1`, [rolloutId]);
      const other = active.rows[0];
      const mine = await getRollout(db, rolloutId);
      if (other) throw new RolloutConflictError(other.id, other.schema_hash, other.state, mine?.schemaHash ?? '');
    }
    throw error;
  }
  return result.rows[0] ? rolloutFromRow(result.rows[0]) : null;
}
