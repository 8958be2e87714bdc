import { runCli } from '../../src/cli/run-cli.js';
import { adminUrl } from '../support/pg.js';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in this process with captured output; SCHEMAFLEET_DEV_URL is unset unless given. */
export async function cli(argv: readonly string[], env: Record<string, string | undefined> = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) }, env);
  return { code, stdout, stderr };
}

/** The test server doubles as the scratch server, so no second embedded PostgreSQL starts. */
export function devUrlArgs(): string[] {
  return ['--dev-url', adminUrl()];
}

export const fixture = (name: string): string => new URL(`../fixtures/cli/${name}`, import.meta.url).pathname;
