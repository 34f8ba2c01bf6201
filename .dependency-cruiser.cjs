// Layering rules for src/, checked by `npm run depcruise` (part of npm test).
// Type-only imports count (tsPreCompilationDeps): a cycle of `import type` is
// still a cycle in the design.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycles anywhere in src/, type-only imports included.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'read-through-uses-the-port',
      severity: 'error',
      comment: 'read-through/ depends on its port (read-through/port.ts), never on the facade or the store.',
      from: { path: '^src/read-through/' },
      to: { path: ['^src/tag-cache\\.ts$', '^src/store/'] },
    },
    {
      name: 'core-is-self-contained',
      severity: 'error',
      comment: 'core/ (loading the module, memory views, scratch I/O) imports nothing from the rest of src/.',
      from: { path: '^src/core/' },
      to: { path: '^src/', pathNot: ['^src/core/', '^src/core\\.wasm\\.gen\\.ts$'] },
    },
    {
      name: 'store-below-the-features',
      severity: 'error',
      comment: 'The store is below invalidation/, queries/, read-through/ and the facade: it never imports them.',
      from: { path: '^src/store/' },
      to: { path: ['^src/tag-cache\\.ts$', '^src/invalidation/', '^src/queries/', '^src/sync/', '^src/redis/'] },
    },
    {
      name: 'features-do-not-import-the-facade',
      severity: 'error',
      comment: 'Only index.ts and the optional integrations import the facade; modules below it get the store.',
      from: { path: '^src/(store|invalidation|queries|observe|read-through|core)/' },
      to: { path: '^src/tag-cache\\.ts$' },
    },
    {
      name: 'optional-peers-never-static',
      severity: 'error',
      comment: 'redis and ioredis are optional peer dependencies: detected by shape, never imported.',
      from: { path: '^src/' },
      to: { path: 'node_modules/(redis|ioredis|@redis)/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
