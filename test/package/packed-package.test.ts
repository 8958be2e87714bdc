/**
 * The package as npm would ship it, checked the way library authors check theirs: built from the
 * sources with the same functions `npm run build` uses, packed with `npm pack` (so package.json's
 * `files` decides what is in it), judged by @arethetypeswrong/cli, then unpacked into a scratch
 * project and used from plain JavaScript and from a strictly type-checked TypeScript file.
 *
 * The scratch project gets the package's own `dependencies` linked from this repository's
 * node_modules instead of downloaded, so the test runs offline; a dependency missing from
 * package.json (types the declarations import, say) is missing here too.
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const REPO_ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(REPO_ROOT, 'node_modules', '.bin');

let work: string;
let tarball: string;
let app: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'sf-packed-'));
  const source = join(work, 'source');
  await mkdir(source);
  for (const entry of ['package.json', 'README.md', 'LICENSE', 'action.yml', 'docs', 'examples']) {
    await cp(join(REPO_ROOT, entry), join(source, entry), { recursive: true });
  }
  await run(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `const m = await import(${JSON.stringify(join(REPO_ROOT, 'scripts/build.mjs'))}); const out = ${JSON.stringify(join(source, 'dist'))}; await m.buildCli(out); await m.buildTypes(out);`,
    ],
    { cwd: REPO_ROOT },
  );
  const packed = await run('npm', ['pack', '--json', '--pack-destination', work], { cwd: source });
  const [info] = JSON.parse(packed.stdout) as { filename: string }[];
  tarball = join(work, info!.filename);

  app = join(work, 'app');
  const installed = join(app, 'node_modules', 'schemafleet');
  await mkdir(installed, { recursive: true });
  await run('tar', ['xzf', tarball, '-C', installed, '--strip-components=1']);
  const manifest = JSON.parse(await readFile(join(installed, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  for (const name of [...Object.keys(manifest.dependencies), '@types/node']) {
    const link = join(app, 'node_modules', name);
    await mkdir(dirname(link), { recursive: true });
    await symlink(join(REPO_ROOT, 'node_modules', name), link, 'dir');
  }
  await writeFile(join(app, 'package.json'), JSON.stringify({ name: 'scratch', private: true, type: 'module' }));
  await writeFile(join(app, 'schema.sql'), 'CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);\n');
}, 180_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('the packed package', () => {
  it('holds what users need and nothing of the repository around it', async () => {
    const { stdout } = await run('tar', ['tzf', tarball]);
    const files = stdout
      .trim()
      .split('\n')
      .map((line) => line.replace(/^package\//, ''));
    expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE', 'dist/lib.js', 'dist/lib.d.ts', 'dist/cli.js', 'dist/app.js']));
    expect(files.filter((file) => /^(src|test|bench|scripts|node_modules|\.ci)\//.test(file))).toEqual([]);
    // The Action's bundle runs from a checkout of the repository, never from node_modules.
    expect(files).not.toContain('dist/index.js');
    expect(files.length).toBeLessThan(100);
  });

  it('passes @arethetypeswrong/cli (an ESM-only package: CommonJS callers use import())', async () => {
    const result = await run(join(BIN, 'attw'), ['--profile', 'esm-only', '--format', 'ascii', '--no-color', tarball], { cwd: work }).catch(
      (error: { stdout?: string; stderr?: string; code?: number }) => error,
    );
    expect(`${result.stdout ?? ''}${result.stderr ?? ''}`).not.toMatch(/No types|Resolution failed|Masquerading|Internal resolution error/);
    expect('code' in result ? result.code : 0).toBe(0);
  });

  it('starts with a #! line only where it is an executable', async () => {
    const lib = await readFile(join(app, 'node_modules/schemafleet/dist/lib.js'), 'utf8');
    const cli = await readFile(join(app, 'node_modules/schemafleet/dist/cli.js'), 'utf8');
    expect(lib.startsWith('#!')).toBe(false);
    expect(cli.startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('imports from an .mjs file and runs the pipeline that needs no database', async () => {
    await writeFile(
      join(app, 'use.mjs'),
      [
        "import * as schemafleet from 'schemafleet';",
        "import { checkSchemaFiles, BadInputError, ExitCode } from 'schemafleet';",
        "const checked = await checkSchemaFiles('schema.sql');",
        'let refused;',
        "await checkSchemaFiles('missing.sql').catch((error) => { refused = error; });",
        'console.log(JSON.stringify({',
        '  exports: Object.keys(schemafleet).sort(),',
        '  statements: checked.statements.length,',
        '  refusedIsBadInput: refused instanceof BadInputError,',
        '  exitCode: typeof ExitCode,',
        '}));',
      ].join('\n'),
    );
    const { stdout } = await run(process.execPath, ['use.mjs'], { cwd: app });
    const result = JSON.parse(stdout) as { exports: string[]; statements: number; refusedIsBadInput: boolean };
    expect(result.exports).toEqual(expect.arrayContaining(['diffSchemas', 'planMigration', 'applyAndVerify', 'runRollout', 'openLedger', 'createHealthGate', 'introspectSchema']));
    expect(result.statements).toBe(1);
    expect(result.refusedIsBadInput).toBe(true);
  });

  it('type-checks a strict TypeScript file that names the types the exported signatures use', async () => {
    await writeFile(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: false, types: ['node'] },
        include: ['use.ts', 'readme-example.ts'],
      }),
    );
    await writeFile(
      join(app, 'use.ts'),
      [
        "import { checkSchemaFiles, diffSchemas, planMigration, runRollout, createHealthGate, openLedger, applyAndVerify } from 'schemafleet';",
        "import type { ApplyResult, HealthGate, Ledger, PlanLinter, RolloutSettings, RunRolloutOptions, RolloutSummary, SchemaModel, SchemaChange, Migration, Finding } from 'schemafleet';",
        '',
        "const checked = await checkSchemaFiles('schema.sql');",
        'const count: number = checked.statements.length;',
        'const linter: PlanLinter = () => [];',
        'type Settings = RolloutSettings;',
        'type Summary = Awaited<ReturnType<typeof runRollout>>;',
        'const same: Summary extends RolloutSummary ? true : false = true;',
        'type Gate = ReturnType<typeof createHealthGate>;',
        'const gate: Gate extends HealthGate ? true : false = true;',
        'type Opened = Awaited<ReturnType<typeof openLedger>>;',
        'const ledger: Opened extends Ledger ? true : false = true;',
        'type Verified = Awaited<ReturnType<typeof applyAndVerify>>;',
        'declare const result: ApplyResult;',
        'declare const model: SchemaModel;',
        'const changes: SchemaChange[] = diffSchemas(model, model);',
        'const migration: Migration = planMigration(model, model);',
        'declare const finding: Finding;',
        '// @ts-expect-error: a typo in an option is caught, so the types are not `any`',
        'const wrong: RunRolloutOptions = { notAnOption: true };',
        'export { count, linter, same, gate, ledger, result, changes, migration, finding, wrong };',
        'export type { Settings, Verified };',
      ].join('\n'),
    );
    // The README's library example, as shipped, is checked with it.
    const readme = await readFile(join(app, 'node_modules/schemafleet/README.md'), 'utf8');
    const example = /## Library[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(example, 'a ```ts block under ## Library in README.md').toBeDefined();
    await writeFile(join(app, 'readme-example.ts'), `${example}\nexport {};\n`);
    const result = await run(process.execPath, [join(REPO_ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: app }).catch((error: { stdout?: string; stderr?: string }) => ({
      failed: true,
      output: `${error.stdout ?? ''}${error.stderr ?? ''}`,
    }));
    expect('failed' in result ? result.output : '').toBe('');
  });

  it('ships one declaration file, which imports only packages it depends on', async () => {
    const dist = await readdir(join(app, 'node_modules/schemafleet/dist'));
    expect(dist.filter((file) => file.endsWith('.d.ts'))).toEqual(['lib.d.ts']);
    const declarations = await readFile(join(app, 'node_modules/schemafleet/dist/lib.d.ts'), 'utf8');
    const manifest = JSON.parse(await readFile(join(app, 'node_modules/schemafleet/package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const imported = [...declarations.matchAll(/from '([^']+)'/g)].map((match) => match[1]!);
    for (const specifier of imported) {
      const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;
      const typesFrom = name.startsWith('@') ? `@types/${name.slice(1).replace('/', '__')}` : `@types/${name}`;
      expect(manifest.dependencies[name] ?? manifest.dependencies[typesFrom], `${specifier} is imported by dist/lib.d.ts`).toBeDefined();
      if (name === 'pg') expect(manifest.dependencies['@types/pg']).toBeDefined();
    }
  });

  it("declares none of the planner's internals a public type would drag in", async () => {
    const declarations = await readFile(join(app, 'node_modules/schemafleet/dist/lib.d.ts'), 'utf8');
    expect([...declarations.matchAll(/declare (?:class|interface|type) (DiffContext|Clusters)\b/g)].map((m) => m[1])).toEqual([]);
  });
});
