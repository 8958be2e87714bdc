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
