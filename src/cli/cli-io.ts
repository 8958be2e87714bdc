/**
 * Where a command writes. Commands never touch process.stdout/stderr directly, so tests can run
 * them in-process and read what they printed; stdout carries the result (plan, diff, JSON) and
 * stderr everything meant for a human watching.
 */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

export const processIo: CliIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
};

/** What a command needs from its surroundings besides its flags. */
export interface CliContext {
  readonly io: CliIo;
  readonly env: Readonly<Record<string, string | undefined>>;
}
