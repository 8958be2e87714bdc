import { basename } from 'node:path';
import type { FleetConfig } from '../config/config-schema.js';
import type { TenantSource } from '../tenant.js';
import { listTenantSource } from './list-source.js';
import { queryTenantSource } from './query-source.js';
import { schemasTenantSource } from './schemas-source.js';
import { plural } from '../../util/plural.js';

/** The tenant source a loaded schemafleet.yml describes. */
export function tenantSourceFromConfig(config: Pick<FleetConfig, 'tenants' | 'schemaName'>): TenantSource {
  const tenants = config.tenants;
  switch (tenants.kind) {
    case 'list':
      return listTenantSource(tenants.tenants);
    case 'file':
      return listTenantSource(tenants.tenants, `file ${basename(tenants.path)} (${plural(tenants.tenants.length, 'tenant')})`);
    case 'query':
      return queryTenantSource({ url: tenants.url, sql: tenants.sql, schemaName: config.schemaName });
    case 'schemas':
      return schemasTenantSource({ url: tenants.url, match: tenants.match });
  }
}
