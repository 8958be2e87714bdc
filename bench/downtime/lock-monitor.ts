import pg from 'pg';

/** One application backend seen waiting for a lock, at its longest observed wait. */
export interface LockWait {
  readonly waitMs: number;
  readonly mode: string;
  readonly lockType: string;
  readonly relation: string | null;
  /** application_name (or backend type) of the sessions pg_blocking_pids named. */
  readonly blockedBy: string;
  readonly query: string;
}

export interface PhaseLockWaits {
  /** Distinct lock waits seen (a wait shorter than one poll may be missed). */
  readonly waits: number;
  readonly maxWaitMs: number;
  readonly longest: LockWait | null;
  /** Waits at or above each threshold, keyed by the threshold in ms. */
  readonly atLeast: Readonly<Record<string, number>>;
  /**
   * What the application's active backends were doing, summed over the polls of the phase:
   * wait_event_type, or CPU when they were running (or waiting for a core). Tells lock queueing
   * from a busy machine.
   */
  readonly activity: Readonly<Record<string, number>>;
}

export interface LockMonitorOptions {
  readonly url: string;
  /** Only backends with this application_name are watched (the application, not the migration). */
  readonly applicationName: string;
  readonly everyMs: number;
  /** The phase a wait is counted in: the one current when it was first seen. */
  readonly phase: () => string;
  /** The monitor stops by itself at this time (ms since epoch) at the latest. */
  readonly deadline: number;
  readonly thresholdsMs: readonly number[];
}

// waitstart (PostgreSQL 14+) is when this lock wait began; query_start is the fallback.
const WAITERS_SQL = `SELECT a.pid, coalesce(l.waitstart, a.query_start) AS since,
  (extract(epoch FROM clock_timestamp() - coalesce(l.waitstart, a.query_start)) * 1000)::float8 AS wait_ms,
  l.mode, l.locktype, CASE WHEN l.relation IS NOT NULL THEN l.relation::regclass::text END AS relation, left(a.query, 120) AS query,
  (SELECT string_agg(DISTINCT coalesce(nullif(b.application_name, ''), b.backend_type), ', ')
     FROM pg_stat_activity b WHERE b.pid = ANY (pg_blocking_pids(a.pid))) AS blocked_by
FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
WHERE NOT l.granted AND a.application_name = $1`;

const ACTIVITY_SQL = `SELECT coalesce(wait_event_type || ':' || wait_event, 'CPU') AS kind, count(*)::int AS n FROM pg_stat_activity
WHERE application_name = $1 AND state = 'active' GROUP BY 1`;

interface Row {
  pid: number;
  since: Date;
  wait_ms: number;
  mode: string;
  locktype: string;
  relation: string | null;
  query: string;
  blocked_by: string | null;
}

/**
 * Polls pg_locks from its own connection and keeps, per lock wait, the longest time it was seen
 * waiting: the "longest time any query waited on a lock", measured by the server, not the client.
 */
export class LockMonitor {
  private readonly waits = new Map<string, { phase: string; wait: LockWait }>();
  private readonly activity = new Map<string, Record<string, number>>();
  private client: pg.Client | null = null;
  private running = false;
  private loop: Promise<void> | null = null;
  private polls = 0;
  private failedPolls = 0;

  constructor(private readonly options: LockMonitorOptions) {}

  async start(): Promise<void> {
    const client = new pg.Client({ connectionString: this.options.url, application_name: 'sf-bench-monitor', statement_timeout: 2_000 });
    await client.connect();
    this.client = client;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
    await this.client?.end().catch(() => undefined);
    this.client = null;
  }

  get pollCount(): { polls: number; failed: number } {
    return { polls: this.polls, failed: this.failedPolls };
  }

  summary(): Record<string, PhaseLockWaits> {
    const byPhase: Record<string, { waits: number; maxWaitMs: number; longest: LockWait | null; atLeast: Record<string, number>; activity: Record<string, number> }> = {};
    const entryOf = (phase: string) =>
      (byPhase[phase] ??= { waits: 0, maxWaitMs: 0, longest: null, atLeast: Object.fromEntries(this.options.thresholdsMs.map((t) => [String(t), 0])), activity: { ...this.activity.get(phase) } });
    for (const phase of this.activity.keys()) entryOf(phase);
    for (const { phase, wait } of this.waits.values()) {
      const entry = entryOf(phase);
      entry.waits++;
      if (wait.waitMs > entry.maxWaitMs) {
        entry.maxWaitMs = wait.waitMs;
        entry.longest = wait;
      }
      for (const threshold of this.options.thresholdsMs) if (wait.waitMs >= threshold) entry.atLeast[String(threshold)] = (entry.atLeast[String(threshold)] ?? 0) + 1;
    }
    return byPhase;
  }

  private async run(): Promise<void> {
    const client = this.client;
    if (!client) return;
    while (this.running && Date.now() < this.options.deadline) {
      const started = Date.now();
      this.polls++;
      try {
        const { rows } = await client.query<Row>(WAITERS_SQL, [this.options.applicationName]);
        for (const row of rows) this.observe(row);
        const phase = this.options.phase();
        const counts = this.activity.get(phase) ?? {};
        this.activity.set(phase, counts);
        for (const row of (await client.query<{ kind: string; n: number }>(ACTIVITY_SQL, [this.options.applicationName])).rows) counts[row.kind] = (counts[row.kind] ?? 0) + row.n;
      } catch {
        this.failedPolls++;
      }
      await sleep(Math.max(1, this.options.everyMs - (Date.now() - started)));
    }
  }

  private observe(row: Row): void {
    const key = `${row.pid}:${row.since.getTime()}:${row.locktype}`;
    const known = this.waits.get(key);
    const wait: LockWait = { waitMs: row.wait_ms, mode: row.mode, lockType: row.locktype, relation: row.relation, blockedBy: row.blocked_by ?? '?', query: row.query };
    if (!known) this.waits.set(key, { phase: this.options.phase(), wait });
    else if (wait.waitMs >= known.wait.waitMs) known.wait = { ...wait, blockedBy: mergeBlockers(known.wait.blockedBy, wait.blockedBy) };
  }
}

function mergeBlockers(a: string, b: string): string {
  return [...new Set([...a.split(', '), ...b.split(', ')].filter((x) => x !== '?' && x !== ''))].join(', ') || '?';
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
