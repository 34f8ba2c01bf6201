// The libraries under comparison, loaded lazily so that each benchmark child
// process loads (and JIT-compiles) only the one it measures.
//
// `loadPlain(lib)` returns `(max) => cache` for the plain get/set suite: the
// library's own object, called directly (`get(key)`, `set(key, value)`).

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** Class or factory actually used for each library in each kind of suite. */
export const VARIANTS = {
  taglru: { plain: 'TagCache', tagged: 'TagCache' },
  'lru-cache': { plain: 'LRUCache({ max })', tagged: 'LRUCache({ max, dispose })' },
  mnemonist: { plain: 'LRUMap(capacity)', tagged: 'LRUMapWithDelete(capacity)' },
  'lru.min': { plain: 'createLRU({ max })', tagged: 'createLRU({ max, onEviction })' },
  'tiny-lru': { plain: 'lru(max)', tagged: 'lru(max) + onEvict()' },
  'quick-lru': { plain: 'QuickLRU({ maxSize })', tagged: 'QuickLRU({ maxSize, onEviction })' },
};

/** Version of each library as installed. */
export function versions() {
  const out = {};
  for (const lib of ['lru-cache', 'mnemonist', 'lru.min', 'tiny-lru', 'quick-lru', 'tinybench']) {
    try {
      // package.json is not in every library's "exports": read it from node_modules.
      out[lib] = JSON.parse(readFileSync(new URL(`../node_modules/${lib}/package.json`, import.meta.url), 'utf8')).version;
    } catch {
      out[lib] = 'unknown';
    }
  }
  out.taglru = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;
  return out;
}

/** The module of a library (taglru from ../dist/index.js). */
export async function loadModule(lib) {
  switch (lib) {
    case 'taglru':
      return import('../dist/index.js');
    case 'lru-cache':
      return import('lru-cache');
    case 'mnemonist':
      // The subpath modules are CommonJS-only; require them so that only the
      // two LRU classes are loaded, not the whole library.
      return {
        LRUMap: require('mnemonist/lru-map'),
        LRUMapWithDelete: require('mnemonist/lru-map-with-delete'),
      };
    case 'lru.min':
      return import('lru.min');
    case 'tiny-lru':
      return import('tiny-lru');
    case 'quick-lru':
      return import('quick-lru');
    default:
      throw new Error(`unknown library ${lib}`);
  }
}

/** `(max) => cache` with the library's own get/set, no tags, no hooks. */
export async function loadPlain(lib) {
  const mod = await loadModule(lib);
  switch (lib) {
    case 'taglru':
      return (max) => new mod.TagCache({ maxEntries: max });
    case 'lru-cache':
      return (max) => new mod.LRUCache({ max });
    case 'mnemonist':
      // LRUMap (Map-backed) rather than LRUCache (object-backed): integer and
      // string keys then stay distinct, as in every other library here.
      return (max) => new mod.LRUMap(max);
    case 'lru.min':
      return (max) => mod.createLRU({ max });
    case 'tiny-lru':
      return (max) => mod.lru(max);
    case 'quick-lru':
      return (max) => new mod.default({ maxSize: max });
    default:
      throw new Error(`unknown library ${lib}`);
  }
}
