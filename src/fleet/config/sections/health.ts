import { z } from 'zod';
import { parseJsonPath } from '../../health/json-path.js';
import { CPU_PROMQL, HEALTH_PRESETS, PRESET_DEFAULT_PAUSE_ABOVE, PROMETHEUS_JSON_PATH, presetSql, prometheusQueryUrl, type HealthPreset } from '../health-presets.js';
import { type Env, duration, fail, refineUniqueNames, text, threshold, urlField } from './fields.js';

// The `health:` section of schemafleet.yml: the probes that pause a cluster, presets expanded.

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

const HEALTH_DEFAULTS = { checkEveryMs: 5_000, resumeAfterMs: 30_000 } as const;

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
        } else {
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

export function healthSchema(env: Env) {
  return z
    .object({
      probes: z.array(probeSchema(env), { error: () => 'expected a list of probes' }).default([]),
      checkEvery: duration().default(HEALTH_DEFAULTS.checkEveryMs),
      resumeAfter: duration().default(HEALTH_DEFAULTS.resumeAfterMs),
    })
    .strict()
    .superRefine((health, ctx) => refineUniqueNames(ctx, 'probes', 'probe', health.probes, '; give one a name:'))
    .transform((health): HealthConfig => ({
      probes: health.probes.map(({ every, ...probe }) => ({ ...probe, everyMs: every ?? health.checkEvery }) as HealthProbe),
      checkEveryMs: health.checkEvery,
      resumeAfterMs: health.resumeAfter,
    }));
}

/** Config accepts exactly the paths the http probe can read. */
function isJsonPath(path: string): boolean {
  try {
    return parseJsonPath(path).length > 0;
  } catch {
    return false;
  }
}
