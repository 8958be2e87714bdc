/**
 * The plan_cache_mode the family queries run with, chosen in SQL from pg_class's size on disk
 * (always current, unlike reltuples, which lags until autovacuum analyzes the catalog).
 *
 * A generic plan is planned once per connection, which pays off on a small catalog where planning
 * costs as much as running. In a database that holds many tenant schemas the generic plan joins
 * whole catalogs (measured: 174 ms per schema with 1,000 tenant schemas, against 35 ms with custom
 * plans that see the schema oid), so past 1 MB of pg_class (about 4,000 relations) every query is planned for its oid.
 */
const LARGE_CATALOG_BYTES = 1024 * 1024;

export const PLAN_CACHE_MODE_SQL = `pg_catalog.set_config('plan_cache_mode',
         CASE WHEN pg_catalog.pg_relation_size('pg_catalog.pg_class'::pg_catalog.regclass) > ${LARGE_CATALOG_BYTES}
              THEN 'force_custom_plan' ELSE 'force_generic_plan' END, true)`;
