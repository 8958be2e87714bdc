import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { withClient } from './pg.js';

/**
 * pg_dump as an oracle that does not go through schemafleet's own model: two databases that should
 * hold the same schema must dump the same. The embedded server ships no pg_dump, and pg_dump
 * refuses a newer server, so `canDump` says whether the installed one can read the test server
 * (CI's pass on the machine's PostgreSQL 15).
 */
const run = promisify(execFile);

async function serverMajor(url: string): Promise<number> {
  const version = await withClient(url, async (c) => (await c.query<{ v: string }>("SELECT current_setting('server_version_num') AS v")).rows[0]!.v);
  return Math.floor(Number(version) / 10_000);
}

export async function canDump(url: string): Promise<boolean> {
  try {
    const { stdout } = await run('pg_dump', ['--version']);
    const major = Number(/(\d+)(?:\.\d+)?/.exec(stdout)?.[1]);
    return Number.isFinite(major) && major >= (await serverMajor(url));
  } catch {
    return false;
  }
}

export interface DumpOptions {
  /**
   * Compare as a sorted list of lines, commas at line ends and the options of each WITH (…) sorted
   * too: pg_dump writes columns, and what hangs off them (comments, SET STATISTICS, …), in column
   * order, which is not a change (a migrated table keeps its old order; the model sorts options).
   */
  readonly ignoreOrder?: boolean;
}

/** pg_dump --schema-only's output as it is, with the extra flags given (a file as a team would have it). */
export async function pgDumpSchemaOnly(url: string, flags: readonly string[] = []): Promise<string> {
  // The password goes in the environment, so a failure's command line does not show it.
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  const { stdout } = await run('pg_dump', ['--schema-only', ...flags, parsed.toString()], {
    maxBuffer: 16 * 2 ** 20,
    env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) },
  });
  return stdout;
}

/** pg_dump --schema-only without what differs between any two databases: comments, blank lines, the random \restrict key. */
export async function schemaDump(url: string, options: DumpOptions = {}): Promise<string> {
  const stdout = await pgDumpSchemaOnly(url, ['--no-owner', '--no-privileges']);
  const lines = stdout.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('--') && !/^\\(un)?restrict /.test(line));
  if (!options.ignoreOrder) return lines.join('\n');
  const sortedOptions = (line: string): string => line.replace(/WITH \(([^)]*)\)/g, (_all, list: string) => `WITH (${list.split(', ').sort().join(', ')})`);
  return lines
    .map((line) => sortedOptions(line).replace(/,$/, ''))
    .sort()
    .join('\n');
}
