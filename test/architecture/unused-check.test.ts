import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

// The unused-code check of `npm test` (knip.jsonc, `npm run check:unused`), run on tiny trees so we
// know it fails when it should: dead files and exports, and exports only tests use.
const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const knip = join(repo, 'node_modules/knip/bin/knip.js');

const trees: string[] = [];
afterEach(async () => {
  await Promise.all(trees.splice(0).map((tree) => rm(tree, { recursive: true, force: true })));
});

/** The four shipped entries knip.jsonc names, the library's re-exporting src/plan/plan.ts. */
const ENTRIES: Record<string, string> = {
  'src/cli/main.ts': "import { plan } from '../plan/plan.js';\nconsole.log(plan);\n",
  'src/github/app-server.ts': 'console.log(1);\n',
  'src/github/action/index.ts': 'console.log(1);\n',
  'src/index.ts': "export { plan } from './plan/plan.js';\n",
};

interface KnipIssue {
  readonly file: string;
  readonly files: readonly { readonly name: string }[];
  readonly exports: readonly { readonly name: string }[];
}

async function knipIssues(tree: string, production: boolean): Promise<string[]> {
  const args = [knip, '--reporter', 'json', '--no-config-hints', ...(production ? ['--production', '--strict'] : [])];
  const output = await new Promise<string>((done, fail) => {
    // knip exits 1 when it finds something; the JSON on stdout is what we read either way.
    execFile(process.execPath, args, { cwd: tree }, (error, stdout, stderr) => {
      if (stdout.trim() === '') fail(error ?? new Error(stderr));
      else done(stdout);
    });
  });
  const { issues } = JSON.parse(output) as { issues: KnipIssue[] };
  return issues.flatMap((issue) => [...issue.files.map((f) => `file ${f.name}`), ...issue.exports.map((e) => `export ${issue.file}:${e.name}`)]);
}

/** Writes `files` (path → source) beside the repository's knip.jsonc and runs both passes of check:unused. */
async function check(files: Record<string, string>): Promise<{ all: string[]; production: string[] }> {
  const tree = await mkdtemp(join(tmpdir(), 'schemafleet-unused-'));
  trees.push(tree);
  const everything: Record<string, string> = {
    'package.json': JSON.stringify({ name: 'tree', type: 'module', devDependencies: { vitest: '*' } }),
    'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true } }),
    'vitest.config.ts': "export default { test: { include: ['test/**/*.test.ts'] } };\n",
    ...ENTRIES,
    ...files,
  };
  for (const [path, text] of Object.entries(everything)) {
    await mkdir(dirname(join(tree, path)), { recursive: true });
    await writeFile(join(tree, path), text);
  }
  await copyFile(join(repo, 'knip.jsonc'), join(tree, 'knip.jsonc'));
  // knip's vitest plugin loads the config through the installed vitest.
  await symlink(join(repo, 'node_modules'), join(tree, 'node_modules'), 'dir');
  return { all: await knipIssues(tree, false), production: await knipIssues(tree, true) };
}

const TEST_USING = (name: string): string => `import { it } from 'vitest';\nimport { ${name} } from '../src/plan/plan.js';\nit('uses it', () => void ${name});\n`;

describe('the unused-code check', () => {
  it('passes a tree where every file and export is used by a shipped entry', async () => {
    expect(await check({ 'src/plan/plan.ts': 'export const plan = 1;\n' })).toEqual({ all: [], production: [] });
  });

  it('reports a file nothing imports, and an export nothing uses', async () => {
    const result = await check({
      'src/plan/plan.ts': 'export const plan = 1;\nexport const forgotten = 2;\n',
      'src/plan/dead.ts': 'export const dead = 1;\n',
    });
    expect(result.all).toEqual(expect.arrayContaining(['file src/plan/dead.ts', 'export src/plan/plan.ts:forgotten']));
  });

  it('reports an export only tests use in the production pass, unless its doc comment says @internal', async () => {
    const bare = await check({ 'src/plan/plan.ts': 'export const plan = 1;\nexport const forTests = 2;\n', 'test/plan.test.ts': TEST_USING('forTests') });
    expect(bare).toEqual({ all: [], production: ['export src/plan/plan.ts:forTests'] });

    const tagged = await check({
      'src/plan/plan.ts': 'export const plan = 1;\n/** @internal Only the tests need it. */\nexport const forTests = 2;\n',
      'test/plan.test.ts': TEST_USING('forTests'),
    });
    expect(tagged).toEqual({ all: [], production: [] });
  });
});
