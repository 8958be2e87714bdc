import type pg from 'pg';
import type { ApplyTarget } from './apply-types.js';
import { connectTarget } from '../db/connect-target.js';
import { quoteIdent } from '../util/quote-ident.js';

/**
 * The one connection a plan runs on, with search_path pinned to the target schema (plans use
 * unqualified names). It can be re-opened when the server dropped it mid-plan, so a broken
 * connection still gets its leftovers cleaned up and its error reported as a step result.
 */
export class TargetSession {
  private constructor(
    private readonly target: ApplyTarget,
    private readonly applicationName: string,
    private current: pg.Client,
    private readonly onReconnect: ((client: pg.Client) => Promise<void>) | null,
  ) {}

  static async open(target: ApplyTarget, applicationName: string): Promise<TargetSession> {
    return new TargetSession(target, applicationName, await TargetSession.connect(target, applicationName), null);
  }

  /**
   * Runs on a connection the caller already has (and keeps: close() leaves it open). A rollout
   * reads, applies and verifies a tenant on one connection, so its backend's catalog caches are
   * warm for every phase and no second backend is started. `onReconnect` runs on the replacement
   * connection after a loss: whatever the caller held on the old session (its advisory lock) is
   * gone with it and has to be taken again, or the reconnect fails.
   */
  static async adopt(target: ApplyTarget, applicationName: string, client: pg.Client, onReconnect: (client: pg.Client) => Promise<void>): Promise<TargetSession> {
    await client.query(sessionSql(target));
    return new TargetSession(target, applicationName, client, onReconnect);
  }

  private static async connect(target: ApplyTarget, applicationName: string): Promise<pg.Client> {
    const client = await connectTarget(target.url, applicationName);
    try {
      await client.query(sessionSql(target));
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    return client;
  }

  get client(): pg.Client {
    return this.current;
  }

  /**
   * Leaves any failed transaction and makes sure the connection still answers; reconnects if not.
   * A connection dropped mid-statement (network, proxy) can leave its backend running that
   * statement: the server only notices a vanished client when it next writes to it, which an index
   * build does not do until it ends. That backend is ended first, so it neither holds its locks in
   * the way of the cleanup nor finishes the statement behind our back.
   */
  async recover(): Promise<void> {
    const lostPid = (this.current as unknown as { processID?: number | null }).processID ?? null;
    try {
      await this.current.query('ROLLBACK');
      await this.current.query('SELECT 1');
      return;
    } catch {
      await this.current.end().catch(() => undefined);
    }
    this.current = await TargetSession.connect(this.target, this.applicationName);
    if (lostPid !== null) await endOrphanBackend(this.current, lostPid, this.applicationName);
    if (this.onReconnect) await this.onReconnect(this.current);
  }

  /** Ends a connection the session opened; an adopted one stays with its owner (see `client`, which may be a replacement). */
  async close(): Promise<void> {
    if (this.onReconnect) return;
    await this.current.end().catch(() => undefined);
  }
}

/**
 * search_path pinned to the target schema; routine bodies not checked again. A body written as a
 * string records no dependencies, so nothing orders a table it reads before it, and it was
 * checked already, on the scratch database, against the whole desired schema.
 */
function sessionSql(target: ApplyTarget): string {
  return `SET search_path TO ${quoteIdent(target.schema)}; SET check_function_bodies = off`;
}

/** Terminates the backend `pid` if it is still ours (same application_name) and waits, briefly, until it is gone. */
async function endOrphanBackend(client: pg.ClientBase, pid: number, applicationName: string, waitMs = 10_000): Promise<void> {
  const ours = 'FROM pg_stat_activity WHERE pid = $1 AND application_name = $2 AND pid <> pg_backend_pid()';
  try {
    await client.query(`SELECT pg_terminate_backend(pid) ${ours}`, [pid, applicationName]);
    const deadline = Date.now() + waitMs;
    while (Date.now() < deadline) {
      const left = await client.query(`SELECT 1 ${ours}`, [pid, applicationName]);
      if (left.rowCount === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } catch {
    // Not allowed to signal it, or the new connection failed too: the caller's next statement will tell.
  }
}
