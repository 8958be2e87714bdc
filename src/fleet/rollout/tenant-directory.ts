import { clusterOf, locationOf, type Tenant } from '../tenant.js';
import type { LedgerClaim } from './rollout-ledger-port.js';

export interface TenantDirectory {
  /** A tenant of this worker's source, as registration streams it by. */
  add(tenant: Tenant): void;
  /** The claimed tenant, connectable; undefined when this worker's source has no tenant in that database. */
  resolve(claim: Pick<LedgerClaim, 'tenantId' | 'schema' | 'location'>): Tenant | undefined;
  clusters(): string[];
  /** What the directory holds: one URL per database, and tenants whose database was listed under two URLs. */
  readonly held: { readonly databases: number; readonly exceptions: number };
}

/**
 * Resolves the ledger's claims to connections without a map of the fleet (it held an entry per
 * tenant, about 200 bytes each: 20 MB at 100,000). The ledger returns each claim's schema and
 * database location (user@host:port/database, never the URL, which may carry a password); the
 * directory keeps one URL per location, so a schema-per-tenant fleet costs one entry per database
 * however many tenants it holds. A tenant whose URL differs from the first one seen for its
 * location (another option in its query string, another password) is kept by id, so it still
 * connects the way its source says. Labels are not kept: waves are assigned at registration.
 */
export function createTenantDirectory(): TenantDirectory {
  const urls = new Map<string, string>();
  const exceptions = new Map<string, string>();
  const clusterNames = new Set<string>();
  return {
    add(tenant) {
      clusterNames.add(clusterOf(tenant));
      const location = locationOf(tenant.url);
      if (location === null) {
        exceptions.set(tenant.id, tenant.url);
        return;
      }
      const known = urls.get(location);
      if (known === undefined) urls.set(location, tenant.url);
      else if (known !== tenant.url) exceptions.set(tenant.id, tenant.url);
    },
    resolve(claim) {
      const url = exceptions.get(claim.tenantId) ?? (claim.location === null ? undefined : urls.get(claim.location));
      return url === undefined ? undefined : { id: claim.tenantId, url, schema: claim.schema, labels: {} };
    },
    clusters() {
      return [...clusterNames];
    },
    get held() {
      return { databases: urls.size, exceptions: exceptions.size };
    },
  };
}
