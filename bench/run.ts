/**
 * `npm run bench`: the benchmarks, with their baselines measured in the same run, written to
 * docs/benchmarks.md (between the markers) and printed. Uses an embedded PostgreSQL unless
 * SCHEMAFLEET_BENCH_DATABASE_URL names a server to use.
 */
import { cpus, totalmem, platform, release } from 'node:os';
import { readFile, writeFile } from 'node:fs/promises';
import pg from 'pg';
import { startEmbeddedPostgres } from '../src/schema/scratch/embedded-server.js';
import { benchCore } from './bench-core.js';
import { benchFleet, type FleetBenchResult } from './bench-fleet.js';
import { benchReview } from './bench-review.js';
import { formatMs } from './measure.js';
import { benchRelease } from './bench-release.js';
import { releaseBlock } from './release-report.js';
import { benchScale, scaleBlock } from './bench-scale.js';

const started = Date.now();
const external = process.env.SCHEMAFLEET_BENCH_DATABASE_URL;
const server = external ? null : await startEmbeddedPostgres();
const adminUrl = external ?? server!.url;
const created: string[] = [];

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function databaseUrl(name: string): Promise<string> {
  const db = `${name}_${process.pid}`;
  await admin((c) => c.query(`DROP DATABASE IF EXISTS ${db}`).then(() => c.query(`CREATE DATABASE ${db}`)));
  created.push(db);
  const url = new URL(adminUrl);
  url.pathname = `/${db}`;
  return url.toString();
}

/** SCHEMAFLEET_BENCH_ONLY=core|fleet|release|scale|review runs one benchmark (and rewrites only its section). */
const only = process.env.SCHEMAFLEET_BENCH_ONLY;
const runs = (name: string): boolean => only === undefined || only === name;

function fleetBlock(fleet: FleetBenchResult, measuredOn: string): string {
  const mb = (n: number): string => `${n.toFixed(0)} MB`;
  const rate = (n: number): string => `${n.toFixed(1)}/s`;
  return [
    measuredOn,
    '',
    "| fleet | raw baseline | full rollout | rollout ÷ baseline (target ≥ 0.6) | every round's ratio | rollout peak RSS (target < 300 MB) |",
    '| --- | --- | --- | --- | --- | --- |',
    ...fleet.rows.map(
      (r) =>
        `| ${r.fleet} | ${rate(r.median.baseline.tenantsPerSecond)} (${r.median.baseline.seconds.toFixed(1)} s) | ${rate(r.median.rollout.tenantsPerSecond)} (${r.median.rollout.seconds.toFixed(1)} s) | ${r.median.ratio.toFixed(2)}× | ${r.rounds.map((round) => `${round.ratio.toFixed(2)}×`).join(', ')} | ${mb(r.peakRssMb)} |`,
    ),
    '',
    `Concurrency 8. ${fleet.roundsPerFleet} rounds per fleet, each a baseline and a rollout back to back (taking turns going first, a CHECKPOINT before each); ` +
      'the table shows the round with the median ratio. ' +
      `The change, as planned: ${fleet.planSteps.map((sql) => `\`${sql.replace(/\s+/g, ' ')}\``).join('; ')}. ` +
      `Building the fleets took ${fleet.setupSeconds.toFixed(0)} s. Reproduce with \`npm run bench\` ` +
      '(`SCHEMAFLEET_BENCH_ONLY=fleet`, `SCHEMAFLEET_BENCH_SCHEMA_TENANTS`, `SCHEMAFLEET_BENCH_DATABASE_TENANTS`, `SCHEMAFLEET_BENCH_ROUNDS` for smaller runs).',
  ].join('\n');
}

async function updateDoc(section: string, block: string): Promise<void> {
  const docPath = new URL('../docs/benchmarks.md', import.meta.url);
  const doc = await readFile(docPath, 'utf8');
  // An empty section (start and end on adjacent lines) matches too.
  const marker = new RegExp(`(<!-- bench:${section}:start -->\n)[\\s\\S]*?(<!-- bench:${section}:end -->)`);
  if (!marker.test(doc)) throw new Error(`docs/benchmarks.md has no bench:${section} markers`);
  await writeFile(
    docPath,
    doc.replace(marker, (_all, start: string, end: string) => `${start}${block}\n${end}`),
  );
}

try {
  const version = await admin(async (c) => (await c.query<{ server_version: string }>('SHOW server_version')).rows[0]?.server_version ?? '?');
  const cpu = cpus();
  const machine = `${cpu[0]?.model ?? 'unknown CPU'} × ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${platform()} ${release()}, Node ${process.version}, PostgreSQL ${version}${external ? '' : ' (embedded)'}`;
  const measuredOn = `Measured ${new Date().toISOString().slice(0, 10)} on: ${machine}.`;
  // The fleet runs first: its peak RSS is read in this process, and the core benchmark's 1,000-table
  // models and the baseline's connection pools would otherwise count against the rollout.
  if (runs('review')) {
    const review = await benchReview(adminUrl);
    const block = [
      measuredOn,
      '',
      '| what | median | p95 | target |',
      '| --- | --- | --- | --- |',
      `| review of a 16-table change on dev-url (read config and schemas, load base and head, diff, plan, lint) | ${formatMs(review.review.medianMs)} | ${formatMs(review.review.p95Ms)} | < 5 s |`,
      `| a fork's own sandbox: start and stop an embedded PostgreSQL | ${formatMs(review.sandboxStart.medianMs)} | ${formatMs(review.sandboxStart.p95Ms)} | — |`,
      '',
      `The change is ${review.changes} changes, ${review.steps} steps. Reproduce with \`SCHEMAFLEET_BENCH_ONLY=review npm run bench\`.`,
    ].join('\n');
    process.stdout.write(`\n${block}\n`);
    await updateDoc('review', block);
  }
  if (runs('release')) {
    const block = releaseBlock(await benchRelease(adminUrl), measuredOn);
    process.stdout.write(`\n${block}\n`);
    await updateDoc('release', block);
  }
  if (runs('scale')) {
    const block = scaleBlock(await benchScale(adminUrl), measuredOn);
    process.stdout.write(`\n${block}\n`);
    await updateDoc('scale', block);
  }
  if (runs('fleet')) {
    const fleet = await benchFleet(adminUrl);
    const block = fleetBlock(fleet, measuredOn);
    process.stdout.write(`\n${block}\n`);
    await updateDoc('fleet', block);
  }
  if (runs('core')) {
    const core = await benchCore(databaseUrl);
    const lines = [
      `Measured ${new Date().toISOString().slice(0, 10)} on: ${machine}.`,
      '',
      '| what | schemafleet (median) | p95 | baseline @pgkit/migra (median) | target |',
      '| --- | --- | --- | --- | --- |',
      ...core.rows.map((r) => `| ${r.what} | ${formatMs(r.ours.medianMs)} | ${formatMs(r.ours.p95Ms)} | ${r.baseline ? formatMs(r.baseline.medianMs) : '—'} | ${r.target} |`),
      '',
      `The 1,000-table change plans to ${core.planSteps} steps. Reproduce with \`npm run bench\`.`,
    ];
    const block = lines.join('\n');
    process.stdout.write(`${block}\n`);
    await updateDoc('core', block);
  }
  process.stdout.write(`\n(docs/benchmarks.md updated; ${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
} finally {
  for (const db of created) await admin((c) => c.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`)).catch(() => undefined);
  await server?.stop();
}
