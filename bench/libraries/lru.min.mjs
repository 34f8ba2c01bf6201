// lru.min: `createLRU`, a small LRU with an eviction callback.

import { HookOnEveryRemoval } from '../tag-index.mjs';

class LruMinTagged extends HookOnEveryRemoval {
  constructor(createLRU, max) {
    super();
    const index = this.index;
    this.cache = createLRU({ max, onEviction: (key, entry) => index.drop(key, entry.tags) });
  }
}

/** @type {import('../registry.mjs').Library} */
export default {
  name: 'lru.min',
  package: 'lru.min',
  order: 3,
  color: '#9467bd',
  supports: {
    plain: {
      label: 'createLRU({ max })',
      async load() {
        const { createLRU } = await import('lru.min');
        return (max) => createLRU({ max });
      },
    },
    tagged: {
      label: 'createLRU({ max, onEviction })',
      note: '`onEviction(key, entry)` fires on evict, delete and overwrite and drops the key; bulkRemove ' + 'calls `delete` per key.',
      async load() {
        const { createLRU } = await import('lru.min');
        return (max) => new LruMinTagged(createLRU, max);
      },
    },
  },
};
