import type { Command } from 'commander';
import { z } from 'zod';
import { runDemo } from '../demo/run-demo.js';
import { processIo, type CliContext } from './cli-io.js';
import type { ExitCodeSink } from './run-cli.js';
import { addDevUrlOption, devUrlFrom } from './common-flags.js';
import { parseFlags, postgresUrl } from './flags.js';
import { onStopSignal } from '../util/stop-signals.js';

const count = (what: string, min: number, max: number, fallback: number) =>
  z
    .string()
    .optional()
    .transform((text, ctx) => {
      if (text === undefined) return fallback;
      const value = Number(text);
      if (!Number.isInteger(value) || value < min || value > max) {
        ctx.addIssue({ code: 'custom', message: `expected ${what}, a whole number from ${min} to ${max}` });
        return z.NEVER;
      }
      return value;
    });

const demoFlags = z.object({
  // At least one schema tenant: the demo's health probe reads the database the schema tenants share.
  schemaTenants: count('a number of schema tenants', 1, 9_999, 1_000),
  databaseTenants: count('a number of database tenants', 0, 99, 20),
  concurrency: count('a concurrency', 1, 64, 10),
  keep: z.boolean().default(false),
  devUrl: postgresUrl.optional(),
});

export function registerDemoCommand(program: Command, context: CliContext, exit: ExitCodeSink): void {
  const command = program
    .command('demo')
    .description(
      'start a PostgreSQL, build a fleet of tenants on an example schema (some drifted), preflight it and roll it out to the next version, pausing once on purpose; removes everything at the end',
    );
  addDevUrlOption(command)
    .option('--schema-tenants <n>', 'schema-per-tenant tenants (default 1000)')
    .option('--database-tenants <n>', 'database-per-tenant tenants (default 20)')
    .option('--concurrency <n>', 'tenants migrated and read at once (default 10: the work waits on PostgreSQL more than on the CPU)')
    .option('--keep', 'keep the fleet afterwards (the databases on --dev-url; an embedded server runs until Ctrl-C)')
    .action(async (options: unknown) => {
      const flags = parseFlags(demoFlags, options);
      const devUrl = devUrlFrom(flags.devUrl, context.env);
      const controller = new AbortController();
      // The one signal story (src/util/stop-signals.ts): the first Ctrl-C stops the rollout after its
      // grace period and removes the fleet; a second one exits at once (the embedded server still stops).
      const unsubscribe = onStopSignal({
        first: (signal) => {
          context.io.stderr(`\n${signal}: stopping — tenants in flight get their grace period, then everything the demo made is removed; send it again to exit at once\n`);
          controller.abort();
        },
        second: (signal) => context.io.stderr(`${signal} again: exiting now\n`),
      });
      try {
        const result = await runDemo({
          schemaTenants: flags.schemaTenants,
          databaseTenants: flags.databaseTenants,
          keep: flags.keep,
          concurrency: flags.concurrency,
          ...(devUrl ? { devUrl } : {}),
          io: context.io,
          // Only the real stderr can be a terminal; captured output (tests, pipes) gets plain lines.
          tty: context.io === processIo && process.stderr.isTTY === true,
          signal: controller.signal,
          waitWhileKept: () => new Promise<void>((resolve) => controller.signal.addEventListener('abort', () => resolve(), { once: true })),
        });
        exit.code = result.exitCode;
      } finally {
        unsubscribe();
      }
    });
}
