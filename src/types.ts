// Public types of taglru.

import type { LatencySummary } from './latency';

export type { LatencySummary };

/** Why an entry left the cache, as reported to `onRemove`. */
export type RemovalReason =
  /** Evicted as the least recently used entry to make room for a new one. */
  | 'evict'
  /** Its TTL had run out (whatever operation noticed it). */
  | 'expire'
  /** Removed by `delete`. */
  | 'delete'
  /** Removed by `bulkRemove` of one of its tags. */
  | 'tag'
  /** Its value was replaced by `set` on the same key. */
  | 'set'
  /** Removed by `clear`. */
  | 'clear';

/** Options of the `TagCache` constructor and `TagCache.create`. */
export interface TagCacheOptions<K extends string | number, V> {
  /** Most entries the cache holds; an integer from 1 to 16,777,216. Memory grows with use, not with this bound. */
  maxEntries: number;
  /** Default time to live in ms for every `set`; fractional allowed. 0 or absent: no expiry. */
  ttl?: number;
  /** Clock in ms used for TTLs (default `performance.now`). Tests inject a fake one. */
  now?: () => number;
  /**
   * Called once for every entry that leaves the cache, with the reason. It runs after the
   * operation has finished and the cache is consistent, so it may call any method of the cache.
   * If it throws, the operation still completes; the error is rethrown to the caller afterwards
   * (several errors become one `AggregateError`).
   */
  onRemove?: (key: K, value: V, reason: RemovalReason) => void;
}

/** Options of `set`. */
export interface SetOptions {
  /** Tags of the entry: non-empty strings; duplicates are ignored. Replaces the tags of an existing entry. */
  tags?: readonly string[];
  /** Time to live in ms for this entry, overriding the cache's default; 0 means no expiry. */
  ttl?: number;
}

/** Counters and gauges returned by `stats()`. */
export interface TagCacheStats {
  /** `get` calls that returned a value. */
  hits: number;
  /** `get` calls that returned undefined. */
  misses: number;
  /** `set` calls. */
  sets: number;
  /** Entries removed by `delete`. */
  deletes: number;
  /** Entries evicted to make room. */
  evictions: number;
  /** Entries removed because their TTL ran out. */
  expirations: number;
  /** `bulkRemove` calls. */
  bulkRemoves: number;
  /** Entries removed by `bulkRemove`. */
  removedByTag: number;
  /** Entries held now, including expired ones not yet purged. */
  size: number;
  maxEntries: number;
  /** Distinct tags carried by at least one entry. */
  tags: number;
  /** Bytes of WebAssembly linear memory (the core's indexes). */
  wasmMemoryBytes: number;
  /** Wall-clock time of `bulkRemove` calls (excluding `onRemove` callbacks). */
  bulkRemoveLatency: LatencySummary;
}
