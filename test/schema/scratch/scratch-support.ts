import pg from 'pg';
import { adminUrl } from '../../support/pg.js';
import type { ScratchDatabase, ScratchServer } from '../../../src/schema/scratch/scratch-server.js';

export async function query<R extends pg.QueryResultRow = Record<string, unknown>>(url: string, sql: string, params?: unknown[]): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** Which of these scratch databases and roles still exist on the test server. */
export async function leftovers(names: readonly string[]): Promise<string[]> {
  const rows = await query<{ name: string }>(
    adminUrl(),
    `SELECT datname AS name FROM pg_database WHERE datname = ANY($1)
     UNION ALL SELECT rolname FROM pg_roles WHERE rolname = ANY($1)`,
    [names],
  );
  return rows.map((r) => r.name);
}

export async function scratchNamesOnServer(): Promise<string[]> {
  const rows = await query<{ name: string }>(
    adminUrl(),
    `SELECT datname AS name FROM pg_database WHERE datname LIKE 'schemafleet\\_scratch\\_%'
     UNION SELECT rolname FROM pg_roles WHERE rolname LIKE 'schemafleet\\_scratch\\_%'`,
  );
  return rows.map((r) => r.name);
}

/** A scratch server that remembers the databases it handed out, so a test can check they are gone. */
export function recording(server: ScratchServer): ScratchServer & { created: ScratchDatabase[] } {
  const created: ScratchDatabase[] = [];
  return {
    created,
    major: server.major,
    description: server.description,
    async createDatabase() {
      const db = await server.createDatabase();
      created.push(db);
      return db;
    },
    close: () => server.close(),
  };
}

export { adminUrl };
