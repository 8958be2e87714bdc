export { tenantFilter, filterTenantSource } from './tenant-filter.js';
export { tenantSourceFromConfig } from './tenant-source-from-config.js';
