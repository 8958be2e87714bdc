/**
 * Where a command writes. Commands never touch process.stdout/stderr directly, so tests can run
 * them in-process and read what they printed; stdout carries the result (plan, diff, JSON) and
 * stderr everything meant for a human watching.
 */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

const closed = { stdout: false, stderr: false };

export const processIo: CliIo = {
  stdout: (text) => void (closed.stdout || process.stdout.write(text)),
  stderr: (text) => void (closed.stderr || process.stderr.write(text)),
};

/**
 * `schemafleet lint --format sarif … | head`: once the reader is gone, a write fails with EPIPE,
 * which crashed the process with a stack trace. The command now runs on, writing nowhere, and exits
 * with its own code, as a pipe's left side should. Called once by the process's entry point.
 */
export function ignoreClosedPipes(): void {
  for (const name of ['stdout', 'stderr'] as const) {
    process[name].on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      closed[name] = true;
    });
  }
}

/** What a command needs from its surroundings besides its flags. */
export interface CliContext {
  readonly io: CliIo;
  readonly env: Readonly<Record<string, string | undefined>>;
}
