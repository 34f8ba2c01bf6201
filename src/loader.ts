// getOrSet: read-through loading with one load per key at a time, the
// stale-fill guard (fill-guard.ts) and stale-while-revalidate.

import type { TagCache } from './cache';
import { FillGuard, type PendingFill } from './fill-guard';
import type { GetOrSetOptions, Loader, SetOptions } from './types';
import { checkDuration, checkFunction, checkKey, checkObject, checkTagsOption, checkTtlOption } from './validate';

/** Hit and miss counters that a caller of getOrSet keeps for itself (a namespace). */
export interface LookupCounter {
  hits: number;
  misses: number;
}

/** How a loaded value is stored, with the defaults applied. */
interface StorePlan {
  tags: readonly string[];
  /** TTL in ms, stale-while-revalidate window included; 0: never expires. */
  lifetime: number;
  /** The stale-while-revalidate window in ms; 0 without one. */
  window: number;
}

const ignore = (): void => {};

/** Runs the loads of one cache. Created on the cache's first getOrSet, memoize or namespace. */
export class FillCoordinator<K extends string | number, V> {
  /** The loads in flight; the cache reports every invalidation to it. */
  readonly guard: FillGuard<K, V>;

  constructor(
    private readonly cache: TagCache<K, V>,
    /** The cache's default TTL (0: none). */
    private readonly defaultTtl: number,
    /** The tags an entry given some tags carries (hierarchical tags add their levels). */
    expandTags?: (tags: readonly string[]) => readonly string[],
  ) {
    this.guard = new FillGuard<K, V>(expandTags);
  }

  /**
   * The value of `key`: the cached one, or the result of `loader`, stored with
   * `options` unless an invalidation met the load. See TagCache.getOrSet.
   * `counter`, if given, counts the hit or miss too.
   */
  getOrSet(key: K, loader: Loader<K, V>, options?: GetOrSetOptions, counter?: LookupCounter): Promise<V> {
    checkKey(key);
    checkFunction(loader, 'loader');
    const plan = this.planFor(options);
    const cached = this.cache.get(key);
    if (cached !== undefined) {
      if (counter !== undefined) counter.hits++;
      if (plan.window > 0 && this.guard.current(key) === undefined && this.isStale(key, plan.window)) {
        this.load(key, () => loader(key), plan).promise.catch(ignore); // a failed reload keeps the old value
      }
      return Promise.resolve(cached);
    }
    if (counter !== undefined) counter.misses++;
    return (this.guard.current(key) ?? this.load(key, () => loader(key), plan)).promise;
  }

  /**
   * Starts a load of `key` now, whose result is stored with `options` (the
   * cache's TTL by default) unless an invalidation meets it. For memoize, which
   * learns that a function is async only from the promise of a call it made.
   */
  loadNow(key: K, load: () => V | PromiseLike<V>, options?: SetOptions): Promise<V> {
    return this.load(key, load, this.planFor(options)).promise;
  }

  /** @throws TypeError or RangeError for bad options, naming the option. */
  private planFor(options: GetOrSetOptions | undefined): StorePlan {
    let tags: readonly string[] = [];
    let ttl = this.defaultTtl;
    let window = 0;
    if (options !== undefined) {
      checkObject(options, 'options');
      tags = checkTagsOption(options) ?? tags;
      ttl = checkTtlOption(options, ttl);
      if (options.staleWhileRevalidate !== undefined) {
        window = checkDuration(options.staleWhileRevalidate, 'options.staleWhileRevalidate');
      }
    }
    // An entry that never expires never goes stale.
    if (ttl === 0 || ttl === Infinity) return { tags, lifetime: 0, window: 0 };
    return { tags, lifetime: ttl + window, window };
  }

  /**
   * Calls `load` at once and stores its result per `plan` when it succeeds,
   * unless an invalidation met the load. A result of `undefined` is passed on to
   * the callers but not stored (it is not a storable value).
   */
  private load(key: K, load: () => V | PromiseLike<V>, plan: StorePlan): PendingFill<K, V> {
    let resolve!: (value: V) => void;
    let reject!: (error: unknown) => void;
    const promise = new Promise<V>((resolveFill, rejectFill) => {
      resolve = resolveFill;
      reject = rejectFill;
    });
    // Registered before the loader runs, so that a loader that reads the same key joins its own load.
    const fill = this.guard.begin(key, plan.tags, promise);
    const settle = (value: V): void => {
      try {
        if (this.guard.end(fill) && value !== undefined) this.cache.set(key, value, { tags: plan.tags, ttl: plan.lifetime });
      } catch (error) {
        reject(error); // the value is larger than maxSize, or an onRemove callback threw
        return;
      }
      resolve(value);
    };
    const fail = (error: unknown): void => {
      this.guard.end(fill);
      reject(error);
    };
    try {
      Promise.resolve(load()).then(settle, fail);
    } catch (error) {
      fail(error); // the loader threw instead of rejecting
    }
    return fill;
  }

  /** Whether the live entry of `key` is in the last `window` ms of its life. */
  private isStale(key: K, window: number): boolean {
    const remaining = this.cache.ttlRemaining(key);
    return remaining !== undefined && remaining <= window;
  }
}
