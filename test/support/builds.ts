// Test access to the builds of the core (a cache's internals: internals.ts).
import { readFileSync } from 'node:fs';
import { instantiateSync } from '@assemblyscript/loader';
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

/**
 * Instantiates a build through @assemblyscript/loader, whose env.abort turns a
 * failed assertion in the debug and limited builds into an Error naming its
 * message, file and line (instead of a bare `unreachable`). The release build
 * imports nothing and is instantiated as the package does it.
 */
export function instantiateBuild(module: WebAssembly.Module): WebAssembly.Instance {
  if (WebAssembly.Module.imports(module).length === 0) return new WebAssembly.Instance(module, {});
  return instantiateSync(module, {}).instance;
}

/** Makes caches created from now on use the given build. */
export function useBuild(name: BuildName): void {
  useCoreModule(buildModule(name), instantiateBuild);
}

/** A fresh instance of a build's raw exports, initialised for `maxEntries` (for tests of the core alone). */
export function coreInstance(name: BuildName, maxEntries: number): CoreExports {
  const exports = instantiateBuild(buildModule(name)).exports as unknown as CoreExports;
  if (exports.init(maxEntries) !== 0) throw new Error(`init(${maxEntries}) failed`);
  return exports;
}
