import { inject, onTestFinished } from 'vitest';
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { withClient } from '../../src/db/with-client.js';
import { withDatabase } from '../../src/db/database-url.js';

// The shared helpers, for tests that import everything about the test server from here.
export { withClient, withDatabase };

export function adminUrl(): string {
  return inject('adminUrl');
}

export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  /** Runs SQL (several statements allowed) on the database. */
  readonly exec: (sql: string) => Promise<void>;
  readonly query: <R extends pg.QueryResultRow = Record<string, unknown>>(sql: string, params?: unknown[]) => Promise<R[]>;
}

/**
 * A fresh database for one test, dropped when the test finishes (pass `keep` to manage it yourself).
 * Names carry a random suffix so parallel test files never collide.
 */
export async function createTestDatabase(
  prefix = 'sf_test',
  options: {
    keep?: boolean;
    /** Concurrent tests must pass their own context's hook: the global one cannot tell them apart. */
    onFinished?: (fn: () => Promise<void>) => void;
  } = {},
): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(adminUrl(), name);
  const db: TestDatabase = {
    name,
    url,
    exec: async (sql) => void (await withClient(url, (c) => c.query(sql))),
    query: async (sql, params) => withClient(url, async (c) => (await c.query(sql, params)).rows),
  };
  if (!options.keep) (options.onFinished ?? onTestFinished)(async () => dropTestDatabase(name));
  return db;
}

async function dropTestDatabase(name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

/**
 * adminUrl() with a password in it, and that password: the server's own, or, on a server that trusts
 * local connections and so has none in its URL, a planted one it will accept. Tests that prove a
 * password never leaks need a non-empty one to look for.
 */
export function adminUrlWithPassword(): { readonly url: string; readonly password: string } {
  const url = new URL(adminUrl());
  if (!url.password) url.password = 'sf-planted-secret-7Qm2x';
  return { url: url.toString(), password: decodeURIComponent(url.password) };
}

/** server_version_num of the server the test database is on. */
export async function serverVersion(db: TestDatabase): Promise<number> {
  const rows = await db.query<{ server_version_num: string }>('SHOW server_version_num');
  return Number(rows[0]?.server_version_num);
}
