/** The release benchmark's figures as Markdown for docs/benchmarks.md. */
import { ORCHESTRATOR_PHASES, TENANT_PHASES, type RolloutPhase } from '../src/fleet/rollout/phase-clock.js';
import { DIGEST_CHUNK } from '../src/fleet/rollout/batch-starting-states.js';
import type { PhaseMs, ReleaseBenchResult, ReleaseRound, ServerCpu } from './bench-release.js';
import type { BackendRole } from './backend-cpu.js';
import type { FleetPhase } from './fleet-harness.js';

const TARGETS: Readonly<Record<string, string>> = { schema: '≥ 0.8×', database: 'no regression' };

function perTenant(phases: PhaseMs, phase: RolloutPhase, tenants: number): number {
  return (phases[phase] ?? 0) / tenants;
}

function ms(value: number): string {
  return value === 0 ? '—' : value < 10 ? value.toFixed(2) : value.toFixed(1);
}

/** Slot milliseconds per tenant for one side of a round: each phase, what the phases leave out, and idle slots. */
function breakdown(phases: PhaseMs, tenants: number, seconds: number, concurrency: number): Map<string, number> {
  const rows = new Map<string, number>();
  const inPhases = TENANT_PHASES.filter((p) => p !== 'slot').reduce((sum, p) => sum + perTenant(phases, p, tenants), 0);
  for (const phase of TENANT_PHASES) if (phase !== 'slot') rows.set(phase, perTenant(phases, phase, tenants));
  const slot = perTenant(phases, 'slot', tenants);
  rows.set('in the slot, between phases (Node work, events)', Math.max(0, slot - inPhases));
  rows.set('**slot total**', slot);
  const capacity = (concurrency * seconds * 1000) / tenants;
  rows.set('slots idle (claims, batch reads, batch boundaries)', Math.max(0, capacity - slot));
  rows.set('**concurrency × wall time ÷ tenants**', capacity);
  return rows;
}

export function releaseBlock(result: ReleaseBenchResult, measuredOn: string): string {
  const rate = (n: number): string => `${n.toFixed(1)}/s`;
  const lines = [
    measuredOn,
    '',
    "| fleet | raw baseline | schemafleet rollout | rollout ÷ raw | target | every round's ratio | rollout peak RSS |",
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...result.rows.map((r) => {
      const target = r.fleet.includes('schema') ? TARGETS.schema : TARGETS.database;
      return `| ${r.fleet} | ${rate(r.median.baseline.tenantsPerSecond)} (${r.median.baseline.seconds.toFixed(1)} s) | ${rate(r.median.rollout.tenantsPerSecond)} (${r.median.rollout.seconds.toFixed(1)} s) | ${r.median.ratio.toFixed(2)}× | ${target} | ${r.rounds.map((x) => `${x.ratio.toFixed(2)}×`).join(', ')} | ${r.peakRssMb.toFixed(0)} MB |`;
    }),
    '',
    `Where a tenant's time goes, in the median round: milliseconds of worker slot per tenant (concurrency ${result.concurrency}, so the last row is what one tenant costs the run).`,
    '',
    `| phase | ${result.rows.flatMap((r) => [`raw, ${shortName(r.fleet)}`, `schemafleet, ${shortName(r.fleet)}`]).join(' | ')} |`,
    `| --- | ${result.rows.flatMap(() => ['---', '---']).join(' | ')} |`,
  ];
  const tables = result.rows.map((r) => sides(r.median, r.tenants, result.concurrency));
  type SideFigures = { readonly phase: FleetPhase; readonly server: ServerCpu | null; readonly tenants: number };
  const server = (role: BackendRole) => (f: SideFigures) => (f.server ? (f.server.get(role) ?? 0) / f.tenants : null);
  const cpuRows: readonly [string, (f: SideFigures) => number | null, (n: number) => string][] = [
    ['machine CPU per tenant, ms (every process)', (f) => f.phase.machineCpuMsPerTenant, (n) => n.toFixed(1)],
    ['… PostgreSQL: tenant sessions (the steps, locks, settings)', server('tenant sessions'), (n) => n.toFixed(1)],
    ['… PostgreSQL: batch reader (digests, full reads, verification reads)', server('batch reader'), (n) => n.toFixed(1)],
    ['… PostgreSQL: ledger', server('ledger'), (n) => n.toFixed(1)],
    ['… PostgreSQL: server processes (WAL writer, checkpointer, …)', server('server processes'), (n) => n.toFixed(1)],
    // Connections none of the names above matched (the benchmark's own setup, or a name schemafleet changed): shown, so a role's CPU cannot vanish.
    ['… PostgreSQL: other connections', server('other backends'), (n) => n.toFixed(1)],
    ['… this process (Node)', (f) => f.phase.processCpuMsPerTenant, (n) => n.toFixed(1)],
    ["cores busy (share of the cores' time)", (f) => f.phase.machineBusyShare, (n) => `${(n * 100).toFixed(0)}%`],
  ];
  const figures = (r: (typeof result.rows)[number]): [SideFigures, SideFigures] => [
    { phase: r.median.baseline, server: r.median.baselineServerCpu, tenants: r.tenants },
    { phase: r.median.rollout, server: r.median.rolloutServerCpu, tenants: r.tenants },
  ];
  const cell = (value: number | null, format: (n: number) => string): string => (value === null ? 'n/a' : format(value));
  const cpuTable = [
    '',
    "CPU, in the median round: milliseconds per tenant, the whole machine and, from each backend's CPU time (bench/backend-cpu.ts), what its PostgreSQL work was. On a host whose cores are all busy, throughput is cores ÷ CPU per tenant: a change that does not cut CPU per tenant cannot raise the ratio.",
    '',
    `| | ${result.rows.flatMap((r) => [`raw, ${shortName(r.fleet)}`, `schemafleet, ${shortName(r.fleet)}`]).join(' | ')} |`,
    `| --- | ${result.rows.flatMap(() => ['---', '---']).join(' | ')} |`,
    ...cpuRows.map(([label, pick, format]) => `| ${label} | ${result.rows.flatMap((r) => figures(r).map((f) => cell(pick(f), format))).join(' | ')} |`),
  ];
  const labels = [...(tables[0]?.rollout.keys() ?? [])];
  for (const label of labels) lines.push(`| ${label} | ${tables.flatMap((t) => [ms(t.baseline.get(label) ?? 0), ms(t.rollout.get(label) ?? 0)]).join(' | ')} |`);
  lines.push(...cpuTable);
  lines.push(
    '',
    "The rollout's claim loop, wall milliseconds per tenant (register and claims hold up new tenants; a batch's verification runs beside the next batch):",
    '',
    `| | ${result.rows.map((r) => shortName(r.fleet)).join(' | ')} |`,
    `| --- | ${result.rows.map(() => '---').join(' | ')} |`,
    ...ORCHESTRATOR_PHASES.map((phase) => `| ${phase} | ${result.rows.map((r) => ms(perTenant(r.median.rolloutPhases, phase, r.tenants))).join(' | ')} |`),
    '',
    `The release, as planned (${result.planSteps.length} steps): ${result.planSteps.map((sql) => `\`${sql.replace(/\s+/g, ' ').slice(0, 90)}${sql.length > 90 ? '…' : ''}\``).join('; ')}. ` +
      `${result.roundsPerFleet} rounds per fleet, raw and rollout back to back, taking turns going first, a CHECKPOINT before each; the tables show the round with the median ratio. ` +
      `Building the fleets took ${result.setupSeconds.toFixed(0)} s. ` +
      (result.digestMsPerSchema === null
        ? ''
        : `The batch digest alone (every schema tenant once, ${DIGEST_CHUNK} schemas per query, on a new connection as a rollout reads them, nothing else running; best of 3) took ${result.digestMsPerSchema.toFixed(2)} ms per schema${digestFloor(result)}. `) +
      `Reproduce with \`SCHEMAFLEET_BENCH_ONLY=release npm run bench\` ` +
      '(`SCHEMAFLEET_BENCH_RELEASE_SCHEMA_TENANTS`, `SCHEMAFLEET_BENCH_RELEASE_DATABASE_TENANTS`, `SCHEMAFLEET_BENCH_ROUNDS`).',
  );
  return lines.join('\n');
}

/**
 * The ratio a rollout could reach if it added nothing to the raw apply but the digest: raw's CPU
 * per tenant over raw's plus the digest's (the digest runs alone on one backend, so its wall time
 * is its CPU). On a host whose cores raw keeps busy, no scheduling gets past it.
 */
function digestFloor(result: ReleaseBenchResult): string {
  const schemaRow = result.rows.find((r) => r.fleet.includes('schema'));
  const rawCpu = schemaRow?.median.baseline.machineCpuMsPerTenant;
  if (!rawCpu || result.digestMsPerSchema === null) return '';
  return `; against the raw apply's ${rawCpu.toFixed(1)} ms of CPU per tenant, raw plus the digest and nothing else would be ${(rawCpu / (rawCpu + result.digestMsPerSchema)).toFixed(2)}× of raw`;
}

function shortName(fleet: string): string {
  return fleet.includes('schema') ? 'schema tenants' : 'database tenants';
}

function sides(round: ReleaseRound, tenants: number, concurrency: number): { baseline: Map<string, number>; rollout: Map<string, number> } {
  return {
    baseline: breakdown(round.baselinePhases, tenants, round.baseline.seconds, concurrency),
    rollout: breakdown(round.rolloutPhases, tenants, round.rollout.seconds, concurrency),
  };
}
