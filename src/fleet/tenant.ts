/**
 * A tenant is an id plus where it lives: a database (its URL) and a schema in it. Database-per-tenant
 * fleets use `public` (or any fixed schema); schema-per-tenant fleets share one URL.
 */
export interface Tenant {
  readonly id: string;
  /** Connection URL; may carry a password, so it is never printed (use redactUrl). */
  readonly url: string;
  readonly schema: string;
  readonly labels: Readonly<Record<string, string>>;
}

/** Where tenants come from. Pages keep memory flat however large the fleet is. */
export interface TenantSource {
  /** e.g. `list (3 tenants)`, `query on postgres://…/control`, `schemas like 'tenant_%'`. */
  readonly description: string;
  pages(pageSize: number): AsyncIterable<readonly Tenant[]>;
}

/**
 * Where a tenant's database is, without anything secret: user@host:port/database. The ledger stores
 * this, never the URL (which may carry a password, or one in its query); a worker maps it back to
 * the URL its own tenant source gave. Null for a URL that does not parse.
 */
export function locationOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
    return `${decodeURIComponent(parsed.username)}@${parsed.hostname || 'localhost'}:${parsed.port || '5432'}/${database}`;
  } catch {
    return null;
  }
}

/** A cluster is host:port: concurrency caps and health probes apply per cluster. */
export function clusterOf(tenant: Pick<Tenant, 'url'>): string {
  try {
    const url = new URL(tenant.url);
    return `${url.hostname || 'localhost'}:${url.port || '5432'}`;
  } catch {
    return 'unknown:0';
  }
}
