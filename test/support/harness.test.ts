import { describe, expect, it } from 'vitest';
import { createTestDatabase } from './pg.js';

describe('test harness', () => {
  it('gives each test its own fresh database on a real PostgreSQL', async () => {
    const a = await createTestDatabase();
    const b = await createTestDatabase();
    expect(a.name).not.toBe(b.name);
    await a.exec('CREATE TABLE only_in_a (id int)');
    const rows = await b.query<{ n: string }>("SELECT count(*) AS n FROM pg_class WHERE relname = 'only_in_a'");
    expect(rows[0]?.n).toBe('0');
    const version = await a.query<{ server_version_num: string }>('SHOW server_version_num');
    expect(Number(version[0]?.server_version_num)).toBeGreaterThanOrEqual(130000);
  });
});
