import type { RolloutSummary } from '../fleet/rollout/run-rollout.js';
import type { PauseRecord } from './pause-tally.js';
import { plural } from '../util/plural.js';
import { formatDuration } from '../util/duration.js';

export interface DemoTimings {
  readonly fleetMs: number;
  readonly preflightMs: number | null;
  readonly rolloutMs: number;
  readonly totalMs: number;
}

/** The demo's closing table: what the rollout did, how fast, and how long the health gate held it. */
export function demoReport(summary: RolloutSummary, pauses: readonly PauseRecord[], fleet: { schemaTenants: number; databaseTenants: number; drifted: number }, timings: DemoTimings): string {
  const { totals } = summary;
  const pausedMs = pauses.reduce((sum, pause) => sum + (pause.pausedMs ?? 0), 0);
  const reasons = [...new Set(pauses.map((pause) => pause.reason))];
  const rows: [string, string][] = [
    ['tenants', `${totals.tenants} (${fleet.schemaTenants} schemas + ${fleet.databaseTenants} databases, ${fleet.drifted} drifted)`],
    ['migrated', String(totals.migrated)],
    ['unchanged', String(totals.unchanged)],
    ['failed', String(totals.failed)],
  ];
  if (totals.skipped > 0) rows.push(['skipped', String(totals.skipped)]);
  if (totals.cancelled > 0) rows.push(['cancelled', String(totals.cancelled)]);
  if (totals.pending > 0) rows.push(['pending', String(totals.pending)]);
  rows.push(
    ['throughput', `${summary.tenantsPerSecond.toFixed(1)} tenants/s`],
    ['paused', pauses.length === 0 ? 'never' : `${formatDuration(pausedMs)} in ${plural(pauses.length, 'pause')} (${reasons.join('; ')})`],
    ['rollout', `${summary.state} in ${formatDuration(summary.durationMs)}`],
    [
      'demo total',
      `${formatDuration(timings.totalMs)} (fleet built in ${formatDuration(timings.fleetMs)}${timings.preflightMs === null ? '' : `, preflight ${formatDuration(timings.preflightMs)}`}, rollout ${formatDuration(timings.rolloutMs)})`,
    ],
  );
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  return `\ndemo summary\n${rows.map(([label, value]) => `  ${label.padEnd(width)}${value}`).join('\n')}\n`;
}
