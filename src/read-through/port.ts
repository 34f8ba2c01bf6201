// The read-through port: the handful of cache operations getOrSet, the load
// guard, memoize and namespaces use. read-through/ depends on this interface
// only, never on the facade or the store.

import type { InvalidationListener, SetOptions } from '../types';

/** What read-through code may ask of a cache. */
export interface ReadThroughPort<K extends string | number, V> {
  /** TagCache.get. */
  get(key: K): V | undefined;
  /**
   * get, and on a hit whether the entry is within its last `window` ms (its
   * refresh window), from one reading of the clock.
   */
  getForRefresh(key: K, window: number): { value: V | undefined; refresh: boolean };
  /** Stores a loaded value: a fill, which invalidation listeners can tell from a user's set. */
  fill(key: K, value: V, options: SetOptions): void;
  /** TagCache.set. */
  set(key: K, value: V, options?: SetOptions): unknown;
  /** TagCache.peek. */
  peek(key: K): V | undefined;
  /** TagCache.has. */
  has(key: K): boolean;
  /** TagCache.delete. */
  delete(key: K): boolean;
  /** TagCache.bulkRemove. */
  bulkRemove(tag: string): number;
  /** TagCache.countByTag. */
  countByTag(tag: string): number;
  /** The tags an entry given `tags` carries (with tagSeparator, every level). */
  expandTags(tags: readonly string[]): readonly string[];
  /** Hears every local invalidation; returns the function that stops it. */
  addInvalidationListener(listener: InvalidationListener<K>): () => void;
  /** The cache's default TTL in ms (0: none). */
  readonly defaultTtl: number;
  /** The cache's maxEntries (bounds what read-through code keeps per key). */
  readonly maxEntries: number;
  /** The cache's clock, read now. */
  now(): number;
  /** With the diagnostics option: publishes a load event (`taglru:load`). */
  readonly publishLoad: ((message: { key: K; phase: 'start' | 'end' | 'error'; durationMs?: number; error?: unknown }) => void) | undefined;
}
