import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { cli, devUrlArgs } from '../../cli/run-cli-in-process.js';
import { V2, createSchemaFleet, desiredFrom, ledgerRows, remainingSteps } from './fleet-fixture.js';
import { createTestDatabase } from '../../support/pg.js';

describe('kill -9 mid-rollout, then rerun (slow)', () => {
  it('every tenant ends at the schema, none half-migrated, and the ledger agrees', { timeout: 600_000 }, async () => {
    const names = Array.from({ length: 150 }, (_, i) => `tenant_${String(i).padStart(4, '0')}`);
    const { db, tenants } = await createSchemaFleet(names, (i) => (i % 9 === 0 ? 'extra-index' : 'v1'));
    const ledgerDb = await createTestDatabase('sf_ledger');
    const dir = await mkdtemp(join(tmpdir(), 'sf-kill-'));
    await writeFile(join(dir, 'schema.sql'), V2);
    const config = join(dir, 'schemafleet.yml');
    await writeFile(
      config,
      `schema: schema.sql\ntenants:\n  schemas:\n    url: ${JSON.stringify(db.url)}\n    match: "tenant_%"\nledger:\n  url: ${JSON.stringify(ledgerDb.url)}\nrollout:\n  concurrency: 4\n  batchSize: 10\n`,
    );

    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'rollout', '--config', config, '--format', 'json', ...devUrlArgs()], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let finished = 0;
    let rolloutId = '';
    const killed = new Promise<void>((resolve, reject) => {
      const lines = createInterface({ input: child.stdout });
      lines.on('line', (line) => {
        const event = JSON.parse(line) as { type: string; rolloutId?: string };
        if (event.type === 'rollout-started') rolloutId = event.rolloutId ?? '';
        if (event.type === 'tenant-finished') finished++;
        // Past 40 tenants, killed as the next one starts: its batch is claimed and it is in flight
        // (a 40th result can land between batches, when nothing is claimed).
        if (event.type === 'tenant-started' && finished >= 40 && child.exitCode === null && !child.killed) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', () => (finished >= 40 ? resolve() : reject(new Error(`the rollout exited before it was killed: ${stderr}`))));
    });
    await killed;
    if (child.exitCode === null && child.signalCode === null) await new Promise((resolve) => child.once('exit', resolve));

    const inFlight = await ledgerDb.query<{ n: number }>("SELECT count(*)::int AS n FROM schemafleet.rollout_tenants WHERE rollout_id = $1 AND state = 'claimed'", [rolloutId]);
    expect(inFlight[0]?.n).toBeGreaterThan(0);

    const rerun = await cli(['rollout', '--config', config, '--stale-after', '1s', ...devUrlArgs()]);
    expect(rerun.stderr).not.toMatch(/^failed/m);
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toMatch(new RegExp(`rollout ${rolloutId} succeeded`));

    const desired = await desiredFrom(V2, 'app');
    for (const tenant of tenants) expect(await remainingSteps(tenant, desired)).toBe(0);
    const rows = await ledgerRows(ledgerDb, rolloutId);
    expect(rows).toHaveLength(150);
    expect(rows.filter((r) => r.state !== 'migrated' && r.state !== 'unchanged')).toEqual([]);
    // No INVALID index left behind by a build the kill interrupted.
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const invalid = await client.query('SELECT 1 FROM pg_index WHERE NOT indisvalid');
      expect(invalid.rows).toEqual([]);
    } finally {
      await client.end();
    }
  });
});
