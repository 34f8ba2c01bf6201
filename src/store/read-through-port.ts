// The read-through port of one cache: the facade's lookups and writes, plus a
// fill (a store that invalidation listeners can tell from a user's set) and
// the refresh-window check, over the entry store.

import type { ReadThroughPort } from '../read-through/port';
import type { EntryStore } from './entry-store';
import { storeEntry } from './store-entry';

/** The facade methods the port passes on. */
export type PortedMethods<K extends string | number, V> = Pick<
  ReadThroughPort<K, V>,
  'get' | 'set' | 'peek' | 'has' | 'delete' | 'bulkRemove' | 'countByTag'
>;

/** The read-through port of the cache whose facade is `cache` and whose store is `store`. */
export function readThroughPort<K extends string | number, V>(cache: PortedMethods<K, V>, store: EntryStore<K, V>): ReadThroughPort<K, V> {
  return {
    get: (key) => cache.get(key),
    getForRefresh: (key, window) => {
      const value = cache.get(key);
      if (value === undefined || window <= 0 || !store.expiryActive) return { value, refresh: false };
      // get read the clock (lastReading) and left the entry live: its remainder at that reading.
      const expiresAt = store.expiresAtOf(store.locate(key, store.hashing.hashOf(key)));
      return { value, refresh: expiresAt - store.lastReading <= window };
    },
    fill: (key, value, options) => {
      storeEntry(store, key, store.hashing.hashOf(key), value, options.tags, options.ttl ?? store.defaultTtl, 'fill');
    },
    set: (key, value, options) => cache.set(key, value, options),
    peek: (key) => cache.peek(key),
    has: (key) => cache.has(key),
    delete: (key) => cache.delete(key),
    bulkRemove: (tag) => cache.bulkRemove(tag),
    countByTag: (tag) => cache.countByTag(tag),
    expandTags: (tags) => store.tags.expand(tags),
    addInvalidationListener: (listener) => store.listeners.add(listener),
    defaultTtl: store.defaultTtl,
    maxEntries: store.maxEntries,
    now: () => store.now(),
    publishLoad: store.publishLoad,
  };
}
