// Tag-aware adapters: what a user of each peer writes today to get bulk
// removal by tag, and a thin pass-through for taglru.
//
// Every peer stores `{ value, tags }` as the cache value and keeps a
// `Map<tag, Set<key>>` beside the cache. The index must lose a key whenever
// the cache loses it, otherwise it leaks and later removals are wrong; how
// each library tells us about evictions differs, see TAG_NOTES.
// bulkRemove(tag) = take the tag's Set, delete every key from the cache and
// from its other tags' Sets, return how many entries were really deleted.
//
// Adapter API: set(key, value, { tags }), get, peek, bulkRemove(tag) -> count,
// size, indexedCount(tag) (entries the index holds for the tag).

import { loadModule } from './peers.mjs';

const NO_TAGS = [];

/** How each adapter keeps its index correct; printed with the results. */
export const TAG_NOTES = {
  taglru: 'native `set(key, value, { tags })` and `bulkRemove(tag)`; no JS-side index.',
  'lru-cache': '`dispose(entry, key, reason)` fires on evict, delete and overwrite and drops the key from '
    + 'its tags\' Sets; bulkRemove just calls `delete` per key (dispose cleans the other tags).',
  mnemonist: '`LRUMapWithDelete` (LRUCache/LRUMap have no delete). No hook: `setpop()` returns the evicted '
    + '(or overwritten) entry, whose key is dropped from its tags\' Sets; bulkRemove uses `remove(key)` '
    + 'which returns the entry and its tags.',
  'lru.min': '`onEviction(key, entry)` fires on evict, delete and overwrite and drops the key; bulkRemove '
    + 'calls `delete` per key.',
  'tiny-lru': 'tiny-lru 13 does have a hook: `onEvict(({ key, value }))` fires when `set` evicts; it drops '
    + 'the key. Overwrites and deletes fire nothing, so `set` peeks the old entry first and bulkRemove '
    + 'peeks each entry (for its other tags) before `delete`.',
  'quick-lru': '`onEviction(key, entry)` fires when the old generation is dropped, also for stale copies of '
    + 'keys that were re-set into the new generation; the hook drops the key only if `peek(key)` still '
    + 'returns that same entry. Overwrites and deletes fire nothing: `set` peeks first, bulkRemove peeks '
    + 'each entry before `delete`. Note: QuickLRU keeps up to 2 × maxSize entries (two generations).',
};

/** tag -> Set<key>. Empty Sets are deleted so the index cannot grow without bound. */
class TagIndex {
  constructor() {
    this.byTag = new Map();
  }

  add(key, tags) {
    for (let i = 0; i < tags.length; i++) {
      let keys = this.byTag.get(tags[i]);
      if (keys === undefined) this.byTag.set(tags[i], (keys = new Set()));
      keys.add(key);
    }
  }

  drop(key, tags) {
    for (let i = 0; i < tags.length; i++) {
      const keys = this.byTag.get(tags[i]);
      if (keys !== undefined && keys.delete(key) && keys.size === 0) this.byTag.delete(tags[i]);
    }
  }

  /** Detaches and returns the tag's Set (so drops during the removal skip it). */
  take(tag) {
    const keys = this.byTag.get(tag);
    if (keys !== undefined) this.byTag.delete(tag);
    return keys;
  }

  count(tag) {
    return this.byTag.get(tag)?.size ?? 0;
  }
}

/** Shared parts of the peer adapters. */
class PeerAdapter {
  constructor() {
    this.index = new TagIndex();
  }

  get(key) {
    const entry = this.cache.get(key);
    return entry === undefined ? undefined : entry.value;
  }

  peek(key) {
    const entry = this.cache.peek(key);
    return entry === undefined ? undefined : entry.value;
  }

  get size() {
    return this.cache.size;
  }

  indexedCount(tag) {
    return this.index.count(tag);
  }
}

/** For caches whose hook fires on eviction, delete and overwrite (lru-cache, lru.min). */
class HookOnEveryRemoval extends PeerAdapter {
  set(key, value, options) {
    const tags = options?.tags ?? NO_TAGS;
    this.cache.set(key, { value, tags }); // an overwrite fires the hook for the old entry
    this.index.add(key, tags);
  }

  bulkRemove(tag) {
    const keys = this.index.take(tag);
    if (keys === undefined) return 0;
    let removed = 0;
    for (const key of keys) if (this.cache.delete(key)) removed++; // the hook drops the other tags
    return removed;
  }
}

class LruCacheTagged extends HookOnEveryRemoval {
  constructor(mod, max) {
    super();
    const index = this.index;
    this.cache = new mod.LRUCache({ max, dispose: (entry, key) => index.drop(key, entry.tags) });
  }
}

class LruMinTagged extends HookOnEveryRemoval {
  constructor(mod, max) {
    super();
    const index = this.index;
    this.cache = mod.createLRU({ max, onEviction: (key, entry) => index.drop(key, entry.tags) });
  }
}

/** For caches whose hook (if any) covers evictions only (tiny-lru, quick-lru). */
class HookOnEvictionOnly extends PeerAdapter {
  set(key, value, options) {
    const tags = options?.tags ?? NO_TAGS;
    const old = this.cache.peek(key);
    if (old !== undefined) this.index.drop(key, old.tags);
    this.cache.set(key, { value, tags });
    this.index.add(key, tags);
  }

  bulkRemove(tag) {
    const keys = this.index.take(tag);
    if (keys === undefined) return 0;
    let removed = 0;
    for (const key of keys) {
      const entry = this.cache.peek(key);
      if (entry === undefined) continue;
      this.cache.delete(key);
      this.index.drop(key, entry.tags);
      removed++;
    }
    return removed;
  }
}

class TinyLruTagged extends HookOnEvictionOnly {
  constructor(mod, max) {
    super();
    const index = this.index;
    this.cache = mod.lru(max);
    this.cache.onEvict((item) => index.drop(item.key, item.value.tags));
  }
}

class QuickLruTagged extends HookOnEvictionOnly {
  constructor(mod, max) {
    super();
    const index = this.index;
    const cache = new mod.default({
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

class MnemonistTagged extends PeerAdapter {
  constructor(mod, max) {
    super();
    this.cache = new mod.LRUMapWithDelete(max);
  }

  set(key, value, options) {
    const tags = options?.tags ?? NO_TAGS;
    const popped = this.cache.setpop(key, { value, tags }); // evicted or overwritten entry, or null
    if (popped !== null) this.index.drop(popped.key, popped.value.tags);
    this.index.add(key, tags);
  }

  bulkRemove(tag) {
    const keys = this.index.take(tag);
    if (keys === undefined) return 0;
    let removed = 0;
    for (const key of keys) {
      const entry = this.cache.remove(key);
      if (entry === undefined) continue;
      this.index.drop(key, entry.tags);
      removed++;
    }
    return removed;
  }
}

class TaglruTagged {
  constructor(mod, max) {
    this.cache = new mod.TagCache({ maxEntries: max });
  }

  set(key, value, options) {
    this.cache.set(key, value, options);
  }

  get(key) {
    return this.cache.get(key);
  }

  peek(key) {
    return this.cache.peek(key);
  }

  bulkRemove(tag) {
    return this.cache.bulkRemove(tag);
  }

  get size() {
    return this.cache.size;
  }

  indexedCount(tag) {
    return this.cache.countByTag(tag);
  }

  /** The raw cache, for stats(). */
  get raw() {
    return this.cache;
  }
}

const ADAPTERS = {
  taglru: TaglruTagged,
  'lru-cache': LruCacheTagged,
  mnemonist: MnemonistTagged,
  'lru.min': LruMinTagged,
  'tiny-lru': TinyLruTagged,
  'quick-lru': QuickLruTagged,
};

/** `(max) => adapter` for a library. */
export async function loadTagged(lib) {
  const Adapter = ADAPTERS[lib];
  if (Adapter === undefined) throw new Error(`unknown library ${lib}`);
  const mod = await loadModule(lib);
  return (max) => new Adapter(mod, max);
}
