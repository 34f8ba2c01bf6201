// markStale: every entry carrying any of the tags becomes stale in O(1) per
// tag (the core bumps the tag's generation); stale entries are reclaimed
// lazily (store/sweep-stale.ts).

import type { EntryStore } from '../store/entry-store';
import { REMOVAL_CHUNK } from '../store/entry-store';
import { checkTagOrTags } from '../validate';

/** See TagCacheApi.markStale. */
export function markStale<K extends string | number, V>(
  store: EntryStore<K, V>, tag: string | readonly string[], cause: 'markStale' | 'bulkRemoveAsync' = 'markStale',
): number {
  checkTagOrTags(tag, 'tag');
  if (store.listeners.list.length !== 0) store.listeners.tags(tag, cause);
  store.reserveScratch((typeof tag === 'string' ? 1 : tag.length) + REMOVAL_CHUNK, 'marking stale');
  const tagCount = store.tags.writeIds(tag, false);
  const made = tagCount === 0 ? 0 : store.api.markStale(tagCount);
  if (made > 0) store.stalePending = true;
  return made;
}
