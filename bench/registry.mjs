// The libraries under comparison: every `*.mjs` file in bench/libraries/ is
// one library (files starting with `_` are skipped), found at import time.
// Adapter files must not import their library at top level: each benchmark
// child process loads (and JIT-compiles) only the one library it measures,
// through a capability's `load()`. The contract is below and, with examples
// for asynchronous and replay-only libraries, in bench/libraries/README.md.

import { readdirSync, readFileSync } from 'node:fs';

/**
 * @typedef {object} Unavailable Why a library cannot run here, on one line each.
 * @property {string} reason  what is missing, e.g. 'redis-server not found'
 * @property {string} install how to get it, e.g. 'apt-get install redis-server'
 */

/**
 * @typedef {object} Capability One way a library can be benchmarked.
 * @property {string} label  the class or factory used, printed with the results
 * @property {string} [note] how the adapter keeps up (e.g. its tag index), printed with the results
 * @property {(resources?: unknown) => Promise<Function>} load in the child process: imports the
 *   library and returns a factory; `resources` is what `setup()` returned in the runner
 */

/**
 * @typedef {object} Library The default export of bench/libraries/<name>.mjs.
 * @property {string} name                 equal to the file name without `.mjs`
 * @property {string} [package]            npm package: version and "installed?" come from node_modules
 * @property {number} [order]              position in tables (taglru 0, peers after; default 100)
 * @property {string} [color]              colour in charts
 * @property {() => string} [version]      overrides the version read from `package`
 * @property {() => Unavailable | undefined} [available] cheap and synchronous, runs in the runner;
 *   the default checks that `package` is installed
 * @property {() => Promise<unknown>} [setup] runs once in the runner before the first job that uses
 *   the library (e.g. starts redis-server); returns JSON-serialisable resources handed to `load()`
 * @property {(resources: unknown) => Promise<void>} [teardown] runs in the runner after the last suite
 * @property {{ plain?: Capability, tagged?: Capability, async?: Capability, replay?: Capability }} supports
 *   plain:  load() -> (max) => cache with the library's own sync get(key), set(key, value)
 *   tagged: load() -> (max) => { get, peek, set(key, value, { tags }), delete(key) -> boolean,
 *           bulkRemove(tag) -> count removed, indexedCount(tag), size, raw? } (all synchronous)
 *   async:  load(resources) -> async (options) => { get, set(key, value, { tags }), delete,
 *           deleteByTag(tag), close() } (all returning promises)
 *   replay: load(resources) -> async ({ trace, capacity }) => { hitRatio, requests } (runs a command)
 */

const DIR = new URL('./libraries/', import.meta.url);
const NODE_MODULES = new URL('../node_modules/', import.meta.url);

/** Version of an installed npm package (package.json is not in every package's "exports"). */
export function packageVersion(name) {
  try {
    return JSON.parse(readFileSync(new URL(`${name}/package.json`, NODE_MODULES), 'utf8')).version;
  } catch {
    return undefined;
  }
}

async function discover() {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.mjs') && !f.startsWith('_'));
  const found = await Promise.all(
    files.map(async (file) => {
      const lib = (await import(new URL(file, DIR))).default;
      const name = file.slice(0, -'.mjs'.length);
      if (lib?.name !== name || typeof lib.supports !== 'object') {
        throw new Error(`bench/libraries/${file}: the default export needs name '${name}' and a supports object`);
      }
      return lib;
    }),
  );
  return found.sort((a, b) => (a.order ?? 100) - (b.order ?? 100) || a.name.localeCompare(b.name));
}

/** Every library, in table order. */
export const LIBRARIES = await discover();
let restriction;

/** Limits the libraries that `libraries()` returns to these names (from --libs=). */
export function restrictTo(names) {
  const unknown = names.filter((n) => !LIBRARIES.some((l) => l.name === n));
  if (unknown.length)
    throw new Error(
      `unknown librar${unknown.length > 1 ? 'ies' : 'y'} ${unknown.join(', ')}; known: ${LIBRARIES.map((l) => l.name).join(', ')}`,
    );
  restriction = names;
}

/** A library by name. */
export function library(name) {
  const lib = LIBRARIES.find((l) => l.name === name);
  if (lib === undefined) throw new Error(`unknown library ${name}`);
  return lib;
}

/** Why a library cannot run here, or undefined when it can. */
export function unavailable(lib) {
  if (lib.available) return lib.available();
  if (lib.package && packageVersion(lib.package) === undefined)
    return { reason: `${lib.package} is not installed`, install: 'npm install' };
  return undefined;
}

/** Its version as installed. */
export function versionOf(lib) {
  return lib.version?.() ?? (lib.package ? packageVersion(lib.package) : undefined) ?? 'unknown';
}

/** Names of the libraries that support a capability and can run here, in table order. */
export function libraries(capability) {
  return LIBRARIES.filter((l) => l.supports[capability] && (!restriction || restriction.includes(l.name)) && !unavailable(l)).map(
    (l) => l.name,
  );
}

/** Libraries that cannot run here, each with its one-line reason. */
export function skippedLibraries() {
  return LIBRARIES.map((l) => [l.name, unavailable(l)])
    .filter(([, why]) => why)
    .map(([name, why]) => ({ name, ...why }));
}

let jobResources;

/** In a child process: what the job's library setup() returned, for load() (bench/worker.mjs). */
export function provideResources(resources) {
  jobResources = resources;
}

/** The factory of one capability of a library (in a child process). */
export async function load(name, capability, resources = jobResources) {
  const cap = library(name).supports[capability];
  if (cap === undefined) throw new Error(`${name} does not support ${capability}`);
  return cap.load(resources);
}

/** `(max) => cache`, the library's own object: get(key), set(key, value). */
export const loadPlain = (name) => load(name, 'plain');

/** `(max) => adapter` with tags: see the `tagged` capability above. */
export const loadTagged = (name) => load(name, 'tagged');

/** The label of a capability, e.g. 'LRUCache({ max, dispose })'. */
export const labelOf = (name, capability) => library(name).supports[capability]?.label;

/** Colour of a library in the charts. */
export const colorOf = (name) => LIBRARIES.find((l) => l.name === name)?.color;

/** Everything the results record about the libraries: version and labels of each capability. */
export function describeLibraries() {
  return Object.fromEntries(
    LIBRARIES.map((l) => [
      l.name,
      {
        version: versionOf(l),
        ...Object.fromEntries(Object.entries(l.supports).map(([cap, c]) => [cap, c.label])),
        ...(unavailable(l) && { skipped: unavailable(l).reason }),
      },
    ]),
  );
}
