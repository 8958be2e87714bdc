import type pg from 'pg';
import type { SchemaModel } from '../model.js';
import { commentOf, contentsOf, manySchemas, statementName, type CatalogBatch, type CatalogContext, type CatalogScope, type CatalogSql } from './catalog.js';
import { LARGE_CATALOG_SQL } from './plan-cache-mode.js';
import { readModel } from './introspect-schema.js';

/**
 * search_path is emptied for the transaction: every name-printing call of the family queries sets
 * it to its own row's schema first (CatalogScope.seen), and a call that forgot to would print
 * qualified names, a difference the equality tests see at once, rather than another tenant's view.
 *
 * Custom plans always, whatever the catalog's size (introspect-schema.ts chooses by size for one
 * schema): a batch plans each family once anyway, and a generic plan cannot see how few schemas
 * `= ANY ($1)` names. Measured on 1,000 one-table schemas (pg_class under the 1 MB where one-schema
 * reads switch to custom plans): the indexes query of a 50-schema batch took 320 ms with the
 * generic plan, under 1 ms with a custom one, and the whole batch read about 400 ms.
 */
const HEADER_SQL = `
SELECT pg_catalog.set_config('search_path', '', true) AS search_path,
       pg_catalog.set_config('plan_cache_mode', 'force_custom_plan', true) AS plan_cache_mode,
       pg_catalog.current_setting('server_version_num')::int AS server_version, ${LARGE_CATALOG_SQL} AS large_catalog,
       n.nspname::text AS name, n.oid AS schema_oid,
       CASE WHEN n.oid IS NOT NULL THEN ${commentOf('pg_namespace', 'n.oid')} END AS comment,
       CASE WHEN n.oid IS NOT NULL THEN ${contentsOf('n.oid')} END AS contents
  FROM (SELECT 1) AS one
  LEFT JOIN pg_catalog.pg_namespace n ON n.nspname = ANY ($1::pg_catalog.text[])
`;

interface HeaderRow {
  server_version: number;
  large_catalog: boolean;
  name: string | null;
  schema_oid: number | null;
  comment: string | null;
  contents: string[] | null;
}

/**
 * Reads many schemas of one database with the same dozen catalog queries introspectSchema uses
 * for one (`nspname = ANY($1)` instead of `= $1`), so the cost of a schema-per-tenant fleet's
 * catalog scans is paid once per batch instead of once per tenant. Each model is exactly what
 * introspectSchema(client, schema) returns (same snapshot rules, same assembly code).
 *
 * Schemas that do not exist are absent from the map (introspectSchema would throw for them); the
 * caller decides what that means. Duplicates are read once.
 */
export async function introspectSchemas(client: pg.ClientBase, schemas: readonly string[], options: { readonly asSet?: boolean } = {}): Promise<Map<string, SchemaModel>> {
  const wanted = [...new Set(schemas)];
  const models = new Map<string, SchemaModel>();
  if (wanted.length === 0) return models;
  const status = client.getTransactionStatus();
  if (status === 'E') {
    throw new Error('introspectSchemas: the client is in a failed transaction; roll it back first');
  }
  const nested = status === 'T';
  await client.query(nested ? 'SAVEPOINT schemafleet_introspect' : 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    const header = (await client.query<HeaderRow>(HEADER_SQL, [wanted])).rows;
    const found = new Map<string, HeaderRow & { schema_oid: number }>();
    for (const row of header) {
      if (row.name !== null && row.schema_oid !== null) found.set(row.name, { ...row, schema_oid: row.schema_oid });
    }
    const serverVersion = header[0]?.server_version ?? 0;
    const largeCatalog = header[0]?.large_catalog ?? false;
    const batch = catalogBatch(
      client,
      [...found.values()].map((row) => row.schema_oid),
      manySchemas(largeCatalog),
    );
    // One query text per family for the whole batch: what any of its schemas holds.
    const contents = new Set([...found.values()].flatMap((row) => row.contents ?? []));
    // A set's schemas reference each other (schema-set.ts): their dependencies are read across them.
    const setSchemas = options.asSet ? new Map([...found.values()].map((row) => [row.schema_oid, row.name ?? ''])) : undefined;
    for (const schema of wanted) {
      const row = found.get(schema);
      if (!row) continue;
      const ctx: CatalogContext = { client, schema, schemaOid: row.schema_oid, serverVersion, batch, contents, largeCatalog, ...(setSchemas ? { setSchemas } : {}) };
      models.set(schema, await readModel(ctx, row.comment));
    }
    return models;
  } finally {
    await client.query(nested ? 'ROLLBACK TO SAVEPOINT schemafleet_introspect; RELEASE SAVEPOINT schemafleet_introspect' : 'ROLLBACK');
  }
}

/**
 * Each family query runs once, on first use, for every schema; its rows are split by the
 * schema_oid column the many-schema text adds (removed again, so rows look exactly like the
 * one-schema query's).
 */
function catalogBatch(client: pg.ClientBase, schemaOids: readonly number[], scope: CatalogScope): CatalogBatch {
  const families = new Map<string, Promise<Map<number, pg.QueryResultRow[]>>>();
  const shared = new Map<string, Promise<pg.QueryResultRow[]>>();
  const family = (sql: CatalogSql): Promise<Map<number, pg.QueryResultRow[]>> => {
    if (typeof sql === 'string') throw new Error('introspectSchemas: a family query must be written for a CatalogScope');
    const text = sql(scope);
    let bySchema = families.get(text);
    if (!bySchema) {
      bySchema = client.query({ name: statementName(text), text, values: [schemaOids] }).then((result) => {
        const split = new Map<number, pg.QueryResultRow[]>();
        for (const row of result.rows) {
          const oid = row.schema_oid as number;
          delete row.schema_oid;
          const list = split.get(oid);
          if (list) list.push(row);
          else split.set(oid, [row]);
        }
        return split;
      });
      families.set(text, bySchema);
    }
    return bySchema;
  };
  return {
    async rows<R extends pg.QueryResultRow>(schemaOid: number, sql: CatalogSql): Promise<R[]> {
      return ((await family(sql)).get(schemaOid) ?? []) as R[];
    },
    async allRows<R extends pg.QueryResultRow>(sql: CatalogSql): Promise<ReadonlyMap<number, readonly R[]>> {
      return (await family(sql)) as unknown as ReadonlyMap<number, readonly R[]>;
    },
    async shared<R extends pg.QueryResultRow>(sql: string): Promise<R[]> {
      let rows = shared.get(sql);
      if (!rows) {
        rows = client.query(sql).then((result) => result.rows);
        shared.set(sql, rows);
      }
      // Copies: models must not share objects.
      return (await rows).map((row) => ({ ...row })) as R[];
    },
  };
}
