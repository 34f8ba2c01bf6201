// Compiling the core module (once per process: synchronously on first use, or
// asynchronously through loadCoreModule) and instantiating it, one instance
// per cache. Tests may swap in another build (useCoreModule).

import { coreWasmBase64 } from './core.wasm.gen';

/** Instantiates a core module with the imports it needs. */
export type CoreInstantiate = (module: WebAssembly.Module) => WebAssembly.Instance;

/** For an override given no instantiate: the debug builds import env.abort (the release build imports nothing). */
const instantiatePlain: CoreInstantiate = (module) =>
  new WebAssembly.Instance(module, {
    env: {
      abort: () => {
        throw new Error('the core aborted');
      },
    },
  });

let releaseModule: WebAssembly.Module | undefined;
let moduleOverride: WebAssembly.Module | undefined;
let instantiateOverride: CoreInstantiate = instantiatePlain;

function releaseBytes(): Uint8Array<ArrayBuffer> {
  const text = atob(coreWasmBase64);
  const bytes = new Uint8Array(text.length);
  for (let index = 0; index < text.length; index++) bytes[index] = text.charCodeAt(index);
  return bytes;
}

/** The compiled core, compiling it synchronously on first use. */
export function coreModule(): WebAssembly.Module {
  if (moduleOverride !== undefined) return moduleOverride;
  releaseModule ??= new WebAssembly.Module(releaseBytes());
  return releaseModule;
}

/** Compiles the core asynchronously (allowed everywhere, also where sync compilation is not). */
export async function loadCoreModule(): Promise<void> {
  if (moduleOverride !== undefined || releaseModule !== undefined) return;
  const compiled = await WebAssembly.compile(releaseBytes());
  releaseModule ??= compiled;
}

/**
 * Makes new caches use another build of the core (tests use the debug build),
 * instantiated by `instantiate` (tests pass @assemblyscript/loader's, which
 * turns a core abort into its message, file and line); `undefined` restores
 * the release build. Not part of the public API.
 */
export function useCoreModule(module: WebAssembly.Module | undefined, instantiate?: CoreInstantiate): void {
  moduleOverride = module;
  instantiateOverride = instantiate ?? instantiatePlain;
}

/** Instantiates `module` for one cache: with the override's instantiate for an overriding build (tests). */
export function instantiateCore(module: WebAssembly.Module): WebAssembly.Instance {
  return module === moduleOverride ? instantiateOverride(module) : instantiatePlain(module);
}
