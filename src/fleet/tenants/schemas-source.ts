import { connectTarget, isConnectionError, unreachableError } from '../../db/connect-target.js';
import { BadInputError, redactSecrets, redactUrl } from '../../errors.js';
import type { Tenant, TenantSource } from '../tenant.js';
import { checkPageSize } from './list-source.js';

export interface SchemasSourceOptions {
  /** The one database holding every tenant's schema. */
  readonly url: string;
  /** A LIKE pattern (`tenant_%`); `_` matches any one character, write `tenant\_%` to mean a literal underscore. */
  readonly match: string;
  readonly keyPath?: string;
}

/**
 * Keyset over pg_namespace: names are compared as `name`, which sorts bytewise on every server,
 * and passed as parameters, so quotes, spaces, unicode and 63-byte names need no escaping.
 * System schemas (pg_*, information_schema) are never tenants, whatever the pattern.
 */
const PAGE_SQL = `SELECT nspname::text AS name FROM pg_catalog.pg_namespace
 WHERE nspname LIKE $1 AND nspname !~ '^pg_' AND nspname <> 'information_schema'
   AND ($2::text IS NULL OR nspname > $2::text::name)
 ORDER BY nspname LIMIT $3`;

/** Schema-per-tenant discovery: one tenant per schema whose name matches; the id is the schema name. */
export function schemasTenantSource(options: SchemasSourceOptions): TenantSource {
  const keyPath = options.keyPath ?? 'tenants.schemas';
  return {
    description: `schemas like ${JSON.stringify(options.match)} on ${redactUrl(options.url)}`,
    async *pages(pageSize: number) {
      checkPageSize(pageSize);
      let last: string | null = null;
      for (;;) {
        // A fresh connection per page: nothing is held open while the rollout works on a page.
        const client = await connectTarget(options.url, 'schemafleet tenants');
        let names: string[];
        try {
          names = (await client.query<{ name: string }>(PAGE_SQL, [options.match, last, pageSize])).rows.map((row) => row.name);
        } catch (error) {
          if (isConnectionError(error)) throw unreachableError(options.url, error);
          throw new BadInputError(`${keyPath}: ${redactSecrets(error instanceof Error ? error.message : String(error), [])}`, 'match is a LIKE pattern such as tenant_%');
        } finally {
          await client.end().catch(() => undefined);
        }
        if (names.length > 0) yield names.map((name): Tenant => ({ id: name, url: options.url, schema: name, labels: {} }));
        if (names.length < pageSize) return;
        last = names[names.length - 1] as string;
      }
    },
  };
}
