import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BadInputError } from '../../src/errors.js';
import { readLintConfig } from '../../src/lint/read-lint-config.js';
import type { LintRule } from '../../src/lint/rule.js';
import { validateLintConfig } from '../../src/lint/validate-lint-config.js';

const rules = [{ id: 'drop-column' }, { id: 'volatile-default' }] as LintRule[];

async function yamlFile(text: string): Promise<string> {
  const file = join(await mkdtemp(join(tmpdir(), 'sf-lintcfg-')), 'schemafleet.yml');
  await writeFile(file, text);
  return file;
}

describe('validateLintConfig', () => {
  it('accepts known rule ids, engine ids included', () => {
    expect(() => validateLintConfig({ rules: { 'drop-column': 'error', 'unused-ignore': 'off' }, ignore: [{ rule: 'volatile-default', object: 't.c', reason: 'r' }] }, rules)).not.toThrow();
  });

  it('names the key path of every unknown id, with a suggestion', () => {
    const run = (): void => validateLintConfig({ rules: { 'drop-colum': 'off' }, ignore: [{ rule: 'nothing-like-it', object: 't', reason: 'r' }] }, rules, 'lint');
    expect(run).toThrow(BadInputError);
    expect(run).toThrow('lint.rules.drop-colum: unknown rule id (did you mean drop-column?)');
    expect(run).toThrow(/lint\.ignore\[0\]\.rule: unknown rule id nothing-like-it$/m);
  });
});

describe('readLintConfig', () => {
  it('reads the lint section and defaults the rest; a file without one gives the defaults', async () => {
    const file = await yamlFile('tenants: []\nlint:\n  rules:\n    drop-column: warning\n  ignore:\n    - { rule: volatile-default, object: orders.token, reason: backfilled }\n');
    expect(await readLintConfig(file, rules)).toEqual({ rules: { 'drop-column': 'warning' }, ignore: [{ rule: 'volatile-default', object: 'orders.token', reason: 'backfilled' }] });
    expect(await readLintConfig(await yamlFile('tenants: []\n'), rules)).toEqual({ rules: {}, ignore: [] });
  });

  it('names the file and the key path of a bad value', async () => {
    const file = await yamlFile('lint:\n  rules:\n    drop-column: loud\n  ignore:\n    - { rule: drop-column, object: t }\n');
    const error = await readLintConfig(file, rules).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadInputError);
    const message = (error as Error).message;
    expect(message).toContain(`${file}: lint.rules.drop-column:`);
    expect(message).toContain(`${file}: lint.ignore[0].reason:`);
  });

  it('names the file for unknown ids, bad YAML and a missing file', async () => {
    await expect(readLintConfig(await yamlFile('lint:\n  rules:\n    drop-colum: off\n'), rules)).rejects.toThrow(
      /schemafleet\.yml: lint\.rules\.drop-colum: unknown rule id \(did you mean drop-column\?\)/,
    );
    await expect(readLintConfig(await yamlFile('lint: [unclosed\n'), rules)).rejects.toThrow(/not valid YAML/);
    await expect(readLintConfig('/nonexistent/schemafleet.yml', rules)).rejects.toThrow('/nonexistent/schemafleet.yml: no such file');
  });
});
