/**
 * What the bus needs from a cache: the invalidation listener port and the invalidating methods.
 * `TagCache` implements it; so can any cache that reports its invalidations the same way.
 */

/** Why a key was invalidated locally. `'fill'` (a read-through store) is never published. */
export type KeyInvalidationCause = 'set' | 'fill' | 'delete' | 'load';
/** Why tags were invalidated locally. */
export type TagInvalidationCause = 'bulkRemove' | 'markStale' | 'bulkRemoveAsync';
/** Why everything was invalidated locally. */
export type AllInvalidationCause = 'clear' | 'markAllStale';

/**
 * Hears every local invalidation synchronously, at the moment it happens, before the operation's
 * `onRemove` callbacks run (so the first event during an operation is the operation's own).
 */
export interface InvalidationListener<K> {
  /** `key` was written or removed. */
  key(key: K, cause: KeyInvalidationCause): void;
  /** The entries of `tags` were removed or made stale. */
  tags(tags: readonly string[], cause: TagInvalidationCause): void;
  /** Every entry was removed or made stale. */
  all(cause: AllInvalidationCause): void;
}

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
