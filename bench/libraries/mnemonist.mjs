// mnemonist: `LRUMap` for plain get/set, `LRUMapWithDelete` with a tag index.
// The subpath modules are CommonJS-only; require them so that only the two
// LRU classes are loaded, not the whole library.

import { createRequire } from 'node:module';
import { NoHook } from '../tag-index.mjs';

const require = createRequire(import.meta.url);

class MnemonistTagged extends NoHook {
  constructor(LRUMapWithDelete, max) {
    super();
    this.cache = new LRUMapWithDelete(max);
  }
}

/** @type {import('../registry.mjs').Library} */
export default {
  name: 'mnemonist',
  package: 'mnemonist',
  order: 2,
  color: '#2ca02c',
  supports: {
    plain: {
      // LRUMap (Map-backed) rather than LRUCache (object-backed): integer and
      // string keys then stay distinct, as in every other library here.
      label: 'LRUMap(capacity)',
      async load() {
        const LRUMap = require('mnemonist/lru-map');
        return (max) => new LRUMap(max);
      },
    },
    tagged: {
      label: 'LRUMapWithDelete(capacity)',
      note:
        '`LRUMapWithDelete` (LRUCache/LRUMap have no delete). No hook: `setpop()` returns the evicted ' +
        "(or overwritten) entry, whose key is dropped from its tags' Sets; bulkRemove uses `remove(key)` " +
        'which returns the entry and its tags.',
      async load() {
        const LRUMapWithDelete = require('mnemonist/lru-map-with-delete');
        return (max) => new MnemonistTagged(LRUMapWithDelete, max);
      },
    },
  },
};
