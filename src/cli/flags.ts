import { z } from 'zod';
import { BadInputError } from '../errors.js';
import { parseDurationMs } from '../util/duration.js';
import { MAX_PARALLEL_WORKERS } from '../db/server-limits.js';

/**
 * Flag validation shared by the commands. Messages name the flag as the user typed it and never
 * echo a URL's value, which may hold a password.
 */
const URL_MESSAGE = 'expected a postgres:// or postgresql:// URL';
const URL_PATTERN = /^postgres(?:ql)?:\/\/\S+$/i;

export const postgresUrl = z.string({ error: URL_MESSAGE }).regex(URL_PATTERN, URL_MESSAGE);
export const requiredPostgresUrl = z.string({ error: (issue) => (issue.input === undefined ? 'is required' : URL_MESSAGE) }).regex(URL_PATTERN, URL_MESSAGE);

const oneSchemaName = z
  .string()
  .min(1, 'expected a schema name')
  .refine((name) => Buffer.byteLength(name) <= 63, 'PostgreSQL names are at most 63 bytes');

/**
 * --schema-name given once or more (collectRepeated): several schemas of one database described by
 * one file. The first is where the file's unqualified names go.
 */
export const schemaNames = z
  .array(oneSchemaName)
  .min(1)
  .default(['public'])
  .refine((names) => new Set(names).size === names.length, 'a schema is named twice');

/** commander's argParser for a flag that may be repeated: every value, in order. */
export function collectRepeated(value: string, previous: unknown): string[] {
  return [...(Array.isArray(previous) ? (previous as string[]) : []), value];
}

export const lockTimeout = z
  .string()
  .default('2s')
  .transform((text, ctx) => {
    const ms = parseDurationMs(text);
    // 0 would switch lock_timeout off, which is the one thing it must never be during a migration.
    if (ms === null || ms <= 0) {
      ctx.addIssue({ code: 'custom', message: 'expected a positive duration such as 2s or 500ms' });
      return z.NEVER;
    }
    return ms;
  });

/** --parallel-workers: a whole number from 0 to PostgreSQL's own limit; commander hands it over as text. */
export const parallelWorkers = z
  .string()
  .default('0')
  .transform((text, ctx) => {
    const value = /^\d+$/.test(text.trim()) ? Number(text.trim()) : NaN;
    if (!Number.isInteger(value) || value > MAX_PARALLEL_WORKERS) {
      ctx.addIssue({ code: 'custom', message: `expected a whole number from 0 to ${MAX_PARALLEL_WORKERS}` });
      return z.NEVER;
    }
    return value;
  });

const required = (what: string) => z.string({ error: (issue) => (issue.input === undefined ? 'is required' : `expected ${what}`) }).min(1, 'is required');

export const schemaPath = required('a path to a .sql file or a folder of them');

/** commander's camelCase option key back to the flag the user typed. */
function flagName(key: PropertyKey | undefined): string {
  if (typeof key !== 'string') return 'flags';
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** Parses commander's options with a zod schema; a BadInputError (exit 2) naming each bad flag otherwise. */
export function parseFlags<S extends z.ZodType>(schema: S, options: unknown): z.output<S> {
  const result = schema.safeParse(options);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${flagName(issue.path[0])}: ${issue.message}`);
  const message = problems.length === 1 ? (problems[0] ?? '') : `invalid flags:\n${problems.map((p) => `  ${p}`).join('\n')}`;
  throw new BadInputError(message, 'run with --help to see the accepted flags');
}

export { required as requiredString };
