// The columns of the hit-ratio table: each replays a trace as get, then set on a miss.
// Adding a column is one line in COLUMNS: { id, label, create(capacity) => (key, hash) => hit }.

import { createRequire } from 'node:module';
import { WTinyLfu } from '../../test/support/tinylfu/index.mjs';

const require = createRequire(import.meta.url);
/** taglru's built package (npm run build), or undefined when dist/ is missing (its columns are then skipped). */
const taglru = await import('../../dist/index.js').catch(() => undefined);

/** Loads an npm package, or undefined when it is not installed (the column is then skipped). */
function optional(name) {
  try {
    return require(name);
  } catch {
    return undefined;
  }
}

/** Exact LRU: a Map in insertion order, a hit re-inserts (the reference LRU of traces/README.md). */
function exactLru(capacity) {
  const map = new Map();
  return (key) => {
    if (map.has(key)) {
      map.delete(key);
      map.set(key, true);
      return true;
    }
    map.set(key, true);
    if (map.size > capacity) map.delete(map.keys().next().value);
    return false;
  };
}

function lruCache(capacity) {
  const { LRUCache } = require('lru-cache');
  const cache = new LRUCache({ max: capacity });
  return (key) => {
    if (cache.get(key) !== undefined) return true;
    cache.set(key, true);
    return false;
  };
}

function sieveCache(capacity) {
  const { SieveCache } = optional('@neophi/sieve-cache');
  const cache = new SieveCache(capacity);
  return (key) => {
    if (cache.get(key) !== undefined) return true;
    cache.set(key, true);
    return false;
  };
}

/** transitory's BoundedCache; cleanUp() after each set runs its maintenance (eviction) at once, as Caffeine's replay does. */
function transitory(capacity) {
  const { BoundedCache } = optional('transitory');
  const cache = new BoundedCache({ maxSize: capacity });
  return (key) => {
    if (cache.getIfPresent(key) !== null) return true;
    cache.set(key, true);
    cache.cleanUp();
    return false;
  };
}

/** A taglru TagCache with the given policy (its hash seed and admission seed are random per cache). */
function tagCache(policy) {
  return (capacity) => {
    const cache = new taglru.TagCache({ maxEntries: capacity, policy });
    return (key) => {
      if (cache.get(key) !== undefined) return true;
      cache.set(key, true);
      return false;
    };
  };
}

/** The reference W-TinyLFU of test/support/tinylfu, the policy the core mirrors; fixed seed. */
export function reference(capacity, options = {}) {
  const cache = new WTinyLfu({ capacity, seed: 1, ...options });
  return (key, hash) => cache.access(key, hash);
}

export const COLUMNS = [
  { id: 'lru', label: 'LRU (exact)', create: exactLru },
  { id: 'lru-cache', label: 'lru-cache', create: lruCache },
  { id: 'sieve', label: 'SIEVE (@neophi/sieve-cache)', create: sieveCache, available: () => !!optional('@neophi/sieve-cache') },
  { id: 'transitory', label: 'W-TinyLFU (transitory)', create: transitory, available: () => !!optional('transitory') },
  { id: 'reference', label: 'W-TinyLFU reference (JS)', create: reference },
  { id: 'taglru-lru', label: "taglru policy 'lru'", create: tagCache('lru'), available: () => !!taglru },
  { id: 'taglru-tinylfu', label: "taglru policy 'tinylfu'", create: tagCache('tinylfu'), available: () => !!taglru },
  { id: 'reference-hill', label: 'same, Caffeine 3 hill climber', create: (capacity) => reference(capacity, { climber: 'hill' }) },
];
