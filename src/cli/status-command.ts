import type { Command } from 'commander';
import { z } from 'zod';
import { BadInputError, ExitCode, RefusedError } from '../errors.js';
import type { LedgerStatus } from '../fleet/ledger/ledger-types.js';
import { printable } from '../report/rollout/rollout-reporter.js';
import { formatDuration } from '../util/duration.js';
import type { CliContext } from './cli-io.js';
import type { ExitCodeSink } from './run-cli.js';
import { parseFlags } from './flags.js';
import { configOption, loadFleet, rolloutIdOption } from './fleet-cli.js';
import { openFleetLedger } from '../fleet/ledger/open-fleet-ledger.js';

const statusFlags = z.object({
  config: z.string().min(1).default('schemafleet.yml'),
  rollout: z.string().min(1).optional(),
  format: z.enum(['text', 'json'], { error: 'expected text or json' }).default('text'),
});

export function registerStatusCommand(program: Command, context: CliContext, exit: ExitCodeSink): void {
  program
    .command('status')
    .description('show a rollout from the ledger: state, standing request, counts, workers, failures')
    .option(...configOption)
    .option(...rolloutIdOption)
    .option('--format <format>', 'text or json (default: text)')
    .action(async (options: unknown) => {
      exit.code = await runStatus(options, context);
    });
}

async function runStatus(options: unknown, { io, env }: CliContext): Promise<number> {
  const flags = parseFlags(statusFlags, options);
  const { config, source } = await loadFleet(flags.config, env);
  const ledger = await openFleetLedger(config, source);
  try {
    const status = await ledger.status(flags.rollout, { failureLimit: 1_000 });
    if (!status) {
      if (flags.rollout) throw new BadInputError(`no rollout ${flags.rollout} in the ledger`, 'run schemafleet status without --rollout to see the newest');
      throw new RefusedError('no rollout in the ledger yet', 'start one with schemafleet rollout');
    }
    if (flags.format === 'json') io.stdout(`${JSON.stringify(status, null, 2)}\n`);
    else io.stdout(statusText(status));
    return ExitCode.ok;
  } finally {
    await ledger.close();
  }
}

function statusText(status: LedgerStatus): string {
  const { rollout, totals } = status;
  const lines = [
    `rollout ${rollout.id}: ${rollout.state} (schema ${rollout.schemaHash.slice(0, 12)}${rollout.commit ? `, commit ${rollout.commit.slice(0, 12)}` : ''}${rollout.actor ? `, by ${rollout.actor}` : ''})`,
  ];
  lines.push(`started ${rollout.createdAt.toISOString()}${rollout.finishedAt ? `, finished ${rollout.finishedAt.toISOString()}` : ''}`);
  if (rollout.requested) lines.push(`request: ${rollout.requested}${rollout.requestedBy ? ` by ${rollout.requestedBy}` : ''}${rollout.requestedAt ? ` at ${rollout.requestedAt.toISOString()}` : ''}`);
  lines.push(
    `tenants: ${totals.tenants} · migrated ${totals.migrated} · unchanged ${totals.unchanged} · failed ${totals.failed} · skipped ${totals.skipped} · cancelled ${totals.cancelled} · pending ${totals.pending} (${status.counts.claimed} in progress)`,
  );
  if (status.workers.length > 0) {
    lines.push('workers:');
    for (const worker of status.workers) lines.push(`  ${worker.id}  heartbeat ${formatDuration(worker.heartbeatAgeMs)} ago  ${worker.claimed} claimed`);
  }
  if (status.failedTotal > 0) {
    lines.push(`failures (${status.failedTotal}):`);
    for (const failure of status.failures) {
      const [first, ...rest] = (failure.message ?? '').split('\n');
      lines.push(`  ${printable(failure.tenantId)}  ${(failure.sqlstate ?? '-').padEnd(8)}  ${printable(first ?? '')}`);
      // What the failure left committed on the tenant, and the command that goes on (committed-steps.ts).
      for (const more of rest) lines.push(`      ${printable(more)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
