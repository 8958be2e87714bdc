import type { Command } from 'commander';
import { z } from 'zod';
import { ExitCode, redactUrl } from '../errors.js';
import { planMigration } from '../plan/plan-migration.js';
import type { CliContext } from './cli-io.js';
import type { ExitCodeSink } from './run-cli.js';
import { addDevUrlOption, devUrlFrom } from './common-flags.js';
import { parseFlags, postgresUrl, requiredString, schemaName } from './flags.js';
import { parseSchemaSource, readSchemaSource, withSchemaLoader } from './schema-source.js';
import { renderPlan } from './plan-command.js';
import { planToJson, toJsonText } from '../report/plan/plan-json.js';
import { renderChangesText } from '../diff/change-lines.js';
import { assertNoUnsupportedObjects } from '../schema/unsupported-objects.js';

const SOURCE = 'a schema file, a folder of .sql files, or a postgres:// URL';

const diffFlags = z.object({
  from: requiredString(SOURCE),
  to: requiredString(SOURCE),
  schemaName,
  devUrl: postgresUrl.optional(),
  format: z.enum(['text', 'sql', 'json'], { error: 'expected text, sql or json' }).default('text'),
  exitCode: z.boolean().default(false),
});

export function registerDiffCommand(program: Command, context: CliContext, exit: ExitCodeSink): void {
  const command = program
    .command('diff')
    .description('compare two schemas, each a schema file/folder or a database URL; changes nothing')
    .option('--from <source>', `current side: ${SOURCE} (required)`)
    .option('--to <source>', `desired side: ${SOURCE} (required)`)
    .option('--schema-name <name>', 'PostgreSQL schema to compare on both sides (default: public)');
  addDevUrlOption(command)
    .option('--format <format>', 'text (object summary), sql (the plan) or json (changes and plan) (default: text)')
    .option('--exit-code', 'exit 1 when there are changes, 0 when there are none (as git diff --exit-code): for CI drift checks')
    .action(async (options: unknown) => {
      exit.code = await runDiff(options, context);
    });
}

async function runDiff(options: unknown, { io, env }: CliContext): Promise<number> {
  const flags = parseFlags(diffFlags, options);
  const devUrl = devUrlFrom(flags.devUrl, env);
  const from = await parseSchemaSource(flags.from, '--from');
  const to = await parseSchemaSource(flags.to, '--to');
  const { changes, plan } = await withSchemaLoader(devUrl, flags.schemaName, [from, to], async (loader) => {
    const warn = (line: string): void => io.stderr(`${line}\n`);
    const current = await readSchemaSource(from, { schemaName: flags.schemaName, loader, warn });
    const desired = await readSchemaSource(to, { schemaName: flags.schemaName, loader, warn });
    if (to.kind === 'url') assertNoUnsupportedObjects(desired, [], redactUrl(flags.to));
    return planMigration(current, desired);
  });
  if (flags.format === 'text') io.stdout(renderChangesText(changes));
  else if (flags.format === 'sql') io.stdout(renderPlan(plan, 'sql'));
  else io.stdout(toJsonText({ changes, plan: planToJson(plan) }));
  return flags.exitCode && changes.length > 0 ? ExitCode.refused : ExitCode.ok;
}
