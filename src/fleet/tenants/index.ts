export { listTenantSource } from './list-source.js';
export { queryTenantSource, withDatabase, type QuerySourceOptions } from './query-source.js';
export { schemasTenantSource, type SchemasSourceOptions } from './schemas-source.js';
export { tenantFilter, globToRegExp, filterTenantSource } from './tenant-filter.js';
export { tenantSourceFromConfig } from './tenant-source-from-config.js';
