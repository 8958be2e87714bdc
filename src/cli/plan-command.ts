import type { Command } from 'commander';
import { z } from 'zod';
import { ExitCode } from '../errors.js';
import { readLiveSchema } from '../apply/read-live-schema.js';
import { loadDesiredSchema } from '../schema/load/load-desired-schema.js';
import { planMigration } from '../plan/plan-migration.js';
import { renderPlanSql } from '../plan/render-plan-sql.js';
import type { Plan } from '../plan/step.js';
import type { CliContext } from './cli-io.js';
import type { ExitCodeSink } from './run-cli.js';
import { addDevUrlOption, addTargetOptions, devUrlFrom, targetFlags } from './common-flags.js';
import { parseFlags } from './flags.js';
import { planToJson, toJsonText } from '../report/plan/plan-json.js';
import { assertSchemaPath, targetMajor } from './schema-source.js';
import { unsupportedWarning } from '../schema/unsupported-objects.js';
import type { SchemaModel } from '../schema/model.js';
import type { DesiredSchema } from '../schema/load/load-desired-schema.js';
import type { Finding } from '../lint/rule.js';
import { lintMigration } from '../lint/lint-migration.js';
import { renderLintText } from '../report/lint/lint-text.js';
import { findingsToJson } from '../report/lint/lint-json.js';
import { addConfigOption, lintConfigFor } from './lint-command.js';
import { describesSeveral, planForTargetSet, splitSchemaNames } from './schema-set-target.js';
import { lintSchemaSet } from '../lint/lint-schema-set.js';

const planFlags = targetFlags.extend({ format: z.enum(['sql', 'json'], { error: 'expected sql or json' }).default('sql'), config: z.string().min(1).optional() });

export function registerPlanCommand(program: Command, context: CliContext, exit: ExitCodeSink): void {
  const command = program.command('plan').description('print the steps that would bring a database schema to the schema file(s); changes nothing');
  addConfigOption(addDevUrlOption(addTargetOptions(command)))
    .option('--format <format>', 'sql or json (default: sql)')
    .action(async (options: unknown) => {
      exit.code = await runPlan(options, context);
    });
}

interface TargetPlan {
  readonly plan: Plan;
  readonly changes: ReturnType<typeof planMigration>['changes'];
  /** Objects in the live database that schemafleet leaves alone, as one warning line (or null). */
  readonly warning: string | null;
  readonly current: SchemaModel;
  readonly desired: DesiredSchema;
}

async function planForTarget(flags: { schema: string; url: string; schemaName: string; devUrl: string | undefined }): Promise<TargetPlan> {
  await assertSchemaPath(flags.schema, '--schema');
  // Fails fast (exit 3) on a target that cannot be reached, before a scratch server is started.
  const major = await targetMajor(flags.url);
  const desired = await loadDesiredSchema({ path: flags.schema, schema: flags.schemaName, major, ...(flags.devUrl ? { devUrl: flags.devUrl } : {}) });
  const current = await readLiveSchema(flags.url, flags.schemaName);
  return { ...planMigration(current, desired.model), warning: unsupportedWarning(current, `schema ${flags.schemaName} of the target database`), current, desired };
}

export function renderPlan(plan: Plan, format: 'sql' | 'json'): string {
  if (format === 'json') return toJsonText(planToJson(plan));
  if (plan.steps.length === 0) return '-- no changes\n';
  const sql = renderPlanSql(plan);
  return sql.endsWith('\n') ? sql : `${sql}\n`;
}

async function runPlan(options: unknown, { io, env }: CliContext): Promise<number> {
  const flags = parseFlags(planFlags, options);
  const devUrl = devUrlFrom(flags.devUrl, env);
  const config = await lintConfigFor(flags.config);
  if (describesSeveral(flags)) return runPlanSet({ ...flags, devUrl }, config, io);
  const target = await planForTarget({ ...flags, schemaName: splitSchemaNames(flags.schemaName).primary, devUrl });
  if (target.warning) io.stderr(`${target.warning}\n`);
  // Per tenant, an ignore with nothing to match means the tenant is past that change: not news.
  const findings: Finding[] = lintMigration(target.current, target.desired, target, config, { reportUnusedIgnores: false });
  if (flags.format === 'json') {
    io.stdout(toJsonText({ ...planToJson(target.plan), findings: findingsToJson(findings) }));
    return ExitCode.ok;
  }
  if (findings.length > 0) io.stderr(renderLintText(findings));
  io.stdout(renderPlan(target.plan, flags.format));
  return ExitCode.ok;
}

/** plan with --schema-name repeated: one plan over several schemas of the database. */
async function runPlanSet(flags: z.output<typeof planFlags> & { devUrl: string | undefined }, config: Awaited<ReturnType<typeof lintConfigFor>>, io: CliContext['io']): Promise<number> {
  const target = await planForTargetSet(flags);
  if (target.warning) io.stderr(`${target.warning}\n`);
  const findings = lintSchemaSet(target, target.desired.statements, config, { reportUnusedIgnores: false });
  if (flags.format === 'json') {
    io.stdout(toJsonText({ ...planToJson(target.plan), findings: findingsToJson(findings) }));
    return ExitCode.ok;
  }
  if (findings.length > 0) io.stderr(renderLintText(findings));
  io.stdout(renderPlan(target.plan, flags.format));
  return ExitCode.ok;
}
