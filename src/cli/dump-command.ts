import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { z } from 'zod';
import { BadInputError, ExitCode, redactUrl } from '../errors.js';
import { readLiveSchema } from '../apply/read-live-schema.js';
import { renderSchemaFile } from '../report/schema-file/render-schema-file.js';
import { unsupportedWarning } from '../schema/unsupported-objects.js';
import type { CliContext } from './cli-io.js';
import type { ExitCodeSink } from './run-cli.js';
import { parseFlags, requiredPostgresUrl, schemaName } from './flags.js';

const dumpFlags = z.object({
  url: requiredPostgresUrl,
  schemaName,
  output: z.string().min(1, 'expected a file path').optional(),
});

export function registerDumpCommand(program: Command, context: CliContext, exit: ExitCodeSink): void {
  program
    .command('dump')
    .description('write a schema file from a live database: planned against that database, it gives no changes; changes nothing')
    .option('--url <url>', 'database to read, postgres:// or postgresql:// (required)')
    .option('--schema-name <name>', 'PostgreSQL schema to read (default: public)')
    .option('--output <file>', 'write the schema file here instead of to stdout')
    .action(async (options: unknown) => {
      exit.code = await runDump(options, context);
    });
}

async function runDump(options: unknown, { io }: CliContext): Promise<number> {
  const flags = parseFlags(dumpFlags, options);
  const model = await readLiveSchema(flags.url, flags.schemaName);
  const warning = unsupportedWarning(model, `schema ${flags.schemaName} of ${redactUrl(flags.url)}`);
  // Left out of the file, they would stay on the database and never reach a new tenant: say so.
  if (warning) io.stderr(`${warning}; they are not in the schema file\n`);
  const text = renderSchemaFile(model);
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
