// markStale: every entry carrying any of the tags becomes stale in O(1) per
// tag (the core bumps the tag's generation); markAllStale: every entry, in
// O(1) (the core starts a new epoch). Stale entries are reclaimed lazily
// (store/sweep-stale.ts).

import type { EntryStore } from '../store/entry-store';
import { REMOVAL_CHUNK } from '../store/entry-store';
import { checkTagOrTags, outOfMemory } from '../validate';

/** See TagCacheApi.markStale. */
export function markStale<K extends string | number, V>(
  store: EntryStore<K, V>,
  tag: string | readonly string[],
  cause: 'markStale' | 'bulkRemoveAsync' = 'markStale',
): number {
  checkTagOrTags(tag, 'tag');
  if (store.listeners.list.length !== 0) store.listeners.tags(tag, cause);
  store.reserveScratch((typeof tag === 'string' ? 1 : tag.length) + REMOVAL_CHUNK, 'marking stale');
  const tagCount = store.tags.writeIds(tag, false);
  const made = tagCount === 0 ? 0 : store.api.markStale(tagCount);
  if (made > 0) store.stalePending = true;
  return made;
}

/** See TagCacheApi.markAllStale. */
export function markAllStale<K extends string | number, V>(store: EntryStore<K, V>): number {
  if (store.listeners.list.length !== 0) store.listeners.all('markAllStale');
  const made = store.api.markAllStale();
  if (made < 0) throw outOfMemory('marking every entry stale');
  if (made > 0) store.stalePending = true;
  return made;
}
