import { readFile, writeFile } from 'node:fs/promises';
import { ALL_TYPES } from './latency-stats.js';
import { QUERY_TYPES } from './app-queries.js';
import { PHASES, type ComparisonRun } from './comparison.js';
import type { TargetCheck } from './verdict.js';
import { describeActivity, ms } from './format.js';
import type { DowntimeOptions } from './bench-options.js';

export interface DowntimeReport {
  readonly machine: string;
  readonly options: DowntimeOptions;
  readonly ours: ComparisonRun;
  readonly naive: ComparisonRun;
  readonly oursChecks: readonly TargetCheck[];
  readonly naiveChecks: readonly TargetCheck[];
}

/** The figures as Markdown: what goes between the markers in docs/benchmarks.md, and what is printed. */
export function renderReport(report: DowntimeReport): string {
  const { options: o, ours, naive } = report;
  const lines = [
    `Measured ${new Date().toISOString().slice(0, 10)} on: ${report.machine}.`,
    '',
    `Fleet: ${o.tenants} schema tenants × ${o.orders.toLocaleString('en-US')} orders, ${o.accounts.toLocaleString('en-US')} accounts. Workload: ${o.qps} queries/s open loop over ${o.sampleTenants} tenants; ` +
      `a reader transaction holding ACCESS SHARE on orders for ${ms(o.readerHoldMs)} every ${ms(o.readerHoldMs + o.readerGapMs)} on ${o.readerTenants} of them. Rollouts: concurrency ${o.concurrency}; schemafleet with \`rollout.lockTimeout: ${o.lockTimeout}\`${o.niceRatio > 0 ? ` and \`rollout.niceRatio: ${o.niceRatio}\`` : ''}${o.parallelWorkers > 0 ? ` and \`rollout.parallelWorkers: ${o.parallelWorkers}\`` : ''}${o.adaptiveSlowdown > 0 ? ` and \`rollout.adaptiveConcurrency: { maxSlowdown: ${o.adaptiveSlowdown} }\` (at most ${o.concurrency} tenants at once, as many as the server bears)` : ''}.`,
    '',
    '| rollout | took | tenants migrated | failed | lock-timeout retries |',
    '| --- | --- | --- | --- | --- |',
    ...[ours, naive].map(
      (run) => `| ${run.rollout.label} | ${ms(run.rollout.durationMs)} | ${run.rollout.migrated} | ${run.rollout.failed} | ${run.rollout.label === 'naive' ? '—' : run.rollout.retries} |`,
    ),
    '',
    '| rollout | phase | query | count | p50 | p99 | max | errors |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...latencyRows('schemafleet', ours),
    ...latencyRows('naive', naive),
    '',
    '| rollout | phase | longest lock wait (application query) | waits ≥ lock timeout | blocked by | active application backends seen (polls every 20 ms) |',
    '| --- | --- | --- | --- | --- | --- |',
    ...lockRows('schemafleet', ours, o.lockTimeoutMs),
    ...lockRows('naive', naive, o.lockTimeoutMs),
    '',
    'Targets (schemafleet rollout):',
    '',
    ...report.oursChecks.map((c) => `- **${c.pass ? 'PASS' : 'FAIL'}** ${c.target}: ${c.detail}`),
    '',
    'The same targets for the naive rollout, for comparison:',
    '',
    ...report.naiveChecks.map((c) => `- ${c.pass ? 'PASS' : 'FAIL'} ${c.target}: ${c.detail}`),
    '',
    'Reproduce with `npm run bench:downtime`.',
  ];
  return lines.join('\n');
}

function latencyRows(label: string, run: ComparisonRun): string[] {
  const rows: string[] = [];
  for (const phase of PHASES) {
    const byType = run.workload.latency[phase] ?? {};
    for (const type of [...QUERY_TYPES, ALL_TYPES]) {
      const s = byType[type];
      if (!s) continue;
      const kinds = Object.entries(s.errorKinds)
        .map(([kind, n]) => `${n} ${kind}`)
        .join(', ');
      const name = type === ALL_TYPES ? '**all**' : type;
      rows.push(`| ${label} | ${phase} | ${name} | ${s.count} | ${ms(s.p50Ms)} | ${ms(s.p99Ms)} | ${ms(s.maxMs)} | ${s.errors}${kinds ? ` (${kinds})` : ''} |`);
    }
  }
  return rows;
}

function lockRows(label: string, run: ComparisonRun, lockTimeoutMs: number): string[] {
  return PHASES.map((phase) => {
    const locks = run.workload.locks[phase];
    const longest = locks?.longest;
    const activity = locks ? describeActivity(locks.activity) : '—';
    return `| ${label} | ${phase} | ${locks && locks.waits > 0 ? ms(locks.maxWaitMs) : '—'} | ${locks?.atLeast[String(lockTimeoutMs)] ?? 0} | ${longest ? `${longest.blockedBy} (${longest.mode} on ${longest.relation ?? longest.lockType})` : '—'} | ${activity} |`;
  });
}

const START = '<!-- bench:downtime:start -->';
const END = '<!-- bench:downtime:end -->';

const SECTION = `## Zero downtime under load

\`npm run bench:downtime\` rolls a change out across a fleet while an application works on it, and
does the same with a naive rollout in the same run, as the comparison. An embedded PostgreSQL is used
unless SCHEMAFLEET_BENCH_DATABASE_URL names a server; sizes, rate and durations can be overridden
with DOWNTIME_* variables (bench/downtime/bench-options.ts).

- Fleet: schema tenants in one database, each with \`accounts\` and \`orders\` (the table that changes),
  loaded, vacuumed and analyzed. The change (v1 → v2) adds a column with a default, an index, a
  foreign key to accounts and a NOT NULL, all on \`orders\`.
- Workload: a separate process (bench/downtime/workload.ts) sends point reads by primary key,
  inserts, updates and a join of accounts and orders at a fixed rate to a sample of tenants. Dispatch
  is open loop: every query has its due time and latency counts from then, so a stalled query cannot
  hide the ones queued behind it. Each query has a client-side timeout; timeouts and errors count.
  On a couple of the sampled tenants an application transaction reads orders and stays open for a
  few seconds (ACCESS SHARE held), again and again: the classic trigger of a lock-queue pile-up.
- Lock waits: a monitor connection polls pg_locks every 20 ms and keeps, for every application
  backend seen waiting, the longest wait (since pg_locks.waitstart) and who blocked it. It also
  samples what the application's active backends are doing (their wait_event_type, or CPU when
  they are running or waiting for a core), which tells lock queueing from a busy machine.
- Phases: workload only (before), the rollout (during), workload only (after). Ours is
  \`runRollout\` from a schemafleet.yml (schema tenants, \`rollout.lockTimeout\`, concurrency and, unless
  DOWNTIME_ADAPTIVE_SLOWDOWN=0, \`rollout.adaptiveConcurrency\`), as \`schemafleet rollout\` runs it. Then the tenants are recreated at v1 and the naive rollout runs
  under the same workload: the plain statements (ALTER TABLE … ADD COLUMN, CREATE INDEX, ADD FOREIGN
  KEY, SET NOT NULL), each its own transaction, no lock_timeout, at the same concurrency throughout.
- Targets: during our rollout no application query waits on a lock longer than the configured lock
  timeout (plus a small tolerance for the polling), and every query type's p99 stays within 2× of its
  p99 before the rollout.

${START}
${END}
`;

/** Writes the block between the markers, adding the section (with its description) when it is missing. */
export async function writeDocs(docPath: URL, block: string): Promise<void> {
  let doc = await readFile(docPath, 'utf8');
  if (!doc.includes(START)) doc = `${doc.trimEnd()}\n\n${SECTION}`;
  const start = doc.indexOf(START) + START.length;
  const end = doc.indexOf(END, start);
  if (end < 0) throw new Error(`docs/benchmarks.md has ${START} but no ${END}`);
  await writeFile(docPath, `${doc.slice(0, start)}\n${block}\n${doc.slice(end)}`);
}
