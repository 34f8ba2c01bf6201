// Test access to both builds of the core and to a cache's internals.
import { readFileSync } from 'node:fs';
import { useCoreModule, type CoreExports } from '../../src/core';

/** debug: with self-checks; release: what ships; limited: debug with memory capped at 2 MiB, to test growth failure. */
export type BuildName = 'debug' | 'release' | 'limited';

const modules = new Map<BuildName, WebAssembly.Module>();

/** The compiled build/<name>.wasm (built by `npm run build`). */
export function buildModule(name: BuildName): WebAssembly.Module {
  let module = modules.get(name);
  if (module === undefined) {
    module = new WebAssembly.Module(readFileSync(new URL(`../../build/${name}.wasm`, import.meta.url)));
    modules.set(name, module);
  }
  return module;
}

/** Makes caches created from now on use the given build. */
export function useBuild(name: BuildName): void {
  useCoreModule(buildModule(name));
}

/** The raw core exports behind a cache. */
export function coreOf(cache: object): CoreExports {
  return (cache as unknown as { core: { exports: CoreExports } }).core.exports;
}

/** Runs the debug build's integrity check; 0 means consistent. Release caches report 0 (no check there). */
export function integrityOf(cache: object): number {
  return coreOf(cache).checkIntegrity?.() ?? 0;
}

/** Fixes a cache's hash seed (before any entry is stored), so tests can craft collisions. */
export function setSeed(cache: object, seed: number): void {
  (cache as unknown as { seed: number }).seed = seed;
}

/** Whether a cache holds an entry for `key` (live, expired or stale), without touching it. */
export function holdsKey(cache: object, key: string | number): boolean {
  const internals = cache as unknown as { locate(key: unknown, hash: number): number; hashOf(key: unknown): number };
  return internals.locate(key, internals.hashOf(key)) >= 0;
}
