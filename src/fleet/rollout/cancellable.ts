import pg from 'pg';

/** A sleep that ends early, rejecting, when `signal` aborts: retries must not outlive a cancel. */
export function cancellableSleep(signal: AbortSignal): (ms: number) => Promise<void> {
  return (ms) =>
    new Promise((resolve, reject) => {
      if (signal.aborted) {
        reject(new TenantCancelledError());
        return;
      }
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(new TenantCancelledError());
      };
      signal.addEventListener('abort', onAbort, { once: true });
    });
}

export class TenantCancelledError extends Error {
  override readonly name = 'TenantCancelledError';
  constructor() {
    super('cancelled: the rollout was stopped');
  }
}

/**
 * Ends every backend a tenant's work opened (they share one application_name), so whatever they
 * were running is rolled back by the server. Closing the client socket alone is not enough: the
 * server only notices a vanished client when it next writes to it, which a long DDL does not.
 */
export async function terminateBackends(url: string, applicationName: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, application_name: 'schemafleet cancel', connectionTimeoutMillis: 5_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND pid <> pg_backend_pid()', [applicationName]);
  } catch {
    // Best effort: a server we cannot reach has no transaction of ours to roll back either.
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** terminateBackends, then waits (up to `waitMs`) until they are gone and their locks released. */
export async function endBackends(url: string, applicationName: string, waitMs = 10_000): Promise<void> {
  const client = new pg.Client({ connectionString: url, application_name: 'schemafleet cancel', connectionTimeoutMillis: 5_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const ours = 'FROM pg_stat_activity WHERE application_name = $1 AND pid <> pg_backend_pid()';
    await client.query(`SELECT pg_terminate_backend(pid) ${ours}`, [applicationName]);
    const deadline = Date.now() + waitMs;
    while (Date.now() < deadline && ((await client.query(`SELECT 1 ${ours}`, [applicationName])).rowCount ?? 0) > 0) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } catch {
    // Unreachable (a restarting server has none of our backends left) or not allowed: the next try will see.
  } finally {
    await client.end().catch(() => undefined);
  }
}
