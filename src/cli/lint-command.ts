import { stat } from 'node:fs/promises';
import type { Command } from 'commander';
import { z } from 'zod';
import { ExitCode, redactUrl } from '../errors.js';
import type { LintConfig } from '../lint/lint-config-schema.js';
import { lintMigration } from '../lint/lint-migration.js';
import { readLintConfig } from '../lint/read-lint-config.js';
import { allRules } from '../lint/rules/index.js';
import { hasErrors } from '../lint/run-lint.js';
import { planMigration } from '../plan/plan-migration.js';
import { renderLint, LINT_FORMATS } from '../report/lint/render-lint.js';
import type { SchemaStatement } from '../schema/load/load-desired-schema.js';
import type { SchemaModel } from '../schema/model.js';
import { assertNoUnsupportedObjects } from '../schema/unsupported-objects.js';
import type { CliContext } from './cli-io.js';
import { addDevUrlOption, devUrlFrom } from './common-flags.js';
import { collectRepeated, parseFlags, postgresUrl, requiredString, schemaNames } from './flags.js';
import type { ExitCodeSink } from './run-cli.js';
import { parseSchemaSource, readSchemaSource, withSchemaLoader, type SchemaSource } from './schema-source.js';
import { readSchemaSetSources, splitSchemaNames } from './schema-set-target.js';
import { lintSchemaSet } from '../lint/lint-schema-set.js';
import { planSchemaSet } from '../plan/plan-schema-set.js';
import type { Finding } from '../lint/rule.js';

const SOURCE = 'a schema file, a folder of .sql files, or a postgres:// URL';
const DEFAULT_CONFIG = 'schemafleet.yml';

const lintFlags = z.object({
  from: requiredString(SOURCE),
  to: requiredString(SOURCE),
  schemaName: schemaNames,
  devUrl: postgresUrl.optional(),
  format: z.enum(LINT_FORMATS, { error: 'expected text, json, markdown or sarif' }).default('text'),
  config: z.string().min(1, 'expected a path to schemafleet.yml').optional(),
});

export function addConfigOption(command: Command): Command {
  return command.option('--config <path>', `schemafleet.yml whose lint: section configures the rules (default: ./${DEFAULT_CONFIG} when it exists)`);
}

/** The lint config of a command: --config, else ./schemafleet.yml when there is one, else the defaults. */
export async function lintConfigFor(flag: string | undefined): Promise<LintConfig | undefined> {
  if (flag !== undefined) return readLintConfig(flag, allRules);
  const found = await stat(DEFAULT_CONFIG).catch(() => null);
  return found?.isFile() ? readLintConfig(DEFAULT_CONFIG, allRules) : undefined;
}

export function registerLintCommand(program: Command, context: CliContext, exit: ExitCodeSink): void {
  const command = program
    .command('lint')
    .description('report the migration risks of going from one schema to another; exit 1 when any finding is an error')
    .option('--from <source>', `current side: ${SOURCE} (required)`)
    .option('--to <source>', `desired side: ${SOURCE} (required)`)
    .option('--schema-name <name>', 'PostgreSQL schema to compare on both sides (default: public); repeat it for several schemas of one database', collectRepeated)
    .option('--format <format>', 'text, json, markdown or sarif (default: text)');
  addConfigOption(addDevUrlOption(command)).action(async (options: unknown) => {
    exit.code = await runLint(options, context);
  });
}

async function runLint(options: unknown, { io, env }: CliContext): Promise<number> {
  const flags = parseFlags(lintFlags, options);
  const devUrl = devUrlFrom(flags.devUrl, env);
  const config = await lintConfigFor(flags.config);
  const from = await parseSchemaSource(flags.from, '--from');
  const to = await parseSchemaSource(flags.to, '--to');
  const warn = (line: string): void => io.stderr(`${line}\n`);
  const { primary } = splitSchemaNames(flags.schemaName);
  const findings =
    flags.schemaName.length > 1
      ? await lintSchemaSets(from, to, flags.schemaName, devUrl, warn, flags.to, config)
      : await withSchemaLoader(devUrl, primary, [from, to], async (loader) => {
          const current = await readSchemaSource(from, { schemaName: primary, loader, warn });
          let desired: { model: SchemaModel; statements: readonly SchemaStatement[] };
          if (to.kind === 'path') {
            desired = await loader.load(to.path);
          } else {
            desired = { model: await readSchemaSource(to, { schemaName: primary, loader, warn }), statements: [] };
            assertNoUnsupportedObjects(desired.model, [], redactUrl(flags.to));
          }
          const found = lintMigration(current, desired, planMigration(current, desired.model), config);
          return { found, fallbackFile: desired.statements[0]?.location.file ?? null };
        });
  io.stdout(renderLint(findings.found, flags.format, { rules: allRules, fallbackFile: findings.fallbackFile, version: '0.1.0' }));
  return hasErrors(findings.found) ? ExitCode.refused : ExitCode.ok;
}

/** lint over several schemas of one database (schema-set.ts): each schema's part linted as one schema would be. */
async function lintSchemaSets(
  from: SchemaSource,
  to: SchemaSource,
  names: readonly string[],
  devUrl: string | undefined,
  warn: (line: string) => void,
  toText: string,
  config: LintConfig | undefined,
): Promise<{ found: Finding[]; fallbackFile: string | null }> {
  const { current, desired } = await readSchemaSetSources(from, to, names, devUrl, warn, toText);
  const found = lintSchemaSet(planSchemaSet(current, desired.set), desired.statements, config);
  return { found, fallbackFile: desired.statements[0]?.location.file ?? null };
}
