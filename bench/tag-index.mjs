// The tag index users write by hand today beside a plain LRU: a
// `Map<tag, Set<key>>`, kept in sync through whatever the peer tells us about
// removals. Every peer adapter in bench/libraries/ builds on these classes.
//
// Each peer stores `{ value, tags }` as the cache value. The index must lose a
// key whenever the cache loses it, otherwise it leaks and later removals are
// wrong; how each library reports evictions differs (see each adapter's note).
// bulkRemove(tag) = take the tag's Set, delete every key from the cache and
// from its other tags' Sets, return how many entries were really deleted.

const NO_TAGS = [];

/** tag -> Set<key>. Empty Sets are deleted so the index cannot grow without bound. */
export class TagIndex {
  constructor() {
    this.byTag = new Map();
  }

  add(key, tags) {
    for (let i = 0; i < tags.length; i++) {
      let keys = this.byTag.get(tags[i]);
      if (keys === undefined) {
        keys = new Set();
        this.byTag.set(tags[i], keys);
      }
      keys.add(key);
    }
  }

  drop(key, tags) {
    for (let i = 0; i < tags.length; i++) {
      const keys = this.byTag.get(tags[i]);
      if (keys?.delete(key) && keys.size === 0) this.byTag.delete(tags[i]);
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

/** Shared parts of the peer adapters: `this.cache` holds `{ value, tags }`. */
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
export class HookOnEveryRemoval extends PeerAdapter {
  set(key, value, options) {
    const tags = options?.tags ?? NO_TAGS;
    this.cache.set(key, { value, tags }); // an overwrite fires the hook for the old entry
    this.index.add(key, tags);
  }

  delete(key) {
    return this.cache.delete(key); // the hook drops the key from its tags
  }

  bulkRemove(tag) {
    const keys = this.index.take(tag);
    if (keys === undefined) return 0;
    let removed = 0;
    for (const key of keys) if (this.cache.delete(key)) removed++; // the hook drops the other tags
    return removed;
  }
}

/** For caches whose hook (if any) covers evictions only (tiny-lru, quick-lru). */
export class HookOnEvictionOnly extends PeerAdapter {
  set(key, value, options) {
    const tags = options?.tags ?? NO_TAGS;
    const old = this.cache.peek(key);
    if (old !== undefined) this.index.drop(key, old.tags);
    this.cache.set(key, { value, tags });
    this.index.add(key, tags);
  }

  delete(key) {
    const entry = this.cache.peek(key);
    if (entry === undefined) return false;
    this.cache.delete(key);
    this.index.drop(key, entry.tags);
    return true;
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

/** For caches with no hook that return what they drop (mnemonist's setpop/remove). */
export class NoHook extends PeerAdapter {
  set(key, value, options) {
    const tags = options?.tags ?? NO_TAGS;
    const popped = this.cache.setpop(key, { value, tags }); // evicted or overwritten entry, or null
    if (popped !== null) this.index.drop(popped.key, popped.value.tags);
    this.index.add(key, tags);
  }

  delete(key) {
    const entry = this.cache.remove(key);
    if (entry === undefined) return false;
    this.index.drop(key, entry.tags);
    return true;
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
