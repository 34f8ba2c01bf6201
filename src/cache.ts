// TagCache: the public class. Holds what WebAssembly cannot (keys, values, tag
// names), validates every argument before the core sees it, and delivers
// removal callbacks once each operation has finished.

import { CoreInstance, coreModule, loadCoreModule, type CoreExports } from './core';
import { checkDump } from './dump';
import { hashNumber, hashString, hashStringKeyed, randomSeed } from './hash';
import {
  ERROR_OUT_OF_MEMORY, FLAG_EVICTED, FLAG_EVICTED_EXPIRED, FLAG_EVICTED_STALE, FLAG_LONG_PROBE, REMOVED_STALE, SLOT_MASK,
} from './layout';
import { LatencyHistogram } from './latency';
import { FillCoordinator } from './loader';
import { memoize } from './memoize';
import { formatMetrics } from './metrics';
import { type CacheNamespace, namespaceOf } from './namespace';
import { deliverRemovals, type RemovalBatch } from './removals';
import { entrySizesFor, type EntrySizes } from './sizes';
import { TagRegistry } from './tags';
import { removeInSlices } from './slices';
import type {
  BulkRemoveAsyncOptions, DumpEntry, GetOrSetOptions, Loader, MemoizeOptions, NamespaceOptions, RemovalReason, SetOptions,
  TagCacheOptions, TagCacheStats, TagStats, TraceEvent,
} from './types';
import {
  checkClockReading, checkKey, checkMaxEntries, checkObject, checkOptionalFunction, checkSliceMs, checkTag,
  checkTagOrTags, checkTagSeparator, checkTagsOption, checkTtlOption, checkValue, outOfMemory,
} from './validate';

const defaultClock = (): number => performance.now();
/** Most slots one bulk core call removes before the wrapper releases them. */
const REMOVAL_CHUNK = 4096;
/** Stale entries each set reclaims while any are held: memory comes back without a pause. */
const STALE_SWEEP_PER_SET = 2;
/**
 * The share of a cache of `size` entries a bulkRemove must take for walking the
 * whole cache and rebuilding the hash table to beat removing entry by entry.
 * Measured (2026-11-21, per-entry time / rebuild time): while the cache fits
 * the CPU caches deletion is cheap and the rebuild pays for re-inserting the
 * survivors (600 entries: 0.67 at 33%, 1.0 at 55%, 1.5 at 83%; 4,000: 0.67 at
 * 33%, 0.99 at 50%, 1.4 at 70%); larger caches make each deletion a cache miss
 * (30,000: 0.79 at 20%, 1.3 at 33%; 100,000: 0.66 at 5%, 1.1 at 10%, 1.8 at
 * 20%; 1M: 4.6 at 50%, 9.9 at 90%).
 */
function rebuildShareFor(size: number): number {
  if (size < 16_384) return 1 / 2;
  if (size < 65_536) return 1 / 4;
  return 1 / 8;
}
/** Stale entries bulkRemoveAsync removes between two looks at the clock (about 10-40 µs of work). */
const SLICE_CHUNK = 256;
/** Why a slot's entry cannot be returned, as the core's deadState reports it. */
const DEAD_REASONS: readonly (RemovalReason | undefined)[] = [undefined, 'expire', 'stale'];

/**
 * A least-recently-used cache whose entries carry string tags, so that every
 * entry of a tag can be removed at once with {@link TagCache.bulkRemove}.
 * The indexes (hash table, recency list, tag lists, expiry times) live in a
 * WebAssembly instance owned by this cache.
 *
 * @typeParam K - key type: strings and numbers, compared like `Map` keys.
 * @typeParam V - value type; `undefined` is not a storable value.
 */
export class TagCache<K extends string | number, V> implements Iterable<[K, V]> {
  /** Most entries the cache holds. */
  readonly maxEntries: number;
  private readonly core: CoreInstance;
  private readonly api: CoreExports;
  private readonly tags: TagRegistry;
  private readonly seed = randomSeed();
  /** Second half of the HalfSipHash key (and the number seed) once keys crafted to collide were seen. */
  private readonly keyedHashSeed = randomSeed();
  private keyedHashing = false;
  private readonly defaultTtl: number;
  private readonly clock: () => number;
  private readonly onRemove: ((key: K, value: V, reason: RemovalReason) => void) | undefined;
  private readonly trace: ((event: TraceEvent<K>) => void) | undefined;
  /** Whether removals are recorded, for onRemove or trace. */
  private readonly recordRemovals: boolean;
  /** Entry sizes, for caches with maxSize only. */
  private readonly sizes: EntrySizes<K, V> | undefined;
  /** Loads in flight (getOrSet), from the first getOrSet, memoize or namespace on. */
  private fills: FillCoordinator<K, V> | undefined;
  private readonly bulkLatency = new LatencyHistogram();
  /** Key of slot s at 2s, its value at 2s + 1: one cache line serves both. */
  private keysAndValues: unknown[] = [];
  private expiryActive = false;
  /** The clock's last reading (now()), for getForRefresh. */
  private lastReading = 0;
  /** Whether the core may hold stale entries (set by markStale, cleared once a sweep finds none). */
  private stalePending = false;
  /** Counts clear() calls, so a bulkRemoveAsync in progress can tell its tag ids were forgotten. */
  private clears = 0;
  private hits = 0;
  private misses = 0;
  private sets = 0;
  private deletes = 0;
  private evictions = 0;
  private expirations = 0;
  private bulkRemoves = 0;
  private removedByTag = 0;
  private removedStale = 0;
  /** Overrides rebuildShareFor; for benchmarks comparing the two bulkRemove paths. */
  private readonly rebuildShare: number | undefined = undefined;

  /**
   * Creates a cache, compiling the WebAssembly core synchronously on first use.
   * Where synchronous compilation is not allowed, use {@link TagCache.create}.
   * @throws TypeError or RangeError for bad options, naming the option.
   */
  constructor(options: TagCacheOptions<K, V>) {
    checkObject(options, 'options');
    this.maxEntries = checkMaxEntries(options.maxEntries);
    this.defaultTtl = checkTtlOption(options, 0);
    checkOptionalFunction(options.now, 'options.now');
    checkOptionalFunction(options.onRemove, 'options.onRemove');
    checkOptionalFunction(options.trace, 'options.trace');
    this.sizes = entrySizesFor(options);
    this.clock = options.now ?? defaultClock;
    this.onRemove = options.onRemove;
    this.trace = options.trace;
    this.recordRemovals = options.onRemove !== undefined || options.trace !== undefined;
    this.core = new CoreInstance(coreModule());
    this.api = this.core.exports;
    if (this.api.init(this.maxEntries) < 0) throw outOfMemory('the cache');
    this.core.attach();
    // Scratch is the first region: growing it later would move every other one.
    if (!this.core.reserveScratch(REMOVAL_CHUNK + 64)) throw outOfMemory('the cache');
    this.tags = new TagRegistry(this.core, checkTagSeparator(options.tagSeparator));
  }

  /** Creates a cache after compiling the core asynchronously: works in every environment. */
  static async create<K extends string | number, V>(options: TagCacheOptions<K, V>): Promise<TagCache<K, V>> {
    await loadCoreModule();
    return new TagCache<K, V>(options);
  }

  /**
   * Entries held, including expired and stale ones not yet reclaimed (see
   * {@link TagCache.purgeExpired} and `stats().staleEntries`).
   */
  get size(): number {
    return this.api.entryCount();
  }

  /**
   * Stores `value` under `key` and makes it the most recent entry. An existing
   * entry's value, tags and TTL are all replaced (its old value is reported as
   * `'set'`). When the cache is full, the least recently used entry is evicted
   * (with `maxSize`, as many as it takes for the sizes to fit). A load of `key`
   * in flight (getOrSet) will not store its result over this value.
   * @throws TypeError for a bad key, an undefined value or a bad tag; RangeError for a bad TTL,
   *   or an entry larger than `maxSize`.
   */
  set(key: K, value: V, options?: SetOptions): this {
    let hash = this.hashOf(key);
    checkValue(value);
    let tags: readonly string[] | undefined;
    let ttl = this.defaultTtl;
    if (options !== undefined) {
      checkObject(options, 'options');
      tags = checkTagsOption(options);
      ttl = checkTtlOption(options, ttl);
    }
    let size = 0;
    if (this.sizes !== undefined) {
      size = this.sizes.measure(value, key);
      hash = this.hashOf(key); // sizeOf may have used the cache, and so re-keyed its hashes
    }
    const batch = this.newBatch();
    this.insert(key, hash, value, tags, ttl, size, batch);
    this.deliver(batch);
    return this;
  }

  /**
   * The value of `key`, making the entry the most recent; undefined if absent, expired or stale.
   * An expired or stale entry met here is removed and the miss counted before
   * `onRemove` hears of it; an error that callback throws is rethrown afterwards.
   */
  get(key: K): V | undefined {
    const hash = this.hashOf(key);
    const now = this.expiryActive ? this.now() : 0;
    const result = this.api.get(hash, now);
    if (result >= 0) {
      if (this.keysAndValues[2 * result] === key) {
        this.hits++;
        if (this.trace !== undefined) this.trace({ type: 'hit', key });
        return this.keysAndValues[2 * result + 1] as V;
      }
      this.api.undoTouch(); // another key with the same hash
    } else if (result === -1) {
      this.misses++;
      if (this.trace !== undefined) this.trace({ type: 'miss', key });
      return undefined;
    }
    const batch = this.newBatch();
    const slot = this.locateLiveInto(key, hash, now, batch, true);
    if (slot < 0) {
      this.misses++;
      // The removal is reported before the miss (as for a miss in the core); an error of onRemove waits for both.
      let failed = false;
      let error: unknown;
      try {
        this.deliver(batch);
      } catch (caught) {
        failed = true;
        error = caught;
      }
      if (this.trace !== undefined) this.trace({ type: 'miss', key });
      if (failed) throw error;
      return undefined;
    }
    this.api.touch(slot);
    this.hits++;
    if (this.trace !== undefined) this.trace({ type: 'hit', key });
    return this.keysAndValues[2 * slot + 1] as V;
  }

  /** The value of `key` without changing its recency; undefined if absent, expired or stale. */
  peek(key: K): V | undefined {
    const slot = this.locateLive(key, this.hashOf(key), this.expiryActive ? this.now() : 0);
    return slot < 0 ? undefined : (this.keysAndValues[2 * slot + 1] as V);
  }

  /** Whether `key` has an entry `get` would return (unexpired, not stale); does not change its recency. */
  has(key: K): boolean {
    return this.locateLive(key, this.hashOf(key), this.expiryActive ? this.now() : 0) >= 0;
  }

  /**
   * Milliseconds until the entry of `key` expires: Infinity if it never does,
   * undefined if there is no unexpired entry. Does not change recency.
   */
  ttlRemaining(key: K): number | undefined {
    const hash = this.hashOf(key);
    const now = this.expiryActive ? this.now() : 0; // one reading: a live entry never has a negative remainder
    const slot = this.locateLive(key, hash, now);
    if (slot < 0) return undefined;
    const expiresAt = this.expiresAtOf(slot);
    return expiresAt === Infinity ? Infinity : expiresAt - now;
  }

  /**
   * For getOrSet: `get(key)` and, on a hit, whether the entry is within its
   * last `window` ms, from one reading of the clock. Not part of the public API.
   * @internal
   */
  getForRefresh(key: K, window: number): { value: V | undefined; refresh: boolean } {
    const value = this.get(key);
    if (value === undefined || window <= 0 || !this.expiryActive) return { value, refresh: false };
    const expiresAt = this.expiresAtOf(this.locate(key, this.hashOf(key)));
    return { value, refresh: expiresAt - this.lastReading <= window };
  }

  /**
   * Removes the entry of `key`. Returns whether an entry `get` would have returned was removed.
   * Either way, a load of `key` in flight (getOrSet) will not store its result.
   */
  delete(key: K): boolean {
    const hash = this.hashOf(key);
    this.fills?.guard.invalidateKey(key);
    const slot = this.locateLive(key, hash, this.expiryActive ? this.now() : 0);
    if (slot < 0) return false;
    const batch = this.newBatch();
    this.api.remove(slot);
    this.release(slot, 'delete', batch);
    this.deliver(batch);
    return true;
  }

  /**
   * Removes every entry carrying the tag (or any of the tags), each once.
   * Returns how many entries `get` could still return were removed; expired and
   * stale ones are removed too and reported as `'expire'` and `'stale'`. O(entries
   * removed), the stale ones included, while the tags cover a small share of
   * the cache; above it (1/2 to 1/8 as the cache grows), one O(size) walk that
   * rebuilds the hash table instead (several times faster for a large share). The core removes up to 4,096
   * entries per call, with no JS work per entry beyond releasing its key and value.
   * Loads in flight (getOrSet) with one of the tags will not store their results.
   * @throws TypeError when a tag is not a non-empty string.
   */
  bulkRemove(tag: string | readonly string[]): number {
    checkTagOrTags(tag, 'tag');
    this.fills?.guard.invalidateTags(tag);
    const now = this.expiryActive ? this.now() : 0;
    const started = performance.now();
    this.reserveScratch((typeof tag === 'string' ? 1 : tag.length) + REMOVAL_CHUNK, 'bulk removal');
    const tagCount = this.tags.writeIds(tag, false);
    const batch = this.newBatch();
    let unexpired = 0;
    const size = this.api.entryCount();
    if (tagCount > 0 && this.api.memberships(tagCount) >= size * (this.rebuildShare ?? rebuildShareFor(size))) {
      // Much of the cache goes: one walk of it and a table rebuild beat a deletion per entry.
      do {
        const removed = this.api.bulkRemoveRebuilding(tagCount, REMOVAL_CHUNK);
        unexpired += this.releaseRemoved(tagCount, removed, 'tag', now, batch);
      } while (this.api.rebuildPending() === 1);
    } else if (tagCount > 0) {
      let removed: number;
      do {
        removed = this.api.bulkRemove(tagCount, REMOVAL_CHUNK);
        unexpired += this.releaseRemoved(tagCount, removed, 'tag', now, batch);
      } while (removed === REMOVAL_CHUNK);
    }
    this.bulkRemoves++;
    this.bulkLatency.record((performance.now() - started) * 1000);
    this.deliver(batch);
    return unexpired;
  }

  /**
   * Makes every entry carrying the tag (or any of the tags) stale, in O(1) per
   * tag whatever its size: from now on `get`, `peek`, `has`, iteration,
   * `countByTag` and `keysByTag` never see them, while an entry set with the tag
   * afterwards is fresh. Their memory is reclaimed lazily (reported as
   * `'stale'`): stale entries are evicted before live ones, dropped when met by
   * a lookup or `set`, swept two per `set`, and all removed by
   * {@link TagCache.purgeExpired}. Loads in flight (getOrSet) with one of the
   * tags will not store their results.
   *
   * Use it where invalidation is frequent and must not wait (an editor on every
   * keystroke); use {@link TagCache.bulkRemove} to free the memory at once, and
   * {@link TagCache.bulkRemoveAsync} to free it without blocking.
   *
   * While stale entries with several tags are held, the count is made exact by
   * walking the tag's fresh entries once (each membership is walked so at most
   * once in its life).
   * @returns How many entries it made stale (entries whose TTL ran out but that
   *   were not yet removed included; entries already stale are not counted).
   * @throws TypeError when a tag is not a non-empty string.
   */
  markStale(tag: string | readonly string[]): number {
    checkTagOrTags(tag, 'tag');
    this.fills?.guard.invalidateTags(tag);
    this.reserveScratch((typeof tag === 'string' ? 1 : tag.length) + REMOVAL_CHUNK, 'marking stale');
    const tagCount = this.tags.writeIds(tag, false);
    const made = tagCount === 0 ? 0 : this.api.markStale(tagCount);
    if (made > 0) this.stalePending = true;
    return made;
  }

  /**
   * Removes every entry carrying the tag (or any of the tags) without blocking:
   * they become invisible at once, as with {@link TagCache.markStale}, then are
   * removed in slices of at most `options.sliceMs` (default 2) ms of work, with a
   * yield to the event loop before each slice. Removed entries are reported as
   * `'stale'`. Other operations may run between slices; an entry set with the
   * tag meanwhile is fresh and stays. `clear()` ends the removal early.
   * @returns A promise of how many entries were made invisible (as markStale
   *   counts them), resolved once all are removed; it rejects if an `onRemove`
   *   callback throws (the rest are then reclaimed lazily).
   * @throws TypeError or RangeError (synchronously) for a bad tag or option.
   */
  bulkRemoveAsync(tag: string | readonly string[], options?: BulkRemoveAsyncOptions): Promise<number> {
    checkTagOrTags(tag, 'tag');
    const sliceMs = checkSliceMs(options);
    const made = this.markStale(tag);
    const tags = typeof tag === 'string' ? [tag] : [...tag];
    const clears = this.clears;
    return removeInSlices(tags, sliceMs, (name, deadline) => {
      if (this.clears !== clears) return true;
      const tagId = this.tags.idOf(name);
      return tagId === undefined || this.sweepUntil(tagId, deadline);
    }).then(() => made);
  }

  /**
   * One tag's numbers, for monitoring: live entries (as {@link TagCache.countByTag})
   * and the hits, misses and removals counted in the core since creation or
   * {@link TagCache.resetStats}. An unknown tag has all zeros; the counters of a
   * tag that no entry carries may be forgotten once many such tags accumulate,
   * and `clear()` forgets them all. Untagged operations pay nothing for these.
   * @throws TypeError when `tag` is not a non-empty string.
   */
  tagStats(tag: string): TagStats {
    const entries = this.countByTag(tag);
    const tagId = this.tags.idOf(tag);
    if (tagId === undefined) return { entries, hits: 0, misses: 0, removed: 0 };
    return {
      entries,
      hits: this.api.tagCounter(tagId, 0),
      misses: this.api.tagCounter(tagId, 1),
      removed: this.api.tagCounter(tagId, 2),
    };
  }

  /**
   * Entries carrying `tag` that `get` can return (unexpired, not stale). O(1), except
   * O(the tag's fresh entries) once TTLs are used or while entries with several tags
   * are stale and not yet reclaimed.
   */
  countByTag(tag: string): number {
    checkTag(tag, 'tag');
    const tagId = this.tags.idOf(tag);
    if (tagId === undefined) return 0;
    return this.api.countLive(tagId, this.expiryActive ? this.now() : 0);
  }

  /** Keys of the entries carrying `tag` that `get` can return, in no particular order. */
  keysByTag(tag: string): K[] {
    checkTag(tag, 'tag');
    const tagId = this.tags.idOf(tag);
    if (tagId === undefined) return [];
    const count = this.api.slotsOfTag(tagId, this.expiryActive ? this.now() : 0);
    if (count < 0) throw outOfMemory('listing a tag');
    this.core.refresh();
    const keys: K[] = new Array<K>(count);
    const words = this.core.words;
    const first = this.core.scratchWord;
    for (let index = 0; index < count; index++) keys[index] = this.keysAndValues[2 * words[first + index]!] as K;
    return keys;
  }

  /**
   * Tags of the entry of `key` in the order they were given; [] if absent, expired or stale.
   * With `tagSeparator`, levels implied by another tag of the entry are left out.
   */
  tagsOf(key: K): string[] {
    const slot = this.locateLive(key, this.hashOf(key), this.expiryActive ? this.now() : 0);
    return slot < 0 ? [] : this.tags.namesOf(slot);
  }

  /**
   * Removes every entry (reported as `'clear'`, or `'expire'` / `'stale'` for those
   * already expired or stale). No load in flight (getOrSet) will store its result,
   * and a `bulkRemoveAsync` in progress stops (its entries are gone).
   */
  clear(): void {
    const batch = this.newBatch();
    if (batch !== undefined || this.expiryActive || this.stalePending) {
      const now = this.expiryActive ? this.now() : 0;
      for (const slot of this.core.slotsByRecency()) {
        const reason = this.deadReason(slot, now) ?? 'clear';
        if (reason !== 'clear') this.count(reason);
        batch?.push(this.keysAndValues[2 * slot], this.keysAndValues[2 * slot + 1], reason);
      }
    }
    this.api.clear();
    this.stalePending = false;
    this.clears++;
    this.keysAndValues = [];
    this.tags.reset();
    this.sizes?.reset();
    this.fills?.guard.invalidateAll();
    this.deliver(batch);
  }

  /**
   * Removes every expired and every stale entry now (they are otherwise reclaimed
   * when met, evicted or swept). Returns how many. O(stale entries), plus O(size)
   * once TTLs are used.
   */
  purgeExpired(): number {
    if (!this.expiryActive && !this.stalePending) return 0;
    const now = this.expiryActive ? this.now() : 0;
    this.reserveScratch(REMOVAL_CHUNK, 'purging');
    const batch = this.newBatch();
    let total = this.sweepStale(-1, Infinity, now, batch);
    if (!this.expiryActive) {
      this.deliver(batch);
      return total;
    }
    let removed: number;
    let restart = 1;
    do {
      removed = this.api.purgeExpired(now, REMOVAL_CHUNK, restart);
      restart = 0;
      this.releaseRemoved(0, removed, 'expire', now, batch);
      total += removed;
    } while (removed === REMOVAL_CHUNK);
    this.deliver(batch);
    return total;
  }

  /**
   * The value of `key`, loading it with `loader` on a miss and storing the result
   * with `options` (tags, ttl). Concurrent calls for one key share one loader
   * call. The stale-fill guard: if, while the loader runs, `key` is set or
   * deleted, one of `options.tags` is bulk-removed or the cache is cleared, the
   * result still resolves the waiting callers but is not stored, and the next
   * call loads afresh. A rejected (or throwing) loader rejects its callers and
   * stores nothing; the next call tries again. A result of `undefined` is passed
   * on, not stored. With `staleWhileRevalidate`, an entry in the last that many
   * ms of its life (stored for `ttl + staleWhileRevalidate`) is returned at once
   * while one background load refreshes it; a failed refresh keeps the old value
   * until it expires. Callers of one key should pass the same options: those of
   * the call that starts a load apply. Counts a hit or miss like `get`.
   * @throws TypeError or RangeError (synchronously) for a bad key, loader or option.
   * @returns The value; rejects with the loader's error, or with the error of storing
   *   the value (larger than `maxSize`, or an `onRemove` callback threw).
   */
  getOrSet(key: K, loader: Loader<K, V>, options?: GetOrSetOptions): Promise<V> {
    return this.fillCoordinator().getOrSet(key, loader, options);
  }

  /**
   * `fn` with its results cached in this cache. Each entry is tagged `fn:<name>`
   * (`name` is `options.name` or `fn.name`), so `bulkRemove('fn:<name>')` drops
   * every result of the function. The key of a call is `options.key(...args)`
   * or a stable serialisation of the arguments: strings, numbers, booleans,
   * null, undefined, bigints, and arrays and plain objects of those (object keys
   * in any order); other arguments throw a TypeError. Results of functions that
   * return promises are loaded through {@link TagCache.getOrSet} and stored
   * resolved (a hit returns a resolved promise); a result of `undefined` is
   * returned but not cached. Keys live in the cache's key space (prefixed by
   * NUL, `fn:<name>`, NUL), so the cache's key type must include strings.
   * @throws TypeError for a bad fn or option, or an anonymous fn without
   *   `options.name`; RangeError when the name is already memoized in this cache.
   */
  memoize<A extends unknown[], R extends V | PromiseLike<V>>(
    this: string extends K ? TagCache<K, V> : never, fn: (...args: A) => R, options?: MemoizeOptions<A>,
  ): (...args: A) => R {
    const cache = this as unknown as TagCache<string, V>;
    return memoize(cache, cache.fillCoordinator(), fn, options);
  }

  /**
   * The namespace `name`: a view with set / get / peek / has / delete /
   * getOrSet / clear / stats whose keys are its own, whose entries carry the tag
   * `ns:<name>` and whose `options.ttl` is the default TTL of its entries. All
   * namespaces share this cache's capacity and LRU order. The same name returns
   * the same view. Keys are stored prefixed (NUL, `ns:<name>`, NUL), so the
   * cache's key type must include strings.
   * @throws TypeError for a bad name (empty, or containing NUL) or options;
   *   RangeError when `options.ttl` differs from the one the namespace was made with.
   */
  namespace<NK extends string | number = string | number>(
    this: string extends K ? TagCache<K, V> : never, name: string, options?: NamespaceOptions,
  ): CacheNamespace<NK, V> {
    const cache = this as unknown as TagCache<string, V>;
    return namespaceOf<NK, V>(cache, cache.fillCoordinator(), name, options);
  }

  /** Keys, most recent first, skipping expired and stale entries. Does not change recency. */
  *keys(): IterableIterator<K> {
    for (const slot of this.liveSlots()) yield this.keysAndValues[2 * slot] as K;
  }

  /** Values, most recent first, skipping expired and stale entries. Does not change recency. */
  *values(): IterableIterator<V> {
    for (const slot of this.liveSlots()) yield this.keysAndValues[2 * slot + 1] as V;
  }

  /** `[key, value]` pairs, most recent first, skipping expired and stale entries. Does not change recency. */
  *entries(): IterableIterator<[K, V]> {
    for (const slot of this.liveSlots()) yield [this.keysAndValues[2 * slot] as K, this.keysAndValues[2 * slot + 1] as V];
  }

  /** Same as {@link TagCache.entries}. */
  [Symbol.iterator](): IterableIterator<[K, V]> {
    return this.entries();
  }

  /**
   * The unexpired entries as a plain array of `[key, value, { tags, ttlRemaining }]`,
   * least recent first, for {@link TagCache.load} in this or another process.
   * `ttlRemaining` is null for entries that never expire, so the dump survives
   * `JSON.stringify` when the values do. Does not change recency or remove anything.
   */
  dump(): DumpEntry<K, V>[] {
    const now = this.expiryActive ? this.now() : 0;
    const slots = this.core.slotsByRecency();
    const rows: DumpEntry<K, V>[] = [];
    for (let index = slots.length - 1; index >= 0; index--) {
      const slot = slots[index]!;
      if (this.deadReason(slot, now) !== undefined) continue;
      const expiresAt = this.expiresAtOf(slot);
      const meta = { tags: this.tags.namesOf(slot), ttlRemaining: expiresAt === Infinity ? null : expiresAt - now };
      rows.push([this.keysAndValues[2 * slot] as K, this.keysAndValues[2 * slot + 1] as V, meta]);
    }
    return rows;
  }

  /**
   * Stores the entries of a {@link TagCache.dump} with their tags and remaining
   * TTLs, in order, so the last row ends up most recent: loaded into an empty
   * cache, recency is restored. Entries already in the cache stay (a loaded key
   * replaces its entry); rows beyond capacity evict the least recent. Counts as
   * one `set` per row; removals are reported after the whole load. With
   * `maxSize`, `sizeOf` is called once per row, before anything is stored.
   * @throws TypeError or RangeError naming the first bad row, a row larger than
   *   `maxSize` included (then nothing is stored).
   */
  load(dump: readonly DumpEntry<K, V>[]): this {
    const entrySizes = this.sizes;
    const { rows, sizes } = checkDump<K, V>(dump, entrySizes && ((value, key) => entrySizes.measure(value, key)));
    const batch = this.newBatch();
    for (let index = 0; index < rows.length; index++) {
      const [key, value, { tags, ttlRemaining }] = rows[index]!;
      this.insert(key, this.hashOf(key), value, tags, ttlRemaining ?? 0, sizes?.[index] ?? 0, batch);
    }
    this.deliver(batch);
    return this;
  }

  /** Counters since creation or the last {@link TagCache.resetStats}, and current gauges. */
  stats(): TagCacheStats {
    return {
      hits: this.hits,
      misses: this.misses,
      sets: this.sets,
      deletes: this.deletes,
      evictions: this.evictions,
      expirations: this.expirations,
      bulkRemoves: this.bulkRemoves,
      removedByTag: this.removedByTag,
      removedStale: this.removedStale,
      staleEntries: this.stalePending ? this.api.staleEntries() : 0,
      size: this.size,
      maxEntries: this.maxEntries,
      tags: this.api.liveTags(),
      wasmMemoryBytes: this.api.memory.buffer.byteLength,
      bulkRemoveLatency: this.bulkLatency.summary(),
      ...(this.sizes !== undefined && { totalSize: this.sizes.total }),
    };
  }

  /** Zeroes the counters, every tag's counters and the latency histogram (gauges are unaffected). */
  resetStats(): void {
    this.hits = this.misses = this.sets = this.deletes = this.evictions = 0;
    this.expirations = this.bulkRemoves = this.removedByTag = this.removedStale = 0;
    this.bulkLatency.reset();
    this.api.resetTagStats(-1);
  }

  /**
   * {@link TagCache.stats} in the Prometheus text exposition format, for a
   * `/metrics` endpoint: counters (`<prefix>_hits_total`, ...), gauges
   * (`<prefix>_entries`, ...) and the histogram `<prefix>_bulk_remove_duration_seconds`.
   * @throws TypeError when `prefix` is not a valid metric name.
   */
  metricsText(prefix = 'taglru'): string {
    return formatMetrics(this.stats(), this.bulkLatency, prefix);
  }

  private hashOf(key: K): number {
    if (typeof key === 'string') {
      return this.keyedHashing ? hashStringKeyed(key, this.seed, this.keyedHashSeed) : hashString(key, this.seed);
    }
    checkKey(key);
    return hashNumber(key, this.keyedHashing ? this.keyedHashSeed : this.seed);
  }

  /**
   * Re-hashes every key (strings with HalfSipHash, numbers under a fresh seed)
   * and rebuilds the table. Called once, when an insert lands far from its home
   * bucket: with MurmurHash3 that means keys crafted to collide under any seed,
   * or a leaked seed — a hash-flooding attempt either way.
   */
  private switchToKeyedHashing(): void {
    const slots = this.core.slotsByRecency();
    // Without scratch space for the new hashes, stay as we are: correct, only slower.
    if (!this.core.reserveScratch(slots.length)) return;
    this.core.refresh();
    const words = this.core.words;
    const first = this.core.scratchWord;
    for (let index = 0; index < slots.length; index++) {
      const key = this.keysAndValues[2 * slots[index]!] as K;
      words[first + index] = typeof key === 'string' ? hashStringKeyed(key, this.seed, this.keyedHashSeed) : hashNumber(key, this.keyedHashSeed);
    }
    if (this.api.rehash(slots.length) === 0) this.keyedHashing = true;
  }

  /** Reads the clock: once per operation, so one operation never sees two times. */
  private now(): number {
    return (this.lastReading = checkClockReading(this.clock()));
  }

  private enableExpiry(): void {
    if (this.api.enableExpiry() < 0) throw outOfMemory('expiry times');
    this.expiryActive = true;
  }

  /** The slot holding `key`, or -1. Several keys may share a hash, so the key is compared. */
  private locate(key: K, hash: number): number {
    for (let nth = 0; ; nth++) {
      const slot = this.api.find(hash, nth);
      if (slot < 0 || this.keysAndValues[2 * slot] === key) return slot;
    }
  }

  /**
   * Like locate, but an expired or stale entry (at `now`) is removed, reported
   * at once, and -1 returned. For reads that have nothing left to do after it.
   */
  private locateLive(key: K, hash: number, now: number): number {
    const batch = this.newBatch();
    const slot = this.locateLiveInto(key, hash, now, batch, false);
    this.deliver(batch);
    return slot;
  }

  /**
   * locateLive recording the removal in `batch` for the caller to deliver once
   * its operation is complete; for a `lookup` (get), a removal counts a miss
   * for the entry's tags.
   */
  private locateLiveInto(key: K, hash: number, now: number, batch: RemovalBatch | undefined, lookup: boolean): number {
    const slot = this.locate(key, hash);
    if (slot < 0 || (!this.expiryActive && !this.stalePending)) return slot;
    const reason = this.deadReason(slot, now);
    if (reason === undefined) return slot;
    if (lookup) this.api.countMiss(slot);
    this.api.remove(slot);
    this.release(slot, reason, batch);
    return -1;
  }

  /** `'expire'` or `'stale'` when a live slot's entry cannot be returned at `now`, else undefined. */
  private deadReason(slot: number, now: number): RemovalReason | undefined {
    if (!this.expiryActive && !this.stalePending) return undefined;
    return DEAD_REASONS[this.api.deadState(slot, now)];
  }

  /**
   * Reclaims up to `limit` stale entries (carrying `tagId`, or any for -1) into
   * `batch`; returns how many. Notices when none is left.
   */
  private sweepStale(tagId: number, limit: number, now: number, batch: RemovalBatch | undefined): number {
    if (!this.stalePending) return 0;
    let total = 0;
    while (total < limit) {
      const chunk = Math.min(REMOVAL_CHUNK, limit - total);
      const removed = this.api.sweepStale(tagId, chunk);
      this.releaseRemoved(0, removed, 'stale', now, batch);
      total += removed;
      if (removed < chunk) {
        if (tagId === -1) this.stalePending = false;
        break;
      }
    }
    return total;
  }

  /** One slice of bulkRemoveAsync: sweeps the tag's stale entries until `deadline`; true when none is left. */
  private sweepUntil(tagId: number, deadline: number): boolean {
    const batch = this.newBatch();
    const now = this.expiryActive ? this.now() : 0;
    let finished = false;
    try {
      do {
        finished = this.sweepStale(tagId, SLICE_CHUNK, now, batch) < SLICE_CHUNK;
      } while (!finished && performance.now() < deadline);
    } finally {
      this.deliver(batch);
    }
    return finished;
  }

  /** When a live slot expires: Infinity for never. */
  private expiresAtOf(slot: number): number {
    if (!this.expiryActive) return Infinity;
    this.core.refresh();
    return this.core.times[this.core.expiryIndex + slot]!;
  }

  /** The loads of this cache, made on first use. */
  private fillCoordinator(): FillCoordinator<K, V> {
    return (this.fills ??= new FillCoordinator<K, V>(this, this.defaultTtl, (tags) => this.tags.expand(tags)));
  }

  /**
   * Stores an entry whose arguments were checked, recording the entries it
   * displaces in `batch`: the body of set and load. `size` counts with maxSize only.
   */
  private insert(
    key: K, hash: number, value: V, tags: readonly string[] | undefined, ttl: number, size: number, batch: RemovalBatch | undefined,
  ): void {
    const expires = ttl > 0 && ttl !== Infinity;
    const now = expires || this.expiryActive ? this.now() : 0;
    if (expires && !this.expiryActive) this.enableExpiry();
    const tagCount = tags === undefined ? 0 : this.tags.writeIds(tags, true);
    const expiresAt = expires ? now + ttl : Infinity;
    const stored = (key === 0 ? 0 : key) as K; // -0 is stored as 0, like Map does
    let result = this.api.insertIfAbsent(hash, tagCount, expiresAt, now);
    let slot = -1;
    if (result < -1 && result !== ERROR_OUT_OF_MEMORY) {
      // An entry with this hash exists: this key's, or another with the same hash.
      slot = -2 - result;
      if (this.keysAndValues[2 * slot] !== key) slot = this.locate(key, hash);
      if (slot < 0) result = this.api.insert(hash, tagCount, expiresAt, now);
    }
    if (slot >= 0) {
      const oldKey = this.keysAndValues[2 * slot];
      const oldValue = this.keysAndValues[2 * slot + 1];
      const reason = this.deadReason(slot, now) ?? 'set';
      if (this.api.replace(slot, tagCount, expiresAt) < 0) throw outOfMemory('the tags of this entry');
      this.keysAndValues[2 * slot] = stored;
      this.keysAndValues[2 * slot + 1] = value;
      this.count(reason);
      batch?.push(oldKey, oldValue, reason);
    } else {
      if (result < 0) throw outOfMemory('a new entry');
      slot = result & SLOT_MASK;
      if ((result & FLAG_EVICTED) !== 0) {
        const reason = (result & FLAG_EVICTED_EXPIRED) !== 0 ? 'expire' : (result & FLAG_EVICTED_STALE) !== 0 ? 'stale' : 'evict';
        this.release(slot, reason, batch);
      }
      if (2 * slot === this.keysAndValues.length) {
        this.keysAndValues.push(stored, value);
      } else {
        this.keysAndValues[2 * slot] = stored;
        this.keysAndValues[2 * slot + 1] = value;
      }
      if ((result & FLAG_LONG_PROBE) !== 0 && !this.keyedHashing) this.switchToKeyedHashing();
    }
    if (this.sizes !== undefined) {
      this.sizes.assign(slot, size);
      // The new entry is the most recent and fits maxSize alone, so this stops before reaching it.
      while (this.sizes.overflowing) this.evictLeastRecent(now, batch);
    }
    this.sets++;
    this.fills?.guard.invalidateKey(stored);
    if (this.stalePending) this.sweepStale(-1, STALE_SWEEP_PER_SET, now, batch);
  }

  /** Evicts to fit maxSize: a stale entry first, else the least recent (reported as `'expire'` if it had expired). */
  private evictLeastRecent(now: number, batch: RemovalBatch | undefined): void {
    const slot = this.api.victim();
    const reason = this.deadReason(slot, now) ?? 'evict';
    this.api.remove(slot);
    this.release(slot, reason, batch);
  }

  /** Forgets the key and value of a slot the core has just freed, and records why. */
  private release(slot: number, reason: RemovalReason, batch: RemovalBatch | undefined): void {
    batch?.push(this.keysAndValues[2 * slot], this.keysAndValues[2 * slot + 1], reason);
    this.keysAndValues[2 * slot] = undefined;
    this.keysAndValues[2 * slot + 1] = undefined;
    if (this.sizes !== undefined) this.sizes.release(slot);
    this.count(reason);
  }

  private count(reason: RemovalReason): void {
    this.countRemovals(reason, 1);
  }

  private countRemovals(reason: RemovalReason, removed: number): void {
    if (reason === 'evict') this.evictions += removed;
    else if (reason === 'expire') this.expirations += removed;
    else if (reason === 'delete') this.deletes += removed;
    else if (reason === 'tag') this.removedByTag += removed;
    else if (reason === 'stale') this.removedStale += removed;
  }

  /**
   * Releases the `removed` slots a bulk core call wrote to scratch from word
   * `first` on. Entries that had expired, or were flagged REMOVED_STALE, are
   * reported as such; returns how many were neither.
   */
  private releaseRemoved(first: number, removed: number, reason: RemovalReason, now: number, batch: RemovalBatch | undefined): number {
    this.core.refresh();
    const words = this.core.words;
    const slotWord = this.core.scratchWord + first;
    const keysAndValues = this.keysAndValues;
    if (batch === undefined && !this.expiryActive && this.sizes === undefined && !this.stalePending) {
      // The common case, kept tight: nothing to report, nothing expired, no sizes.
      for (let index = 0; index < removed; index++) {
        const slot = words[slotWord + index]!;
        keysAndValues[2 * slot] = undefined;
        keysAndValues[2 * slot + 1] = undefined;
      }
      this.countRemovals(reason, removed);
      return removed;
    }
    const times = this.core.times;
    const expiryIndex = this.core.expiryIndex;
    let unexpired = 0;
    for (let index = 0; index < removed; index++) {
      const word = words[slotWord + index]!;
      const slot = word & SLOT_MASK;
      const expired = this.expiryActive && now >= times[expiryIndex + slot]!;
      const entryReason = expired ? 'expire' : (word & REMOVED_STALE) !== 0 ? 'stale' : reason;
      this.release(slot, entryReason, batch);
      if (entryReason === reason && reason !== 'stale') unexpired++;
    }
    return unexpired;
  }

  /**
   * Slots to iterate: the recency order when iteration starts; an entry removed
   * (or expired) before it is reached is skipped, so callers may modify the cache.
   */
  private *liveSlots(): Generator<number> {
    const slots = this.core.slotsByRecency();
    const keys = slots.map((slot) => this.keysAndValues[2 * slot]);
    // One clock reading per step: the entries skipped on the way to the next one are judged at the same time.
    let now = this.expiryActive ? this.now() : 0;
    for (let index = 0; index < slots.length; index++) {
      const slot = slots[index]!;
      if (this.keysAndValues[2 * slot] !== keys[index]) continue;
      if (this.deadReason(slot, now) !== undefined) continue;
      yield slot;
      now = this.expiryActive ? this.now() : 0;
    }
  }

  private reserveScratch(words: number, purpose: string): void {
    if (!this.core.reserveScratch(words)) throw outOfMemory(purpose);
  }

  /** A batch to record removals in, or undefined when nobody listens. */
  private newBatch(): RemovalBatch | undefined {
    return this.recordRemovals ? [] : undefined;
  }

  private deliver(batch: RemovalBatch | undefined): void {
    if (batch !== undefined && batch.length > 0) deliverRemovals(this.onRemove, this.trace, batch);
  }
}
