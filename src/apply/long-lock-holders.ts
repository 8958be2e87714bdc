import type pg from 'pg';
import type { LockMode, PlanStep } from '../plan/step.js';
import { quoteIdent } from '../util/quote-ident.js';
import { formatDuration } from '../util/duration.js';

/**
 * pg_locks modes each strong lock conflicts with. Only modes that make application queries queue
 * (SHARE and up block writes, ACCESS EXCLUSIVE blocks reads too) are listed: for weaker ones
 * (VALIDATE, CREATE INDEX CONCURRENTLY) a wait in the lock queue holds nobody up.
 */
const CONFLICTS: Partial<Record<LockMode, readonly string[]>> = {
  SHARE: ['RowExclusiveLock', 'ShareUpdateExclusiveLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock'],
  'SHARE ROW EXCLUSIVE': ['RowExclusiveLock', 'ShareUpdateExclusiveLock', 'ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock'],
  EXCLUSIVE: ['RowShareLock', 'RowExclusiveLock', 'ShareUpdateExclusiveLock', 'ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock'],
  'ACCESS EXCLUSIVE': ['AccessShareLock', 'RowShareLock', 'RowExclusiveLock', 'ShareUpdateExclusiveLock', 'ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock'],
};

export interface WantedLock {
  /** Quoted; unqualified (resolved with the session's search_path, the target schema) unless the step names its schema. */
  readonly table: string;
  readonly conflicts: readonly string[];
}

export interface LockHolder {
  readonly table: string;
  readonly mode: string;
  readonly pid: number | null;
  readonly applicationName: string | null;
  readonly heldMs: number;
}

/** The strong locks a unit's steps take on existing tables: the ones the application would queue behind. */
export function wantedLocks(steps: readonly PlanStep[]): WantedLock[] {
  const wanted: WantedLock[] = [];
  for (const step of steps) {
    const conflicts = step.lock ? CONFLICTS[step.lock] : undefined;
    if (!conflicts || !step.table || step.onNewObject) continue;
    wanted.push({ table: step.schema === undefined ? quoteIdent(step.table) : `${quoteIdent(step.schema)}.${quoteIdent(step.table)}`, conflicts });
  }
  return wanted;
}

// A granted lock held by a transaction open longer than $3 ms. Autovacuum is left out: it gives
// way to a lock request by itself. Prepared transactions have no backend, so no start: always long.
// The holder's backend is looked up with pg_stat_get_activity(pid) for the matching locks only, not
// through the pg_stat_activity view: on a new connection, planning that view and collecting every
// backend's status cost more than the migration's own statements, and nearly always no lock matches.
const HOLDERS_SQL = `SELECT w.table_name AS table, l.mode, l.pid, a.application_name,
  coalesce((extract(epoch FROM clock_timestamp() - a.xact_start) * 1000)::float8, 'Infinity'::float8) AS held_ms
FROM unnest($1::text[], $2::text[]) AS w(table_name, conflicts)
JOIN pg_catalog.pg_locks l ON l.locktype = 'relation' AND l.granted AND l.relation = pg_catalog.to_regclass(w.table_name)
  AND l.database = (SELECT d.oid FROM pg_catalog.pg_database d WHERE d.datname = pg_catalog.current_database())
  AND l.mode = ANY (pg_catalog.string_to_array(w.conflicts, ','))
LEFT JOIN LATERAL (
  SELECT s.application_name, s.backend_type, s.xact_start FROM pg_catalog.pg_stat_get_activity(l.pid) s WHERE s.pid = l.pid
) a ON true
WHERE l.pid IS DISTINCT FROM pg_catalog.pg_backend_pid()
  AND a.backend_type IS DISTINCT FROM 'autovacuum worker'
  AND (a.xact_start IS NULL OR a.xact_start < clock_timestamp() - make_interval(secs => $3::float8 / 1000))
ORDER BY held_ms DESC LIMIT 1`;

// Any granted lock another backend holds on the tables: nearly always none. Read from
// pg_lock_status() itself, not the pg_locks view, and without the activity lookups: on a new
// connection this costs ~2 M server instructions where HOLDERS_SQL costs ~6 M (planning the view
// and the LATERAL), so HOLDERS_SQL, which tells modes and ages apart and names the holder, runs
// only when this finds a lock.
const ANY_OTHER_HOLDER_SQL = `SELECT EXISTS (
  SELECT 1 FROM pg_catalog.pg_lock_status() l
   WHERE l.locktype = 'relation' AND l.granted AND l.pid IS DISTINCT FROM pg_catalog.pg_backend_pid()
     AND l.database = (SELECT d.oid FROM pg_catalog.pg_database d WHERE d.datname = pg_catalog.current_database())
     AND l.relation = ANY (ARRAY(SELECT pg_catalog.to_regclass(t)::pg_catalog.oid FROM pg_catalog.unnest($1::text[]) AS t))) AS held`;

/** @internal test/apply/long-lock-holders.test.ts calls it with its own threshold on a lock it holds. */
export async function longLockHolder(client: pg.ClientBase, wanted: readonly WantedLock[], minHeldMs: number): Promise<LockHolder | null> {
  if (wanted.length === 0) return null;
  const tables = wanted.map((w) => w.table);
  if (!(await client.query<{ held: boolean }>(ANY_OTHER_HOLDER_SQL, [tables])).rows[0]?.held) return null;
  const { rows } = await client.query<{ table: string; mode: string; pid: number | null; application_name: string | null; held_ms: number }>(HOLDERS_SQL, [
    tables,
    wanted.map((w) => w.conflicts.join(',')),
    minHeldMs,
  ]);
  const row = rows[0];
  return row ? { table: row.table, mode: row.mode, pid: row.pid, applicationName: row.application_name, heldMs: row.held_ms } : null;
}

export interface WaitForHoldersOptions {
  /** How long to wait for the table to come free: the lock timeout, the wait the migration may cost. */
  readonly maxWaitMs: number;
  /** A conflicting lock held longer than this is a long transaction, not a passing query. */
  readonly minHeldMs: number;
  readonly pollMs: number;
  readonly sleep: (ms: number) => Promise<void>;
}

/**
 * Waits, without queueing for anything, until no long transaction holds a lock the unit's strong
 * lock would conflict with. A lock request queued behind such a transaction makes every later
 * query on the table queue behind the request for the whole lock_timeout, and again on each retry;
 * not queueing at all while the table is visibly busy spares the application those stalls.
 * Returns the holder still there after maxWaitMs, or null when the table is clear.
 */
export async function waitForLongLockHolders(client: pg.ClientBase, wanted: readonly WantedLock[], options: WaitForHoldersOptions): Promise<LockHolder | null> {
  if (wanted.length === 0 || options.maxWaitMs <= 0) return null;
  const deadline = performance.now() + options.maxWaitMs;
  for (;;) {
    let holder: LockHolder | null;
    try {
      holder = await longLockHolder(client, wanted, options.minHeldMs);
    } catch {
      // Only a courtesy to the application: if the check cannot run, the step's lock_timeout still bounds its wait.
      return null;
    }
    if (!holder || performance.now() >= deadline) return holder;
    await options.sleep(Math.min(options.pollMs, Math.max(1, deadline - performance.now())));
  }
}

export function describeHolder(holder: LockHolder): string {
  const held = Number.isFinite(holder.heldMs) ? formatDuration(holder.heldMs) : 'a prepared transaction';
  return `a transaction (pid ${holder.pid ?? 'none'}${holder.applicationName ? `, ${holder.applicationName}` : ''}) has held ${holder.mode} on ${holder.table} for ${held}; not queueing behind it, so application queries do not queue behind this step`;
}
