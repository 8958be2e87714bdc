import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { BadInputError, UnreachableDatabaseError, redactSecrets, redactUrl } from '../../errors.js';
import { startEmbeddedPostgres } from './embedded-server.js';
import { registerScratchCleanup } from './cleanup-hooks.js';

/** A throwaway database, owned by a throwaway role that is not a superuser. */
export interface ScratchDatabase {
  /** Connects as the unprivileged scratch role. Untrusted SQL only ever runs through this URL. */
  readonly url: string;
  /** Connects to the scratch database as the server's admin (for extensions that need it). */
  readonly adminUrl: string;
  readonly name: string;
  readonly role: string;
  /** Drops the database and the role; safe to call twice. */
  readonly drop: () => Promise<void>;
}

export interface ScratchServer {
  /** The scratch server's PostgreSQL major version (13 … 18). */
  readonly major: number;
  /** Where it is, for messages: the dev-url (redacted) or `embedded PostgreSQL 18.4`. */
  readonly description: string;
  createDatabase(): Promise<ScratchDatabase>;
  /** Drops scratch databases still open and stops the embedded server, if one was started. */
  close(): Promise<void>;
}

export interface OpenScratchServerOptions {
  /** A server where schemafleet may create and drop databases and roles; otherwise an embedded one. */
  readonly devUrl?: string;
  /**
   * The PostgreSQL major version the scratch server must run (the target's: views and other
   * deparsed text differ between majors). A dev-url of another major is then passed over for an
   * embedded server of this one. Default: the dev-url's, or the embedded default.
   */
  readonly major?: number;
}

const PREFIX = 'schemafleet_scratch_';

export async function openScratchServer(options: OpenScratchServerOptions = {}): Promise<ScratchServer> {
  if (options.devUrl) {
    const devMajor = await checkAdmin(options.devUrl);
    if (options.major === undefined || options.major === devMajor) {
      return scratchServerOn(options.devUrl, devMajor, redactUrl(options.devUrl), async () => undefined, true);
    }
  }
  const embedded = await startEmbeddedPostgres(options.major === undefined ? {} : { major: options.major });
  return scratchServerOn(embedded.url, embedded.major, `an embedded PostgreSQL ${embedded.major}`, embedded.stop);
}

function secretsOf(url: string): string[] {
  try {
    const parsed = new URL(url);
    return [decodeURIComponent(parsed.password), parsed.searchParams.get('password') ?? ''].filter(Boolean);
  } catch {
    return [];
  }
}

/** Connects, turning every failure into an error that names the URL without its password. */
export async function connect(url: string, shownUrl = url): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 15_000 });
  // An idle client whose server goes away emits 'error'; without a listener that kills the process.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    const message = redactSecrets(error instanceof Error ? error.message : String(error), secretsOf(url));
    throw new UnreachableDatabaseError(`cannot connect to ${redactUrl(shownUrl)}: ${message}`, 'check the --dev-url (or SCHEMAFLEET_DEV_URL): host, port, user, password and database');
  }
  return client;
}

/** Checks that the dev-url's user may create scratch databases and roles; returns the server's major version. */
async function checkAdmin(devUrl: string): Promise<number> {
  const client = await connect(devUrl);
  try {
    const { rows } = await client.query<{ rolsuper: boolean; rolcreatedb: boolean; rolcreaterole: boolean; user: string; version: number }>(
      "SELECT rolsuper, rolcreatedb, rolcreaterole, current_user AS user, current_setting('server_version_num')::int AS version FROM pg_roles WHERE rolname = current_user",
    );
    const me = rows[0];
    if (me && !me.rolsuper && !(me.rolcreatedb && me.rolcreaterole)) {
      throw new BadInputError(
        `the --dev-url user ${me.user} on ${redactUrl(devUrl)} cannot create scratch databases and roles (it needs CREATEDB and CREATEROLE)`,
        `run ALTER ROLE "${me.user}" CREATEDB CREATEROLE on that server, or point --dev-url at a user that has them`,
      );
    }
    return Math.floor((me?.version ?? 0) / 10_000);
  } finally {
    await client.end().catch(() => undefined);
  }
}

function withCredentials(url: string, database: string, user?: string, password?: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  if (user !== undefined) parsed.username = encodeURIComponent(user);
  if (password !== undefined) parsed.password = encodeURIComponent(password);
  return parsed.toString();
}

function scratchServerOn(adminUrl: string, major: number, description: string, stopServer: () => Promise<void>, trackForSignals = false): ScratchServer {
  const open = new Set<ScratchDatabase>();
  let closed = false;
  return {
    major,
    description,
    async createDatabase() {
      if (closed) throw new Error('scratch server is closed');
      const suffix = randomBytes(6).toString('hex');
      const name = `${PREFIX}${suffix}`;
      const password = randomBytes(18).toString('base64url');
      const admin = await connect(adminUrl);
      let created = false;
      let unregister = (): void => undefined;
      const drop = async (): Promise<void> => {
        open.delete(database);
        unregister();
        await dropScratch(adminUrl, name);
      };
      // Scratch databases on a dev server outlive the process unless dropped; an embedded server
      // takes its databases with it when it stops (see cleanup-hooks.ts).
      if (trackForSignals) unregister = registerScratchCleanup(drop);
      const database: ScratchDatabase = {
        name,
        role: name,
        url: withCredentials(adminUrl, name, name, password),
        adminUrl: withCredentials(adminUrl, name),
        drop,
      };
      try {
        const { rows } = await admin.query<{ rolsuper: boolean }>('SELECT rolsuper FROM pg_roles WHERE rolname = current_user');
        created = true;
        await admin.query(`CREATE ROLE "${name}" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD '${password}'`);
        // A non-superuser admin may only hand a database to a role it can SET ROLE to.
        if (!rows[0]?.rolsuper) await admin.query(`GRANT "${name}" TO CURRENT_USER`);
        // Owning the database also makes the role the owner of its public schema (pg_database_owner, PostgreSQL 15+).
        await admin.query(`CREATE DATABASE "${name}" OWNER "${name}" TEMPLATE template0 ENCODING 'UTF8'`);
      } catch (error) {
        await admin.end().catch(() => undefined);
        unregister();
        if (created) await dropScratch(adminUrl, name).catch(() => undefined);
        const message = redactSecrets(error instanceof Error ? error.message : String(error), [password, ...secretsOf(adminUrl)]);
        throw new UnreachableDatabaseError(`cannot create a scratch database on ${redactUrl(adminUrl)}: ${message}`, 'the --dev-url user needs CREATEDB and CREATEROLE');
      }
      await admin.end().catch(() => undefined);
      open.add(database);
      return database;
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        await Promise.allSettled([...open].map((db) => db.drop()));
      } finally {
        await stopServer();
      }
    },
  };
}

async function dropScratch(adminUrl: string, name: string): Promise<void> {
  const admin = await connect(adminUrl);
  try {
    // FORCE ends sessions a failed apply may have left behind (PostgreSQL 13+).
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`DROP ROLE IF EXISTS "${name}"`);
  } finally {
    await admin.end().catch(() => undefined);
  }
}
