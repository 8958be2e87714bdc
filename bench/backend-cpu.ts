/**
 * CPU time of PostgreSQL's backends by what they do, for a benchmark run on the same machine as
 * the server: polls pg_stat_activity for each backend's application_name and reads its CPU time
 * from /proc/<pid>/stat, so a rollout's server work splits into its tenants' sessions (the steps),
 * its batch reader (digests, full reads, verification reads) and its ledger. CPU time, unlike
 * wall time, does not grow when the cores are shared. Work a backend did between two polls counts
 * for the name it had at the later one; a backend that starts during the run counts from its
 * start; what one does in its last poll interval before it exits is lost.
 */
import { readFileSync } from 'node:fs';
import pg from 'pg';

export type BackendRole = 'tenant sessions' | 'batch reader' | 'ledger' | 'other backends' | 'server processes';

/**
 * What a backend does, by the application_name schemafleet (or the raw baseline) gave it: the
 * names set in src/fleet/rollout/shared-schema-reader.ts, src/fleet/ledger/ledger.ts,
 * migrate-tenant.ts and warm-connections.ts. A name that no longer matches lands in 'other
 * backends', which the report shows.
 */
function roleOf(backendType: string, applicationName: string): BackendRole {
  if (backendType !== 'client backend') return 'server processes';
  if (applicationName === 'schemafleet introspect') return 'batch reader';
  if (applicationName === 'schemafleet-ledger') return 'ledger';
  // A tenant's connection is named `schemafleet <random hex>` while it works, `schemafleet idle` between tenants.
  if (/^schemafleet ([0-9a-f]{12}|idle)$/.test(applicationName) || applicationName === 'schemafleet bench baseline') return 'tenant sessions';
  return 'other backends';
}

function cpuMsOf(pid: number): number | null {
  try {
    // Fields after the command name: utime and stime are the 12th and 13th, in USER_HZ (100 per second).
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

export interface BackendCpuMonitor {
  /** Milliseconds of CPU per role since start, or null when the server's processes cannot be read (not on this machine). Stops once. */
  stop(): Promise<Map<BackendRole, number> | null>;
}

export async function monitorBackendCpu(adminUrl: string, everyMs = 20): Promise<BackendCpuMonitor> {
  const client = new pg.Client({ connectionString: adminUrl, application_name: 'schemafleet bench monitor' });
  await client.connect();
  const self = Number((await client.query<{ pid: number }>('SELECT pg_catalog.pg_backend_pid() AS pid')).rows[0]!.pid);
  const last = new Map<number, number>();
  const byRole = new Map<BackendRole, number>();
  let readable = cpuMsOf(self) !== null;
  let stopped = false;
  /** The first poll only takes the backends already running as they are: their work so far is not the run's. */
  let first = true;
  const poll = async (): Promise<void> => {
    const rows = (
      await client.query<{ pid: number; app: string; type: string }>(
        `SELECT pid, COALESCE(application_name, '') AS app, COALESCE(backend_type, '') AS type FROM pg_catalog.pg_stat_activity WHERE pid <> $1`,
        [self],
      )
    ).rows;
    for (const row of rows) {
      const cpu = cpuMsOf(row.pid);
      if (cpu === null) continue;
      const before = last.get(row.pid) ?? (first ? cpu : 0);
      last.set(row.pid, cpu);
      const role = roleOf(row.type, row.app);
      byRole.set(role, (byRole.get(role) ?? 0) + cpu - before);
    }
    first = false;
  };
  await poll().catch(() => (readable = false));
  const loop = (async () => {
    while (!stopped && readable) {
      await poll().catch(() => (readable = false));
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  let stopping: Promise<Map<BackendRole, number> | null> | undefined;
  return {
    // Once: later calls get the first call's figures.
    stop: () =>
      (stopping ??= (async () => {
        stopped = true;
        await loop;
        if (readable) await poll().catch(() => (readable = false));
        await client.end().catch(() => undefined);
        return readable ? byRole : null;
      })()),
  };
}
