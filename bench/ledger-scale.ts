/**
 * The ledger alone at fleet scale, no tenants touched: a rollout of N tenants registered, then
 * worked through as a worker does it (claim a batch of 50, record each result), with the claim and
 * `status` timed as the rollout goes. Prints a line per tenth of the fleet, and with
 * SCHEMAFLEET_LEDGER_EXPLAIN=1 the claim's EXPLAIN (ANALYZE, BUFFERS) halfway.
 *
 *   tsx bench/ledger-scale.ts postgres://postgres@127.0.0.1:5432/postgres 100000
 */
import pg from 'pg';
import { openLedger } from '../src/fleet/ledger/index.js';
import { CLAIM_AFTER_SQL, CLAIM_SQL, claimParams } from '../src/fleet/ledger/tenant-claims.js';
import { withClient } from '../src/db/with-client.js';
import { withDatabase } from '../src/db/database-url.js';

const BATCH = 50;
const adminUrl = process.argv[2] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const size = Number(process.argv[3] ?? 100_000);
const name = `bench_ledger_${process.pid}`;
await withClient(adminUrl, (c) => c.query(`CREATE DATABASE ${name}`));
const url = withDatabase(adminUrl, name);
const ledger = await openLedger(url);
try {
  await ledger.ensureSchema();
  const { rollout } = await ledger.findOrCreateRollout({ schemaHash: 'scale', commit: null, actor: null, config: {} });
  for (let start = 0; start < size; start += 500) {
    const page = Array.from({ length: Math.min(500, size - start) }, (_, i) => {
      const n = start + i;
      return { id: `db_${Math.floor(n / 10_000)}/t_${String(n % 10_000).padStart(6, '0')}`, cluster: 'c', schema: `t_${n}`, wave: 'default', sequence: 2_000_000_000 + n };
    });
    await ledger.registerTenants(rollout.id, page);
  }
  await ledger.refreshStatistics();
  let cursor: { sequence: number; tenantId: string; wave: string | null } | undefined;
  let claimMs = 0;
  let claims = 0;
  let recordMs = 0;
  let done = 0;
  const report = async (): Promise<void> => {
    const started = performance.now();
    await ledger.status(rollout.id);
    const statusMs = performance.now() - started;
    process.stdout.write(
      `${String(done).padStart(7)} done: claim ${(claimMs / Math.max(1, claims)).toFixed(2)} ms, record ${(recordMs / Math.max(1, done)).toFixed(2)} ms, status ${statusMs.toFixed(1)} ms\n`,
    );
    claimMs = 0;
    claims = 0;
  };
  while (done < size) {
    if (process.env.SCHEMAFLEET_LEDGER_EXPLAIN && done === Math.floor((size * 0.8) / BATCH) * BATCH) await explainClaim(url, rollout.id, cursor);
    const started = performance.now();
    const claimed = await ledger.claimTenants(rollout.id, 'w1', BATCH, { staleAfterMs: 30_000, inWaveOrder: true, ...(cursor ? { after: cursor } : {}) });
    cursor = claimed.at(-1) ?? cursor;
    claimMs += performance.now() - started;
    claims += 1;
    if (claimed.length === 0) throw new Error(`nothing claimed at ${done} of ${size}`);
    const recordStarted = performance.now();
    await Promise.all(claimed.map((claim) => ledger.recordTenantResult(rollout.id, claim.tenantId, 'w1', { outcome: 'migrated', steps: 1, durationMs: 1, planFingerprint: 'p', error: null })));
    recordMs += performance.now() - recordStarted;
    done += claimed.length;
    if (done % Math.max(BATCH, Math.floor(size / 10 / BATCH) * BATCH) === 0) await report();
  }
} finally {
  await ledger.close();
  await withClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

/** The claim's plan, with what it reads, at this point of the rollout (rolled back: nothing is claimed). */
async function explainClaim(ledgerUrl: string, rolloutId: string, after: { sequence: number; tenantId: string; wave: string | null } | undefined): Promise<void> {
  const client = new pg.Client({ connectionString: ledgerUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    // The full claim (a worker's first, or once its cursor's wave has nothing ahead), then the claim from the cursor.
    const full = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${CLAIM_SQL}`, claimParams(rolloutId, 'w2', BATCH, { staleAfterMs: 30_000, inWaveOrder: true }));
    await client.query('ROLLBACK; BEGIN');
    const fromCursor = after
      ? await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${CLAIM_AFTER_SQL}`, [rolloutId, 'w2', BATCH, [], after.sequence, after.tenantId, after.wave, null])
      : { rows: [] };
    for (const row of [...full.rows, { 'QUERY PLAN': '--- from the cursor:' }, ...fromCursor.rows]) process.stdout.write(`${row['QUERY PLAN']}\n`);
    await client.query('ROLLBACK');
  } finally {
    await client.end();
  }
}
