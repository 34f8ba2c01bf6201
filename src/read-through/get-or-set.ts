// getOrSet: read-through loading with one load per key at a time, the load
// guard (load-guard.ts) and the refresh window (the staleWhileRevalidate option).
// Depends on the read-through port only.

import type { GetOrSetOptions, Loader, SetOptions } from '../types';
import { checkDuration, checkFunction, checkKey, checkKnownOptions, checkObject, checkTagsOption, checkTtlOption, KNOWN_OPTIONS } from '../validate';
import { LoadGuard, type PendingLoad } from './load-guard';
import type { ReadThroughPort } from './port';

/** Hit and miss counters that a caller of getOrSet keeps for itself (a namespace). */
export interface LookupCounter {
  hits: number;
  misses: number;
}

/** How a loaded value is stored, with the defaults applied. */
interface StorePlan {
  tags: readonly string[];
  /** TTL in ms, refresh window included; 0: never expires. */
  lifetime: number;
  /** The refresh window in ms (staleWhileRevalidate): a hit this close to expiry starts a background load; 0 without one. */
  window: number;
}

const ignore = (): void => {};

/** One registered load and the ways to end it. */
interface LoadControls<K, V> {
  readonly fill: PendingLoad<K, V>;
  /** Ends the load and stores `value` unless an invalidation met it; throws what storing throws. Once only. */
  readonly store: (value: V) => void;
  /** store, then resolves the load's promise (or rejects it with what storing threw). */
  readonly settle: (value: V) => void;
  /** Ends the load without storing and rejects its promise. */
  readonly fail: (error: unknown) => void;
}

/** Runs the loads of one cache. Created on the cache's first getOrSet, memoize or namespace. */
export class LoadCoordinator<K extends string | number, V> {
  /** The loads in flight; hears every invalidation of the cache. */
  readonly guard: LoadGuard<K, V>;

  constructor(
    /** The cache, through the read-through port. */
    readonly cache: ReadThroughPort<K, V>,
  ) {
    this.guard = new LoadGuard<K, V>((tags) => cache.expandTags(tags));
    cache.addInvalidationListener(this.guard);
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
    let cached: V | undefined;
    let refresh = false;
    let callbackFailed = false;
    let callbackError: unknown;
    try {
      ({ value: cached, refresh } = this.cache.getForRefresh(key, plan.window));
    } catch (error) {
      // onRemove threw for an expired or stale entry the lookup removed: a miss.
      callbackFailed = true;
      callbackError = error;
    }
    if (cached !== undefined) {
      if (counter !== undefined) counter.hits++;
      if (refresh && this.guard.current(key) === undefined) {
        this.load(key, () => loader(key), plan).promise.catch(ignore); // a failed reload keeps the old value
      }
      return Promise.resolve(cached);
    }
    if (counter !== undefined) counter.misses++;
    const { promise } = this.guard.current(key) ?? this.load(key, () => loader(key), plan);
    if (!callbackFailed) return promise;
    // The load runs and is stored as usual; this caller learns of the callback's error once it has settled.
    const rethrow = (): never => {
      throw callbackError;
    };
    return promise.then(rethrow, rethrow);
  }

  /**
   * Runs `compute` as a load of `key` registered before it starts, so an
   * invalidation made while it runs (even inside it) keeps its result out of
   * the cache. A promise result is returned as the load's promise (`async`)
   * and stored once resolved; any other result is stored at once and returned
   * as it is. For memoize's calls of a function not yet known to return promises.
   */
  run<R>(key: K, compute: () => R, options?: SetOptions): { result: R | Promise<V>; async: boolean } {
    const plan = this.planFor(options);
    const { fill, store, settle, fail } = this.begin(key, plan);
    let result: R;
    try {
      result = compute();
    } catch (error) {
      fail(error);
      fill.promise.catch(ignore); // the caller gets the error thrown, not a rejection
      throw error;
    }
    if (isPromiseLike(result)) {
      (result as PromiseLike<V>).then(settle, fail);
      return { result: fill.promise, async: true };
    }
    fill.promise.catch(ignore); // storing may throw (maxSize, onRemove): thrown to the caller instead
    try {
      store(result as unknown as V);
    } catch (error) {
      fail(error);
      throw error;
    }
    settle(result as unknown as V);
    return { result, async: false };
  }

  /** @throws TypeError or RangeError for bad options, naming the option. */
  private planFor(options: GetOrSetOptions | undefined): StorePlan {
    let tags: readonly string[] = [];
    let ttl = this.cache.defaultTtl;
    let window = 0;
    if (options !== undefined) {
      checkObject(options, 'options');
      checkKnownOptions(options, KNOWN_OPTIONS.getOrSet, 'options');
      tags = checkTagsOption(options) ?? tags;
      ttl = checkTtlOption(options, ttl);
      if (options.staleWhileRevalidate !== undefined) {
        window = checkDuration(options.staleWhileRevalidate, 'options.staleWhileRevalidate');
      }
    }
    // An entry that never expires has no refresh window.
    if (ttl === 0 || ttl === Infinity) return { tags, lifetime: 0, window: 0 };
    return { tags, lifetime: ttl + window, window };
  }

  /**
   * Calls `load` at once and stores its result per `plan` when it succeeds,
   * unless an invalidation met the load. A result of `undefined` is passed on to
   * the callers but not stored (it is not a storable value).
   */
  private load(key: K, load: () => V | PromiseLike<V>, plan: StorePlan): PendingLoad<K, V> {
    const { fill, settle, fail } = this.begin(key, plan);
    try {
      Promise.resolve(load()).then(settle, fail);
    } catch (error) {
      fail(error); // the loader threw instead of rejecting
    }
    return fill;
  }

  /**
   * Registers a load of `key` with the guard, before the loader runs, so that
   * a loader that reads the same key joins its own load. `settle` stores a
   * value per `plan` unless an invalidation met the load (once settled, the
   * fill is already ended and settle only resolves); `fail` rejects.
   */
  private begin(key: K, plan: StorePlan): LoadControls<K, V> {
    let resolve!: (value: V) => void;
    let reject!: (error: unknown) => void;
    const promise = new Promise<V>((resolveFill, rejectFill) => {
      resolve = resolveFill;
      reject = rejectFill;
    });
    const fill = this.guard.begin(key, plan.tags, promise);
    let ended = false;
    const store = (value: V): void => {
      if (ended) return;
      ended = true;
      if (this.guard.end(fill) && value !== undefined) this.cache.fill(key, value, { tags: plan.tags, ttl: plan.lifetime });
    };
    const settle = (value: V): void => {
      try {
        store(value);
      } catch (error) {
        reject(error); // the value is larger than maxSize, or an onRemove callback threw
        return;
      }
      resolve(value);
    };
    const fail = (error: unknown): void => {
      if (!ended) this.guard.end(fill);
      ended = true;
      reject(error);
    };
    return { fill, store, settle, fail };
  }
}

const isPromiseLike = (value: unknown): value is PromiseLike<unknown> =>
  (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as PromiseLike<unknown>).then === 'function';
