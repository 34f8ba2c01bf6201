// getOrSet: read-through loading with one load per key at a time, the load
// guard (load-guard.ts) and the refresh window (the staleWhileRevalidate option).
// Depends on the read-through port only.

import type { AbortSignalLike, GetOrSetOptions, LoadContext, Loader, SetOptions } from '../types';
import {
  checkDuration,
  checkFunction,
  checkKey,
  checkKnownOptions,
  checkObject,
  checkTagsOption,
  checkTtlOption,
  KNOWN_OPTIONS,
} from '../validate';
import { LoadGuard, type PendingLoad } from './load-guard';
import type { ReadThroughPort } from './port';
import { RetainedValues } from './retained';
import { waitFor } from './waiters';

/** Hit and miss counters that a caller of getOrSet keeps for itself (a namespace). */
export interface LookupCounter {
  hits: number;
  misses: number;
}

/** How a loaded value is stored and waited for, with the defaults applied. */
interface StorePlan {
  tags: readonly string[];
  /** TTL in ms, refresh window included; 0: never expires. */
  lifetime: number;
  /** The refresh window in ms (staleWhileRevalidate): a hit this close to expiry starts a background load; 0 without one. */
  window: number;
  /** How long after its life a value is retained for failed loads (staleIfError); 0 without. */
  retain: number;
  signal: AbortSignalLike | undefined;
  /** Soft and hard timeouts in ms; 0: none. */
  timeout: number;
  hardTimeout: number;
}

const NO_LIMITS = { signal: undefined, timeout: 0, hardTimeout: 0, retain: 0 } as const;

const ignore = (): void => {};

/** One registered load and the ways to end it. */
interface LoadControls<K, V> {
  readonly fill: PendingLoad<K, V>;
  /** Ends the load and stores `value` unless an invalidation met it; throws what storing throws. Once only. */
  readonly store: (value: V) => void;
  /** store, then resolves the load's promise (or rejects it with what storing threw). */
  readonly settle: (value: V) => void;
  /** Ends the load without storing; resolves with a retained value if one is due (staleIfError), else rejects. */
  readonly fail: (error: unknown) => void;
  /** What the loader receives: its AbortSignal, made on first use. */
  readonly context: LoadContext;
}

/** Runs the loads of one cache. Created on the cache's first getOrSet, memoize or namespace. */
export class LoadCoordinator<K extends string | number, V> {
  /** The loads in flight; hears every invalidation of the cache. */
  readonly guard: LoadGuard<K, V>;
  /** Values kept for staleIfError, from its first use on. */
  private retained: RetainedValues<K, V> | undefined;

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
        this.load(key, loader, plan).promise.catch(ignore); // a failed reload keeps the old value
      }
      return Promise.resolve(cached);
    }
    if (counter !== undefined) counter.misses++;
    let fill = this.guard.current(key);
    if (fill === undefined) fill = this.load(key, loader, plan);
    else fill.waiters++;
    const promise =
      plan.signal === undefined && plan.timeout === 0 && plan.hardTimeout === 0 ? fill.promise : this.waitLimited(key, fill, plan);
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
    const plan = this.planFor(options, KNOWN_OPTIONS.set);
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

  /** This caller's promise for `fill`, with its signal and timeouts. */
  private waitLimited(key: K, fill: PendingLoad<K, V>, plan: StorePlan): Promise<V> {
    return waitFor(fill, {
      signal: plan.signal,
      timeout: plan.timeout,
      hardTimeout: plan.hardTimeout,
      fallback: () => this.retained?.valueAt(key, this.cache.now()),
      describe: () => JSON.stringify(key),
    });
  }

  /** @throws TypeError or RangeError for bad options, naming the option. */
  private planFor(options: GetOrSetOptions | undefined, known: readonly string[] = KNOWN_OPTIONS.getOrSet): StorePlan {
    if (options === undefined) {
      const ttl = this.cache.defaultTtl;
      return { tags: [], lifetime: ttl === Infinity ? 0 : ttl, window: 0, ...NO_LIMITS };
    }
    checkObject(options, 'options');
    checkKnownOptions(options, known, 'options');
    const tags = checkTagsOption(options) ?? [];
    const ttl = checkTtlOption(options, this.cache.defaultTtl);
    const window =
      options.staleWhileRevalidate === undefined ? 0 : checkDuration(options.staleWhileRevalidate, 'options.staleWhileRevalidate');
    const retain = options.staleIfError === undefined ? 0 : checkDuration(options.staleIfError, 'options.staleIfError');
    const limits = {
      signal: checkSignal(options.signal),
      timeout: options.timeout === undefined ? 0 : checkDuration(options.timeout, 'options.timeout'),
      hardTimeout: options.hardTimeout === undefined ? 0 : checkDuration(options.hardTimeout, 'options.hardTimeout'),
    };
    // An entry that never expires has no refresh window and needs no retention.
    if (ttl === 0 || ttl === Infinity) return { tags, lifetime: 0, window: 0, retain: 0, ...limits };
    return { tags, lifetime: ttl + window, window, retain, ...limits };
  }

  /**
   * Calls `load` at once and stores its result per `plan` when it succeeds,
   * unless an invalidation met the load. A result of `undefined` is passed on to
   * the callers but not stored (it is not a storable value).
   */
  private load(key: K, loader: Loader<K, V>, plan: StorePlan): PendingLoad<K, V> {
    const { fill, settle, fail, context } = this.begin(key, plan);
    const publish = this.cache.publishLoad;
    if (publish !== undefined) {
      const started = performance.now();
      publish({ key, phase: 'start' });
      fill.promise.then(
        () => publish({ key, phase: 'end', durationMs: performance.now() - started }),
        (error: unknown) => publish({ key, phase: 'error', durationMs: performance.now() - started, error }),
      );
    }
    try {
      Promise.resolve(loader(key, context)).then(settle, fail);
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
    let controller: AbortController | undefined;
    const context: LoadContext = {
      get signal() {
        return (controller ??= new AbortController()).signal;
      },
    };
    const fill = this.guard.begin(key, plan.tags, promise, () =>
      controller?.abort(new DOMException('every caller of this load left', 'AbortError')),
    );
    let ended = false;
    const store = (value: V): void => {
      if (ended) return;
      ended = true;
      if (!this.guard.end(fill) || value === undefined) return;
      this.cache.fill(key, value, { tags: plan.tags, ttl: plan.lifetime });
      if (plan.retain > 0) this.retention().remember(key, value, fill.tags, this.cache.now() + plan.lifetime + plan.retain);
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
      const retained = fill.superseded ? undefined : this.retained?.valueAt(key, this.cache.now());
      if (retained !== undefined)
        resolve(retained); // staleIfError: the load failed, the retained value serves
      else reject(error);
    };
    return { fill, store, settle, fail, context };
  }

  /** The retained values (staleIfError), made on first use and told of every invalidation. */
  private retention(): RetainedValues<K, V> {
    if (this.retained === undefined) {
      this.retained = new RetainedValues<K, V>(this.cache.maxEntries);
      this.cache.addInvalidationListener(this.retained);
    }
    return this.retained;
  }
}

/** An optional AbortSignal option. */
function checkSignal(signal: unknown): AbortSignalLike | undefined {
  if (signal === undefined) return undefined;
  if (
    typeof signal !== 'object' ||
    signal === null ||
    typeof (signal as AbortSignalLike).aborted !== 'boolean' ||
    typeof (signal as AbortSignalLike).addEventListener !== 'function'
  ) {
    throw new TypeError('taglru: options.signal must be an AbortSignal');
  }
  return signal as AbortSignalLike;
}

const isPromiseLike = (value: unknown): value is PromiseLike<unknown> =>
  (typeof value === 'object' || typeof value === 'function') &&
  value !== null &&
  typeof (value as PromiseLike<unknown>).then === 'function';
