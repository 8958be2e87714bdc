/**
 * Past 1 MB of pg_class (about 4,000 relations: a database holding a few hundred tenant schemas)
 * the catalog counts as large, read from pg_class's size on disk (always current, unlike
 * reltuples, which lags until autovacuum analyzes the catalog). Two choices follow from it.
 *
 * The plan_cache_mode the family queries run with. A generic plan is planned once per connection,
 * which pays off on a small catalog where planning costs as much as running. In a database that
 * holds many tenant schemas the generic plan joins whole catalogs (measured: 174 ms per schema with
 * 1,000 tenant schemas, against 35 ms with custom plans that see the schema oid), so on a large
 * catalog every query is planned for its oid.
 *
 * Whether the family queries find their rows by oid among the schemas' members (CatalogScope.in,
 * schema-members.ts) instead of by a scan of the namespace column: on a large catalog each scan
 * costs more than the lookups (on 500 SaaS tenant schemas the family queries of a full read of one
 * schema went from 90 to 33 ms of server time, of five from 190 to 71 ms); on a small one the
 * lookups' extra planning costs about what they save.
 */
const LARGE_CATALOG_BYTES = 1024 * 1024;

/** A boolean select-list expression: is the database's catalog large? */
export const LARGE_CATALOG_SQL = `pg_catalog.pg_relation_size('pg_catalog.pg_class'::pg_catalog.regclass) > ${LARGE_CATALOG_BYTES}`;

export const PLAN_CACHE_MODE_SQL = `pg_catalog.set_config('plan_cache_mode',
         CASE WHEN ${LARGE_CATALOG_SQL} THEN 'force_custom_plan' ELSE 'force_generic_plan' END, true)`;
