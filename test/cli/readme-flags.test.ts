import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/run-cli.js';

/** The README's command summary lists every flag `--help` shows (it missed --config on plan/apply, --grace, --stale-after). */
describe('README command summary', () => {
  it('names every flag of every command', async () => {
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
    const block = /## CLI\n\n```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    const lines = block.split('\n');
    const program = buildProgram({ io: { stdout: () => undefined, stderr: () => undefined }, env: {} }, { code: 0 });
    const missing: string[] = [];
    for (const command of program.commands) {
      const line = lines.find((l) => new RegExp(`^schemafleet (?:\\S+\\|)*${command.name()}(?:\\|\\S+)*\\b`).test(l));
      if (!line) {
        missing.push(command.name());
        continue;
      }
      for (const option of command.options) if (option.long && !line.includes(option.long)) missing.push(`${command.name()} ${option.long}`);
    }
    expect(missing).toEqual([]);
  });
});
