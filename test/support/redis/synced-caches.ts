// Real TagCaches synced through real transports, for the end-to-end tests of the bus.
import { TagCache } from '../../../src/index';
import type { SyncableCache } from '../../../src/sync/port';

export type Key = string | number;
export type Removal = [Key, unknown, string, boolean];

/** A TagCache that records its removals (with whether a remote invalidation was being applied). */
export function recordingTagCache(applyingRemote: () => boolean = () => false) {
  const removals: Removal[] = [];
  const cache = new TagCache<Key, unknown>({
    maxEntries: 10_000,
    onRemove: (key, value, reason) => removals.push([key, value, reason, applyingRemote()]),
  });
  return { cache, removals, syncable: asSyncable(cache) };
}

/**
 * The cache as the bus sees it. Until TagCache has `markAllStale` (being added beside the listener
 * port), `clear` stands in for it: stricter (it removes instead of marking stale), same guarantee.
 */
export function asSyncable(cache: TagCache<Key, unknown>): SyncableCache<Key> {
  const candidate = cache as unknown as SyncableCache<Key>;
  if (typeof candidate.markAllStale === 'function') return candidate;
  return Object.assign(cache, {
    markAllStale: () => {
      cache.clear();
      return 0;
    },
  }) as unknown as SyncableCache<Key>;
}
