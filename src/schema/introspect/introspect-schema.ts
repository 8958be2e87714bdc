import type pg from 'pg';
import { LARGE_CATALOG_SQL, PLAN_CACHE_MODE_SQL } from './plan-cache-mode.js';
import { BadInputError } from '../../errors.js';
import type { SchemaModel } from '../model.js';
import { commentOf, contentsOf, type CatalogContext } from './catalog.js';
import { readColumnRows } from './columns.js';
import { readConstraints } from './constraints.js';
import { readDependencies } from './dependencies.js';
import { readExtensions } from './extensions.js';
import { readIndexes } from './indexes.js';
import { readPolicies } from './policies.js';
import { readRoutines } from './routines.js';
import { readSequences } from './sequences.js';
import { readTableRows, toTables } from './tables.js';
import { readTriggers } from './triggers.js';
import { readCollations } from './collations.js';
import { readPrivileges } from './privileges.js';
import { readTypes } from './types.js';
import { readUnsupported } from './unsupported.js';
import { readViews } from './views.js';

/**
 * search_path is narrowed to the schema for the rest of the transaction: pg_get_expr,
 * pg_get_viewdef, format_type and friends then print the schema's own objects unqualified, which
 * is what makes two tenants with the same DDL produce the same model.
 */
const HEADER_SQL = `
SELECT pg_catalog.set_config('search_path', pg_catalog.quote_ident($1::text), true) AS search_path,
       ${PLAN_CACHE_MODE_SQL} AS plan_cache_mode, ${LARGE_CATALOG_SQL} AS large_catalog,
       pg_catalog.current_setting('server_version_num')::int AS server_version,
       n.oid AS schema_oid,
       CASE WHEN n.oid IS NOT NULL THEN ${commentOf('pg_namespace', 'n.oid')} END AS comment,
       CASE WHEN n.oid IS NOT NULL THEN ${contentsOf('n.oid')} END AS contents
  FROM (SELECT 1) AS one
  LEFT JOIN pg_catalog.pg_namespace n ON n.nspname = $1::text
`;

interface HeaderRow {
  server_version: number;
  large_catalog: boolean;
  schema_oid: number | null;
  comment: string | null;
  contents: string[] | null;
}

/**
 * Reads one schema of a live database into the model with one catalog query per object family
 * (about fifteen round trips whatever the size of the schema).
 *
 * It runs inside a read-only REPEATABLE READ transaction, so every family sees the same snapshot,
 * and the SET LOCAL of search_path ends with it. Inside a caller's transaction it uses a savepoint
 * instead and rolls back to it, which restores search_path and leaves the caller's work alone.
 */
export async function introspectSchema(client: pg.ClientBase, schema = 'public'): Promise<SchemaModel> {
  const status = client.getTransactionStatus();
  if (status === 'E') {
    throw new Error('introspectSchema: the client is in a failed transaction; roll it back first');
  }
  const nested = status === 'T';
  await client.query(nested ? 'SAVEPOINT schemafleet_introspect' : 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    return await readSchema(client, schema);
  } finally {
    await client.query(nested ? 'ROLLBACK TO SAVEPOINT schemafleet_introspect; RELEASE SAVEPOINT schemafleet_introspect' : 'ROLLBACK');
  }
}

async function readSchema(client: pg.ClientBase, schema: string): Promise<SchemaModel> {
  const header = (await client.query<HeaderRow>(HEADER_SQL, [schema])).rows[0];
  if (!header || header.schema_oid === null) {
    throw new BadInputError(`schema "${schema}" does not exist`, 'Check the schema name of the tenant (names are case-sensitive).');
  }
  const ctx: CatalogContext = { client, schema, schemaOid: header.schema_oid, serverVersion: header.server_version, contents: new Set(header.contents ?? []), largeCatalog: header.large_catalog };
  return readModel(ctx, header.comment);
}

/**
 * The families of one schema put together. introspectSchemas runs this too, with a context whose
 * family reads come from one query for many schemas: one assembly, so the models cannot differ.
 */
export async function readModel(ctx: CatalogContext, comment: string | null): Promise<SchemaModel> {
  const { schema, serverVersion } = ctx;
  // One client runs one query at a time, so the families are read one after the other.
  const deps = await readDependencies(ctx);
  const columns = await readColumnRows(ctx);
  const constraints = await readConstraints(ctx, deps);
  const indexes = await readIndexes(ctx);
  const triggers = await readTriggers(ctx, deps);
  const policies = await readPolicies(ctx);
  const tableRows = await readTableRows(ctx);
  const types = await readTypes(ctx, columns, deps);
  const sequences = await readSequences(ctx);
  const views = await readViews(ctx, columns, indexes, triggers, deps);
  const routines = await readRoutines(ctx, deps);
  const extensions = await readExtensions(ctx);
  const collations = await readCollations(ctx);
  const privileges = await readPrivileges(ctx);
  const unsupported = await readUnsupported(ctx);

  return {
    schema,
    serverVersion,
    comment: schemaComment(schema, comment),
    extensions,
    collations,
    enums: types.enums,
    domains: types.domains,
    compositeTypes: types.compositeTypes,
    sequences,
    tables: toTables(tableRows, { columns, constraints, indexes, triggers, policies }, deps),
    views: views.views,
    materializedViews: views.materializedViews,
    routines,
    privileges,
    unsupported,
  };
}

/**
 * initdb gives `public` the comment "standard public schema". It is PostgreSQL's, not the user's:
 * treating it as a comment would make every `public` tenant differ from every other schema.
 */
function schemaComment(schema: string, comment: string | null): string | null {
  return schema === 'public' && comment === 'standard public schema' ? null : comment;
}
