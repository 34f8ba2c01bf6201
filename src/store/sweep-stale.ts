// Lazy reclamation of stale entries (made stale by markStale or
// bulkRemoveAsync): a few per set, a slice at a time for bulkRemoveAsync, all
// of them for purgeExpired.

import type { EntryStore } from './entry-store';
import { REMOVAL_CHUNK } from './entry-store';
import type { RemovalBatch } from './removals';

/**
 * Reclaims up to `limit` stale entries (carrying `tagId`, or any for -1) into
 * `batch`, reported as `'stale'` (or `'expire'` if also expired); returns how
 * many. Notices when none is left.
 */
export function sweepStale<K extends string | number, V>(
  store: EntryStore<K, V>,
  tagId: number,
  limit: number,
  now: number,
  batch: RemovalBatch | undefined,
): number {
  if (!store.stalePending) return 0;
  let total = 0;
  while (total < limit) {
    const chunk = Math.min(REMOVAL_CHUNK, limit - total);
    const removed = store.api.sweepStale(tagId, chunk);
    store.releaseRemoved(0, removed, 'stale', now, batch);
    total += removed;
    if (removed < chunk) {
      if (tagId === -1) store.stalePending = false;
      break;
    }
  }
  return total;
}
