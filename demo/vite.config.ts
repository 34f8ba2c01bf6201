// Vite config of the playground (`npm run demo`, `npm run demo:build`).
// `taglru` resolves to the repo's built package (dist/, as published), so the
// page imports it exactly as a user's app would: `import { TagCache } from 'taglru'`.
// Run `npm run build` first (`npm run demo` does).

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));
const entry = join(here, '..', 'dist', 'index.js');
if (!existsSync(entry)) throw new Error('taglru playground: dist/index.js is missing; run `npm run build` first');

// Cross-origin isolation gives the page 5 µs timers instead of 100 µs (Chromium),
// which the latency histogram and the comparison need.
const headers = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

export default defineConfig({
  root: here,
  base: './',
  resolve: { alias: [{ find: /^taglru$/, replacement: entry }] },
  build: { outDir: join(here, 'dist'), emptyOutDir: true, target: 'es2022' },
  server: { host: '127.0.0.1', headers },
  preview: { host: '127.0.0.1', port: 4173, headers },
});
