import { Command, CommanderError } from 'commander';
import { ExitCode, SchemafleetError, BadInputError, redactSecrets } from '../errors.js';
import { processIo, type CliContext, type CliIo } from './cli-io.js';
import { registerPlanCommand } from './plan-command.js';
import { registerApplyCommand } from './apply-command.js';
import { registerDiffCommand } from './diff-command.js';
import { registerLintCommand } from './lint-command.js';
import { registerRolloutCommand } from './rollout-command.js';
import { registerStatusCommand } from './status-command.js';
import { registerControlCommands } from './control-command.js';
import { registerDemoCommand } from './demo-command.js';
import { registerPreflightCommand } from './preflight-command.js';
import { registerDumpCommand } from './dump-command.js';

/**
 * A command's action resolves to its exit code; the runner, not the command, decides what the
 * process returns, so a command run in-process never leaks an exit code into the next.
 */
export interface ExitCodeSink {
  code: number;
}

/** Builds the command tree. Each command module registers itself on `program`. @internal test/cli/readme-flags.test.ts walks the command tree to check the README's flags. */
export function buildProgram(context: CliContext, exit: ExitCodeSink): Command {
  const program = new Command('schemafleet')
    .description('Keep every tenant PostgreSQL database or schema on one declarative schema, without downtime.')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => context.io.stdout(text),
      writeErr: (text) => context.io.stderr(text),
      outputError: () => undefined,
    });
  registerPlanCommand(program, context, exit);
  registerApplyCommand(program, context, exit);
  registerDiffCommand(program, context, exit);
  registerDumpCommand(program, context, exit);
  registerLintCommand(program, context, exit);
  registerRolloutCommand(program, context, exit);
  registerPreflightCommand(program, context, exit);
  registerStatusCommand(program, context, exit);
  registerControlCommands(program, context, exit);
  registerDemoCommand(program, context, exit);
  return program;
}

/** Runs the CLI and returns the exit code; never throws, never prints a stack trace or a password. */
export async function runCli(argv: readonly string[], io: CliIo = processIo, env: CliContext['env'] = process.env): Promise<number> {
  const exit: ExitCodeSink = { code: ExitCode.ok };
  const program = buildProgram({ io, env }, exit);
  const secrets = passwordsIn([...argv, env.SCHEMAFLEET_DEV_URL ?? '']);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exit.code;
  } catch (error) {
    return reportError(error, io, secrets);
  }
}

/** Passwords of every URL the user handed us, so no message can echo one, whoever produced it. */
function passwordsIn(values: readonly string[]): string[] {
  const found: string[] = [];
  for (const value of values) {
    for (const match of value.matchAll(/postgres(?:ql)?:\/\/[^\s]+/g)) {
      try {
        const url = new URL(match[0]);
        if (url.password) found.push(url.password, decodeURIComponent(url.password));
        const param = url.searchParams.get('password');
        if (param) found.push(param);
      } catch {
        /* not a URL after all: the regex fallback in redactSecrets still applies */
      }
    }
  }
  return found;
}

function reportError(error: unknown, io: CliIo, secrets: readonly string[]): number {
  const clean = (text: string): string => redactSecrets(text, secrets);
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return ExitCode.ok;
    // Help shown because no command was given: usage went to stderr and nothing ran.
    if (error.code === 'commander.help') return error.exitCode === 0 ? ExitCode.ok : ExitCode.badInput;
    io.stderr(`error: ${clean(error.message.replace(/^error: /, ''))}\n`);
    io.stderr('hint: run with --help to see the commands and their flags\n');
    return ExitCode.badInput;
  }
  if (error instanceof SchemafleetError) {
    const location = error instanceof BadInputError ? error.location : undefined;
    // The loader already writes file:line:col into its messages; others get it prepended.
    const message = location && !error.message.includes(`${location.file}:${location.line}`) ? `${location.file}:${location.line}:${location.column}: ${error.message}` : error.message;
    io.stderr(`error: ${clean(message)}\n`);
    if (error.hint) io.stderr(`hint: ${clean(error.hint)}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr(`internal error: ${clean(message)}\n`);
  io.stderr('hint: this is a bug in schemafleet; please report it with the command you ran\n');
  return ExitCode.internal;
}
