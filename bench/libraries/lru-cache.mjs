// lru-cache (isaacs): `LRUCache`, the most used LRU on npm.

import { HookOnEveryRemoval } from '../tag-index.mjs';

class LruCacheTagged extends HookOnEveryRemoval {
  constructor(LRUCache, max) {
    super();
    const index = this.index;
    this.cache = new LRUCache({ max, dispose: (entry, key) => index.drop(key, entry.tags) });
  }
}

/** @type {import('../registry.mjs').Library} */
export default {
  name: 'lru-cache',
  package: 'lru-cache',
  order: 1,
  color: '#1f77b4',
  supports: {
    plain: {
      label: 'LRUCache({ max })',
      async load() {
        const { LRUCache } = await import('lru-cache');
        return (max) => new LRUCache({ max });
      },
    },
    tagged: {
      label: 'LRUCache({ max, dispose })',
      note:
        '`dispose(entry, key, reason)` fires on evict, delete and overwrite and drops the key from ' +
        "its tags' Sets; bulkRemove just calls `delete` per key (dispose cleans the other tags).",
      async load() {
        const { LRUCache } = await import('lru-cache');
        return (max) => new LruCacheTagged(LRUCache, max);
      },
    },
  },
};
