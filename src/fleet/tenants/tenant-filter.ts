import type { Tenant, TenantSource } from '../tenant.js';

/** `*` any run of characters, `?` exactly one; everything else literal. Whole-id match. */
function globToRegExp(glob: string): RegExp {
  let pattern = '';
  for (const char of glob) {
    if (char === '*') pattern += '.*';
    else if (char === '?') pattern += '.';
    else pattern += char.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
  }
  // `u` so that `?` is one unicode character, `s` so that `*` also crosses newlines in hostile ids.
  return new RegExp(`^${pattern}$`, 'su');
}

/**
 * `--tenants GLOB`, repeatable: a tenant is kept when it matches any positive glob (or there are
 * none) and no `!negated` one. So `acme-*` keeps acme's tenants and `!internal-*` drops internal ones.
 */
export function tenantFilter(globs: readonly string[]): (tenant: Pick<Tenant, 'id'>) => boolean {
  const include: RegExp[] = [];
  const exclude: RegExp[] = [];
  for (const glob of globs) {
    if (glob.startsWith('!')) exclude.push(globToRegExp(glob.slice(1)));
    else include.push(globToRegExp(glob));
  }
  return (tenant) => (include.length === 0 || include.some((re) => re.test(tenant.id))) && !exclude.some((re) => re.test(tenant.id));
}

/** `source` with only the tenants `keep` accepts; pages stay pages (possibly shorter), empty ones are skipped. */
export function filterTenantSource(source: TenantSource, keep: (tenant: Tenant) => boolean, label = 'filtered'): TenantSource {
  return {
    description: `${source.description}, ${label}`,
    async *pages(pageSize: number) {
      for await (const page of source.pages(pageSize)) {
        const kept = page.filter(keep);
        if (kept.length > 0) yield kept;
      }
    },
  };
}
