import type { Command } from 'commander';
import { z } from 'zod';
import { BadInputError } from '../errors.js';
import { collectRepeated, postgresUrl, requiredPostgresUrl, schemaNames, schemaPath } from './flags.js';

/** Flags of every command that compares a schema file with a database. */
export function addTargetOptions(command: Command): Command {
  return command
    .option('--schema <path>', 'desired schema: a .sql file or a folder of .sql files (required)')
    .option('--url <url>', 'database to compare, postgres:// or postgresql:// (required)')
    .option('--schema-name <name>', 'PostgreSQL schema to compare (default: public); repeat it for several schemas of one database, the first taking the unqualified names', collectRepeated)
    .option('--all-schemas', 'every schema of the database but pg_* and information_schema, and every schema the file declares (the first --schema-name, default public, takes the unqualified names)');
}

export function addDevUrlOption(command: Command): Command {
  return command.option('--dev-url <url>', 'server where scratch databases may be created and dropped (default: $SCHEMAFLEET_DEV_URL, else an embedded PostgreSQL)');
}

export const targetFlags = z.object({
  schema: schemaPath,
  url: requiredPostgresUrl,
  schemaName: schemaNames,
  allSchemas: z.boolean().default(false),
  devUrl: postgresUrl.optional(),
});

/** --dev-url, else SCHEMAFLEET_DEV_URL (validated too, and named when it is wrong). */
export function devUrlFrom(flag: string | undefined, env: Readonly<Record<string, string | undefined>>): string | undefined {
  if (flag !== undefined) return flag;
  const fromEnv = env.SCHEMAFLEET_DEV_URL?.trim();
  if (!fromEnv) return undefined;
  if (!postgresUrl.safeParse(fromEnv).success) throw new BadInputError('SCHEMAFLEET_DEV_URL: expected a postgres:// or postgresql:// URL');
  return fromEnv;
}
