import type { Command } from 'commander';
import { z } from 'zod';
import { ExitCode } from '../errors.js';
import { loadDesiredSchemas } from '../schema/load/desired-schemas.js';
import { healthGateFor } from '../fleet/health/health-gate-from-config.js';
import { newWorkerId } from '../fleet/ledger/index.js';
import { tenantFilter } from '../fleet/tenants/index.js';
import { rolloutLedger } from '../fleet/rollout/ledger-adapter.js';
import { runRollout, type RolloutSummary } from '../fleet/rollout/run-rollout.js';
import type { RolloutEvent } from '../fleet/rollout-events.js';
import { lintMigration } from '../lint/lint-migration.js';
import { jsonLinesReporter } from '../report/rollout/json-lines-reporter.js';
import { textLinesReporter } from '../report/rollout/text-lines-reporter.js';
import { ttyProgressReporter } from '../report/rollout/tty-progress-reporter.js';
import type { RolloutReporter } from '../report/rollout/rollout-reporter.js';
import { processIo, type CliContext } from './cli-io.js';
import type { ExitCodeSink } from './run-cli.js';
import { addDevUrlOption, devUrlFrom } from './common-flags.js';
import { parseFlags, postgresUrl } from './flags.js';
import { formatDuration, parseDurationMs } from '../util/duration.js';
import { configOption, loadFleet } from './fleet-cli.js';
import { openFleetLedger } from '../fleet/ledger/open-fleet-ledger.js';
import { onStopSignal } from '../util/stop-signals.js';
import { rolloutSchemaSetFor } from './rollout-schema-set.js';

/** In-flight tenants get this long after the first SIGINT/SIGTERM (--grace). */
const DEFAULT_GRACE_MS = 5_000;

const positiveInt = (what: string) =>
  z
    .string()
    .optional()
    .transform((text, ctx) => {
      if (text === undefined) return undefined;
      const value = Number(text);
      if (!Number.isInteger(value) || value < 1) {
        ctx.addIssue({ code: 'custom', message: `expected ${what}, a whole number of at least 1` });
        return z.NEVER;
      }
      return value;
    });

const duration = z
  .string()
  .optional()
  .transform((text, ctx) => {
    if (text === undefined) return undefined;
    const ms = parseDurationMs(text);
    if (ms === null) {
      ctx.addIssue({ code: 'custom', message: 'expected a duration such as 5s or 500ms' });
      return z.NEVER;
    }
    return ms;
  });

const rolloutFlags = z.object({
  config: z.string().min(1).default('schemafleet.yml'),
  dryRun: z.boolean().default(false),
  tenants: z.array(z.string()).default([]),
  format: z.enum(['text', 'json'], { error: 'expected text or json' }).default('text'),
  worker: z
    .string()
    .regex(/^\d+\/\d+$/, 'expected i/n, e.g. 1/4')
    .refine((text) => {
      const [i, n] = text.split('/').map(Number);
      return i !== undefined && n !== undefined && i >= 1 && i <= n;
    }, 'expected i/n with 1 ≤ i ≤ n')
    .optional(),
  batchSize: positiveInt('a batch size'),
  concurrency: positiveInt('a concurrency'),
  grace: duration,
  staleAfter: duration,
  devUrl: postgresUrl.optional(),
});

export function registerRolloutCommand(program: Command, context: CliContext, exit: ExitCodeSink): void {
  const command = program
    .command('rollout')
    .description('bring every tenant to the schema: batched, throttled by the health gate, resumable, shared by any number of workers; exit 0 only when every tenant is at the schema');
  addDevUrlOption(command)
    .option(...configOption)
    .option('--dry-run', 'plan every tenant and report what would change; changes nothing and records nothing')
    .option('--tenants <glob>', 'only tenants whose id matches (repeatable; !glob excludes)', (value: string, previous: string[] = []) => [...previous, value])
    .option('--format <format>', 'text (a live progress bar on a terminal, one line per tenant otherwise) or json (JSON lines on stdout)')
    .option('--worker <i/n>', 'this is worker i of n sharing the rollout (names the worker; all workers drain one queue)')
    .option('--batch-size <n>', 'tenants claimed per batch (default: rollout.batchSize, 50)')
    .option('--concurrency <n>', 'tenants migrated at once (default: rollout.concurrency)')
    .option('--grace <duration>', 'on SIGINT/SIGTERM, how long in-flight tenants may finish before they are cancelled (default: 5s)')
    .option('--stale-after <duration>', 'claims of a worker silent this long are taken over (default: 30s)')
    .action(async (options: unknown) => {
      exit.code = await runRolloutCommand(options, context);
    });
}

async function runRolloutCommand(options: unknown, context: CliContext): Promise<number> {
  const { io } = context;
  const flags = parseFlags(rolloutFlags, options);
  // Subscribed before anything slow (the scratch server, the tenant list): a signal at any moment
  // takes the one way out (src/util/stop-signals.ts), never the scratch server's or a library's.
  const controller = new AbortController();
  const grace = flags.grace ?? DEFAULT_GRACE_MS;
  const unsubscribe = onStopSignal({
    first: (signal) => {
      io.stderr(`${signal}: stopping — no new tenant starts, those in flight get ${formatDuration(grace)} and are then cancelled (rolled back); send it again to exit at once\n`);
      controller.abort();
    },
    second: (signal) => io.stderr(`${signal} again: exiting now; tenants this worker still holds are taken over by the next run once its claims are stale (--stale-after)\n`),
  });
  try {
    return await rolloutWithSignal(flags, context, controller, grace);
  } finally {
    unsubscribe();
  }
}

async function rolloutWithSignal(flags: z.infer<typeof rolloutFlags>, context: CliContext, controller: AbortController, grace: number): Promise<number> {
  const { env } = context;
  const devUrl = devUrlFrom(flags.devUrl, env);
  const { config, source } = await loadFleet(flags.config, env);
  const settings = {
    ...config.rollout,
    ...(flags.batchSize ? { batchSize: flags.batchSize } : {}),
    ...(flags.concurrency ? { concurrency: flags.concurrency } : {}),
  };
  // Schema-per-tenant fleets compare against a schema that is not public (public carries a comment of its own).
  // Loaded again for each other PostgreSQL major version a tenant runs (desired-schemas.ts).
  // Database tenants of several schemas (schemaNames) are planned as one set each (schema-set-tenant.ts).
  const several = config.schemaNames ? await rolloutSchemaSetFor(config, config.schemaNames, devUrl) : null;
  const desired = several
    ? { primary: several.desired, forServer: async () => several.desired, primaryLoad: { model: several.desired }, close: async () => undefined }
    : await loadDesiredSchemas({ path: config.schema, schema: config.tenants.kind === 'schemas' ? 'schemafleet_desired' : config.schemaName, ...(devUrl ? { devUrl } : {}) });

  if (controller.signal.aborted) {
    context.io.stderr('interrupted before the rollout started: nothing was claimed or changed\n');
    return ExitCode.cancelled;
  }
  const reporter = pickReporter(flags.format, context);
  const onEvent = (event: RolloutEvent): void => reporter.onEvent(event);
  const gate = healthGateFor(config, onEvent);
  const ledger = flags.dryRun
    ? undefined
    : rolloutLedger(await openFleetLedger(config, source), {
        actor: env.GITHUB_ACTOR ?? env.USER ?? null,
        ...(flags.staleAfter ? { staleAfterMs: flags.staleAfter } : {}),
        config: { batchSize: settings.batchSize, concurrency: settings.concurrency, source: source.description },
      });
  gate?.start();
  let summary: RolloutSummary;
  try {
    summary = await runRollout({
      settings,
      desired: desired.primary,
      desiredFor: (version) => desired.forServer(version),
      source,
      ...(ledger ? { ledger } : {}),
      ...(gate ? { healthGate: gate } : {}),
      workerId: flags.worker ? `${flags.worker.replace('/', 'of')}_${newWorkerId()}` : newWorkerId(),
      dryRun: flags.dryRun,
      ...(flags.tenants.length > 0 ? { filter: tenantFilter(flags.tenants) } : {}),
      signal: controller.signal,
      graceMs: grace,
      onEvent,
      lint: (current, migration) => lintMigration(current, desired.primaryLoad, migration, config.lint, { reportUnusedIgnores: false }),
      commit: env.GITHUB_SHA ?? null,
      ...(several ? { schemaSet: several.schemaSet } : {}),
    });
  } finally {
    await gate?.stop().catch(() => undefined);
    await ledger?.close().catch(() => undefined);
    await desired.close();
  }
  reporter.finish(summary);
  return exitCodeOf(summary);
}

/** 0 only when every tenant is at the schema (a dry run: when none would fail). */
function exitCodeOf(summary: RolloutSummary): number {
  if (summary.state === 'cancelled') return ExitCode.cancelled;
  if (summary.state === 'succeeded') return ExitCode.ok;
  if (summary.state === 'dry-run') return summary.totals.failed === 0 ? ExitCode.ok : ExitCode.refused;
  return ExitCode.refused;
}

function pickReporter(format: 'text' | 'json', { io }: CliContext): RolloutReporter {
  if (format === 'json') return jsonLinesReporter(io);
  // Only the real stderr can be a terminal; captured output (tests, pipes) gets plain lines.
  const tty = io === processIo && process.stderr.isTTY === true;
  return tty ? ttyProgressReporter(io) : textLinesReporter(io);
}
