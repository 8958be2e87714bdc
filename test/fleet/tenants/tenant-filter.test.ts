import { describe, expect, it } from 'vitest';
import { filterTenantSource, tenantFilter } from '../../../src/fleet/tenants/tenant-filter.js';
import { listTenantSource } from '../../../src/fleet/tenants/list-source.js';
import { tenantSourceFromConfig } from '../../../src/fleet/tenants/tenant-source-from-config.js';
import type { Tenant } from '../../../src/fleet/tenant.js';

const ids = ['acme-1', 'acme-2', 'acme-eu', 'internal-acme', 'globex', 'a.b', 'x(y)', 'café ☕', 'new\nline'];
const kept = (globs: string[]) => ids.filter((id) => tenantFilter(globs)({ id }));
const tenant = (id: string): Tenant => ({ id, url: 'postgres://h/db', schema: 'public', labels: {} });

describe('tenantFilter', () => {
  it('keeps everything without globs', () => expect(kept([])).toEqual(ids));
  it('* and ? match whole ids', () => {
    expect(kept(['acme-*'])).toEqual(['acme-1', 'acme-2', 'acme-eu']);
    expect(kept(['acme-?'])).toEqual(['acme-1', 'acme-2']);
    expect(kept(['*acme*'])).toEqual(['acme-1', 'acme-2', 'acme-eu', 'internal-acme']);
  });
  it('! negates, and applies after the positive globs', () => {
    expect(kept(['!internal-*'])).toEqual(ids.filter((id) => id !== 'internal-acme'));
    expect(kept(['*acme*', '!acme-?'])).toEqual(['acme-eu', 'internal-acme']);
  });
  it('treats regex characters literally and ? as one unicode character', () => {
    expect(kept(['a.b'])).toEqual(['a.b']);
    expect(kept(['x(y)'])).toEqual(['x(y)']);
    expect(kept(['café ?'])).toEqual(['café ☕']);
    expect(kept(['new*'])).toEqual(['new\nline']);
  });
});

describe('list source and filtering', () => {
  it('pages in order and filters page by page, skipping empty pages', async () => {
    const source = listTenantSource(ids.map(tenant));
    expect(source.description).toBe('list (9 tenants)');
    const pages: string[][] = [];
    for await (const page of filterTenantSource(source, tenantFilter(['acme-*', 'globex'])).pages(3)) pages.push(page.map((t) => t.id));
    expect(pages).toEqual([['acme-1', 'acme-2', 'acme-eu'], ['globex']]);
  });

  it('tenantSourceFromConfig picks the configured source', () => {
    expect(tenantSourceFromConfig({ schemaName: 'public', tenants: { kind: 'file', path: '/x/tenants.yml', tenants: [tenant('a')] } }).description).toBe('file tenants.yml (1 tenant)');
    expect(tenantSourceFromConfig({ schemaName: 'public', tenants: { kind: 'schemas', url: 'postgres://u:pw@h/app', match: 'tenant_%' } }).description).toBe(
      'schemas like "tenant_%" on postgres://u:***@h/app',
    );
    expect(tenantSourceFromConfig({ schemaName: 'public', tenants: { kind: 'query', url: 'postgres://u:pw@h/c', sql: 'SELECT 1' } }).description).toBe('query on postgres://u:***@h/c');
  });
});
