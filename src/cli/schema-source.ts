import { stat } from 'node:fs/promises';
import { BadInputError, redactUrl } from '../errors.js';
import { unsupportedWarning } from '../schema/unsupported-objects.js';
import type { SchemaModel } from '../schema/model.js';
import { loadDesiredSchema, type DesiredSchema } from '../schema/load/load-desired-schema.js';
import { openScratchServer } from '../schema/scratch/scratch-server.js';
import { connectTarget } from '../db/connect-target.js';
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
 * How a command loads its schema-file sources. With a live database on the other side, the file is
 * loaded on a scratch server of that database's PostgreSQL major version (views and other stored
 * text differ between majors; see src/schema/load/desired-schemas.ts). Two files share one scratch
 * server (the --dev-url, or one embedded PostgreSQL started once), closed afterwards.
 */
export interface SchemaLoader {
  load(path: string): Promise<DesiredSchema>;
}

export async function withSchemaLoader<T>(devUrl: string | undefined, schemaName: string, sources: readonly SchemaSource[], run: (loader: SchemaLoader) => Promise<T>): Promise<T> {
  const live = sources.find((s): s is Extract<SchemaSource, { kind: 'url' }> => s.kind === 'url');
  if (!sources.some((s) => s.kind === 'path')) return run({ load: () => Promise.reject(new Error('no schema file to load')) });
  const base = { schema: schemaName, ...(devUrl ? { devUrl } : {}) };
  if (live) {
    const major = await targetMajor(live.url);
    return run({ load: (path) => loadDesiredSchema({ ...base, path, major }) });
  }
  const scratch = await openScratchServer(devUrl ? { devUrl } : {});
  try {
    return await run({ load: (path) => loadDesiredSchema({ path, schema: schemaName, scratch }) });
  } finally {
    await scratch.close();
  }
}

/** The PostgreSQL major version of a live database; fails fast (exit 3) when it cannot be reached. */
export async function targetMajor(url: string): Promise<number> {
  const client = await connectTarget(url);
  try {
    const { rows } = await client.query<{ version: number }>("SELECT current_setting('server_version_num')::int AS version");
    return Math.floor((rows[0]?.version ?? 0) / 10_000);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export interface ReadSourceOptions {
  readonly schemaName: string;
  readonly loader: SchemaLoader;
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
  return (await options.loader.load(source.path)).model;
}
