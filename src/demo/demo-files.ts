import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface DemoSchemas {
  readonly dir: string;
  readonly v1Path: string;
  readonly v2Path: string;
  readonly v1: string;
  readonly v2: string;
}

/**
 * examples/demo/ sits beside dist/ (the built CLI) and two levels above src/demo/ (tests, tsx): it is
 * looked for upwards from this module rather than at a fixed depth, so both layouts find it.
 */
function demoExamplesDir(from: string = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'examples', 'demo');
    if (existsSync(join(candidate, 'schema-v1.sql'))) return candidate;
    if (dirname(dir) === dir) throw new Error(`examples/demo/schema-v1.sql not found above ${from}; the demo needs the repository's examples folder`);
  }
}

export async function readDemoSchemas(dir = demoExamplesDir()): Promise<DemoSchemas> {
  const v1Path = join(dir, 'schema-v1.sql');
  const v2Path = join(dir, 'schema-v2.sql');
  const [v1, v2] = await Promise.all([readFile(v1Path, 'utf8'), readFile(v2Path, 'utf8')]);
  return { dir, v1Path, v2Path, v1, v2 };
}
