import type { Tenant, TenantSource } from '../tenant.js';
import { plural } from '../../util/plural.js';

export function checkPageSize(pageSize: number): void {
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new RangeError(`page size must be a positive whole number, got ${pageSize}`);
}

/** Tenants already in memory (tenants.list, tenants.file): they were in the file, so paging is only slicing. */
export function listTenantSource(tenants: readonly Tenant[], description = `list (${plural(tenants.length, 'tenant')})`): TenantSource {
  return {
    description,
    async *pages(pageSize: number) {
      checkPageSize(pageSize);
      for (let start = 0; start < tenants.length; start += pageSize) yield tenants.slice(start, start + pageSize);
    },
  };
}
