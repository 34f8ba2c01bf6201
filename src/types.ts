// Public types of taglru.

import type { LatencySummary } from './observe/latency';

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
  | 'clear'
  /**
   * Made stale by `markStale` or `bulkRemoveAsync` of one of its tags, then reclaimed: met by a
   * lookup or `set`, evicted (stale entries go first), swept, purged or removed by `bulkRemoveAsync`.
   */
  | 'stale';

/** Options of the `TagCache` constructor and `TagCache.create`. */
export interface TagCacheOptions<K extends string | number, V> {
  /** Most entries the cache holds; an integer from 1 to 16,777,216. Memory grows with use, not with this bound. */
  maxEntries: number;
  /**
   * Eviction policy. `'lru'` (default): the least recently used entry goes; iteration and
   * `dump()` follow recency exactly. `'tinylfu'`: W-TinyLFU with an adaptive window (as
   * Caffeine): new entries enter a small LRU window, and one leaving the window enters the main
   * space (probation, then protected once hit again) only if a frequency sketch of recent accesses
   * (under 11 bytes an entry) finds it more frequent than main's least recent entry — so scans
   * and loops do not flush frequently used entries; the window's size follows the workload. A
   * `set` of a new key may then store nothing (the key is reported to `onRemove` as `'evict'`).
   * Iteration and `dump()` run window (most to least recent), then probation, then protected,
   * each from most to least recent; `load()` stores rows through the same admission as `set`
   * (a row may be refused when the cache is full). Stale entries are still evicted first; with
   * `maxSize`, weighted eviction takes main's least recent entries (probation, then protected),
   * then the window's.
   */
  policy?: 'lru' | 'tinylfu';
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
  /**
   * Enables size-weighted eviction: the most the sizes of all entries (from `sizeOf`) may add up
   * to, a positive safe integer. After each insert, least recently used entries are evicted
   * (reported as `'evict'`) until the total fits; `maxEntries` still applies too. Requires `sizeOf`.
   */
  maxSize?: number;
  /**
   * The size of an entry, a safe integer from 0 to `maxSize`, for `maxSize`. Called once per
   * `set` (and per entry of `load`) before the cache changes; a bad result or an entry larger
   * than `maxSize` throws (TypeError / RangeError) and stores nothing. Requires `maxSize`.
   */
  sizeOf?: (value: V, key: K) => number;
  /**
   * Debug hook, called for every `get` hit and miss and every entry that expires or is evicted
   * (removals after the operation has finished, like `onRemove`). When absent it costs nothing:
   * no event is allocated. An error it throws reaches the caller of the operation.
   */
  trace?: (event: TraceEvent<K>) => void;
  /**
   * Makes tags hierarchical: with `'/'`, an entry tagged `src/components/a.ts` also carries
   * `src/components` and `src`, so `bulkRemove('src')`, `markStale('src')`, `countByTag('src')` and
   * `tagStats('src')` cover it. The levels of a tag are its prefixes that end where
   * `tag.split(separator)` splits it, except an empty one (`/src/a` gives `/src`). Each level costs
   * the entry one more tag membership (24 bytes). Absent: tags are flat.
   */
  tagSeparator?: string;
  /**
   * Sliding expiry: a `get` hit (also inside `getOrSet`, namespaces and memoized functions) renews
   * the entry's TTL, so an entry expires only after `ttl` ms without a hit (lru-cache's
   * `updateAgeOnGet`). `peek`, `has` and iteration do not renew. Entries without a TTL are
   * unaffected. Default false.
   */
  slidingExpiry?: boolean;
  /**
   * Publishes to Node's `diagnostics_channel` (for tracing tools): `taglru:hit` and `taglru:miss`
   * (`{ key }`), `taglru:remove` (`{ key, value, reason }`) and `taglru:load` (`{ key, phase:
   * 'start' | 'end' | 'error', durationMs?, error? }`). The module is taken at run time with
   * `process.getBuiltinModule` (Node 20.16+), never imported, so browser bundles never include it;
   * elsewhere the option does nothing. Messages are built only while a channel has subscribers.
   * Default false: a cache without it pays nothing.
   */
  diagnostics?: boolean;
}

/** Options of `bulkRemoveAsync`. */
export interface BulkRemoveAsyncOptions {
  /**
   * The most milliseconds of removal work between two yields to the event loop; default 2.
   * A positive finite number.
   */
  sliceMs?: number;
}

/** What `tagStats(tag)` returns: one tag's numbers, for monitoring. */
export interface TagStats {
  /** Entries carrying the tag that `get` can return now (like `countByTag`). */
  entries: number;
  /** `get` calls (also inside `getOrSet`, memoized functions and namespaces) that returned an entry carrying the tag. */
  hits: number;
  /** `get` calls that found the key's entry carrying the tag but expired or stale, and so missed. */
  misses: number;
  /**
   * Entries carrying the tag that left the cache, for any reason. A `set` that replaces an entry is
   * not a removal, even of an entry that had expired or gone stale (`onRemove` reports its old value).
   */
  removed: number;
}

/** What the `trace` option receives. */
export interface TraceEvent<K> {
  /** `'hit'` or `'miss'` of `get` (also inside `getOrSet`), or an entry leaving as `'expire'` or `'evict'`. */
  type: 'hit' | 'miss' | 'expire' | 'evict';
  /** The key looked up, or of the entry that left. */
  key: K;
}

/** Options of `set`. */
export interface SetOptions {
  /** Tags of the entry: non-empty strings; duplicates are ignored. Replaces the tags of an existing entry. */
  tags?: readonly string[];
  /** Time to live in ms for this entry, overriding the cache's default; 0 means no expiry. */
  ttl?: number;
}

/**
 * The part of an `AbortSignal` taglru uses, declared here so that the typings need neither the
 * DOM lib nor `@types/node`.
 */
export interface AbortSignalLike {
  /** Whether the signal has aborted. */
  readonly aborted: boolean;
  /** Why it aborted: the value given to `AbortController.abort()`. */
  readonly reason?: unknown;
  /** Adds `listener`, called when the signal aborts. */
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  /** Removes a listener added by `addEventListener`. */
  removeEventListener(type: 'abort', listener: () => void): void;
}

/** The environment's `AbortSignal` type where its typings declare one (DOM lib, @types/node), else AbortSignalLike. */
export type AbortSignalType = typeof globalThis extends { AbortSignal: { prototype: infer S } } ? S : AbortSignalLike;

/** What a loader receives besides the key. */
export interface LoadContext {
  /**
   * Aborted once every caller waiting for this load has left (its own `signal` aborted, or its
   * `hardTimeout` ended): pass it on to `fetch` or a database driver to stop the work. A load
   * that some caller still waits for is never aborted.
   */
  readonly signal: AbortSignalType;
}

/** Computes the value of a key `getOrSet` did not find; may return it or a promise of it. */
export type Loader<K, V> = (key: K, context: LoadContext) => V | PromiseLike<V>;

/** Options of `getOrSet`: how a loaded value is stored. */
export interface GetOrSetOptions extends SetOptions {
  /**
   * Milliseconds after the TTL ends during which the old value is still returned at once while
   * one background load refreshes it. The entry is stored for `ttl + staleWhileRevalidate` and
   * counts as stale in its last `staleWhileRevalidate` ms. No effect without a TTL.
   */
  staleWhileRevalidate?: number;
  /**
   * Milliseconds after the entry's life ends (`ttl`, plus `staleWhileRevalidate`) during which the
   * loaded value is retained beside the cache and served only when a later load of the key fails
   * (the loader rejects or throws), or, with `timeout`, is slow. Never served after an invalidation
   * of the key or of one of its tags (those drop it), and never by `get`. At most `maxEntries`
   * values are retained. No effect without a TTL.
   */
  staleIfError?: number;
  /**
   * This caller's AbortSignal: when it aborts, this caller's promise rejects with its reason. Other
   * callers sharing the load are not affected; the loader's own signal is aborted only once every
   * caller has left.
   */
  signal?: AbortSignalType | AbortSignalLike;
  /**
   * Soft timeout in ms: if the load has not settled by then and a retained value (`staleIfError`)
   * exists, this caller gets it at once while the load goes on and stores its result.
   */
  timeout?: number;
  /**
   * Hard timeout in ms: if the load has not settled by then, this caller's promise rejects with an
   * error named `'TimeoutError'`. The load goes on for the other callers (and is aborted if none is left).
   */
  hardTimeout?: number;
}

/** Options of `memoize`. */
export interface MemoizeOptions<A extends unknown[]> {
  /** Names the function in its keys and its tag `fn:<name>`; default `fn.name`. Unique per cache. */
  name?: string;
  /** The key of a call, instead of the default serialisation of its arguments. */
  key?: (...args: A) => string | number;
  /** Extra tags of the entry of a call (besides `fn:<name>`). */
  tags?: (...args: A) => readonly string[];
  /** Time to live in ms of each result; default: the cache's. */
  ttl?: number;
}

/** Options of `namespace`. */
export interface NamespaceOptions {
  /** Default time to live in ms of the namespace's entries; default: the cache's. */
  ttl?: number;
}

/** What a namespace's `stats()` returns. */
export interface NamespaceStats {
  /** `get` and `getOrSet` calls of this namespace that found a value. */
  hits: number;
  /** `get` and `getOrSet` calls of this namespace that found none. */
  misses: number;
  /** Unexpired entries of this namespace. */
  size: number;
}

/** The third element of a dump row. */
export interface DumpEntryMeta {
  /** The entry's tags, in the order they were given. */
  tags: string[];
  /** Milliseconds the entry had left to live when dumped; `null` if it never expires. */
  ttlRemaining: number | null;
}

/** One entry of `dump()`: `[key, value, { tags, ttlRemaining }]`. */
export type DumpEntry<K, V> = [key: K, value: V, meta: DumpEntryMeta];

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
  /** Stale entries reclaimed (reported with reason `'stale'`). */
  removedStale: number;
  /** Entries made stale by `markStale` or `bulkRemoveAsync` and not yet reclaimed; they count in `size`. */
  staleEntries: number;
  /** Entries held now, including expired ones not yet purged. */
  size: number;
  /** The cache's `maxEntries`. */
  maxEntries: number;
  /** Distinct tags carried by at least one entry. */
  tags: number;
  /** Bytes of WebAssembly linear memory (the core's indexes). */
  wasmMemoryBytes: number;
  /** Wall-clock time of `bulkRemove` calls (excluding `onRemove` callbacks). */
  bulkRemoveLatency: LatencySummary;
  /** Sum of the sizes of the entries held; present only when the cache has `maxSize`. */
  totalSize?: number;
  /** The eviction policy; present only when the cache has `policy: 'tinylfu'` (absent: `'lru'`). */
  policy?: 'tinylfu';
  /** The admission window's current maximum in entries (it adapts); present only under `'tinylfu'`. */
  windowSize?: number;
  /** Bytes of the frequency sketch (0 until the cache is first half full); present only under `'tinylfu'`. */
  sketchBytes?: number;
}

/** Why a key was invalidated locally (see {@link InvalidationListener}). */
export type KeyInvalidationCause =
  /** A user's `set` (also through a namespace view). */
  | 'set'
  /** A read-through store: a value getOrSet or memoize loaded; not a write by the user. */
  | 'fill'
  /** `delete`, whether or not the key had an entry. */
  | 'delete'
  /** A row of `load(dump)`. */
  | 'load';

/** Why tags were invalidated locally. */
export type TagInvalidationCause = 'bulkRemove' | 'markStale' | 'bulkRemoveAsync';

/** Why everything was invalidated locally. */
export type AllInvalidationCause = 'clear' | 'markAllStale';

/**
 * Hears the local invalidations of one cache (see `addInvalidationListener`),
 * synchronously, at the moment each happens: before the operation's `onRemove`
 * callbacks run, so a listener can tell an operation's own invalidation from
 * those its callbacks make.
 */
export interface InvalidationListener<K> {
  /** `key` was written or removed. */
  key(key: K, cause: KeyInvalidationCause): void;
  /** The entries of `tags` (as given, not expanded into levels) were removed or made stale. */
  tags(tags: readonly string[], cause: TagInvalidationCause): void;
  /** Every entry was removed or made stale. */
  all(cause: AllInvalidationCause): void;
}
