import { expect } from 'vitest';
import type { CliRun } from '../cli/run-cli-in-process.js';
import { adminUrl } from '../support/pg.js';

/** A password planted in URLs and env vars of the corpus: it must never be printed. */
export const PLANTED_SECRET = 'pl4nted-S3cret-xyzzy';

export const badInputFixture = (...parts: string[]): string => new URL(`../fixtures/bad-input/${parts.join('/')}`, import.meta.url).pathname;

/** The same path as the CLI shows it: relative to the working directory. */
export const shownPath = (...parts: string[]): string => `test/fixtures/bad-input/${parts.join('/')}`;

/** The test server's own password, when it has one (the embedded server does). */
function serverPassword(): string | undefined {
  const password = new URL(adminUrl()).password;
  return password ? decodeURIComponent(password) : undefined;
}

/** No stack trace, no internal error, no secret, in either stream. */
export function expectClean(run: CliRun, extraSecrets: readonly string[] = []): void {
  const output = `${run.stdout}\n${run.stderr}`;
  expect(output).not.toMatch(/\n\s+at /);
  expect(output).not.toContain('internal error');
  for (const secret of [PLANTED_SECRET, serverPassword(), ...extraSecrets]) {
    if (secret) expect(output).not.toContain(secret);
  }
}
