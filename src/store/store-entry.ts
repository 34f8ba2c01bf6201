// The tail of every write of one entry (set, read-through fills): measure its
// size, insert it, then deliver the removals it caused.

import type { KeyInvalidationCause } from '../types';
import type { EntryStore } from './entry-store';
import { insert } from './insert';

/**
 * Stores a checked entry under `key` (whose hash is `hash`), with `cause`
 * telling the invalidation listeners what wrote it.
 * @throws RangeError for an entry larger than `maxSize`, or when memory cannot grow;
 *   what an `onRemove` callback threw, once the entry is stored.
 */
export function storeEntry<K extends string | number, V>(
  store: EntryStore<K, V>,
  key: K,
  hash: number,
  value: V,
  tags: readonly string[] | undefined,
  ttl: number,
  cause: KeyInvalidationCause,
): void {
  let size = 0;
  if (store.sizes !== undefined) {
    size = store.sizes.measure(value, key);
    hash = store.hashing.hashOf(key); // sizeOf may have used the cache, and so re-keyed its hashes
  }
  const batch = store.newBatch();
  insert(store, key, hash, value, tags, ttl, size, batch, cause);
  store.deliver(batch);
}
