import { describe, expect, it } from 'vitest';
import { runDemo } from '../../src/demo/run-demo.js';
import { adminUrl } from '../support/pg.js';

describe('schemafleet demo at full size (slow)', () => {
  it('1,000 schema tenants and 20 database tenants, rolled out to v2 with one pause', { timeout: 900_000 }, async () => {
    let out = '';
    const io = { stdout: (t: string) => void (out += t), stderr: (t: string) => void (out += t) };
    const result = await runDemo({ schemaTenants: 1_000, databaseTenants: 20, keep: false, devUrl: adminUrl(), io, tty: false });
    expect(result.summary?.failures).toEqual([]);
    expect(result.summary?.state).toBe('succeeded');
    expect(result.summary?.totals).toMatchObject({ tenants: 1_020, migrated: 1_017, unchanged: 3, failed: 0, pending: 0 });
    expect(out).toMatch(/paused\s+[\d.]+m?s in 1 pause \(replica-lag-seconds 42 > 10\)/);
  });
});
