import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

// The layer check of `npm test` (.dependency-cruiser.cjs), run on tiny trees so we know it fails
// when it should, and names the rule that was broken.
const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const depcruise = join(repo, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
const config = join(repo, '.dependency-cruiser.cjs');

interface Violation {
  readonly from: string;
  readonly to: string;
  readonly rule: { readonly name: string };
}

const trees: string[] = [];
afterEach(async () => {
  await Promise.all(trees.splice(0).map((tree) => rm(tree, { recursive: true, force: true })));
});

/** Writes `files` (path → source) under a fresh folder and runs the check there, as `npm test` does on src. */
async function check(files: Record<string, string>): Promise<Violation[]> {
  const tree = await mkdtemp(join(tmpdir(), 'schemafleet-layers-'));
  trees.push(tree);
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(tree, path)), { recursive: true });
    await writeFile(join(tree, path), text);
  }
  const output = await new Promise<string>((done, fail) => {
    // depcruise exits with the number of errors; the JSON on stdout is what we read either way.
    execFile(process.execPath, [depcruise, 'src', '--config', config, '--output-type', 'json'], { cwd: tree }, (error, stdout, stderr) => {
      if (stdout.trim() === '') fail(error ?? new Error(stderr));
      else done(stdout);
    });
  });
  const result = JSON.parse(output) as { summary: { violations: Violation[] } };
  return result.summary.violations;
}

describe('the layer check', () => {
  it('passes a tree whose imports point down the layers', async () => {
    const violations = await check({
      'src/db/connect.ts': 'export const connect = 1;\n',
      'src/plan/plan.ts': "import { connect } from '../db/connect.js';\nexport const plan = connect;\n",
      'src/cli/main.ts': "import { plan } from '../plan/plan.js';\nexport const main = plan;\n",
    });
    expect(violations).toEqual([]);
  });

  it('reports a stage that imports a later stage, naming the rule', async () => {
    const violations = await check({
      'src/plan/plan.ts': "import type { Rollout } from '../fleet/rollout.js';\nexport type Plan = Rollout;\n",
      'src/fleet/rollout.ts': 'export type Rollout = number;\n',
    });
    expect(violations.map((v) => [v.rule.name, v.from, v.to])).toEqual([['layer-plan-imports-only-lower-layers', 'src/plan/plan.ts', 'src/fleet/rollout.ts']]);
  });

  it('reports a core folder or another front door importing a front door', async () => {
    const violations = await check({
      'src/cli/diff-text.ts': 'export const text = 1;\n',
      'src/report/changes.ts': "import { text } from '../cli/diff-text.js';\nexport const changes = text;\n",
      'src/github/summary.ts': "import { text } from '../cli/diff-text.js';\nexport const summary = text;\n",
    });
    expect(violations.map((v) => [v.rule.name, v.from]).sort()).toEqual([
      ['front-doors-do-not-import-each-other', 'src/github/summary.ts'],
      ['nothing-imports-a-front-door', 'src/report/changes.ts'],
    ]);
  });
});
