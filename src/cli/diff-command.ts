import type { Command } from 'commander';
import { z } from 'zod';
import { ExitCode, redactUrl } from '../errors.js';
import { planMigration } from '../plan/plan-migration.js';
import type { CliContext } from './cli-io.js';
import type { ExitCodeSink } from './run-cli.js';
import { addDevUrlOption, devUrlFrom } from './common-flags.js';
import { collectRepeated, parseFlags, postgresUrl, requiredString, schemaNames } from './flags.js';
import { planSchemaSet } from '../plan/plan-schema-set.js';
import type { SchemaChange } from '../diff/schema-change.js';
import type { Plan } from '../plan/step.js';
import { readSchemaSetSources, splitSchemaNames } from './schema-set-target.js';
import type { SchemaSource } from './schema-source.js';
import { parseSchemaSource, readSchemaSource, withSchemaLoader } from './schema-source.js';
import { renderPlan } from './plan-command.js';
import { planToJson, toJsonText } from '../report/plan/plan-json.js';
import { renderChangesText } from '../diff/change-lines.js';
import { assertNoUnsupportedObjects } from '../schema/unsupported-objects.js';

const SOURCE = 'a schema file, a folder of .sql files, or a postgres:// URL';

const diffFlags = z.object({
  from: requiredString(SOURCE),
  to: requiredString(SOURCE),
  schemaName: schemaNames,
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
    .option('--schema-name <name>', 'PostgreSQL schema to compare on both sides (default: public); repeat it for several schemas of one database', collectRepeated);
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
  const warn = (line: string): void => io.stderr(`${line}\n`);
  const { primary } = splitSchemaNames(flags.schemaName);
  const { changes, plan } =
    flags.schemaName.length > 1
      ? await diffSchemaSets(from, to, flags.schemaName, devUrl, warn, flags.to)
      : await withSchemaLoader(devUrl, primary, [from, to], async (loader) => {
          const current = await readSchemaSource(from, { schemaName: primary, loader, warn });
          const desired = await readSchemaSource(to, { schemaName: primary, loader, warn });
          if (to.kind === 'url') assertNoUnsupportedObjects(desired, [], redactUrl(flags.to));
          return planMigration(current, desired);
        });
  if (flags.format === 'text') io.stdout(renderChangesText(changes));
  else if (flags.format === 'sql') io.stdout(renderPlan(plan, 'sql'));
  else io.stdout(toJsonText({ changes, plan: planToJson(plan) }));
  return flags.exitCode && changes.length > 0 ? ExitCode.refused : ExitCode.ok;
}

/** diff over several schemas of one database (schema-set.ts). */
async function diffSchemaSets(
  from: SchemaSource,
  to: SchemaSource,
  names: readonly string[],
  devUrl: string | undefined,
  warn: (line: string) => void,
  toText: string,
): Promise<{ changes: readonly SchemaChange[]; plan: Plan }> {
  const { current, desired } = await readSchemaSetSources(from, to, names, devUrl, warn, toText);
  return planSchemaSet(current, desired.set);
}
