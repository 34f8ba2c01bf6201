// tiny-lru: `lru(max)`, with an `onEvict` hook since version 13.

import { HookOnEvictionOnly } from '../tag-index.mjs';

class TinyLruTagged extends HookOnEvictionOnly {
  constructor(lru, max) {
    super();
    const index = this.index;
    this.cache = lru(max);
    this.cache.onEvict((item) => index.drop(item.key, item.value.tags));
  }
}

/** @type {import('../registry.mjs').Library} */
export default {
  name: 'tiny-lru',
  package: 'tiny-lru',
  order: 4,
  color: '#ff7f0e',
  supports: {
    plain: {
      label: 'lru(max)',
      async load() {
        const { lru } = await import('tiny-lru');
        return (max) => lru(max);
      },
    },
    tagged: {
      label: 'lru(max) + onEvict()',
      note:
        'tiny-lru 13 does have a hook: `onEvict(({ key, value }))` fires when `set` evicts; it drops ' +
        'the key. Overwrites and deletes fire nothing, so `set` peeks the old entry first and bulkRemove ' +
        'peeks each entry (for its other tags) before `delete`.',
      async load() {
        const { lru } = await import('tiny-lru');
        return (max) => new TinyLruTagged(lru, max);
      },
    },
  },
};
