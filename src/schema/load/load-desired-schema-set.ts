import type { SchemaModel } from '../model.js';
import type { SchemaSet } from '../schema-set.js';
import { extensionsOnPrimary } from '../schema-set.js';
import { introspectSchemas } from '../introspect/introspect-schemas.js';
import { connect } from '../scratch/scratch-server.js';
import { openScratchPool } from '../scratch/scratch-pool.js';
import type { ScratchServer } from '../scratch/scratch-server.js';
import { assertNoUnsupportedObjects } from '../unsupported-objects.js';
import { applySchemaStatements, declaredSchemas, type UntrustedSqlLimits } from './apply-statements.js';
import { loadOnMajorOrNeutral } from './desired-schemas.js';
import { unpinExtensionVersions } from './extension-versions.js';
import { checkSchemaFiles, toSchemaStatement, type CheckedSchema, type SchemaStatement } from './load-desired-schema.js';
import { managedPrivileges } from './managed-privileges.js';

export interface DesiredSchemaSet {
  readonly set: SchemaSet;
  readonly statements: readonly SchemaStatement[];
}

export interface LoadDesiredSchemaSetOptions {
  readonly path: string;
  /** Where unqualified names land; always desired (schemafleet creates it, as for one schema). */
  readonly primary: string;
  /** The other schemas the file may declare (CREATE SCHEMA) and name; `all`: any it declares (but PostgreSQL's own). */
  readonly others: readonly string[] | 'all';
  readonly devUrl?: string;
  readonly scratch?: ScratchServer;
  /** The target's PostgreSQL major version: the file is loaded on a scratch server of that version when one can be had. */
  readonly major?: number;
  readonly untrusted?: UntrustedSqlLimits;
}

/**
 * The desired state of several schemas from one schema file (or folder): the primary schema, and
 * every other scoped schema the file declares with CREATE SCHEMA. A scoped schema the file does
 * not declare is desired absent: its objects, then the schema itself, are planned to be dropped
 * (each with its data-loss hazard), as deleting a table's statement drops the table.
 */
export async function loadDesiredSchemaSet(options: LoadDesiredSchemaSetOptions): Promise<DesiredSchemaSet> {
  const checked = await checkSchemaFiles(options.path, options.primary, options.others);
  const pool = openScratchPool({ ...(options.devUrl ? { devUrl: options.devUrl } : {}), ...(options.scratch ? { scratch: options.scratch } : {}) });
  try {
    return await loadOnMajorOrNeutral(
      pool,
      options.major,
      (scratch) => loadCheckedSchemaSet(checked, scratch, options.path, options.untrusted),
      (loaded) => loaded.set.models.values(),
    );
  } finally {
    await pool.close();
  }
}

/** Loads checked schema files (checkSchemaFiles with `others`) on one scratch server and reads every schema they declare with one batch read. */
async function loadCheckedSchemaSet(checked: CheckedSchema, scratch: ScratchServer, path: string, untrusted?: UntrustedSqlLimits): Promise<DesiredSchemaSet> {
  const primary = checked.schema;
  const declared = [primary, ...declaredSchemas(checked.statements).filter((s) => s !== primary)];
  // With `all`, the file's own schemas are the desired scope; the caller adds the target's (readLiveSchemaNames).
  const scope = checked.others === 'all' ? declared : [primary, ...(checked.others ?? [])];
  const database = await scratch.createDatabase();
  let failed = true;
  try {
    const resolved = await applySchemaStatements(database, checked.statements, primary, untrusted);
    const client = await connect(database.url);
    let read: Map<string, SchemaModel>;
    try {
      read = await introspectSchemas(client, declared, { asSet: true });
    } finally {
      await client.end().catch(() => undefined);
    }
    const statements = checked.statements.map((s) => toSchemaStatement(s, resolved));
    const models = new Map<string, SchemaModel>();
    for (const [name, model] of read) {
      const desired = managedPrivileges(unpinExtensionVersions(model, checked.statements), checked.statements);
      assertNoUnsupportedObjects(desired, statements, path);
      models.set(name, desired);
    }
    failed = false;
    return { set: extensionsOnPrimary({ primary, scope, models }), statements };
  } finally {
    await database.drop().catch((error: unknown) => {
      if (!failed) throw error;
    });
  }
}
