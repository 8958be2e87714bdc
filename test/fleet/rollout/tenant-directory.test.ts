import { describe, expect, it } from 'vitest';
import { createTenantDirectory } from '../../../src/fleet/rollout/tenant-directory.js';
import { locationOf } from '../../../src/fleet/tenant.js';

describe('tenant directory (claims resolved to connections)', () => {
  it('holds one URL per database however many schema tenants it has, and resolves claims from their location and schema', () => {
    const directory = createTenantDirectory();
    const url = 'postgres://app:s3cret@db.internal:6432/fleet?sslmode=require';
    for (let i = 0; i < 10_000; i++) directory.add({ id: `t${i}`, url, schema: `t_${i}`, labels: { tier: 'free' } });
    expect(directory.held).toEqual({ databases: 1, exceptions: 0 });
    const location = locationOf(url);
    expect(location).toBe('app@db.internal:6432/fleet');
    expect(directory.resolve({ tenantId: 't42', schema: 't_42', location })).toEqual({ id: 't42', url, schema: 't_42', labels: {} });
    expect(directory.clusters()).toEqual(['db.internal:6432']);
  });

  it('never puts a password in the location, and keeps by id a tenant listed under a second URL for its database', () => {
    expect(locationOf('postgres://u:pw@h/db?password=pw2')).toBe('u@h:5432/db');
    expect(locationOf('not a url')).toBeNull();
    const directory = createTenantDirectory();
    directory.add({ id: 'a', url: 'postgres://u:old@h/db', schema: 'a', labels: {} });
    directory.add({ id: 'b', url: 'postgres://u:new@h/db?application_name=x', schema: 'b', labels: {} });
    expect(directory.held).toEqual({ databases: 1, exceptions: 1 });
    expect(directory.resolve({ tenantId: 'b', schema: 'b', location: 'u@h:5432/db' })?.url).toBe('postgres://u:new@h/db?application_name=x');
    expect(directory.resolve({ tenantId: 'a', schema: 'a', location: 'u@h:5432/db' })?.url).toBe('postgres://u:old@h/db');
  });

  it('cannot resolve a claim in a database its source does not list, or one registered without a location', () => {
    const directory = createTenantDirectory();
    directory.add({ id: 'a', url: 'postgres://u@h/db', schema: 'a', labels: {} });
    expect(directory.resolve({ tenantId: 'x', schema: 'x', location: 'u@h:5432/other' })).toBeUndefined();
    expect(directory.resolve({ tenantId: 'a', schema: 'a', location: null })).toBeUndefined();
  });
});
