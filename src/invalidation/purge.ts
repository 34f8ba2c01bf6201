// purgeExpired: every expired and every stale entry removed now.

import type { EntryStore } from '../store/entry-store';
import { REMOVAL_CHUNK } from '../store/entry-store';
import { sweepStale } from '../store/sweep-stale';

/** See TagCacheApi.purgeExpired. */
export function purgeExpired<K extends string | number, V>(store: EntryStore<K, V>): number {
  if (!store.expiryActive && !store.stalePending) return 0;
  const now = store.nowIfExpiring();
  store.reserveScratch(REMOVAL_CHUNK, 'purging');
  const batch = store.newBatch();
  let total = sweepStale(store, -1, Infinity, now, batch);
  if (!store.expiryActive) {
    store.deliver(batch);
    return total;
  }
  let removed: number;
  let restart = 1;
  do {
    removed = store.api.purgeExpired(now, REMOVAL_CHUNK, restart);
    restart = 0;
    store.releaseRemoved(0, removed, 'expire', now, batch);
    total += removed;
  } while (removed === REMOVAL_CHUNK);
  store.deliver(batch);
  return total;
}
