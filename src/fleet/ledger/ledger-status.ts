import type pg from 'pg';
import { LEDGER_TENANT_STATES, totalsFromCounts, type LedgerStatus, type LedgerTenantState, type RolloutRecord } from './ledger-types.js';

export async function countTenants(db: pg.Pool | pg.ClientBase, rolloutId: string): Promise<Record<LedgerTenantState, number>> {
  const counts = Object.fromEntries(LEDGER_TENANT_STATES.map((s) => [s, 0])) as Record<LedgerTenantState, number>;
  // Kept by the ledger's triggers as rows change (ledger-schema.ts, ADD_STATE_COUNTS): constant however large the rollout.
  const result = await db.query<{ state: LedgerTenantState; n: number }>('SELECT state, sum(n)::int AS n FROM schemafleet.rollout_state_counts WHERE rollout_id = $1 GROUP BY state', [rolloutId]);
  for (const row of result.rows) counts[row.state] = row.n;
  return counts;
}

export async function readStatus(db: pg.Pool, rollout: RolloutRecord, failureLimit = 100, scope?: readonly string[]): Promise<LedgerStatus> {
  const counts = await countTenants(db, rollout.id);
  const scopePending = scope
    ? ((
        await db.query<{ n: number }>("SELECT count(*)::int AS n FROM schemafleet.rollout_tenants WHERE rollout_id = $1 AND state IN ('pending', 'claimed') AND tenant_id = ANY($2::text[])", [
          rollout.id,
          scope,
        ])
      ).rows[0]?.n ?? 0)
    : undefined;
  const failures = await db.query<{
    tenant_id: string;
    cluster: string;
    schema: string;
    attempts: number;
    error_message: string | null;
    error_sqlstate: string | null;
    finished_at: Date | null;
  }>(
    `SELECT tenant_id, cluster, schema, attempts, error_message, error_sqlstate, finished_at
       FROM schemafleet.rollout_tenants WHERE rollout_id = $1 AND state = 'failed'
      ORDER BY finished_at NULLS LAST, tenant_id LIMIT $2`,
    [rollout.id, failureLimit],
  );
  const workers = await db.query<{
    id: string;
    hostname: string | null;
    pid: number | null;
    started_at: Date;
    heartbeat_at: Date;
    age_ms: number;
    claimed: number;
  }>(
    `SELECT w.id, w.hostname, w.pid, w.started_at, w.heartbeat_at,
            (extract(epoch FROM now() - w.heartbeat_at) * 1000)::float8 AS age_ms,
            (SELECT coalesce(sum(c.n), 0)::int FROM schemafleet.rollout_state_counts c
              WHERE c.rollout_id = w.rollout_id AND c.state = 'claimed' AND c.worker_id = w.id) AS claimed
       FROM schemafleet.workers w WHERE w.rollout_id = $1 ORDER BY w.started_at, w.id`,
    [rollout.id],
  );
  return {
    ...(scopePending !== undefined ? { scopePending } : {}),
    rollout,
    counts,
    totals: totalsFromCounts(counts),
    failures: failures.rows.map((r) => ({
      tenantId: r.tenant_id,
      cluster: r.cluster,
      schema: r.schema,
      attempts: r.attempts,
      message: r.error_message,
      sqlstate: r.error_sqlstate,
      finishedAt: r.finished_at,
    })),
    failedTotal: counts.failed,
    workers: workers.rows.map((r) => ({
      id: r.id,
      hostname: r.hostname,
      pid: r.pid,
      startedAt: r.started_at,
      heartbeatAt: r.heartbeat_at,
      heartbeatAgeMs: Math.max(0, Math.round(r.age_ms)),
      claimed: r.claimed,
    })),
  };
}
