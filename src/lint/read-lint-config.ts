import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { BadInputError } from '../errors.js';
import { lintConfigSchema, type LintConfig } from './lint-config-schema.js';
import type { LintRule } from './rule.js';
import { validateLintConfig } from './validate-lint-config.js';

function keyPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : `${out}.${String(key)}`), 'lint');
}

/**
 * The `lint:` section of a schemafleet.yml, validated (shape and rule ids); the rest of the file
 * is not this function's business. Kept to one function so the full config loader can replace it.
 * A file without a `lint:` section gives the defaults.
 */
export async function readLintConfig(file: string, rules: readonly LintRule[]): Promise<LintConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new BadInputError(`${file}: ${code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? String(error)})`}`, 'pass --config with the path of schemafleet.yml');
  }
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    throw new BadInputError(`${file}: not valid YAML: ${error instanceof Error ? error.message : String(error)}`);
  }
  const section = document && typeof document === 'object' ? (document as Record<string, unknown>).lint : undefined;
  const parsed = lintConfigSchema.safeParse(section ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${keyPath(issue.path)}: ${issue.message}`);
    throw new BadInputError(`${file}: ${problems.join(`\n${file}: `)}`, 'see docs/rules/README.md for the lint section');
  }
  try {
    validateLintConfig(parsed.data, rules);
  } catch (error) {
    if (error instanceof BadInputError) throw new BadInputError(`${file}: ${error.message.split('\n').join(`\n${file}: `)}`, error.hint);
    throw error;
  }
  return parsed.data;
}
