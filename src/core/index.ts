// The WebAssembly core: loading the module, one instance's memory views, the
// layout constants and the scratch I/O. Imports nothing from the rest of src/.

export type { CoreExports } from './exports';
export { CoreInstance } from './instance';
export { type CoreInstantiate, coreModule, loadCoreModule, useCoreModule } from './module';
