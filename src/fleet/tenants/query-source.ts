import type pg from 'pg';
import { connectTarget, isConnectionError, unreachableError } from '../../db/connect-target.js';
import { withDatabase } from '../../db/database-url.js';
import { BadInputError, redactSecrets, redactUrl } from '../../errors.js';
import { postgresUrlProblem, schemaNameProblem } from '../config/sections/fields.js';
import { TENANT_ID_MAX_LENGTH } from '../config/sections/tenants.js';
import type { Tenant, TenantSource } from '../tenant.js';
import { checkPageSize } from './list-source.js';

export interface QuerySourceOptions {
  /** Where the query runs; rows with only a `database` column get this URL with that database. */
  readonly url: string;
  readonly sql: string;
  /** Schema for rows without a `schema` column (or with NULL in it). */
  readonly schemaName?: string;
  /** Where the query came from, for messages. */
  readonly keyPath?: string;
}

const RESERVED_COLUMNS = new Set(['id', 'url', 'database', 'schema']);

function problem(keyPath: string, message: string): BadInputError {
  return new BadInputError(`${keyPath}: ${message}`, 'the query must return an id column and a url or database column; other text columns become labels');
}

function rowToTenant(row: Record<string, unknown>, options: QuerySourceOptions, keyPath: string): Tenant {
  const id = String(row[SORT_KEY]);
  const shown = JSON.stringify(id.length > 80 ? `${id.slice(0, 80)}…` : id);
  if (id === '') throw problem(keyPath, 'a row has an empty id');
  if (id.length > TENANT_ID_MAX_LENGTH) throw problem(keyPath, `tenant ${shown}: id is longer than ${TENANT_ID_MAX_LENGTH} characters`);
  const rowUrl = typeof row.url === 'string' && row.url !== '' ? row.url : null;
  const database = typeof row.database === 'string' && row.database !== '' ? row.database : null;
  if (!rowUrl && !database) throw problem(keyPath, `tenant ${shown}: expected a url or database value, got neither`);
  if (rowUrl) {
    const urlProblem = postgresUrlProblem(rowUrl);
    if (urlProblem) throw problem(keyPath, `tenant ${shown}: url: ${urlProblem}`);
  }
  const url = database ? withDatabase(rowUrl ?? options.url, database) : (rowUrl as string);
  const schema = typeof row.schema === 'string' ? row.schema : (options.schemaName ?? 'public');
  const schemaProblem = schemaNameProblem(schema);
  if (schemaProblem) throw problem(keyPath, `tenant ${shown}: schema: ${schemaProblem}`);
  const labels: Record<string, string> = {};
  for (const [column, value] of Object.entries(row)) {
    if (RESERVED_COLUMNS.has(column) || column === SORT_KEY) continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') labels[column] = String(value);
  }
  return { id, url, schema, labels };
}

/** Our sort key, named so that no user column plausibly collides with it. */
const SORT_KEY = '__schemafleet_id';

/**
 * Tenants from `SELECT … ` on a control database, read with keyset pagination around the user's
 * query: `SELECT * FROM (<sql>) ORDER BY id LIMIT n`, then `WHERE id >= $last` for the next page.
 * Chosen over a server-side cursor because a rollout can take hours: a cursor would hold a
 * transaction (and vacuum's horizon) open on the control database all that time, and would die
 * with its connection. Keyset pages are independent short queries on a fresh connection, so a
 * dropped connection costs one page, not the rollout. Ids are compared as text in the "C"
 * collation so the order is the same on every server.
 *
 * The page query asks for `last` again (>=, not >): seeing it twice means the query returns a
 * duplicate id, which would otherwise be skipped silently at a page boundary.
 */
export function queryTenantSource(options: QuerySourceOptions): TenantSource {
  const keyPath = options.keyPath ?? 'tenants.query.sql';
  // A trailing semicolon is natural to write and would break the subquery.
  const sql = options.sql.trim().replace(/;+\s*$/, '');
  const key = `(tenants.id)::text COLLATE "C"`;
  const firstPage = `SELECT tenants.*, ${key} AS ${SORT_KEY} FROM (${sql}\n) AS tenants WHERE tenants.id IS NOT NULL ORDER BY ${key} LIMIT $1`;
  const nextPage = `SELECT tenants.*, ${key} AS ${SORT_KEY} FROM (${sql}\n) AS tenants WHERE ${key} >= $2 ORDER BY ${key} LIMIT $1`;
  const nullIds = `SELECT 1 FROM (${sql}\n) AS tenants WHERE tenants.id IS NULL LIMIT 1`;

  async function run(client: pg.Client, text: string, params: unknown[]): Promise<pg.QueryResult> {
    try {
      return await client.query(text, params);
    } catch (error) {
      if (isConnectionError(error)) throw unreachableError(options.url, error);
      const message = redactSecrets(error instanceof Error ? error.message : String(error), []);
      if ((error as { code?: unknown }).code === '42703' && /\bid\b/.test(message)) throw problem(keyPath, 'expected the query to return an id column');
      throw problem(keyPath, message);
    }
  }

  return {
    description: `query on ${redactUrl(options.url)}`,
    async *pages(pageSize: number) {
      checkPageSize(pageSize);
      let last: string | null = null;
      for (;;) {
        const client = await connectTarget(options.url, 'schemafleet tenants');
        let rows: Array<Record<string, unknown>>;
        try {
          // Read only: the query is the user's, and listing tenants must never change anything.
          await run(client, 'BEGIN READ ONLY', []);
          if (last === null) {
            if ((await run(client, nullIds, [])).rowCount) throw problem(keyPath, 'a row has a NULL id');
            rows = (await run(client, firstPage, [pageSize + 1])).rows;
          } else {
            rows = (await run(client, nextPage, [pageSize + 2, last])).rows;
          }
          await run(client, 'COMMIT', []);
        } finally {
          await client.end().catch(() => undefined);
        }
        if (last !== null) {
          const repeats = rows.filter((row) => row[SORT_KEY] === last).length;
          if (repeats > 1) throw problem(keyPath, `duplicate tenant id ${JSON.stringify(last)}`);
          rows = rows.slice(repeats);
        }
        for (let index = 1; index < rows.length; index++) {
          if (rows[index]?.[SORT_KEY] === rows[index - 1]?.[SORT_KEY]) throw problem(keyPath, `duplicate tenant id ${JSON.stringify(rows[index]?.[SORT_KEY])}`);
        }
        const page = rows.slice(0, pageSize);
        if (page.length > 0) yield page.map((row) => rowToTenant(row, options, keyPath));
        if (rows.length <= pageSize) return;
        last = page[page.length - 1]?.[SORT_KEY] as string;
      }
    },
  };
}
