// The layer order of docs/architecture.md, checked by `npm test` (script "check:layers").
// A folder imports only folders to its left; the front doors (cli, github, demo, and the
// library entry src/index.ts) may use everything, and nothing imports a front door.
// util/ and errors.ts sit beside every layer and may be used by all.
const LAYERS = ['db', 'schema', 'diff', 'plan', 'lint', 'apply', 'fleet', 'report'];
const FRONT_DOORS = ['cli', 'github', 'demo'];

const folders = (names) => `^src/(${names.join('|')})/`;

const layerRules = LAYERS.map((layer, index) => {
  const later = LAYERS.slice(index + 1);
  return later.length === 0
    ? null
    : {
        name: `layer-${layer}-imports-only-lower-layers`,
        comment:
          `src/${layer} is layer ${index + 1} of ${LAYERS.length} (${LAYERS.join(' → ')}); ` +
          `it may not import a later stage (${later.join(', ')}). Move the shared thing down to the stage that owns it.`,
        severity: 'error',
        from: { path: `^src/${layer}/` },
        to: { path: folders(later) },
      };
}).filter(Boolean);

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'nothing-imports-a-front-door',
      comment:
        `The front doors (${FRONT_DOORS.map((f) => `src/${f}`).join(', ')}, src/index.ts) are where the ` +
        'pipeline is wired to a user; no other folder, and no other front door, may import one. ' +
        'Move what is shared to the stage it belongs to (a renderer to src/report, fleet wiring to src/fleet).',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(cli|github|demo)/' },
      to: { path: `${folders(FRONT_DOORS)}|^src/index\\.ts$` },
    },
    {
      name: 'front-doors-do-not-import-each-other',
      comment: 'Each front door (cli, github, demo) stands alone; what two of them share belongs to a stage below them.',
      severity: 'error',
      from: { path: '^src/(cli|github|demo)/' },
      // The one exception: `schemafleet demo` is a CLI command, so cli may start the demo.
      to: { path: folders(FRONT_DOORS), pathNot: '^src/$1/|^src/demo/run-demo\\.ts$' },
    },
    {
      name: 'util-and-errors-import-nothing-of-the-pipeline',
      comment: 'src/util and src/errors.ts are used by every layer, so they may import only each other.',
      severity: 'error',
      from: { path: '^src/(util/|errors\\.ts$)' },
      to: { path: '^src/', pathNot: '^src/(util/|errors\\.ts$)' },
    },
    {
      name: 'src-does-not-import-tests-or-benchmarks',
      comment: 'Shipped code never depends on test/, bench/ or scripts/.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|bench|scripts)/' },
    },
    {
      name: 'imports-resolve',
      comment: 'An import the check cannot resolve would slip past every rule above.',
      severity: 'error',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist)/' },
    tsPreCompilationDeps: true,
    parser: 'swc',
    enhancedResolveOptions: {
      extensions: ['.ts', '.js'],
      exportsFields: ['exports'],
      conditionNames: ['import', 'node', 'default', 'types'],
    },
    cache: false,
  },
};
