import type { Extension } from '../model.js';
import { byName, commentOf, querySharedCatalog, type CatalogContext } from './catalog.js';

/**
 * Every installed extension but plpgsql, wherever its objects live. Extensions are per database,
 * not per schema: a tenant schema uses the citext or pgcrypto installed once in `public` (its
 * columns then read `public.citext`), and the desired schema's CREATE EXTENSION lands wherever the
 * scratch database puts it. Listing only extensions living in the introspected schema would make
 * every tenant schema but one look as if it lacked them. plpgsql is installed everywhere.
 */
const EXTENSIONS_SQL = `
SELECT e.extname::text AS name, n.nspname::text AS schema, e.extversion AS version,
       ${commentOf('pg_extension', 'e.oid')} AS comment
  FROM pg_catalog.pg_extension e
  JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
 WHERE e.extname <> 'plpgsql'
`;

export async function readExtensions(ctx: CatalogContext): Promise<Extension[]> {
  return byName(await querySharedCatalog<Extension>(ctx, EXTENSIONS_SQL));
}
