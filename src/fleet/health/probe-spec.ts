import { BadInputError } from '../../errors.js';

export type ProbeKind = 'sql' | 'http' | 'command';

/**
 * One health probe, as the configuration produces it. `sql` probes run on every cluster; `http` and
 * `command` probes see no cluster (a Prometheus query, a script), so each reading applies to all.
 */
export interface ProbeSpec {
  readonly name: string;
  readonly kind: ProbeKind;
  /** sql: read-only query; the first column of the first row is the value. */
  readonly query?: string;
  /** http: GET, JSON response. */
  readonly url?: string;
  /** http: where the value is, e.g. `data.result[0].value[1]`; the whole body when omitted. */
  readonly jsonPath?: string;
  /** command: run with `sh -c`; stdout is the value. */
  readonly command?: string;
  /** Pause when the value goes above this. */
  readonly pauseAbove: number;
  /** Resume only once the value has stayed at or below this for the gate's resumeAfterMs. */
  readonly resumeBelow: number;
  readonly everyMs: number;
  /** How long one reading may take before it counts as unreadable. Default 5 s. */
  readonly timeoutMs?: number;
}

export const DEFAULT_PROBE_TIMEOUT_MS = 5_000;

/**
 * healthy: at or below resumeBelow. elevated: between the thresholds (keeps an open gate open and a
 * closed one closed). unhealthy: above pauseAbove, or no number could be read.
 */
export type ReadingStatus = 'healthy' | 'elevated' | 'unhealthy';

export interface HealthReading {
  readonly probe: string;
  readonly kind: ProbeKind;
  /** null for probes that apply to every cluster (http, command). */
  readonly cluster: string | null;
  readonly value: number | null;
  /** Why no number could be read. */
  readonly error: string | null;
  readonly status: ReadingStatus;
  /** For unhealthy readings: `lock-waiters 12 > 10`, `cpu unreadable: HTTP 500`. */
  readonly reason: string | null;
  readonly at: number;
}

export function judgeReading(spec: ProbeSpec, cluster: string | null, outcome: { readonly value: number } | { readonly error: string }, at: number): HealthReading {
  const base = { probe: spec.name, kind: spec.kind, cluster, at };
  if ('error' in outcome) {
    return { ...base, value: null, error: outcome.error, status: 'unhealthy', reason: `${spec.name} unreadable: ${outcome.error}` };
  }
  const { value } = outcome;
  if (value > spec.pauseAbove) {
    return { ...base, value, error: null, status: 'unhealthy', reason: `${spec.name} ${formatValue(value)} > ${formatValue(spec.pauseAbove)}` };
  }
  return { ...base, value, error: null, status: value <= spec.resumeBelow ? 'healthy' : 'elevated', reason: null };
}

function formatValue(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
}

/** Numbers and numeric strings (Prometheus sends values as strings); booleans as 1/0; anything else is not a value. */
export function toProbeNumber(raw: unknown): number {
  if (typeof raw === 'number' && Number.isFinite(raw)) return raw;
  if (typeof raw === 'bigint') return Number(raw);
  if (typeof raw === 'boolean') return raw ? 1 : 0;
  if (typeof raw === 'string' && raw.trim() !== '') {
    const parsed = Number(raw.trim());
    if (Number.isFinite(parsed)) return parsed;
  }
  throw new Error(`not a number: ${describeRaw(raw)}`);
}

function describeRaw(raw: unknown): string {
  if (raw === null || raw === undefined) return String(raw);
  const text = typeof raw === 'string' ? JSON.stringify(raw) : (JSON.stringify(raw) ?? String(raw));
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** The zod config checks shapes; this catches what a hand-built spec can still get wrong. */
export function validateProbeSpec(spec: ProbeSpec): void {
  const where = `health probe ${JSON.stringify(spec.name)}`;
  const required = { sql: 'query', http: 'url', command: 'command' } as const;
  const field = required[spec.kind];
  if (!field) throw new BadInputError(`${where}: unknown kind ${JSON.stringify(spec.kind)}`, 'use sql, http or command');
  if (!spec[field]) throw new BadInputError(`${where}: a ${spec.kind} probe needs \`${field}\``);
  if (!(spec.resumeBelow <= spec.pauseAbove)) {
    throw new BadInputError(`${where}: resumeBelow (${spec.resumeBelow}) must not be above pauseAbove (${spec.pauseAbove})`);
  }
  if (!(spec.everyMs > 0)) throw new BadInputError(`${where}: every must be positive`);
}
