import { z } from 'zod';
import { parseConfigDuration } from '../durations.js';
import { MissingEnvVarError, expandEnv } from '../expand-env.js';

// Field helpers shared by every section of schemafleet.yml. Every scalar goes through z.unknown()
// so the message says what was expected in the user's terms ("expected a duration like 2s"), not
// zod's.

type Ctx = z.core.$RefinementCtx;
export type Env = Readonly<Record<string, string | undefined>>;

export function fail(ctx: Ctx, message: string, path?: PropertyKey[]): never {
  ctx.addIssue({ code: 'custom', message, ...(path ? { path } : {}) });
  return z.NEVER as never;
}

export function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  // Numbers and booleans are shown; text is not, since a misplaced value may be a secret.
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return `a ${typeof value}`;
}

export function expected(ctx: Ctx, what: string, input: unknown): never {
  return fail(ctx, input === undefined ? `missing; expected ${what}` : `expected ${what}, got ${describe(input)}`);
}

export function text(what = 'a non-empty string', options: { max?: number } = {}) {
  return z.unknown().transform((input, ctx): string => {
    if (typeof input !== 'string' || input.trim() === '') return expected(ctx, what, input);
    if (options.max !== undefined && input.length > options.max) return fail(ctx, `expected at most ${options.max} characters, got ${input.length}`);
    return input;
  });
}

export function int(min: number, max = Infinity, what = max < Infinity ? `a whole number from ${min} to ${max}` : min > 0 ? 'a positive whole number' : 'a whole number, 0 or more') {
  return z.unknown().transform((input, ctx): number => {
    if (typeof input !== 'number' || !Number.isInteger(input) || input < min || input > max) return expected(ctx, what, input);
    return input;
  });
}

export function ratio(max: number) {
  return z.unknown().transform((input, ctx): number => (typeof input === 'number' && Number.isFinite(input) && input >= 0 && input <= max ? input : expected(ctx, `a number from 0 to ${max}`, input)));
}

export function bool() {
  return z.unknown().transform((input, ctx): boolean => (typeof input === 'boolean' ? input : expected(ctx, 'true or false', input)));
}

export function threshold() {
  return z.unknown().transform((input, ctx): number => (typeof input === 'number' && Number.isFinite(input) ? input : expected(ctx, 'a number', input)));
}

export function duration() {
  return z.unknown().transform((input, ctx): number => parseConfigDuration(input) ?? expected(ctx, 'a duration like 2s, 500ms, 5m or 1h', input));
}

/** Labels and wave values are text; YAML's `tier: 1` or `paid: true` are read as the text they show. */
export function labelValue(input: unknown): string | null {
  if (typeof input === 'string') return input;
  if (typeof input === 'number' || typeof input === 'boolean') return String(input);
  return null;
}

/** PostgreSQL truncates longer identifiers silently, which would point a tenant at the wrong schema. */
export function schemaNameProblem(name: string): string | null {
  if (name.length === 0) return 'expected a schema name, got an empty string';
  if (Buffer.byteLength(name, 'utf8') > 63) return `expected a schema name of at most 63 bytes, got ${Buffer.byteLength(name, 'utf8')}`;
  if (name.includes('\0')) return 'expected a schema name without NUL characters';
  return null;
}

export function schemaNameField() {
  return z.unknown().transform((input, ctx): string => {
    if (typeof input !== 'string') return expected(ctx, 'a schema name', input);
    const problem = schemaNameProblem(input);
    return problem ? fail(ctx, problem) : input;
  });
}

/** Why `url` is not a usable postgres URL, or null. Never quotes the URL: it may hold a password. */
export function postgresUrlProblem(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'expected a postgres:// URL (this is not a URL)';
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') return `expected a postgres:// or postgresql:// URL, got one starting with ${parsed.protocol}//`;
  return null;
}

/** A URL key: environment variables are expanded here and nowhere else. */
export function urlField(env: Env, kind: 'postgres' | 'http') {
  const what = kind === 'postgres' ? 'a postgres:// URL' : 'an http:// or https:// URL';
  return z.unknown().transform((input, ctx): string => {
    if (typeof input !== 'string' || input.trim() === '') return expected(ctx, what, input);
    let url: string;
    try {
      url = expandEnv(input.trim(), env).value;
    } catch (error) {
      if (error instanceof MissingEnvVarError) {
        return fail(ctx, `environment variable ${error.variable} is not set (set it, or write \${${error.variable}:-default})`);
      }
      throw error;
    }
    if (kind === 'postgres') {
      const problem = postgresUrlProblem(url);
      return problem ? fail(ctx, problem) : url;
    }
    let parsed: URL | null = null;
    try {
      parsed = new URL(url);
    } catch {
      parsed = null;
    }
    if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) return fail(ctx, `expected ${what}`);
    return url;
  });
}

/**
 * Names in a list are how messages and events point at its items, so each must be unique: every
 * item whose name an earlier one already has is reported at its own `name` key.
 */
export function refineUniqueNames(ctx: Ctx, list: string, what: string, items: readonly { readonly name: string }[], hint = ''): void {
  const seen = new Map<string, number>();
  items.forEach((item, index) => {
    const first = seen.get(item.name);
    if (first !== undefined) ctx.addIssue({ code: 'custom', message: `${what} name ${JSON.stringify(item.name)} is also used by ${list}[${first}]${hint}`, path: [list, index, 'name'] });
    else seen.set(item.name, index);
  });
}
