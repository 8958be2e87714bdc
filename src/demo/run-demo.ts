import { rmSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { withClient } from '../db/with-client.js';
import { ExitCode } from '../errors.js';
import type { ReporterStreams } from '../report/rollout/rollout-reporter.js';
import { loadFleetConfig } from '../fleet/config/load-fleet-config.js';
import { tenantSourceFromConfig } from '../fleet/tenants/index.js';
import { clusterOf } from '../fleet/tenant.js';
import type { RolloutSummary } from '../fleet/rollout/run-rollout.js';
import type { HealthGate } from '../fleet/health/index.js';
import { renderPreflightText } from '../report/preflight/index.js';
import { textLinesReporter } from '../report/rollout/text-lines-reporter.js';
import { ttyProgressReporter } from '../report/rollout/tty-progress-reporter.js';
import { loadDesiredSchema } from '../schema/load/load-desired-schema.js';
import { startEmbeddedPostgres, type EmbeddedServer } from '../schema/scratch/embedded-server.js';
import { createDemoFleet, dropDemoDatabases, type DemoFleet } from './create-fleet.js';
import { readDemoSchemas } from './demo-files.js';
import { DEMO_URL_VARIABLE, writeDemoConfig } from './demo-config.js';
import { demoPreflight, demoRollout } from './demo-rollout.js';
import { demoReport } from './demo-report.js';
import { describeDrift } from './drift.js';
import { HEALTH_SETUP_SQL, createHealthFlip } from './health-flip.js';
import { createPauseTally } from './pause-tally.js';
import { formatDuration } from '../util/duration.js';

export interface RunDemoOptions {
  readonly schemaTenants: number;
  readonly databaseTenants: number;
  /** Keep the fleet afterwards: the databases on --dev-url, or the embedded server until Ctrl-C. */
  readonly keep: boolean;
  /** A server the demo may create databases on (superuser); none: an embedded PostgreSQL. */
  readonly devUrl?: string;
  readonly io: ReporterStreams;
  /** A terminal: the live progress bar, lines redrawn in place. */
  readonly tty: boolean;
  readonly concurrency?: number;
  readonly batchSize?: number;
  /** Stops the demo (Ctrl-C): the rollout cancels in-flight tenants after its grace period, then cleanup runs. */
  readonly signal?: AbortSignal;
  /** For --keep on an embedded server: resolves when the user is done looking (Ctrl-C). */
  readonly waitWhileKept?: () => Promise<void>;
}

export interface DemoResult {
  readonly exitCode: number;
  readonly summary: RolloutSummary | null;
  readonly fleet: DemoFleet | null;
  /** Set with keep: where schemafleet.yml (and, for an embedded server, demo.env) were written. */
  readonly keptDir: string | null;
}

const CLEAR_LINE = '\r\u001b[2K';

/**
 * `schemafleet demo`: a fleet on a PostgreSQL of its own (or on --dev-url), a preflight, and a
 * rollout to schema v2 through the product's own engine, config loader, ledger, health gate and
 * reporters, with one pause provoked on purpose. Everything it made is removed at the end, also when
 * it fails or is interrupted, unless `keep`.
 */
export async function runDemo(options: RunDemoOptions): Promise<DemoResult> {
  const { io } = options;
  const started = Date.now();
  const say = (text: string): void => io.stderr(`${options.tty ? CLEAR_LINE : ''}${text}\n`);
  const controller = new AbortController();
  const onAbort = (): void => controller.abort();
  if (options.signal?.aborted) controller.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });

  const dir = await mkdtemp(join(tmpdir(), 'schemafleet-demo-'));
  // On Ctrl-C the embedded server's exit hooks stop it and end the process, which can come before
  // their asynchronous removal of its data (and of our temp dir): whatever is left goes at exit.
  let serverDir: string | null = null;
  const removeDirsNow = (): void => {
    if (!options.keep) rmSync(dir, { recursive: true, force: true });
    if (serverDir) rmSync(serverDir, { recursive: true, force: true });
  };
  process.once('exit', removeDirsNow);
  let server: EmbeddedServer | null = null;
  const created: string[] = [];
  let adminUrl = options.devUrl ?? null;
  let keptDir: string | null = null;
  try {
    const schemas = await readDemoSchemas();
    if (!adminUrl) {
      say('starting an embedded PostgreSQL…');
      server = await startEmbeddedPostgres();
      adminUrl = server.url;
      serverDir = await embeddedServerDir(server.url);
    }
    const prefix = `schemafleet_demo_${randomBytes(3).toString('hex')}`;

    const fleetStart = Date.now();
    // The databases are named, so whatever a crash leaves can be found (and tests tell theirs apart).
    say(`creating ${options.schemaTenants} schema tenants and ${options.databaseTenants} database tenants on schema v1 (databases ${prefix}*)…`);
    const fleet = await createDemoFleet(
      {
        adminUrl,
        prefix,
        schemaTenants: options.schemaTenants,
        databaseTenants: options.databaseTenants,
        schemas,
        connections: 3,
        ...(options.tty ? { onProgress: (done: number, total: number) => io.stderr(`${CLEAR_LINE}  schemas ${done}/${total}`) } : {}),
      },
      created,
    );
    await withClient(fleet.mainUrl, (client) => client.query(HEALTH_SETUP_SQL));
    const fleetMs = Date.now() - fleetStart;
    const drifted = fleet.tenants.filter((tenant) => tenant.drift !== 'none');
    say(`fleet ready in ${formatDuration(fleetMs)} (schemas ${formatDuration(fleet.schemaMs)}, databases ${formatDuration(fleet.databaseMs)}); drifted on purpose:`);
    for (const tenant of drifted) say(`  ${tenant.id.padEnd(14)} ${describeDrift(tenant.drift)}`);
    if (controller.signal.aborted) return { exitCode: ExitCode.cancelled, summary: null, fleet, keptDir: null };

    const env = { ...process.env, [DEMO_URL_VARIABLE]: fleet.mainUrl };
    const configPath = await writeDemoConfig({ dir, schemaPath: schemas.v2Path, concurrency: options.concurrency ?? 10, batchSize: options.batchSize ?? 100 });
    const config = await loadFleetConfig(configPath, env);
    const source = tenantSourceFromConfig(config);
    // The scratch database for the desired schema goes on the same server: no second PostgreSQL.
    const desired = await loadDesiredSchema({ path: config.schema, schema: config.schemaName, devUrl: adminUrl });
    const run = { config, source, desired };

    say('\n── preflight (read-only: how each tenant would change, what could fail) ──');
    const preflightStart = Date.now();
    const report = await demoPreflight(run, controller.signal);
    const preflightMs = Date.now() - preflightStart;
    io.stdout(renderPreflightText(report));
    if (controller.signal.aborted) return { exitCode: ExitCode.cancelled, summary: null, fleet, keptDir: null };

    say(
      `\n── rollout to schema v2 (${config.rollout.concurrency} at a time, batches of ${config.rollout.batchSize}, ${config.rollout.canary.kind === 'count' ? `${config.rollout.canary.count} canaries first` : 'canaries first'}) ──`,
    );
    const flip = createHealthFlip({ url: fleet.mainUrl, say });
    const tally = createPauseTally();
    const reporter = options.tty ? ttyProgressReporter(io) : textLinesReporter(io, { progressEveryMs: 2_000 });
    const rolloutStart = Date.now();
    let summary: RolloutSummary;
    try {
      summary = await demoRollout(run, {
        reporter,
        observe: (event) => {
          tally.onEvent(event);
          flip.onEvent(event);
        },
        onGate: (gate: HealthGate | undefined) => flip.attach(gate, clusterOf({ url: fleet.mainUrl })),
        signal: controller.signal,
      });
    } finally {
      await flip.close();
    }
    const rolloutMs = Date.now() - rolloutStart;
    reporter.finish(summary);
    io.stdout(
      demoReport(
        summary,
        tally.pauses(),
        { schemaTenants: options.schemaTenants, databaseTenants: options.databaseTenants, drifted: drifted.length },
        { fleetMs, preflightMs, rolloutMs, totalMs: Date.now() - started },
      ),
    );

    if (options.keep) {
      keptDir = dir;
      await writeFile(join(dir, 'demo.env'), `export ${DEMO_URL_VARIABLE}='${fleet.mainUrl}'\n`, { mode: 0o600 });
      say(`\nkept: ${configPath}\n  . ${join(dir, 'demo.env')} && npx schemafleet status --config ${configPath}`);
      if (server) {
        say('the embedded PostgreSQL keeps running; press Ctrl-C to stop it and remove its data');
        await options.waitWhileKept?.();
      }
    }
    const exitCode = summary.state === 'succeeded' ? ExitCode.ok : summary.state === 'cancelled' ? ExitCode.cancelled : ExitCode.refused;
    return { exitCode, summary, fleet, keptDir };
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    if (server) {
      say('stopping the embedded PostgreSQL and removing its data…');
      await server.stop();
    } else if (adminUrl && !options.keep && created.length > 0) {
      await dropDemoDatabases(adminUrl, created);
    }
    if (!keptDir || server) await rm(dir, { recursive: true, force: true });
    // An embedded server stopped by a signal may still be removing its data when the process ends.
    if (!server) process.off('exit', removeDirsNow);
  }
}

/** The temp dir the embedded server's data lives in (its data directory's parent, named schemafleet-pg-…). */
async function embeddedServerDir(url: string): Promise<string | null> {
  const dataDir = await withClient(url, async (client) => (await client.query<{ data_directory: string }>('SHOW data_directory')).rows[0]?.data_directory);
  const parent = dataDir ? dirname(dataDir) : null;
  return parent && basename(parent).startsWith('schemafleet-pg-') ? parent : null;
}
