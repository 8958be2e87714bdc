import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExitCode } from '../../../src/errors.js';
import { VersionMismatchError, loadDesiredSchemas, majorOf } from '../../../src/schema/load/desired-schemas.js';
import { openScratchServer, type ScratchServer } from '../../../src/schema/scratch/scratch-server.js';
import { adminUrl } from '../scratch/scratch-support.js';
import { rejection, tempSchemaFile } from './temp-schema.js';

let server: ScratchServer;
let emptyCache: string;
const saved = { offline: process.env.SCHEMAFLEET_OFFLINE, cache: process.env.SCHEMAFLEET_CACHE_DIR };
beforeAll(async () => {
  server = await openScratchServer({ devUrl: adminUrl() });
  emptyCache = await mkdtemp(join(tmpdir(), 'sf-empty-cache-'));
});
afterAll(async () => {
  await server.close();
  await rm(emptyCache, { recursive: true, force: true });
});
afterEach(() => {
  for (const [key, value] of [
    ['SCHEMAFLEET_OFFLINE', saved.offline],
    ['SCHEMAFLEET_CACHE_DIR', saved.cache],
  ] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

/** A major version the test server is not, whose binaries are neither installed nor cached, and may not be fetched. */
function unavailableMajor(): number {
  process.env.SCHEMAFLEET_OFFLINE = '1';
  process.env.SCHEMAFLEET_CACHE_DIR = emptyCache;
  return server.major === 16 ? 17 : 16;
}

describe('loadDesiredSchemas', () => {
  it('loads once per major version and hands the same model to every tenant of that version', async () => {
    const path = await tempSchemaFile('CREATE TABLE t (id int PRIMARY KEY);');
    const desired = await loadDesiredSchemas({ path, scratch: server });
    try {
      expect(majorOf(desired.primary.serverVersion)).toBe(server.major);
      const sameVersion = await desired.forServer(server.major * 10_000 + 5);
      expect(sameVersion).toBe(desired.primary);
    } finally {
      await desired.close();
    }
  });

  it('refuses, before anything is applied, a target whose version it cannot load on when the schema holds what versions print differently', async () => {
    const major = unavailableMajor();
    const path = await tempSchemaFile("CREATE TABLE t (id int PRIMARY KEY, state text CHECK (state <> ''));\nCREATE VIEW v AS SELECT t.id FROM t WHERE t.state NOT IN ('a', 'b');");
    const desired = await loadDesiredSchemas({ path, scratch: server });
    try {
      const error = await rejection(desired.forServer(major * 10_000));
      expect(error).toBeInstanceOf(VersionMismatchError);
      expect(error.message).toContain(`the target runs PostgreSQL ${major}, but the schema could only be loaded on PostgreSQL ${server.major}`);
      expect(error.message).toContain('view v');
      expect(error.message).toContain('SCHEMAFLEET_OFFLINE=1');
      expect(error.hint).toContain(`--dev-url`);
      expect(error.hint).toContain(`PostgreSQL ${major} server`);
      expect(error.exitCode).toBe(ExitCode.unreachable);
      // Asked once per major: the next tenant of that version gets the same answer without another try.
      expect(await rejection(desired.forServer(major * 10_000 + 1))).toBe(error);
    } finally {
      await desired.close();
    }
  });

  it('lets a schema that every version prints alike stand in for a version it cannot load on', async () => {
    const major = unavailableMajor();
    const path = await tempSchemaFile(
      "CREATE TYPE mood AS ENUM ('ok', 'sad');\nCREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, m mood NOT NULL DEFAULT 'ok', note varchar(20));\nCREATE INDEX t_note_idx ON t (note);",
    );
    const desired = await loadDesiredSchemas({ path, scratch: server });
    try {
      expect(await desired.forServer(major * 10_000)).toBe(desired.primary);
    } finally {
      await desired.close();
    }
  });

  it('with a major asked up front, fails the load itself the same way', async () => {
    const major = unavailableMajor();
    const path = await tempSchemaFile('CREATE TABLE t (id int PRIMARY KEY);\nCREATE VIEW v AS SELECT id FROM t;');
    const error = await rejection(loadDesiredSchemas({ path, scratch: server, major }));
    expect(error).toBeInstanceOf(VersionMismatchError);
  });
});
