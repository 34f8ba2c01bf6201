/**
 * What the bus needs from a cache: the invalidation listener port and the invalidating methods.
 * `TagCache` implements it; so can any cache that reports its invalidations the same way.
 */

import type { InvalidationListener } from '../types';

export type { AllInvalidationCause, InvalidationListener, KeyInvalidationCause, TagInvalidationCause } from '../types';

/** What the bus needs from a cache. */
export interface SyncableCache<K> {
  /** Adds a listener of every local invalidation; returns the function that removes it. */
  addInvalidationListener(listener: InvalidationListener<K>): () => void;
  /** Removes one key. */
  delete(key: K): boolean;
  /** Removes every entry of the tags. */
  bulkRemove(tags: readonly string[]): number;
  /** Makes every entry of the tags stale (lazily reclaimed). */
  markStale(tags: readonly string[]): number;
  /** Makes every entry current at the call stale, in O(1). */
  markAllStale(): number;
  /** Removes every entry. */
  clear(): void;
}
