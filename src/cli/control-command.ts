import type { Command } from 'commander';
import { userInfo, hostname } from 'node:os';
import { z } from 'zod';
import { BadInputError, ExitCode, RefusedError } from '../errors.js';
import type { ControlAction } from '../fleet/ledger/ledger-types.js';
import type { CliContext } from './cli-io.js';
import type { ExitCodeSink } from './run-cli.js';
import { parseFlags } from './flags.js';
import { configOption, loadFleet, rolloutIdOption } from './fleet-cli.js';
import { openFleetLedger } from '../fleet/ledger/open-fleet-ledger.js';

const controlFlags = z.object({
  config: z.string().min(1).default('schemafleet.yml'),
  rollout: z.string().min(1).optional(),
});

const DESCRIPTIONS: Record<ControlAction, string> = {
  pause: 'ask every worker of a rollout to start no new tenant (in-flight ones finish); obeyed within a few seconds',
  resume: 'let a paused rollout go on',
  abort: 'stop a rollout for good: no new tenant starts, in-flight ones finish, the rollout ends aborted',
};

/** pause, resume and abort: one standing request in the ledger that running workers poll. */
export function registerControlCommands(program: Command, context: CliContext, exit: ExitCodeSink): void {
  for (const action of ['pause', 'resume', 'abort'] as const) {
    program
      .command(action)
      .description(DESCRIPTIONS[action])
      .option(...configOption)
      .option(...rolloutIdOption)
      .action(async (options: unknown) => {
        exit.code = await runControl(action, options, context);
      });
  }
}

async function runControl(action: ControlAction, options: unknown, { io, env }: CliContext): Promise<number> {
  const flags = parseFlags(controlFlags, options);
  const { config, source } = await loadFleet(flags.config, env);
  const ledger = await openFleetLedger(config, source);
  try {
    const rollout = flags.rollout ? await ledger.getRollout(flags.rollout) : await ledger.latestRollout();
    if (!rollout) {
      if (flags.rollout) throw new BadInputError(`no rollout ${flags.rollout} in the ledger`, 'schemafleet status shows the newest rollout');
      throw new RefusedError('no rollout in the ledger yet', 'start one with schemafleet rollout');
    }
    const by = env.GITHUB_ACTOR ?? `${safeUser()}@${hostname()}`;
    if (!(await ledger.requestControl(rollout.id, action, by))) {
      const why = rollout.requested === 'abort' ? 'an abort was already requested' : `it is ${rollout.state}`;
      throw new RefusedError(`cannot ${action} rollout ${rollout.id}: ${why}`, 'schemafleet status shows its state');
    }
    io.stdout(`${action} requested for rollout ${rollout.id}; running workers obey within a few seconds\n`);
    return ExitCode.ok;
  } finally {
    await ledger.close();
  }
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
