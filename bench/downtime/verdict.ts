import { ALL_TYPES } from './latency-stats.js';
import { QUERY_TYPES } from './app-queries.js';
import type { ComparisonRun } from './comparison.js';
import { describeActivity, ms } from './format.js';

export interface TargetCheck {
  readonly target: string;
  readonly pass: boolean;
  readonly detail: string;
}

/** Lock waits are read every ~20 ms and the timeout fires on the server's clock: this much over still counts as within. */
function lockWaitToleranceMs(lockTimeoutMs: number): number {
  return Math.max(100, Math.round(lockTimeoutMs * 0.1));
}

/**
 * The targets of the zero-downtime claim, checked for one run: during the rollout no application
 * query waits on a lock longer than the lock timeout (+ tolerance), and each query type's p99 stays
 * within 2× of its p99 before the rollout.
 */
export function checkTargets(run: ComparisonRun, lockTimeoutMs: number): TargetCheck[] {
  const tolerance = lockWaitToleranceMs(lockTimeoutMs);
  const locks = run.workload.locks.during;
  const maxWait = locks?.maxWaitMs ?? 0;
  const longest = locks?.longest;
  const lockCheck: TargetCheck = {
    target: `no application query waits on a lock longer than the lock timeout (${ms(lockTimeoutMs)} + ${ms(tolerance)})`,
    pass: maxWait <= lockTimeoutMs + tolerance,
    detail: longest
      ? `longest wait ${ms(maxWait)} (${longest.mode} on ${longest.relation ?? longest.lockType}, blocked by ${longest.blockedBy}: ${oneLine(longest.query)}); ${locks?.waits ?? 0} waits seen`
      : 'no application query was seen waiting on a lock',
  };
  const before = run.workload.latency.before ?? {};
  const during = run.workload.latency.during ?? {};
  const over: string[] = [];
  const shown: string[] = [];
  for (const type of [...QUERY_TYPES, ALL_TYPES]) {
    const b = before[type]?.p99Ms;
    const d = during[type]?.p99Ms;
    if (b === undefined || d === undefined || Number.isNaN(b) || Number.isNaN(d)) continue;
    const ratio = d / b;
    shown.push(`${type} ${ms(b)} → ${ms(d)} (${ratio.toFixed(1)}×)`);
    if (ratio > 2) over.push(type);
  }
  const pass = over.length === 0 && shown.length > 0;
  // When the tail grew but no query waited long on a lock, say what the backends were doing instead.
  const why =
    pass || maxWait > Math.min(lockTimeoutMs, 100)
      ? ''
      : `; not lock queueing (longest lock wait ${ms(maxWait)}): the application's active backends were seen ${describeActivity(locks?.activity ?? {})} during, ${describeActivity(run.workload.locks.before?.activity ?? {})} before`;
  const p99Check: TargetCheck = {
    target: 'p99 during the rollout within 2× of p99 before it, per query type',
    pass,
    detail: `${shown.join('; ')}${over.length > 0 ? `; over 2×: ${over.join(', ')}` : ''}${why}`,
  };
  return [lockCheck, p99Check];
}

function oneLine(sql: string): string {
  const flat = sql.replace(/\s+/g, ' ').trim();
  return flat.length > 60 ? `${flat.slice(0, 57)}…` : flat;
}
