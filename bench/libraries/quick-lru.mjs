// quick-lru: `QuickLRU`, two generations of Maps (holds up to 2 × maxSize entries).

import { HookOnEvictionOnly } from '../tag-index.mjs';

class QuickLruTagged extends HookOnEvictionOnly {
  constructor(QuickLRU, max) {
    super();
    const index = this.index;
    const cache = new QuickLRU({
      maxSize: max,
      // Also called for a stale old-generation copy of a key that was set again:
      // drop the key only when the evicted entry is the one the cache still returns.
      onEviction: (key, entry) => {
        if (cache.peek(key) === entry) index.drop(key, entry.tags);
      },
    });
    this.cache = cache;
  }
}

/** @type {import('../registry.mjs').Library} */
export default {
  name: 'quick-lru',
  package: 'quick-lru',
  order: 5,
  color: '#8c564b',
  supports: {
    plain: {
      label: 'QuickLRU({ maxSize })',
      async load() {
        const { default: QuickLRU } = await import('quick-lru');
        return (max) => new QuickLRU({ maxSize: max });
      },
    },
    tagged: {
      label: 'QuickLRU({ maxSize, onEviction })',
      note:
        '`onEviction(key, entry)` fires when the old generation is dropped, also for stale copies of ' +
        'keys that were re-set into the new generation; the hook drops the key only if `peek(key)` still ' +
        'returns that same entry. Overwrites and deletes fire nothing: `set` peeks first, bulkRemove peeks ' +
        'each entry before `delete`. Note: QuickLRU keeps up to 2 × maxSize entries (two generations).',
      async load() {
        const { default: QuickLRU } = await import('quick-lru');
        return (max) => new QuickLruTagged(QuickLRU, max);
      },
    },
  },
};
