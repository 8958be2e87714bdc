import pg from 'pg';

/**
 * Runs `fn` on a new connection to `url`, closed after. For setup and teardown code (the demo,
 * benchmarks, tests) that wants the driver's own errors, not connectTarget's exit-3 wrapping.
 * The connection may die under `fn` (a server restarted on purpose): `fn`'s query then rejects,
 * and the client's own 'error' event and a failing close must not crash the process on top of that.
 */
export async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>, applicationName?: string): Promise<T> {
  const client = new pg.Client({ connectionString: url, ...(applicationName ? { application_name: applicationName } : {}) });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}
