import type pg from 'pg';
import { extensionsOnPrimary, type SchemaSet } from '../schema-set.js';
import { introspectSchemas } from './introspect-schemas.js';

/**
 * The scoped schemas of a live database, read with one batch of catalog queries (the same ones
 * introspectSchemas runs for a schema-per-tenant fleet), with dependencies across them recorded.
 * Schemas of the scope that do not exist are absent from the set's models.
 */
export async function introspectSchemaSet(client: pg.ClientBase, scope: readonly string[], primary: string): Promise<SchemaSet> {
  const models = await introspectSchemas(client, [primary, ...scope.filter((s) => s !== primary)], { asSet: true });
  return extensionsOnPrimary({ primary, scope: [primary, ...scope.filter((s) => s !== primary)], models });
}

/**
 * The database's own schemas, for a set of "every schema": all but PostgreSQL's (pg_*,
 * information_schema) and those an extension made (they come and go with it), by name.
 */
export async function listSchemas(client: pg.ClientBase): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(`
SELECT n.nspname::text AS name FROM pg_catalog.pg_namespace n
 WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
   AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                    WHERE d.classid = 'pg_catalog.pg_namespace'::pg_catalog.regclass AND d.objid = n.oid AND d.deptype = 'e')
 ORDER BY n.nspname COLLATE "C"`);
  return rows.map((row) => row.name);
}
