import type { Command } from 'commander';
import { blockingFindings } from '../lint/blocking-findings.js';
import { z } from 'zod';
import { ExitCode } from '../errors.js';
import { applyAndVerify, applyAndVerifySet, type VerifiedApplyResult } from '../apply/apply-and-verify.js';
import type { ApplyOptions } from '../apply/apply-types.js';
import type { Plan } from '../plan/step.js';
import { planSchemaSet } from '../plan/plan-schema-set.js';
import { lintSchemaSet } from '../lint/lint-schema-set.js';
import { describesSeveral, loadDesiredSetFor, schemaSetWarning, splitSchemaNames } from './schema-set-target.js';
import { loadDesiredSchema } from '../schema/load/load-desired-schema.js';
import type { CliContext, CliIo } from './cli-io.js';
import type { ExitCodeSink } from './run-cli.js';
import { addDevUrlOption, addTargetOptions, devUrlFrom, targetFlags } from './common-flags.js';
import { lockTimeout, parallelWorkers, parseFlags } from './flags.js';
import { assertSchemaPath } from './schema-source.js';
import { unsupportedWarning } from '../schema/unsupported-objects.js';
import { targetMajor } from './schema-source.js';
import { applyProgressPrinter } from './apply-progress.js';
import { formatDuration } from '../util/duration.js';
import { planToJson, toJsonText } from '../report/plan/plan-json.js';
import { RefusedError } from '../errors.js';
import type { Finding } from '../lint/rule.js';
import { lintMigration } from '../lint/lint-migration.js';
import { hasErrors } from '../lint/run-lint.js';
import { planMigration } from '../plan/plan-migration.js';
import { renderLintText } from '../report/lint/lint-text.js';
import { findingsToJson } from '../report/lint/lint-json.js';
import { addConfigOption, lintConfigFor } from './lint-command.js';
import { plural } from '../util/plural.js';

const applyFlags = targetFlags.extend({
  lockTimeout,
  parallelWorkers,
  allowDestructive: z.boolean().default(false),
  allowLintErrors: z.boolean().default(false),
  config: z.string().min(1).optional(),
  format: z.enum(['text', 'json'], { error: 'expected text or json' }).default('text'),
});

export function registerApplyCommand(program: Command, context: CliContext, exit: ExitCodeSink): void {
  const command = program.command('apply').description('bring a database schema to the schema file(s), then verify by planning again; exit 0 only when nothing is left to change');
  addConfigOption(addDevUrlOption(addTargetOptions(command)))
    .option('--lock-timeout <duration>', 'longest wait for any lock, e.g. 2s or 500ms; waits that run out are retried with backoff (default: 2s)')
    .option('--parallel-workers <n>', 'parallel workers an index build or validation scan may use on the server; each takes a core from the application while it runs (default: 0)')
    .option('--allow-destructive', 'run steps that lose data (dropped tables, columns, …)')
    .option('--allow-lint-errors', 'run a plan even when the linter reports error-level findings')
    .option('--format <format>', 'summary on stdout as text or json (default: text)')
    .action(async (options: unknown) => {
      exit.code = await runApply(options, context);
    });
}

async function runApply(options: unknown, { io, env }: CliContext): Promise<number> {
  const flags = parseFlags(applyFlags, options);
  const devUrl = devUrlFrom(flags.devUrl, env);
  await assertSchemaPath(flags.schema, '--schema');
  // Fails fast (exit 3) on a target that cannot be reached, before a scratch server is started.
  const major = await targetMajor(flags.url);
  const config = await lintConfigFor(flags.config);
  const { primary } = splitSchemaNames(flags.schemaName);
  let printer: ReturnType<typeof applyProgressPrinter> | undefined;
  let findings: Finding[] = [];
  // Linted from the live state just read, so what is refused is exactly what would run.
  const judge = (plan: Plan, warning: string | null, lint: () => Finding[]): void => {
    if (warning) io.stderr(`${warning}\n`);
    findings = plan.steps.length === 0 ? [] : lint();
    if (findings.length > 0) io.stderr(renderLintText(findings));
    const errors = blockingFindings(findings, flags);
    if (errors.length > 0) {
      // The count must add up with the "lint: N errors" line above: say which errors a flag excused.
      const excused = findings.filter((f) => f.severity === 'error').length - errors.length;
      const excusedNote = excused > 0 ? ` (${excused} more ${excused === 1 ? 'is a data-loss finding' : 'are data-loss findings'} that --allow-destructive accepts)` : '';
      throw new RefusedError(
        `refusing a plan with ${plural(errors.length, 'error-level lint finding')}${excusedNote}:\n${errors.map((f) => `  [${f.rule}] ${f.object}: ${f.message}`).join('\n')}`,
        `fix the schema change, ignore the finding with a reason, or pass --allow-lint-errors${errors.some((f) => f.category === 'data-loss') ? ' (or --allow-destructive for the data-loss findings)' : ''}`,
      );
    }
    printer = applyProgressPrinter(io, plan.steps.length);
  };
  const applyOptions = {
    lockTimeoutMs: flags.lockTimeout,
    parallelWorkers: flags.parallelWorkers,
    allowDestructive: flags.allowDestructive,
    onProgress: (event: Parameters<NonNullable<ApplyOptions['onProgress']>>[0]) => printer?.(event),
  };
  let result: VerifiedApplyResult;
  if (describesSeveral(flags)) {
    // Several schemas of the database: one plan over all of them (schema-set.ts).
    const desired = await loadDesiredSetFor({ ...flags, devUrl }, major);
    result = await applyAndVerifySet({ url: flags.url, schema: primary }, desired.set, {
      ...applyOptions,
      onPlanned: (plan, current) =>
        judge(plan, schemaSetWarning(current, 'of the target database'), () => lintSchemaSet(planSchemaSet(current, desired.set), desired.statements, config, { reportUnusedIgnores: false })),
    });
  } else {
    const desired = await loadDesiredSchema({ path: flags.schema, schema: primary, major, ...(devUrl ? { devUrl } : {}) });
    result = await applyAndVerify({ url: flags.url, schema: primary }, desired.model, {
      ...applyOptions,
      onPlanned: (plan, current) =>
        judge(plan, unsupportedWarning(current, `schema ${primary} of the target database`), () =>
          lintMigration(current, desired, planMigration(current, desired.model), config, { reportUnusedIgnores: false }),
        ),
    });
  }
  if (flags.format === 'json') io.stdout(toJsonText({ ...resultToJson(result), findings: findingsToJson(findings) }));
  else printSummary(io, result);
  return result.status === 'applied' ? ExitCode.ok : ExitCode.refused;
}

function resultToJson(result: VerifiedApplyResult): Record<string, unknown> {
  return {
    status: result.status,
    ...(result.reason ? { reason: result.reason } : {}),
    stepsRun: result.stepsRun,
    attempts: result.attempts,
    retries: result.retries,
    durationMs: result.durationMs,
    ...(result.error ? { error: result.error } : {}),
    plan: planToJson(result.plan),
    remaining: result.remaining.map((step) => step.sql),
  };
}

function printSummary(io: CliIo, result: VerifiedApplyResult): void {
  const total = result.plan.steps.length;
  const time = formatDuration(result.durationMs);
  if (result.status === 'applied') {
    io.stdout(
      total === 0
        ? 'no changes: the database already matches the schema\n'
        : `applied ${plural(total, 'step')} in ${time}; verified: a fresh plan is empty${result.retries ? ` (${result.retries} lock-timeout retr${result.retries === 1 ? 'y' : 'ies'})` : ''}\n`,
    );
    return;
  }
  if (result.reason === 'verification') {
    io.stdout(`applied ${plural(total, 'step')}, but verification failed\n`);
    io.stderr(`error: ${result.error?.message ?? 'verification failed'}\n`);
    return;
  }
  const error = result.error;
  const at = error && 'stepIndex' in error ? ` at step ${error.stepIndex + 1}/${total}` : '';
  io.stdout(`failed${at} after ${result.stepsRun} of ${total} steps committed (${time})\n`);
  if (error) {
    io.stderr(`error: ${error.message}${'sqlstate' in error && error.sqlstate ? ` (SQLSTATE ${error.sqlstate})` : ''}\n`);
    if ('sql' in error) io.stderr(`statement: ${error.sql}\n`);
  }
}
