import pg from 'pg';
import { unreachableError } from '../../db/connect-target.js';
import { toProbeNumber } from './probe-spec.js';
import { formatDuration } from '../../util/duration.js';

/**
 * One small dedicated connection per cluster, shared by that cluster's sql probes: a probe must not
 * add a connection storm to a server that is already struggling, and when the server has no slot
 * left for it the probe fails, which correctly counts as unhealthy. Any error drops the connection;
 * the next reading reconnects.
 */
function isStatementError(error: unknown): boolean {
  const e = error as { severity?: unknown; code?: unknown } | null;
  return typeof e?.severity === 'string' && typeof e.code === 'string' && !e.code.startsWith('08') && !e.code.startsWith('57P');
}

export class SqlProbeSession {
  private client: Promise<pg.Client> | undefined;
  private closed = false;

  constructor(private readonly url: string) {}

  async read(query: string, timeoutMs: number): Promise<number> {
    if (this.closed) throw new Error('health gate stopped');
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${formatDuration(timeoutMs)}`)), timeoutMs);
      timer.unref();
    });
    try {
      return await Promise.race([this.query(query, timeoutMs), timeout]);
    } catch (error) {
      // A query the server rejected leaves a usable session; a timeout or a broken socket does not.
      if (!isStatementError(error)) this.reset();
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  private async query(query: string, timeoutMs: number): Promise<number> {
    const client = await this.connect(timeoutMs);
    const result = (await client.query({ text: query, rowMode: 'array' })) as pg.QueryArrayResult | pg.QueryArrayResult[];
    // Several statements give several results; the last one is the reading.
    const last = Array.isArray(result) ? result[result.length - 1] : result;
    const row = last?.rows[0];
    if (!row) throw new Error('the query returned no rows');
    if (row.length === 0) throw new Error('the query returned no columns');
    return toProbeNumber(row[0]);
  }

  private connect(timeoutMs: number): Promise<pg.Client> {
    this.client ??= (async () => {
      const client = new pg.Client({
        connectionString: this.url,
        application_name: 'schemafleet-health',
        connectionTimeoutMillis: timeoutMs,
      });
      client.on('error', () => this.reset());
      try {
        await client.connect();
      } catch (error) {
        await client.end().catch(() => undefined);
        throw new Error(unreachableError(this.url, error).message);
      }
      // The server enforces the limit too, so a slow probe never keeps running after we gave up on it.
      await client.query(`SET statement_timeout = '${Math.max(1, Math.round(timeoutMs))}ms'`);
      await client.query('SET default_transaction_read_only = on');
      return client;
    })();
    const pending = this.client;
    pending.catch(() => {
      if (this.client === pending) this.client = undefined;
    });
    return pending;
  }

  private reset(): void {
    const stale = this.client;
    this.client = undefined;
    void stale?.then((client) => client.end()).catch(() => undefined);
  }

  async close(): Promise<void> {
    this.closed = true;
    const stale = this.client;
    this.client = undefined;
    await stale?.then((client) => client.end()).catch(() => undefined);
  }
}
