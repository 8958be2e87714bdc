import { clusterOf, type Tenant } from '../tenant.js';

/**
 * id → where the tenant lives, for resolving the ledger's claims (the ledger stores ids, never URLs,
 * which may carry passwords). URLs are interned: a schema-per-tenant fleet shares one URL, so a
 * large fleet costs an id and a schema name per tenant, not a URL each.
 */
export function createTenantDirectory(): {
  add(tenant: Tenant): void;
  get(id: string): Tenant | undefined;
  readonly size: number;
  clusters(): string[];
} {
  const urls = new Map<string, string>();
  const tenants = new Map<string, Tenant>();
  const clusterNames = new Set<string>();
  return {
    add(tenant) {
      let url = urls.get(tenant.url);
      if (url === undefined) {
        url = tenant.url;
        urls.set(url, url);
      }
      clusterNames.add(clusterOf(tenant));
      tenants.set(tenant.id, url === tenant.url ? { ...tenant, url } : tenant);
    },
    get: (id) => tenants.get(id),
    get size() {
      return tenants.size;
    },
    clusters() {
      return [...clusterNames];
    },
  };
}
