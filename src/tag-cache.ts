// TagCache: the documented facade (docs in api.ts). get, set, peek, has and
// delete keep their bodies here, on the hot path; every other method is one
// line into the module that does the work: invalidation/, queries/, observe/,
// read-through/ over the entry store (store/). May import every folder.

import type { TagCacheApi } from './api';
import { loadCoreModule } from './core';
import { bulkRemove } from './invalidation/bulk-remove';
import { bulkRemoveAsync } from './invalidation/bulk-remove-async';
import { clear } from './invalidation/clear';
import { markAllStale, markStale } from './invalidation/mark-stale';
import { purgeExpired } from './invalidation/purge';
import { metricsText, resetStats, stats } from './observe/stats';
import { ttlRemaining, tagsOf } from './queries/by-key';
import { countByTag, keysByTag } from './queries/by-tag';
import { dump, load } from './queries/dump';
import { entries, keys, values } from './queries/iteration';
import { tagStats } from './queries/tag-stats';
import { LoadCoordinator } from './read-through/get-or-set';
import { memoize } from './read-through/memoize';
import { type CacheNamespace, namespaceOf } from './read-through/namespace';
import { EntryStore } from './store/entry-store';
import { readThroughPort } from './store/read-through-port';
import { storeEntry } from './store/store-entry';
import type {
  BulkRemoveAsyncOptions,
  DumpEntry,
  GetOrSetOptions,
  InvalidationListener,
  Loader,
  MemoizeOptions,
  NamespaceOptions,
  SetOptions,
  TagCacheOptions,
  TagCacheStats,
  TagStats,
} from './types';
import { checkKnownOptions, checkObject, checkTagsOption, checkTtlOption, checkValue, KNOWN_OPTIONS, unknownOption } from './validate';

/** The store behind each cache, for the internals door of the tests (test/support/internals.ts). */
const stores = new WeakMap<object, unknown>();

/**
 * The entry store of a cache. Not part of the public API: tests reach
 * internals through this one typed door.
 * @internal
 */
export function storeOf<K extends string | number, V>(cache: TagCache<K, V>): EntryStore<K, V> {
  return stores.get(cache) as EntryStore<K, V>;
}

/**
 * A least-recently-used cache whose entries carry string tags, so that every
 * entry of a tag can be removed at once with {@link TagCache.bulkRemove}.
 * The indexes (hash table, recency list, tag lists, expiry times) live in a
 * WebAssembly instance owned by this cache. Every method is documented on
 * {@link TagCacheApi}.
 *
 * @typeParam K - key type: strings and numbers, compared like `Map` keys.
 * @typeParam V - value type; `undefined` is not a storable value.
 */
export class TagCache<K extends string | number, V> implements TagCacheApi<K, V> {
  readonly maxEntries: number;
  private readonly store: EntryStore<K, V>;
  /** Loads in flight, from the first getOrSet, memoize or namespace on. */
  private loads: LoadCoordinator<K, V> | undefined;

  /**
   * Creates a cache, compiling the WebAssembly core synchronously on first use.
   * Where synchronous compilation is not allowed, use {@link TagCache.create}.
   * @throws TypeError or RangeError for bad options, naming the option.
   */
  constructor(options: TagCacheOptions<K, V>) {
    checkObject(options, 'options');
    checkKnownOptions(options, KNOWN_OPTIONS.cache, 'options');
    this.store = new EntryStore<K, V>(options);
    this.maxEntries = this.store.maxEntries;
    stores.set(this, this.store);
  }

  /** Creates a cache after compiling the core asynchronously: works in every environment. */
  static async create<K extends string | number, V>(options: TagCacheOptions<K, V>): Promise<TagCache<K, V>> {
    await loadCoreModule();
    return new TagCache<K, V>(options);
  }

  get size(): number {
    return this.store.api.entryCount();
  }

  set(key: K, value: V, options?: SetOptions): this {
    const store = this.store;
    const hash = store.hashing.hashOf(key);
    checkValue(value);
    let tags: readonly string[] | undefined;
    let ttl = store.defaultTtl;
    if (options !== undefined) {
      checkObject(options, 'options');
      // Inline for the hot path: one for-in over a small literal.
      for (const name in options) if (name !== 'tags' && name !== 'ttl') throw unknownOption(name, KNOWN_OPTIONS.set, 'options');
      tags = checkTagsOption(options);
      ttl = checkTtlOption(options, ttl);
    }
    storeEntry(store, key, hash, value, tags, ttl, 'set');
    return this;
  }

  get(key: K): V | undefined {
    const store = this.store;
    const hash = store.hashing.hashOf(key);
    const now = store.expiryActive ? store.now() : 0;
    const result = store.api.get(hash, now);
    if (result >= 0) {
      if (store.keysAndValues[2 * result] === key) {
        store.hits++;
        if (store.onHit !== undefined) store.onHit(key, result, now);
        return store.keysAndValues[2 * result + 1] as V;
      }
      store.api.undoTouch(); // another key with the same hash
    } else if (result === -1) {
      store.misses++;
      if (store.trace !== undefined) store.trace({ type: 'miss', key });
      return undefined;
    }
    const batch = store.newBatch();
    const slot = store.locateLiveInto(key, hash, now, batch, true);
    if (slot < 0) {
      store.misses++;
      // The removal is reported before the miss (as for a miss in the core); an error of onRemove waits for both.
      let failed = false;
      let error: unknown;
      try {
        store.deliver(batch);
      } catch (caught) {
        failed = true;
        error = caught;
      }
      if (store.trace !== undefined) store.trace({ type: 'miss', key });
      if (failed) throw error;
      return undefined;
    }
    store.api.touch(slot);
    store.hits++;
    if (store.onHit !== undefined) store.onHit(key, slot, now);
    return store.keysAndValues[2 * slot + 1] as V;
  }

  peek(key: K): V | undefined {
    const store = this.store;
    const slot = store.locateLive(key, store.hashing.hashOf(key), store.nowIfExpiring());
    return slot < 0 ? undefined : store.valueOf(slot);
  }

  has(key: K): boolean {
    const store = this.store;
    return store.locateLive(key, store.hashing.hashOf(key), store.nowIfExpiring()) >= 0;
  }

  delete(key: K): boolean {
    const store = this.store;
    const hash = store.hashing.hashOf(key);
    if (store.listeners.list.length !== 0) store.listeners.key(key, 'delete');
    const slot = store.locateLive(key, hash, store.nowIfExpiring());
    if (slot < 0) return false;
    const batch = store.newBatch();
    store.api.remove(slot);
    store.release(slot, 'delete', batch);
    store.deliver(batch);
    return true;
  }

  ttlRemaining(key: K): number | undefined {
    return ttlRemaining(this.store, key);
  }

  bulkRemove(tag: string | readonly string[]): number {
    return bulkRemove(this.store, tag);
  }

  markStale(tag: string | readonly string[]): number {
    return markStale(this.store, tag);
  }

  markAllStale(): number {
    return markAllStale(this.store);
  }

  bulkRemoveAsync(tag: string | readonly string[], options?: BulkRemoveAsyncOptions): Promise<number> {
    return bulkRemoveAsync(this.store, tag, options);
  }

  tagStats(tag: string): TagStats {
    return tagStats(this.store, tag);
  }

  countByTag(tag: string): number {
    return countByTag(this.store, tag);
  }

  keysByTag(tag: string): K[] {
    return keysByTag(this.store, tag);
  }

  tagsOf(key: K): string[] {
    return tagsOf(this.store, key);
  }

  clear(): void {
    clear(this.store);
  }

  purgeExpired(): number {
    return purgeExpired(this.store);
  }

  getOrSet(key: K, loader: Loader<K, V>, options?: GetOrSetOptions): Promise<V> {
    return this.readThrough().getOrSet(key, loader, options);
  }

  memoize<A extends unknown[], R extends V | PromiseLike<V>>(
    this: string extends K ? TagCache<K, V> : never,
    fn: (...args: A) => R,
    options?: MemoizeOptions<A>,
  ): (...args: A) => R {
    const loads = (this as unknown as TagCache<string, V>).readThrough();
    return memoize(loads.cache, loads, fn, options);
  }

  namespace<NK extends string | number = string | number>(
    this: string extends K ? TagCache<K, V> : never,
    name: string,
    options?: NamespaceOptions,
  ): CacheNamespace<NK, V> {
    const loads = (this as unknown as TagCache<string, V>).readThrough();
    return namespaceOf<NK, V>(loads.cache, loads, name, options);
  }

  keys(): IterableIterator<K> {
    return keys(this.store);
  }

  values(): IterableIterator<V> {
    return values(this.store);
  }

  entries(): IterableIterator<[K, V]> {
    return entries(this.store);
  }

  [Symbol.iterator](): IterableIterator<[K, V]> {
    return entries(this.store);
  }

  dump(): DumpEntry<K, V>[] {
    return dump(this.store);
  }

  load(rows: readonly DumpEntry<K, V>[]): this {
    load(this.store, rows);
    return this;
  }

  stats(): TagCacheStats {
    return stats(this.store);
  }

  resetStats(): void {
    resetStats(this.store);
  }

  metricsText(prefix = 'taglru'): string {
    return metricsText(this.store, prefix);
  }

  addInvalidationListener(listener: InvalidationListener<K>): () => void {
    return this.store.listeners.add(listener);
  }

  /** The loads of this cache, made on first use. */
  private readThrough(): LoadCoordinator<K, V> {
    return (this.loads ??= new LoadCoordinator<K, V>(readThroughPort(this, this.store)));
  }
}
