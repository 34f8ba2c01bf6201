import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', sync: 'src/sync/index.ts', redis: 'src/redis/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  // No source maps in the package: they were 59% of its unpacked size, and the
  // output is not minified and keeps its comments, so stack traces already point
  // at readable code. (If they come back: tsup's `treeshake: true` re-bundles each
  // file with rollup, which appends its own sourceMappingURL comment before tsup
  // appends one, so every file ended with it twice; esbuild's own tree shaking,
  // used here, gives the same output within 1 KB.)
  sourcemap: false,
  clean: true,
  target: 'es2022',
  platform: 'neutral',
});
