import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { onTestFinished } from 'vitest';

/** Writes files (relative path → content) into a fresh temp folder removed after the test. */
export async function tempSchema(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'schemafleet-schema-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  return dir;
}

/** Writes one schema.sql and returns its path. */
export async function tempSchemaFile(content: string): Promise<string> {
  return join(await tempSchema({ 'schema.sql': content }), 'schema.sql');
}

/** Awaits a promise expected to reject and returns the error. */
export async function rejection(promise: Promise<unknown>): Promise<Error & { location?: unknown; hint?: string; exitCode?: number }> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the promise to reject');
}
