// bulkRemove: every entry carrying any of the tags goes now, entry by entry
// for a small share of the cache, or in one walk that rebuilds the hash table
// for a large one.

import type { EntryStore } from '../store/entry-store';
import { REMOVAL_CHUNK } from '../store/entry-store';
import { checkTagOrTags } from '../validate';

/**
 * The share of a cache of `size` entries a bulkRemove must take for walking the
 * whole cache and rebuilding the hash table to beat removing entry by entry.
 * Measured (2026-11-21, per-entry time / rebuild time): while the cache fits
 * the CPU caches deletion is cheap and the rebuild pays for re-inserting the
 * survivors (600 entries: 0.67 at 33%, 1.0 at 55%, 1.5 at 83%; 4,000: 0.67 at
 * 33%, 0.99 at 50%, 1.4 at 70%); larger caches make each deletion a cache miss
 * (30,000: 0.79 at 20%, 1.3 at 33%; 100,000: 0.66 at 5%, 1.1 at 10%, 1.8 at
 * 20%; 1M: 4.6 at 50%, 9.9 at 90%).
 */
function rebuildShareFor(size: number): number {
  if (size < 16_384) return 1 / 2;
  if (size < 65_536) return 1 / 4;
  return 1 / 8;
}

/** See TagCacheApi.bulkRemove. */
export function bulkRemove<K extends string | number, V>(store: EntryStore<K, V>, tag: string | readonly string[]): number {
  checkTagOrTags(tag, 'tag');
  if (store.listeners.list.length !== 0) store.listeners.tags(tag, 'bulkRemove');
  const api = store.api;
  const now = store.nowIfExpiring();
  const started = performance.now();
  store.reserveScratch((typeof tag === 'string' ? 1 : tag.length) + REMOVAL_CHUNK, 'bulk removal');
  const tagCount = store.tags.writeIds(tag, false);
  const batch = store.newBatch();
  let unexpired = 0;
  const size = api.entryCount();
  if (tagCount > 0 && api.memberships(tagCount) >= size * (store.rebuildShare ?? rebuildShareFor(size))) {
    // Much of the cache goes: one walk of it and a table rebuild beat a deletion per entry.
    do {
      const removed = api.bulkRemoveRebuilding(tagCount, REMOVAL_CHUNK);
      unexpired += store.releaseRemoved(tagCount, removed, 'tag', now, batch);
    } while (api.rebuildPending() === 1);
  } else if (tagCount > 0) {
    let removed: number;
    do {
      removed = api.bulkRemove(tagCount, REMOVAL_CHUNK);
      unexpired += store.releaseRemoved(tagCount, removed, 'tag', now, batch);
    } while (removed === REMOVAL_CHUNK);
  }
  store.bulkRemoves++;
  store.bulkLatency.record((performance.now() - started) * 1000);
  store.deliver(batch);
  return unexpired;
}
