import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { BadInputError, UnreachableDatabaseError } from '../../../src/errors.js';
import { openScratchServer, type ScratchServer } from '../../../src/schema/scratch/scratch-server.js';
import { adminUrl, leftovers, query } from './scratch-support.js';

describe('openScratchServer on a dev url', () => {
  let server: ScratchServer;
  beforeAll(async () => {
    server = await openScratchServer({ devUrl: adminUrl() });
  });
  afterAll(async () => {
    await server.close();
  });

  it('creates a database owned by a fresh role that is not a superuser, and drops both', async () => {
    const db = await server.createDatabase();
    expect(db.name).toMatch(/^schemafleet_scratch_[0-9a-f]{12}$/);
    const [me] = await query<{ user: string; rolsuper: boolean; rolcreatedb: boolean; rolcreaterole: boolean; owner: string }>(
      db.url,
      `SELECT current_user AS user, rolsuper, rolcreatedb, rolcreaterole, pg_get_userbyid(d.datdba) AS owner
         FROM pg_roles r, pg_database d WHERE r.rolname = current_user AND d.datname = current_database()`,
    );
    expect(me).toEqual({ user: db.role, rolsuper: false, rolcreatedb: false, rolcreaterole: false, owner: db.role });
    // Owning the database is enough to create objects in public, on PostgreSQL 15+ and before.
    await query(db.url, 'CREATE TABLE public.t (a int); CREATE SCHEMA app; CREATE TABLE app.t (a int)');
    const [{ super: adminIsSuper } = { super: false }] = await query<{ super: boolean }>(db.adminUrl, "SELECT current_setting('is_superuser') = 'on' AS super");
    expect(adminIsSuper).toBe(true);
    await db.drop();
    expect(await leftovers([db.name])).toEqual([]);
    await db.drop();
  });

  it('never hands out the same name twice, even when asked concurrently', async () => {
    const dbs = await Promise.all(Array.from({ length: 6 }, () => server.createDatabase()));
    expect(new Set(dbs.map((d) => d.name)).size).toBe(6);
    await Promise.all(dbs.map((d) => d.drop()));
    expect(await leftovers(dbs.map((d) => d.name))).toEqual([]);
  });

  it('close() drops the databases still open', async () => {
    const own = await openScratchServer({ devUrl: adminUrl() });
    const db = await own.createDatabase();
    await own.close();
    expect(await leftovers([db.name])).toEqual([]);
    await expect(own.createDatabase()).rejects.toThrow('closed');
  });
});

describe('openScratchServer errors', () => {
  it('reports an unreachable dev url without its password', async () => {
    const error = await openScratchServer({ devUrl: 'postgres://sf_user:hunter2secret@127.0.0.1:1/postgres' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnreachableDatabaseError);
    const { message, hint, exitCode } = error as UnreachableDatabaseError;
    expect(exitCode).toBe(3);
    expect(message).toContain('cannot connect to postgres://sf_user:***@127.0.0.1:1/postgres');
    expect(`${message} ${hint}`).not.toContain('hunter2secret');
  });

  it('reports a login failure without the password', async () => {
    const url = new URL(adminUrl());
    url.username = `sf_nobody_${randomBytes(4).toString('hex')}`;
    url.password = 'hunter2secret';
    const error = await openScratchServer({ devUrl: url.toString() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnreachableDatabaseError);
    expect((error as Error).message).toContain(url.username);
    expect((error as Error).message).not.toContain('hunter2secret');
  });

  it('explains that the dev url user needs CREATEDB and CREATEROLE', async () => {
    const role = `sf_test_weak_${randomBytes(4).toString('hex')}`;
    await query(adminUrl(), `CREATE ROLE ${role} LOGIN PASSWORD 'weakpass123'`);
    onTestFinished(async () => void (await query(adminUrl(), `DROP ROLE IF EXISTS ${role}`)));
    const url = new URL(adminUrl());
    url.username = role;
    url.password = 'weakpass123';
    const error = await openScratchServer({ devUrl: url.toString() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadInputError);
    expect((error as Error).message).toContain(`the --dev-url user ${role}`);
    expect((error as Error).message).toContain('needs CREATEDB and CREATEROLE');
    expect((error as Error).message).not.toContain('weakpass123');
  });

  it('works with a dev url user that has CREATEDB and CREATEROLE but is not a superuser', async () => {
    const role = `sf_test_dev_${randomBytes(4).toString('hex')}`;
    await query(adminUrl(), `CREATE ROLE ${role} LOGIN CREATEDB CREATEROLE PASSWORD 'devpass123'`);
    onTestFinished(async () => void (await query(adminUrl(), `DROP ROLE IF EXISTS ${role}`)));
    const url = new URL(adminUrl());
    url.username = role;
    url.password = 'devpass123';
    const server = await openScratchServer({ devUrl: url.toString() });
    try {
      const db = await server.createDatabase();
      await query(db.url, 'CREATE TABLE t (a int)');
      await db.drop();
      expect(await leftovers([db.name])).toEqual([]);
    } finally {
      await server.close();
    }
  });
});

describe('openScratchServer without a dev url', () => {
  it('starts an embedded PostgreSQL and stops it on close', async () => {
    const server = await openScratchServer();
    let url: string;
    try {
      const db = await server.createDatabase();
      url = db.url;
      const [row] = await query<{ v: number }>(db.url, "SELECT current_setting('server_version_num')::int AS v");
      expect(row?.v).toBeGreaterThanOrEqual(180000);
    } finally {
      await server.close();
    }
    await expect(query(url, 'SELECT 1')).rejects.toThrow();
  });
});
