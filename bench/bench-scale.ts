/**
 * Large fleets: schema tenants with one small table each (SCHEMAFLEET_BENCH_SCALE sizes, default
 * 1,000 and 10,000; at most SCHEMAFLEET_BENCH_SCALE_PER_DATABASE schemas in one database), each
 * brought through a one-step change by a rollout in a child process (bench/scale-child.ts), whose
 * peak RSS, ledger time per tenant and `status` time are what this measures.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import PQueue from 'p-queue';
import { introspectSchema } from '../src/schema/introspect/introspect-schema.js';
import { withClient } from '../src/db/with-client.js';
import { withDatabase } from '../src/db/database-url.js';
import { chunked } from '../src/util/chunked.js';
import type { ScaleJob, ScaleResult } from './scale-child.js';

const V1 = 'CREATE TABLE items (id integer PRIMARY KEY, note text);';
const V2 = 'CREATE TABLE items (id integer PRIMARY KEY, note text, flag boolean);';
const CONCURRENCY = 8;
const SCHEMAS_PER_STATEMENT = 100;

export interface ScaleBenchResult {
  readonly rows: readonly (ScaleResult & { readonly databases: number; readonly setupSeconds: number })[];
}

async function runChild(job: ScaleJob): Promise<ScaleResult> {
  const dir = await mkdtemp(join(tmpdir(), 'schemafleet-scale-'));
  try {
    const jobPath = join(dir, 'job.json');
    await writeFile(jobPath, JSON.stringify(job));
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./scale-child.ts', import.meta.url)), jobPath], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    if (code !== 0) throw new Error(`scale child exited with ${code}`);
    return JSON.parse(out.trim().split('\n').at(-1)!) as ScaleResult;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function benchScale(adminUrl: string): Promise<ScaleBenchResult> {
  const sizes = (process.env.SCHEMAFLEET_BENCH_SCALE ?? '1000,10000').split(',').map(Number);
  const perDatabase = Number(process.env.SCHEMAFLEET_BENCH_SCALE_PER_DATABASE ?? 10_000);
  const prefix = `bench_scale_${process.pid}`;
  const admin = new PQueue({ concurrency: 2 });
  const created: string[] = [];
  const createDatabase = async (name: string): Promise<string> => {
    await withClient(adminUrl, (c) => c.query(`CREATE DATABASE ${name}`));
    created.push(name);
    return withDatabase(adminUrl, name);
  };
  const dropAll = async (): Promise<void> => {
    for (const db of created.splice(0)) await withClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`)).catch(() => undefined);
  };
  const rows: ScaleBenchResult['rows'][number][] = [];
  try {
    const desiredUrl = await createDatabase(`${prefix}_desired`);
    const desired = await withClient(desiredUrl, async (c) => {
      await c.query(V2);
      return introspectSchema(c, 'public');
    });
    for (const size of sizes) {
      const setupStart = performance.now();
      const databases = Math.ceil(size / perDatabase);
      const schemasPerDatabase = Math.ceil(size / databases);
      const urls: string[] = [];
      for (let d = 0; d < databases; d++) urls.push(await createDatabase(`${prefix}_${size}_${d}`));
      const names = Array.from({ length: schemasPerDatabase }, (_, i) => `t_${String(i).padStart(6, '0')}`);
      await Promise.all(
        urls.flatMap((url) =>
          chunked(names, SCHEMAS_PER_STATEMENT).map((chunk) => admin.add(() => withClient(url, (c) => c.query(chunk.map((n) => `CREATE SCHEMA ${n}; SET search_path TO ${n}; ${V1}`).join('\n'))))),
        ),
      );
      const ledgerUrl = await createDatabase(`${prefix}_${size}_ledger`);
      const setupSeconds = (performance.now() - setupStart) / 1000;
      process.stderr.write(`scale bench: ${size.toLocaleString('en-US')} tenants built in ${setupSeconds.toFixed(0)} s\n`);
      const result = await runChild({ ledgerUrl, databaseUrls: urls, schemasPerDatabase, desired, concurrency: CONCURRENCY });
      if (result.migrated !== result.tenants) throw new Error(`scale rollout migrated ${result.migrated} of ${result.tenants}`);
      rows.push({ ...result, databases, setupSeconds });
      // The next size's fleet is built on a server without this one's catalogs (and autovacuum after them).
      for (const db of created.filter((name) => name.startsWith(`${prefix}_${size}_`))) {
        await withClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`)).catch(() => undefined);
        created.splice(created.indexOf(db), 1);
      }
    }
    return { rows };
  } finally {
    await dropAll();
  }
}

export function scaleBlock(result: ScaleBenchResult, measuredOn: string): string {
  const callMs = (r: ScaleResult, name: string): string => {
    const entry = r.ledgerCalls[name];
    return entry ? `${entry.calls.toLocaleString('en-US')} × ${(entry.ms / entry.calls).toFixed(2)} ms` : '—';
  };
  return [
    measuredOn,
    '',
    '| tenants | databases | rollout | tenants/s | peak RSS (target < 300 MB) | ledger ms per tenant | claims | records | registration (pages of 500) | `status` once, after |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...result.rows.map(
      (r) =>
        `| ${r.tenants.toLocaleString('en-US')} | ${r.databases} | ${r.seconds.toFixed(1)} s | ${(r.tenants / r.seconds).toFixed(0)} | ${r.peakRssMb.toFixed(0)} MB | ${r.ledgerMsPerTenant.toFixed(2)} | ${callMs(r, 'claim')} | ${callMs(r, 'record')} | ${callMs(r, 'registerTenants')} | ${r.statusMs.toFixed(1)} ms |`,
    ),
    '',
    `Schema tenants with one small table each (\`${V1}\`), the change adds a column; concurrency ${CONCURRENCY}, batches of 50, a rollout in a process of its own (peak RSS sampled every 50 ms), ` +
      'the tenants generated page by page as a query source returns them. Ledger ms per tenant: every ledger call of the rollout (registration, claims, records, heartbeats, status polls) ÷ tenants. ' +
      'Reproduce with `SCHEMAFLEET_BENCH_ONLY=scale npm run bench` (`SCHEMAFLEET_BENCH_SCALE=1000,10000,100000`, `SCHEMAFLEET_BENCH_SCALE_PER_DATABASE`).',
  ].join('\n');
}
