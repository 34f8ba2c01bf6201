/**
 * TieredCache: a TagCache (L1) in front of Redis (L2) shared by every instance, with tag indexes and
 * generations in Redis, the invalidation bus for L1, and a load guard that works across instances.
 */
import type { TagCache } from '../../tag-cache';
import type { CacheSync } from '../../sync/sync-cache';
import { checkFunction, checkKey, checkKnownOptions, checkObject, checkTagOrTags, checkValue } from '../../validate';
import { ReconnectBackoff } from '../reconnect';
import { openBus } from './bus';
import type { L2Read } from './l2-store';
import { LocalWatches, type Watch } from './local-watch';
import {
  checkTierSetOptions,
  normalizeTags,
  resolveTieredOptions,
  type ResolvedTieredOptions,
  type TieredBulkRemoveOptions,
  type TieredCacheOptions,
  type TieredSetOptions,
} from './tiered-options';
import { RemoteLevel } from './remote-level';
import type { TierLock } from './tier-lock';
import type { TieredCacheStats } from './tier-stats';

/**
 * A two-level cache: `local` (a TagCache) in front of Redis, shared by every instance with the same
 * `prefix`. Reads go L1, then L2 (one round trip), then the loader. Invalidations apply to L1 at once,
 * to Redis (tag generations, indexes, tombstones), and reach other instances' L1 through the bus.
 * A value loaded before an invalidation that covers it, made on any instance, is stored in neither level.
 * Throws a TypeError or RangeError naming a bad option.
 */
export class TieredCache<K extends string | number, V> {
  private readonly options: ResolvedTieredOptions<K, V>;
  private readonly local: TagCache<K, V>;
  private readonly remote: RemoteLevel<K, V>;
  private readonly counts: RemoteLevel<K, V>['counts'];
  private readonly watches = new LocalWatches<K>();
  private readonly removeListener: () => void;
  /** Loads in flight, with what they watch: a caller joins one only if nothing has invalidated it since it began. */
  private readonly inFlight = new Map<K, { load: Promise<V>; watch: Watch<K>; tags: readonly string[] }>();
  private readonly backoff = new ReconnectBackoff(50, 2_000);
  private bus: CacheSync | undefined;
  private busOpening: Promise<void> | undefined;
  private closed = false;

  constructor(options: TieredCacheOptions<K, V>) {
    this.options = resolveTieredOptions<K, V>(options);
    this.local = this.options.local;
    this.remote = new RemoteLevel(this.options, this.local);
    this.counts = this.remote.counts;
    this.removeListener = this.local.addInvalidationListener(this.watches);
    if (this.options.sync) {
      this.busOpening = openBus(
        this.local,
        this.options,
        this.backoff,
        () => this.closed,
        (error) => this.remote.report(error),
      ).then((bus) => {
        this.bus = bus;
      });
    }
  }

  /** Resolves once the bus is connected (at once with `sync: false`). Reads bypass L1 until then. */
  async ready(): Promise<void> {
    await this.busOpening;
  }

  /** The value of `key` from L1, else from Redis (filling L1), else undefined. */
  async get(key: K): Promise<V | undefined> {
    checkKey(key);
    const local = this.readLocal(key);
    if (local !== undefined) return local;
    const watch = this.watches.begin(key);
    try {
      const read = await this.remote.read(key, []);
      return read === undefined ? undefined : this.useHit(key, read, watch);
    } finally {
      this.watches.end(watch);
    }
  }

  /**
   * The value of `key`: from L1, else from Redis, else from `loader` (stored in both levels unless an
   * invalidation of the key or of one of `options.tags` happened meanwhile, on any instance).
   * Concurrent calls for a key share one Redis read and one load on this instance.
   * @throws TypeError if the loaded value cannot be serialized (nothing is stored).
   */
  getOrSet(key: K, loader: (key: K) => V | PromiseLike<V>, options?: TieredSetOptions): Promise<V> {
    checkKey(key);
    checkFunction(loader, 'loader');
    const { tags, ttl } = checkTierSetOptions(options, this.options.ttl, this.options.tagSeparator);
    const local = this.readLocal(key);
    if (local !== undefined) return Promise.resolve(local);
    const shared = this.inFlight.get(key);
    if (shared !== undefined && !shared.watch.covers(shared.tags)) return shared.load;
    const watch = this.watches.begin(key);
    const flight = { load: this.readOrLoad(key, loader, tags, ttl, watch), watch, tags };
    this.inFlight.set(key, flight);
    void flight.load
      .finally(() => {
        this.watches.end(watch);
        if (this.inFlight.get(key) === flight) this.inFlight.delete(key);
      })
      .catch(() => undefined);
    return flight.load;
  }

  /** Stores `value` in Redis, then in L1 (which tells the other instances to drop their copy). */
  async set(key: K, value: V, options?: TieredSetOptions): Promise<void> {
    checkKey(key);
    checkValue(value);
    const { tags, ttl } = checkTierSetOptions(options, this.options.ttl, this.options.tagSeparator);
    const data = this.options.serializer.serialize(value);
    if (this.remote.usable) {
      // A write that failed or came too late leaves an older value in Redis: remove it once Redis answers.
      const outcome = await this.remote.write(key, data, tags, ttl, undefined).catch((error: unknown) => {
        this.remote.pending.addKey(key);
        return this.remote.fail(error, 'failed');
      });
      if (outcome === 'late') this.remote.pending.addKey(key);
    } else {
      this.counts.skippedWrites += 1;
      this.remote.pending.addKey(key);
    }
    this.local.set(key, value, { tags, ttl });
  }

  /** Removes `key` from L1 at once and from Redis; true if either level had it. */
  async delete(key: K): Promise<boolean> {
    checkKey(key);
    const hadLocal = this.local.delete(key);
    const hadRemote = await this.remote.invalidate(
      (l2) => l2.delete(key),
      (queue) => queue.addKey(key),
    );
    this.local.delete(key);
    return hadLocal || hadRemote === true;
  }

  /** Makes every entry of `tags` stale in both levels: O(1) per tag in Redis (HINCRBY). */
  async markStale(tags: string | readonly string[]): Promise<void> {
    checkTagOrTags(tags, 'tags');
    const list = normalizeTags(tags);
    this.local.markStale(list);
    await this.remote.invalidate(
      (l2) => l2.bumpTags(list),
      (queue) => queue.addTags(list),
    );
    this.local.markStale(list);
  }

  /**
   * Removes every entry of `tags`: from L1 at once; in Redis, bumps the tags' generations (one round
   * trip) and deletes every value indexed under them in calls of bounded work. Resolves to the number
   * of values removed from Redis; with `background: true`, resolves after the bump, to 0.
   */
  async bulkRemove(tags: string | readonly string[], options?: TieredBulkRemoveOptions): Promise<number> {
    checkTagOrTags(tags, 'tags');
    let background = false;
    if (options !== undefined) {
      checkObject(options, 'options');
      checkKnownOptions(options, ['background'], 'options');
      background = options.background === true;
    }
    const list = normalizeTags(tags);
    this.local.bulkRemove(list);
    const generations = await this.remote.invalidate(
      (l2) => l2.bumpTags(list),
      (queue) => queue.addTags(list),
    );
    this.local.markStale(list);
    if (generations === undefined || list.length === 0) return 0;
    const removal = this.remote.l2.removeTagged(list, generations);
    if (!background) return removal.catch((error: unknown) => this.remote.fail(error, 0));
    this.remote.track(
      removal.then((removed) => {
        this.counts.removedInBackground += removed;
      }),
    );
    return 0;
  }

  /** Counters of both levels, the Redis round-trip times and the bus. */
  stats(): TieredCacheStats {
    return {
      l1: { hits: this.counts.l1Hits, misses: this.counts.l1Misses },
      l2: this.remote.stats(),
      pending: this.remote.pending.size,
      sync: this.bus?.stats(),
    };
  }

  /** Waits for background removals, closes the bus it opened; never closes the user's client or L1. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.backoff.cancel();
    await Promise.allSettled([this.remote.close(), this.busOpening]);
    this.removeListener();
    await this.bus?.close();
  }

  // Internals.

  /** L1 is trusted once the bus is up (or without one). */
  private readLocal(key: K): V | undefined {
    const value = this.options.sync && this.bus === undefined ? undefined : this.local.get(key);
    if (value === undefined) this.counts.l1Misses += 1;
    else this.counts.l1Hits += 1;
    return value;
  }

  private async readOrLoad(
    key: K,
    loader: (key: K) => V | PromiseLike<V>,
    tags: readonly string[],
    ttl: number,
    watch: Watch<K>,
  ): Promise<V> {
    let read = await this.remote.read(key, tags);
    const hit = read === undefined ? undefined : this.useHit(key, read, watch);
    if (hit !== undefined) return hit;
    let token: string | undefined;
    if (read !== undefined && this.remote.lock !== undefined) {
      const outcome = await this.remote.lock
        .takeOrWait(key, async () => {
          read = await this.remote.read(key, tags);
          return read === undefined ? undefined : this.useHit(key, read, watch);
        })
        .catch((error: unknown) => this.remote.fail<{ token?: string; value?: V }>(error, {}));
      if (outcome.value !== undefined) return outcome.value;
      token = outcome.token;
    }
    try {
      return await this.loadAndStore(key, loader, tags, ttl, watch, read);
    } finally {
      if (token !== undefined) this.remote.track((this.remote.lock as TierLock).release(key, token));
    }
  }

  private async loadAndStore(
    key: K,
    loader: (key: K) => V | PromiseLike<V>,
    tags: readonly string[],
    ttl: number,
    watch: Watch<K>,
    read: L2Read | undefined,
  ): Promise<V> {
    const value = await loader(key);
    checkValue(value, 'the loaded value');
    const data = this.options.serializer.serialize(value);
    let stored = true;
    if (read !== undefined && this.remote.usable) {
      const outcome = await this.remote
        .write(key, data, tags, ttl, read.start)
        .catch((error: unknown) => this.remote.fail(error, 'failed'));
      stored = outcome !== 'refused';
    } else {
      this.counts.skippedWrites += 1;
    }
    if (stored) this.fillLocal(key, value, tags, ttl, watch);
    return value;
  }

  /** A hit's value, filling L1 with its remaining TTL and its tags; undefined for a miss or an undecodable value. */
  private useHit(key: K, read: L2Read, watch: Watch<K>): V | undefined {
    if (read.status !== 'hit' || read.data === undefined || read.tags === undefined) return undefined;
    let value: V;
    try {
      value = this.options.serializer.deserialize(read.data);
      checkValue(value);
    } catch {
      this.counts.misses += 1;
      this.counts.corrupt += 1;
      read.status = 'corrupt';
      return undefined;
    }
    this.counts.hits += 1;
    this.fillLocal(key, value, read.tags, read.remainingMs > 0 ? read.remainingMs : this.options.ttl, watch);
    return value;
  }

  /** Stores a value read or loaded into L1 as a fill (not published), unless a local invalidation covered it. */
  private fillLocal(key: K, value: V, tags: readonly string[], ttl: number, watch: Watch<K>): void {
    if (this.options.sync && this.bus === undefined) return;
    if (watch.covers(tags)) return;
    this.local.getOrSet(key, () => value, { tags, ttl }).catch(() => undefined);
  }
}
