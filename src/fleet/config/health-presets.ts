/**
 * Built-in health probes. Thresholds are deliberately conservative defaults for a shared OLTP
 * server; every one can be overridden with pauseAbove/resumeBelow.
 */
export const HEALTH_PRESETS = ['active-sessions', 'lock-waiters', 'replication-lag', 'cpu'] as const;
export type HealthPreset = (typeof HEALTH_PRESETS)[number];

/**
 * Our own sessions are left out: a rollout at concurrency 8 must not pause itself. They are
 * recognised by application_name, which connectTarget sets to `schemafleet…`.
 */
const ACTIVE_SESSIONS_SQL = `SELECT count(*)::float8 AS value FROM pg_stat_activity
 WHERE state = 'active' AND backend_type = 'client backend' AND pid <> pg_backend_pid()
   AND coalesce(application_name, '') NOT LIKE 'schemafleet%'`;

const LOCK_WAITERS_SQL = `SELECT count(*)::float8 AS value FROM pg_stat_activity WHERE wait_event_type = 'Lock'`;

/** No replicas means no lag, not an unreadable probe. */
const REPLICATION_LAG_SQL = `SELECT coalesce(max(extract(epoch FROM replay_lag)), 0)::float8 AS value FROM pg_stat_replication`;

/** Busy CPU percent across node_exporter's CPUs; PostgreSQL itself cannot see CPU load. */
export const CPU_PROMQL = `100 * (1 - avg(rate(node_cpu_seconds_total{mode="idle"}[1m])))`;

export const PROMETHEUS_JSON_PATH = 'data.result[0].value[1]';

export const PRESET_DEFAULT_PAUSE_ABOVE: Readonly<Record<HealthPreset, number>> = {
  'active-sessions': 50,
  'lock-waiters': 5,
  'replication-lag': 30,
  cpu: 80,
};

export function presetSql(preset: Exclude<HealthPreset, 'cpu'>): string {
  return preset === 'active-sessions' ? ACTIVE_SESSIONS_SQL : preset === 'lock-waiters' ? LOCK_WAITERS_SQL : REPLICATION_LAG_SQL;
}

/** Prometheus' instant-query endpoint for `query` under `baseUrl` (which may carry a path prefix). */
export function prometheusQueryUrl(baseUrl: string, query: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/api/v1/query?query=${encodeURIComponent(query)}`;
}
