import type pg from 'pg';
import type { SchemaModel } from '../schema/model.js';
import { introspectSchema } from '../schema/introspect/introspect-schema.js';
import { introspectSchemaSet, listSchemas } from '../schema/introspect/introspect-schema-set.js';
import type { SchemaSet } from '../schema/schema-set.js';
import { connectTarget } from '../db/connect-target.js';
import { backoffDelayMs, isRetriable, resolveRetryPolicy } from './retry-policy.js';
import { msLiteral } from './sql-text.js';
import type { RetryOptions } from './apply-types.js';

export interface ReadLiveSchemaOptions extends RetryOptions {
  /**
   * Catalog functions such as pg_get_viewdef lock the relation they read, so introspection can
   * queue behind a migration's or an application's strong lock too; it gets the same bound.
   */
  readonly lockTimeoutMs?: number;
  readonly statementTimeoutMs?: number;
}

export async function introspectWithTimeouts(client: pg.ClientBase, schema: string, options: ReadLiveSchemaOptions = {}): Promise<SchemaModel> {
  return readWithTimeouts(client, options, () => introspectSchema(client, schema));
}

/** A catalog read bounded by the lock and statement timeouts, tried again on a retriable error (a lock timeout). */
export async function readWithTimeouts<T>(client: pg.ClientBase, options: ReadLiveSchemaOptions, read: () => Promise<T>): Promise<T> {
  await setReadTimeouts(client, options);
  return retryRead(client, options, read);
}

/** The session's lock and statement timeouts for catalog reads (they stay until changed). */
export async function setReadTimeouts(client: pg.ClientBase, options: ReadLiveSchemaOptions): Promise<void> {
  await client.query(`SET lock_timeout = ${msLiteral(options.lockTimeoutMs ?? 2_000)}; SET statement_timeout = ${msLiteral(options.statementTimeoutMs ?? 120_000)}`);
}

/** A catalog read on a session whose timeouts are set (setReadTimeouts), tried again on a retriable error. */
export async function retryRead<T>(client: pg.ClientBase, options: ReadLiveSchemaOptions, read: () => Promise<T>): Promise<T> {
  const policy = resolveRetryPolicy(options);
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (error) {
      const sqlstate = (error as { code?: string } | null)?.code;
      if (!isRetriable(sqlstate) || attempt >= policy.maxAttempts) throw error;
      await client.query('ROLLBACK').catch(() => undefined);
      await policy.sleep(backoffDelayMs(attempt, policy));
    }
  }
}

/** One schema of a live database, read on a short-lived connection (UnreachableDatabaseError when it cannot be reached). */
export async function readLiveSchema(url: string, schema: string, options: ReadLiveSchemaOptions = {}): Promise<SchemaModel> {
  const client = await connectTarget(url);
  try {
    return await introspectWithTimeouts(client, schema, options);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Several schemas of a live database (schema-set.ts), read with one batch on a short-lived connection. */
export async function readLiveSchemaSet(url: string, scope: readonly string[], primary: string, options: ReadLiveSchemaOptions = {}): Promise<SchemaSet> {
  const client = await connectTarget(url);
  try {
    return await readWithTimeouts(client, options, () => introspectSchemaSet(client, scope, primary));
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The schemas of a live database a set of "every schema" manages (listSchemas). */
export async function readLiveSchemaNames(url: string): Promise<string[]> {
  const client = await connectTarget(url);
  try {
    return await listSchemas(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}
