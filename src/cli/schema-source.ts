import { stat } from 'node:fs/promises';
import { BadInputError, redactUrl } from '../errors.js';
import { unsupportedWarning } from '../schema/unsupported-objects.js';
import type { SchemaModel } from '../schema/model.js';
import { loadDesiredSchema } from '../schema/load/load-desired-schema.js';
import { openScratchServer, type ScratchServer } from '../schema/scratch/scratch-server.js';
import { readLiveSchema } from '../apply/read-live-schema.js';

/** One side of a comparison: a live database, or schema file(s) that must be loaded on a scratch server. */
export type SchemaSource = { readonly kind: 'url'; readonly url: string } | { readonly kind: 'path'; readonly path: string };

const URL_PATTERN = /^postgres(?:ql)?:\/\//i;

/** Reads a `--from`/`--to` value; a path must exist (BadInputError naming the flag otherwise). */
export async function parseSchemaSource(value: string, flag: string): Promise<SchemaSource> {
  if (URL_PATTERN.test(value)) return { kind: 'url', url: value };
  await assertSchemaPath(value, flag);
  return { kind: 'path', path: value };
}

export async function assertSchemaPath(path: string, flag: string): Promise<void> {
  const info = await stat(path).catch(() => null);
  if (!info) throw new BadInputError(`${flag}: no such file or folder: ${path}`, 'pass a .sql file, a folder of .sql files, or a postgres:// URL');
  if (!info.isFile() && !info.isDirectory()) throw new BadInputError(`${flag}: not a file or folder: ${path}`);
}

/**
 * Runs `run` with one scratch server for every file load of a command: the --dev-url server, or
 * one embedded PostgreSQL started once (starting one is the slow part), closed afterwards.
 */
export async function withScratchServer<T>(devUrl: string | undefined, needed: boolean, run: (scratch: ScratchServer | undefined) => Promise<T>): Promise<T> {
  if (!needed) return run(undefined);
  const scratch = await openScratchServer(devUrl ? { devUrl } : {});
  try {
    return await run(scratch);
  } finally {
    await scratch.close();
  }
}

export interface ReadSourceOptions {
  readonly schemaName: string;
  readonly scratch: ScratchServer | undefined;
  readonly lockTimeoutMs?: number;
  /** Told about objects in a live database that schemafleet leaves as they are. */
  readonly warn?: (line: string) => void;
}

export async function readSchemaSource(source: SchemaSource, options: ReadSourceOptions): Promise<SchemaModel> {
  if (source.kind === 'url') {
    const model = await readLiveSchema(source.url, options.schemaName, { lockTimeoutMs: options.lockTimeoutMs ?? 2_000 });
    const warning = unsupportedWarning(model, `schema ${options.schemaName} of ${redactUrl(source.url)}`);
    if (warning) options.warn?.(warning);
    return model;
  }
  const desired = await loadDesiredSchema({ path: source.path, schema: options.schemaName, ...(options.scratch ? { scratch: options.scratch } : {}) });
  return desired.model;
}
