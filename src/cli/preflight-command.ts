import type { Command } from 'commander';
import { z } from 'zod';
import { ExitCode } from '../errors.js';
import { loadDesiredSchemas } from '../schema/load/desired-schemas.js';
import { assertOneSchemaPerTenant } from '../fleet/config/one-schema-per-tenant.js';
import { tenantFilter } from '../fleet/tenants/index.js';
import { runPreflight } from '../fleet/preflight/index.js';
import type { PreflightReport } from '../fleet/preflight/index.js';
import { renderPreflightJson, renderPreflightMarkdown, renderPreflightText } from '../report/preflight/index.js';
import type { CliContext } from './cli-io.js';
import type { ExitCodeSink } from './run-cli.js';
import { addDevUrlOption, devUrlFrom } from './common-flags.js';
import { parseFlags, postgresUrl } from './flags.js';
import { configOption, loadFleet } from './fleet-cli.js';
import { onStopSignal } from '../util/stop-signals.js';

const wholeNumber = (what: string, min: number) =>
  z
    .string()
    .optional()
    .transform((text, ctx) => {
      if (text === undefined) return undefined;
      const value = Number(text);
      if (!Number.isInteger(value) || value < min) {
        ctx.addIssue({ code: 'custom', message: `expected ${what}, a whole number of at least ${min}` });
        return z.NEVER;
      }
      return value;
    });

const preflightFlags = z.object({
  config: z.string().min(1).default('schemafleet.yml'),
  tenants: z.array(z.string()).default([]),
  format: z.enum(['text', 'json', 'markdown'], { error: 'expected text, json or markdown' }).default('text'),
  concurrency: wholeNumber('a concurrency', 1),
  sample: wholeNumber('a number of tenant ids per group', 0),
  devUrl: postgresUrl.optional(),
});

export function registerPreflightCommand(program: Command, context: CliContext, exit: ExitCodeSink): void {
  const command = program
    .command('preflight')
    .description(
      'read-only across every tenant: plans grouped by live state (which tenants drift and how), lint findings per group, and data that would make the rollout fail, per tenant; exit 0 only when no tenant would fail',
    );
  addDevUrlOption(command)
    .option(...configOption)
    .option('--tenants <glob>', 'only tenants whose id matches (repeatable; !glob excludes)', (value: string, previous: string[] = []) => [...previous, value])
    .option('--format <format>', 'text, json or markdown (for a job summary or PR comment)')
    .option('--concurrency <n>', 'tenants read at once (default: rollout.concurrency)')
    .option('--sample <n>', 'tenant ids listed per group (default 10; counts are always complete)')
    .action(async (options: unknown) => {
      exit.code = await runPreflightCommand(options, context);
    });
}

async function runPreflightCommand(options: unknown, context: CliContext): Promise<number> {
  const { io, env } = context;
  const flags = parseFlags(preflightFlags, options);
  const devUrl = devUrlFrom(flags.devUrl, env);
  const { config, source } = await loadFleet(flags.config, env);
  assertOneSchemaPerTenant(config, 'preflight');
  // Schema-per-tenant fleets compare against a schema that is not public, as the rollout does.
  // Loaded again for each other PostgreSQL major version a tenant runs (desired-schemas.ts).
  const desired = await loadDesiredSchemas({ path: config.schema, schema: config.tenants.kind === 'schemas' ? 'schemafleet_desired' : config.schemaName, ...(devUrl ? { devUrl } : {}) });
  const concurrency = flags.concurrency ?? config.rollout.concurrency;
  const controller = new AbortController();
  // The one signal story (src/util/stop-signals.ts): the first signal ends the reading with a partial report, a second exits at once.
  const unsubscribe = onStopSignal({
    first: (signal) => {
      io.stderr(`${signal}: stopping — the report covers the tenants read so far; send it again to exit at once\n`);
      controller.abort();
    },
  });
  let report: PreflightReport;
  try {
    report = await runPreflight({
      desired: desired.primaryLoad,
      desiredFor: (version) => desired.forServer(version),
      source,
      ...(flags.tenants.length > 0 ? { filter: tenantFilter(flags.tenants) } : {}),
      lint: config.lint,
      concurrency,
      perClusterConcurrency: Math.min(config.rollout.perClusterConcurrency, concurrency),
      ...(flags.sample !== undefined ? { sampleSize: flags.sample } : {}),
      lockTimeoutMs: Math.min(config.rollout.lockTimeoutMs, 2_000),
      allowDestructive: config.rollout.allowDestructive,
      signal: controller.signal,
    });
  } finally {
    unsubscribe();
    await desired.close();
  }
  if (controller.signal.aborted) {
    io.stderr('preflight: interrupted; the report covers the tenants read so far\n');
  }
  const render = flags.format === 'json' ? renderPreflightJson : flags.format === 'markdown' ? renderPreflightMarkdown : renderPreflightText;
  io.stdout(render(report));
  if (controller.signal.aborted) return ExitCode.cancelled;
  return report.verdict.ok ? ExitCode.ok : ExitCode.refused;
}
