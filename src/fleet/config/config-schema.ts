import { z } from 'zod';
import { lintConfigSchema, type LintConfig } from '../../lint/lint-config-schema.js';
import type { Tenant } from '../tenant.js';
import { parseConfigDuration } from './durations.js';
import { MissingEnvVarError, expandEnv } from './expand-env.js';
import {
  CPU_PROMQL,
  HEALTH_PRESETS,
  PRESET_DEFAULT_PAUSE_ABOVE,
  PROMETHEUS_JSON_PATH,
  presetSql,
  prometheusQueryUrl,
  type HealthPreset,
} from './health-presets.js';
import { parseJsonPath } from '../health/json-path.js';
import { MAX_PARALLEL_WORKERS } from '../../db/server-limits.js';

// ---------------------------------------------------------------------------------------------
// The resolved configuration: what loadFleetConfig returns. Durations are milliseconds, paths are
// absolute, defaults are filled in, presets are expanded, list/file tenants are read.
// ---------------------------------------------------------------------------------------------

export type TenantsConfig =
  | { readonly kind: 'list'; readonly tenants: readonly Tenant[] }
  /** `path` is absolute; the file is read (and validated) when the config is loaded. */
  | { readonly kind: 'file'; readonly path: string; readonly tenants: readonly Tenant[] }
  /** `url` has its environment variables expanded; never print it without redactUrl. */
  | { readonly kind: 'query'; readonly url: string; readonly sql: string }
  | { readonly kind: 'schemas'; readonly url: string; readonly match: string };

/** `count: 0` means no canary phase. */
export type CanaryConfig = { readonly kind: 'count'; readonly count: number } | { readonly kind: 'ids'; readonly ids: readonly string[] };

/** A tenant is in a wave when, for every label named in `match`, its value is one of the listed values. */
export interface WaveConfig {
  readonly name: string;
  readonly match: Readonly<Record<string, readonly string[]>>;
}

/** How many tenants may fail before no new tenant starts; see failureBudgetLimit. */
export type FailureBudget = { readonly kind: 'count'; readonly count: number } | { readonly kind: 'percent'; readonly percent: number };

/** rollout.verify: read back every migrated tenant, or only those whose plan is not yet proven (rollout/plan-proofs.ts). */
export type VerifyMode = 'every' | 'proven';

export interface RolloutConfig {
  readonly batchSize: number;
  readonly concurrency: number;
  readonly perClusterConcurrency: number;
  readonly canary: CanaryConfig;
  readonly waves: readonly WaveConfig[];
  readonly failureBudget: FailureBudget;
  readonly lockTimeoutMs: number;
  /** The longest any one step may run (statement_timeout). */
  readonly statementTimeoutMs: number;
  readonly retries: number;
  /** Which migrated tenants are read back: every one, or those whose plan is not yet proven (plan-proofs.ts). */
  readonly verify: VerifyMode;
  /**
   * After each tenant its worker slot rests this many times the time the tenant kept the database
   * busy (its catalog reads and the statements that succeeded; lock waits, tries that timed out and
   * retry backoff left out), as gh-ost's --nice-ratio.
   */
  readonly niceRatio: number;
  /**
   * Parallel workers each statement may use on the tenant's server (max_parallel_maintenance_workers
   * and max_parallel_workers_per_gather, set per step). 0 keeps an index build or validation scan to
   * its one backend, so `concurrency` bounds the cores the rollout takes from the application.
   */
  readonly parallelWorkers: number;
  /**
   * Adaptive per-cluster concurrency (rollout/latency-governor.ts): null runs perClusterConcurrency
   * tenants per cluster throughout; set, a cluster starts at one tenant and grows towards
   * perClusterConcurrency only while a small fixed query's time stays within maxSlowdown × idle.
   */
  readonly adaptiveConcurrency: AdaptiveConcurrencyConfig | null;
  readonly allowDestructive: boolean;
  readonly allowLintErrors: boolean;
}

export interface AdaptiveConcurrencyConfig {
  /** The allowed probe time as a multiple of the cluster's idle one (more than 1). */
  readonly maxSlowdown: number;
  /** How often the probe is timed. */
  readonly everyMs: number;
}

export const ADAPTIVE_DEFAULTS: AdaptiveConcurrencyConfig = { maxSlowdown: 1.5, everyMs: 100 };

export interface ProbeCommon {
  readonly name: string;
  readonly pauseAbove: number;
  readonly resumeBelow: number;
  /** Always set: a probe without `every` inherits health.checkEvery. */
  readonly everyMs: number;
  /** The preset it was expanded from, if any. */
  readonly preset: HealthPreset | null;
}
export type HealthProbe = ProbeCommon &
  (
    | { readonly kind: 'sql'; readonly query: string }
    | { readonly kind: 'http'; readonly url: string; readonly jsonPath: string }
    /** Run with the shell; its stdout must be one number. */
    | { readonly kind: 'command'; readonly command: string }
  );

export interface HealthConfig {
  readonly probes: readonly HealthProbe[];
  readonly checkEveryMs: number;
  /** How long every probe must stay under resumeBelow before a paused cluster resumes. */
  readonly resumeAfterMs: number;
}

export interface FleetConfig {
  /** Absolute path of the config file itself. */
  readonly configPath: string;
  /** Absolute path of the schema file or folder. */
  readonly schema: string;
  /** Default schema for database tenants that do not name one. */
  readonly schemaName: string;
  readonly tenants: TenantsConfig;
  readonly rollout: RolloutConfig;
  readonly health: HealthConfig;
  /** null: the ledger lives on the first tenant's database (see ledgerUrl). */
  readonly ledger: { readonly url: string } | null;
  readonly lint: LintConfig;
}

export const ROLLOUT_DEFAULTS = {
  batchSize: 50,
  concurrency: 8,
  failureBudget: { kind: 'percent', percent: 5 } as FailureBudget,
  lockTimeoutMs: 2_000,
  statementTimeoutMs: 3_600_000,
  retries: 5,
  verify: 'proven' as VerifyMode,
  niceRatio: 0,
  parallelWorkers: 0,
} as const;

export const HEALTH_DEFAULTS = { checkEveryMs: 5_000, resumeAfterMs: 30_000 } as const;
export const TENANT_ID_MAX_LENGTH = 200;

/**
 * Failures tolerated before the rollout stops starting tenants: it stops once *more* than this
 * many have failed. A percent budget is taken of the tenants in the rollout and never rounds to
 * zero, so "5%" of a 10-tenant fleet still tolerates one flaky tenant.
 */
export function failureBudgetLimit(budget: FailureBudget, tenantCount: number): number {
  if (budget.kind === 'count') return budget.count;
  return Math.max(1, Math.floor((tenantCount * budget.percent) / 100));
}

// ---------------------------------------------------------------------------------------------
// Field helpers. Every scalar goes through z.unknown() so the message says what was expected in
// the user's terms ("expected a duration like 2s"), not zod's.
// ---------------------------------------------------------------------------------------------

type Ctx = z.core.$RefinementCtx;
type Env = Readonly<Record<string, string | undefined>>;

function fail(ctx: Ctx, message: string, path?: PropertyKey[]): never {
  ctx.addIssue({ code: 'custom', message, ...(path ? { path } : {}) });
  return z.NEVER as never;
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  // Numbers and booleans are shown; text is not, since a misplaced value may be a secret.
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return `a ${typeof value}`;
}

function expected(ctx: Ctx, what: string, input: unknown): never {
  return fail(ctx, input === undefined ? `missing; expected ${what}` : `expected ${what}, got ${describe(input)}`);
}

function text(what = 'a non-empty string', options: { max?: number } = {}) {
  return z.unknown().transform((input, ctx): string => {
    if (typeof input !== 'string' || input.trim() === '') return expected(ctx, what, input);
    if (options.max !== undefined && input.length > options.max) return fail(ctx, `expected at most ${options.max} characters, got ${input.length}`);
    return input;
  });
}

function int(min: number, max = Infinity, what = max < Infinity ? `a whole number from ${min} to ${max}` : min > 0 ? 'a positive whole number' : 'a whole number, 0 or more') {
  return z.unknown().transform((input, ctx): number => {
    if (typeof input !== 'number' || !Number.isInteger(input) || input < min || input > max) return expected(ctx, what, input);
    return input;
  });
}

function ratio(max: number) {
  return z.unknown().transform((input, ctx): number =>
    typeof input === 'number' && Number.isFinite(input) && input >= 0 && input <= max ? input : expected(ctx, `a number from 0 to ${max}`, input),
  );
}

function bool() {
  return z.unknown().transform((input, ctx): boolean => (typeof input === 'boolean' ? input : expected(ctx, 'true or false', input)));
}

function threshold() {
  return z.unknown().transform((input, ctx): number =>
    typeof input === 'number' && Number.isFinite(input) ? input : expected(ctx, 'a number', input),
  );
}

function duration() {
  return z.unknown().transform((input, ctx): number => parseConfigDuration(input) ?? expected(ctx, 'a duration like 2s, 500ms, 5m or 1h', input));
}

/** Labels and wave values are text; YAML's `tier: 1` or `paid: true` are read as the text they show. */
function labelValue(input: unknown): string | null {
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

function schemaNameField() {
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
function urlField(env: Env, kind: 'postgres' | 'http') {
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

// ---------------------------------------------------------------------------------------------
// Tenants
// ---------------------------------------------------------------------------------------------

/** One `{ id, url, schema?, labels? }` entry, in tenants.list or a tenants file. */
export function tenantEntrySchema(env: Env) {
  return z
    .object({
      id: text('a tenant id', { max: TENANT_ID_MAX_LENGTH }),
      url: urlField(env, 'postgres'),
      schema: schemaNameField().optional(),
      labels: z
        .record(z.string(), z.unknown())
        .optional()
        .transform((labels, ctx) => {
          const out: Record<string, string> = {};
          for (const [key, value] of Object.entries(labels ?? {})) {
            const textValue = labelValue(value);
            if (textValue === null) fail(ctx, `expected a text value, got ${describe(value)}`, [key]);
            else out[key] = textValue;
          }
          return out;
        }),
    })
    .strict();
}

export const TENANT_SOURCE_KINDS = ['list', 'file', 'query', 'schemas'] as const;

function tenantsSchema(env: Env) {
  return z
    .object({
      list: z.array(tenantEntrySchema(env), { error: (issue) => (issue.code === 'invalid_type' ? 'expected a list of { id, url } entries' : undefined) }).optional(),
      file: text('a path to a JSON or YAML file of tenants').optional(),
      query: z.object({ url: urlField(env, 'postgres'), sql: text('an SQL query returning id and url or database columns') }).strict().optional(),
      schemas: z.object({ url: urlField(env, 'postgres'), match: text("a LIKE pattern such as 'tenant_%'") }).strict().optional(),
    })
    .strict()
    .superRefine((tenants, ctx) => {
      const present = TENANT_SOURCE_KINDS.filter((kind) => tenants[kind] !== undefined);
      if (present.length !== 1) {
        ctx.addIssue({
          code: 'custom',
          message:
            present.length === 0
              ? 'expected exactly one of list, file, query, schemas'
              : `expected exactly one of list, file, query, schemas, got ${present.join(' and ')}`,
        });
      }
    });
}

// ---------------------------------------------------------------------------------------------
// Rollout
// ---------------------------------------------------------------------------------------------

const canarySchema = z.unknown().transform((input, ctx): CanaryConfig => {
  if (typeof input === 'number' && Number.isInteger(input) && input >= 0) return { kind: 'count', count: input };
  if (Array.isArray(input)) {
    const ids: string[] = [];
    input.forEach((id, index) => {
      if (typeof id !== 'string' || id === '') fail(ctx, `expected a tenant id, got ${describe(id)}`, [index]);
      else if (ids.includes(id)) fail(ctx, `tenant ${JSON.stringify(id)} is listed twice`, [index]);
      else ids.push(id);
    });
    return { kind: 'ids', ids };
  }
  return expected(ctx, 'a number of tenants, or a list of tenant ids', input);
});

const failureBudgetSchema = z.unknown().transform((input, ctx): FailureBudget => {
  if (typeof input === 'number' && Number.isInteger(input) && input >= 0) return { kind: 'count', count: input };
  if (typeof input === 'string') {
    const percent = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(input);
    if (percent?.[1] && Number(percent[1]) <= 100) return { kind: 'percent', percent: Number(percent[1]) };
    // Only a percent's digits are shown: other text may be a misplaced secret (see describe).
    if (percent?.[1]) return fail(ctx, `expected a percent from 0% to 100%, got ${Number(percent[1])}%`);
    if (/^\s*\d+\s*$/.test(input)) return { kind: 'count', count: Number(input) };
  }
  return expected(ctx, 'a number of tenants like 5, or a percent like "2%"', input);
});

const waveSchema = z
  .object({
    name: text('a wave name'),
    match: z
      .record(z.string(), z.unknown(), { error: () => 'expected a mapping of label: value or [values]' })
      .transform((match, ctx) => {
        const out: Record<string, string[]> = {};
        for (const [label, raw] of Object.entries(match)) {
          const values = (Array.isArray(raw) ? raw : [raw]).map(labelValue);
          if (values.length === 0 || values.some((value) => value === null)) fail(ctx, 'expected a label value or a list of values', [label]);
          else out[label] = values as string[];
        }
        if (Object.keys(match).length === 0) fail(ctx, 'expected at least one label: value');
        return out;
      }),
  })
  .strict();

const adaptiveSettingsSchema = z
  .object({
    maxSlowdown: z
      .unknown()
      .transform((input, ctx): number => (typeof input === 'number' && Number.isFinite(input) && input > 1 && input <= 100 ? input : expected(ctx, 'a number more than 1 and at most 100', input)))
      .default(ADAPTIVE_DEFAULTS.maxSlowdown),
    every: duration()
      // Faster readings would be a load of their own; slower ones react after the harm is done.
      .refine((ms) => ms >= 10 && ms <= 10_000, { error: 'expected a duration from 10ms to 10s' })
      .default(ADAPTIVE_DEFAULTS.everyMs),
  })
  .strict();

/** `true` (the defaults), `false`, or the settings; each problem inside is reported at its own key. */
const adaptiveConcurrencySchema = z.unknown().transform((input, ctx): AdaptiveConcurrencyConfig | null => {
  if (input === false) return null;
  if (input === true) return ADAPTIVE_DEFAULTS;
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return expected(ctx, 'true, false or { maxSlowdown, every }', input);
  const parsed = adaptiveSettingsSchema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, input: undefined } as Parameters<typeof ctx.addIssue>[0]);
    return z.NEVER as never;
  }
  return { maxSlowdown: parsed.data.maxSlowdown, everyMs: parsed.data.every };
});

const rolloutSchema = z
  .object({
    batchSize: int(1).default(ROLLOUT_DEFAULTS.batchSize),
    concurrency: int(1).default(ROLLOUT_DEFAULTS.concurrency),
    perClusterConcurrency: int(1).optional(),
    canary: canarySchema.default({ kind: 'count', count: 0 }),
    waves: z.array(waveSchema, { error: () => 'expected a list of { name, match } waves' }).default([]),
    failureBudget: failureBudgetSchema.default(ROLLOUT_DEFAULTS.failureBudget),
    lockTimeout: duration().default(ROLLOUT_DEFAULTS.lockTimeoutMs),
    statementTimeout: duration().default(ROLLOUT_DEFAULTS.statementTimeoutMs),
    retries: int(0).default(ROLLOUT_DEFAULTS.retries),
    verify: z.enum(['every', 'proven'], { error: () => 'expected "every" or "proven"' }).default(ROLLOUT_DEFAULTS.verify),
    niceRatio: ratio(100).default(ROLLOUT_DEFAULTS.niceRatio),
    parallelWorkers: int(0, MAX_PARALLEL_WORKERS).default(ROLLOUT_DEFAULTS.parallelWorkers),
    adaptiveConcurrency: adaptiveConcurrencySchema.default(null),
    allowDestructive: bool().default(false),
    allowLintErrors: bool().default(false),
  })
  .strict()
  .superRefine((rollout, ctx) => {
    const seen = new Map<string, number>();
    rollout.waves.forEach((wave, index) => {
      const first = seen.get(wave.name);
      if (first !== undefined) ctx.addIssue({ code: 'custom', message: `wave name ${JSON.stringify(wave.name)} is also used by waves[${first}]`, path: ['waves', index, 'name'] });
      else seen.set(wave.name, index);
    });
  })
  .transform(
    (rollout): RolloutConfig => ({
      batchSize: rollout.batchSize,
      concurrency: rollout.concurrency,
      perClusterConcurrency: rollout.perClusterConcurrency ?? rollout.concurrency,
      canary: rollout.canary,
      waves: rollout.waves,
      failureBudget: rollout.failureBudget,
      lockTimeoutMs: rollout.lockTimeout,
      statementTimeoutMs: rollout.statementTimeout,
      retries: rollout.retries,
      verify: rollout.verify,
      niceRatio: rollout.niceRatio,
      parallelWorkers: rollout.parallelWorkers,
      adaptiveConcurrency: rollout.adaptiveConcurrency,
      allowDestructive: rollout.allowDestructive,
      allowLintErrors: rollout.allowLintErrors,
    }),
  );

// ---------------------------------------------------------------------------------------------
// Health
// ---------------------------------------------------------------------------------------------

const PROBE_KINDS = ['sql', 'http', 'command'] as const;
/** Which optional keys each kind of probe reads; any other is a mistake worth reporting. */
const PROBE_KEYS: Readonly<Record<string, readonly string[]>> = {
  sql: ['query'],
  http: ['url', 'jsonPath'],
  command: ['command'],
  cpu: ['prometheusUrl', 'query'],
  preset: [],
};

function probeSchema(env: Env) {
  return z
    .object({
      name: text('a probe name').optional(),
      kind: z.unknown().optional(),
      preset: z.unknown().optional(),
      query: text('a query').optional(),
      url: urlField(env, 'http').optional(),
      jsonPath: text('a JSON path like data.result[0].value[1]').optional(),
      command: text('a shell command').optional(),
      prometheusUrl: urlField(env, 'http').optional(),
      pauseAbove: threshold().optional(),
      resumeBelow: threshold().optional(),
      every: duration().optional(),
    })
    .strict()
    .transform((probe, ctx) => {
      const unexpected = (allowed: readonly string[], what: string): void => {
        for (const key of ['query', 'url', 'jsonPath', 'command', 'prometheusUrl'] as const) {
          if (probe[key] !== undefined && !allowed.includes(key)) fail(ctx, `not used by ${what}`, [key]);
        }
      };
      let body: { kind: 'sql'; query: string } | { kind: 'http'; url: string; jsonPath: string } | { kind: 'command'; command: string };
      let preset: HealthPreset | null = null;
      let pauseAbove = probe.pauseAbove;
      if (probe.preset !== undefined) {
        if (!HEALTH_PRESETS.includes(probe.preset as HealthPreset)) return fail(ctx, `expected one of ${HEALTH_PRESETS.join(', ')}`, ['preset']);
        if (probe.kind !== undefined) return fail(ctx, 'a preset sets its own kind; remove kind or preset', ['kind']);
        preset = probe.preset as HealthPreset;
        pauseAbove ??= PRESET_DEFAULT_PAUSE_ABOVE[preset];
        if (preset === 'cpu') {
          unexpected(PROBE_KEYS.cpu as string[], 'the cpu preset');
          if (!probe.prometheusUrl) return fail(ctx, 'missing; the cpu preset reads Prometheus (PostgreSQL cannot see CPU): expected an http:// URL', ['prometheusUrl']);
          body = { kind: 'http', url: prometheusQueryUrl(probe.prometheusUrl, probe.query ?? CPU_PROMQL), jsonPath: PROMETHEUS_JSON_PATH };
        } else {
          unexpected([], `the ${preset} preset`);
          body = { kind: 'sql', query: presetSql(preset) };
        }
      } else {
        if (!PROBE_KINDS.includes(probe.kind as (typeof PROBE_KINDS)[number])) {
          return fail(ctx, probe.kind === undefined ? `missing; expected kind (sql, http or command) or preset (${HEALTH_PRESETS.join(', ')})` : 'expected sql, http or command', ['kind']);
        }
        const kind = probe.kind as (typeof PROBE_KINDS)[number];
        unexpected(PROBE_KEYS[kind] as string[], `a ${kind} probe`);
        if (kind === 'sql') {
          if (probe.query === undefined) return fail(ctx, 'missing; a sql probe needs a query returning one number', ['query']);
          body = { kind, query: probe.query };
        } else if (kind === 'command') {
          if (probe.command === undefined) return fail(ctx, 'missing; a command probe needs a command printing one number', ['command']);
          body = { kind, command: probe.command };
        }
        else {
          if (!probe.url) fail(ctx, 'missing; an http probe needs a url', ['url']);
          if (!probe.jsonPath) fail(ctx, 'missing; an http probe needs a jsonPath like data.value', ['jsonPath']);
          const { url, jsonPath } = probe;
          if (url === undefined || jsonPath === undefined) return z.NEVER;
          if (!isJsonPath(jsonPath)) return fail(ctx, 'expected a JSON path like data.result[0].value[1]', ['jsonPath']);
          body = { kind, url, jsonPath };
        }
      }
      if (pauseAbove === undefined) return fail(ctx, 'missing; expected the number above which the cluster pauses', ['pauseAbove']);
      const resumeBelow = probe.resumeBelow ?? pauseAbove;
      if (resumeBelow > pauseAbove) return fail(ctx, `expected at most pauseAbove (${pauseAbove}), got ${resumeBelow}`, ['resumeBelow']);
      return { name: probe.name ?? preset ?? kindName(body.kind), pauseAbove, resumeBelow, every: probe.every, preset, ...body };
    });
}

function kindName(kind: string): string {
  return `${kind} probe`;
}

function healthSchema(env: Env) {
  return z
    .object({
      probes: z.array(probeSchema(env), { error: () => 'expected a list of probes' }).default([]),
      checkEvery: duration().default(HEALTH_DEFAULTS.checkEveryMs),
      resumeAfter: duration().default(HEALTH_DEFAULTS.resumeAfterMs),
    })
    .strict()
    .superRefine((health, ctx) => {
      const seen = new Map<string, number>();
      health.probes.forEach((probe, index) => {
        const first = seen.get(probe.name);
        if (first !== undefined) ctx.addIssue({ code: 'custom', message: `probe name ${JSON.stringify(probe.name)} is also used by probes[${first}]; give one a name:`, path: ['probes', index, 'name'] });
        else seen.set(probe.name, index);
      });
    })
    .transform(
      (health): HealthConfig => ({
        probes: health.probes.map(({ every, ...probe }) => ({ ...probe, everyMs: every ?? health.checkEvery }) as HealthProbe),
        checkEveryMs: health.checkEvery,
        resumeAfterMs: health.resumeAfter,
      }),
    );
}

// ---------------------------------------------------------------------------------------------
// The file
// ---------------------------------------------------------------------------------------------

/**
 * The schema of schemafleet.yml as written. `env` feeds `${VAR}` expansion in URL keys. Paths stay
 * as written (relative to the file) and list entries keep an unset schema: loadFleetConfig resolves
 * both, and reads a tenants file.
 */
export function fleetConfigFileSchema(env: Env = process.env) {
  return z
    .object({
      schema: text('a path to the schema file or folder'),
      schemaName: schemaNameField().optional(),
      tenants: tenantsSchema(env),
      rollout: rolloutSchema.prefault({}),
      health: healthSchema(env).prefault({}),
      ledger: z.object({ url: urlField(env, 'postgres') }).strict().optional(),
      lint: lintConfigSchema.prefault({}),
      // Read by the pull-request review (src/github/review-config.ts); the fleet itself ignores it.
      review: z.object({ showTenantIds: z.boolean().optional() }).strict().optional(),
    })
    .strict();
}
export type FleetConfigFile = z.output<ReturnType<typeof fleetConfigFileSchema>>;

/** Config accepts exactly the paths the http probe can read. */
function isJsonPath(path: string): boolean {
  try {
    return parseJsonPath(path).length > 0;
  } catch {
    return false;
  }
}
