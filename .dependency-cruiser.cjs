/**
 * The layering rules, checked by scripts/check-boundaries.sh (dependency-cruiser):
 * - built-in modules and plugins reach the engine only through its public kit;
 * - the engine reaches plugins and modules only through their registries;
 * - src/py, Python's semantics, is the bottom layer;
 * - no import cycles, type-only imports included.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'Import cycles tie files that should stand apart; type-only cycles count too.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'plugins-through-kit',
      comment: 'modules/ and plugins/ use exactly what users get: src/plugin-kit.ts.',
      severity: 'error',
      from: { path: '^(plugins|modules)/' },
      to: { path: '^src/', pathNot: '^src/plugin-kit[.]ts$' },
    },
    {
      name: 'engine-through-registries',
      comment: 'The engine knows built-ins only through their index files, read by its registries.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/engine/(builtins|callbacks)[.]ts$' },
      to: { path: '^(plugins|modules)/' },
    },
    {
      name: 'registries-read-indexes',
      severity: 'error',
      from: { path: '^src/engine/(builtins|callbacks)[.]ts$' },
      to: { path: '^(plugins|modules)/', pathNot: '^(plugins/[^/]+|modules)/index[.]ts$' },
    },
    {
      name: 'py-is-the-bottom-layer',
      comment: 'src/py imports only itself and Node.',
      severity: 'error',
      from: { path: '^src/py/' },
      to: { path: '^(src/(?!py/)|plugins/|modules/)' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    parser: 'swc',
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist)/' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'node', 'default'] },
  },
}
