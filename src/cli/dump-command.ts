import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { z } from 'zod';
import { BadInputError, ExitCode, redactUrl } from '../errors.js';
import { readLiveSchema } from '../apply/read-live-schema.js';
import { renderSchemaFile } from '../report/schema-file/render-schema-file.js';
import { unsupportedWarning } from '../schema/unsupported-objects.js';
import type { CliContext } from './cli-io.js';
import type { ExitCodeSink } from './run-cli.js';
import { collectRepeated, parseFlags, requiredPostgresUrl, schemaNames } from './flags.js';
import { readLiveSchemaNames, readLiveSchemaSet } from '../apply/read-live-schema.js';
import { renderSchemaSetFile } from '../report/schema-file/render-schema-set-file.js';
import { schemaSetWarning, splitSchemaNames } from './schema-set-target.js';

const dumpFlags = z.object({
  url: requiredPostgresUrl,
  schemaName: schemaNames,
  allSchemas: z.boolean().default(false),
  output: z.string().min(1, 'expected a file path').optional(),
});

export function registerDumpCommand(program: Command, context: CliContext, exit: ExitCodeSink): void {
  program
    .command('dump')
    .description('write a schema file from a live database: planned against that database, it gives no changes; changes nothing')
    .option('--url <url>', 'database to read, postgres:// or postgresql:// (required)')
    .option('--schema-name <name>', 'PostgreSQL schema to read (default: public); repeat it to write several schemas into one file', collectRepeated)
    .option('--all-schemas', 'write every schema of the database but pg_* and information_schema into one file (the first --schema-name, default public, takes the unqualified names)')
    .option('--output <file>', 'write the schema file here instead of to stdout')
    .action(async (options: unknown) => {
      exit.code = await runDump(options, context);
    });
}

async function runDump(options: unknown, { io }: CliContext): Promise<number> {
  const flags = parseFlags(dumpFlags, options);
  const { primary } = splitSchemaNames(flags.schemaName);
  const names = flags.allSchemas ? [primary, ...(await readLiveSchemaNames(flags.url)).filter((name) => name !== primary)] : flags.schemaName;
  const text = names.length > 1 ? await dumpSchemaSet(flags.url, names, io) : await dumpSchema(flags.url, primary, io);
  if (!flags.output) {
    io.stdout(text);
    return ExitCode.ok;
  }
  await writeFile(flags.output, text).catch((error: unknown) => {
    throw new BadInputError(`--output: cannot write ${flags.output}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  });
  io.stderr(`wrote ${flags.output}\n`);
  return ExitCode.ok;
}

async function dumpSchema(url: string, schema: string, io: CliContext['io']): Promise<string> {
  const model = await readLiveSchema(url, schema);
  const warning = unsupportedWarning(model, `schema ${schema} of ${redactUrl(url)}`);
  // Left out of the file, they would stay on the database and never reach a new tenant: say so.
  if (warning) io.stderr(`${warning}; they are not in the schema file\n`);
  return renderSchemaFile(model);
}

/** Several schemas into one file (schema-set.ts); a named schema the database lacks is an error, not an empty section. */
async function dumpSchemaSet(url: string, names: readonly string[], io: CliContext['io']): Promise<string> {
  const { primary } = splitSchemaNames(names);
  const set = await readLiveSchemaSet(url, names, primary);
  const missing = names.filter((name) => !set.models.has(name));
  if (missing.length > 0) throw new BadInputError(`--schema-name: the database has no schema ${missing.join(', ')}`, 'check the schema names (they are case-sensitive)');
  const warning = schemaSetWarning(set, `of ${redactUrl(url)}`);
  if (warning) io.stderr(`${warning}; they are not in the schema file\n`);
  return renderSchemaSetFile(set);
}
