/**
 * TieredCache: a TagCache (L1) in front of Redis (L2) shared by every instance, with tag indexes and
 * generations in Redis, the invalidation bus for L1, and a load guard that works across instances.
 */
import type { TagCache } from '../../tag-cache';
import type { CacheSync } from '../../sync/sync-cache';
import { checkFunction, checkKey, checkKnownOptions, checkObject, checkTagOrTags, checkValue } from '../../validate';
import { commandRunner } from '../connection';
import { ReconnectBackoff } from '../reconnect';
import { openBus } from './bus';
import { type L2Read, L2Store, type LoadStart } from './l2-store';
import { LocalWatches, type Watch } from './local-watch';
import {
  checkTierSetOptions, normalizeTags, resolveTieredOptions, type ResolvedTieredOptions, type TieredBulkRemoveOptions, type TieredCacheOptions,
  type TieredSetOptions,
} from './options';
import { InvalidationQueue } from './invalidation-queue';
import { RedisClock } from './redis-clock';
import { ScriptRunner } from './script-runner';
import { newCounters, type TieredCacheStats } from './tier-stats';

/** The counter of a write that Redis did not do: refused by the guard, or dropped past its deadline. */
const WRITE_NOT_DONE = { refused: 'refusedWrites', late: 'skippedWrites' } as const;

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
  private readonly runner: ScriptRunner;
  private readonly l2: L2Store;
  private readonly watches = new LocalWatches<K>();
  private readonly removeListener: () => void;
  private readonly pending: InvalidationQueue<K>;
  /** Loads in flight, with what they watch: a caller joins one only if nothing has invalidated it since it began. */
  private readonly inFlight = new Map<K, { load: Promise<V>; watch: Watch<K>; tags: readonly string[] }>();
  private readonly background = new Set<Promise<unknown>>();
  private readonly counts = newCounters();
  private readonly backoff = new ReconnectBackoff(50, 2_000);
  private bus: CacheSync | undefined;
  private busOpening: Promise<void> | undefined;
  private readonly clock: RedisClock;
  private closed = false;

  constructor(options: TieredCacheOptions<K, V>) {
    this.options = resolveTieredOptions<K, V>(options);
    this.local = this.options.local;
    this.runner = new ScriptRunner(commandRunner(this.options.handle), this.options.l2TimeoutMs);
    this.l2 = new L2Store(this.runner, this.options.prefix, this.options.guardMs);
    this.clock = new RedisClock(this.runner);
    this.pending = new InvalidationQueue<K>(this.l2, this.local, this.options.maxPending, () => {
      this.counts.errors += 1;
    });
    this.removeListener = this.local.addInvalidationListener(this.watches);
    if (this.options.sync) {
      this.busOpening = openBus(this.local, this.options, this.backoff, () => this.closed, () => {
        this.counts.errors += 1;
      }).then((bus) => {
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
      const read = await this.readRemote(key, []);
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
    const { tags, ttl } = checkTierSetOptions(options, this.options.ttl);
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
    const { tags, ttl } = checkTierSetOptions(options, this.options.ttl);
    const data = this.options.serializer.serialize(value);
    if (this.l2Usable()) {
      try {
        await this.writeRemote(key, data, tags, ttl, undefined);
      } catch (error) {
        // Redis may still hold an older value: remove it once Redis is back.
        this.pending.addKey(key);
        this.fail(error);
      }
    } else {
      this.counts.skippedWrites += 1;
      this.pending.addKey(key);
    }
    this.local.set(key, value, { tags, ttl });
  }

  /** Removes `key` from L1 at once and from Redis; true if either level had it. */
  async delete(key: K): Promise<boolean> {
    checkKey(key);
    const hadLocal = this.local.delete(key);
    const hadRemote = await this.invalidate(
      () => this.l2.delete(key),
      () => this.pending.addKey(key),
    );
    this.local.delete(key);
    return hadLocal || hadRemote === true;
  }

  /** Makes every entry of `tags` stale in both levels: O(1) per tag in Redis (HINCRBY). */
  async markStale(tags: string | readonly string[]): Promise<void> {
    checkTagOrTags(tags, 'tags');
    const list = normalizeTags(tags);
    this.local.markStale(list);
    await this.invalidate(
      () => this.l2.bumpTags(list),
      () => this.pending.addTags(list),
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
    const generations = await this.invalidate(
      () => this.l2.bumpTags(list),
      () => this.pending.addTags(list),
    );
    this.local.markStale(list);
    if (generations === undefined || list.length === 0) return 0;
    const removal = this.l2.removeTagged(list, generations);
    if (!background) return removal.catch((error: unknown) => this.fail(error, 0));
    const tracked = removal.then(
      (removed) => {
        this.counts.removedInBackground += removed;
      },
      () => {
        this.counts.errors += 1;
      },
    );
    this.background.add(tracked);
    void tracked.finally(() => this.background.delete(tracked));
    return 0;
  }

  /** Counters of both levels, the Redis round-trip times and the bus. */
  stats(): TieredCacheStats {
    const { l1Hits, l1Misses, ...l2 } = this.counts;
    return {
      l1: { hits: l1Hits, misses: l1Misses },
      l2: { ...l2, roundTripMs: this.runner.latency.summary(), roundTrips: this.runner.roundTrips },
      pending: this.pending.size,
      sync: this.bus?.stats(),
    };
  }

  /** Waits for background removals, closes the bus it opened; never closes the user's client or L1. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.backoff.cancel();
    await Promise.allSettled([...this.background, this.pending.close(), this.busOpening]);
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

  private l2Usable(): boolean {
    return this.pending.isEmpty && !this.closed;
  }

  private async readOrLoad(
    key: K, loader: (key: K) => V | PromiseLike<V>, tags: readonly string[], ttl: number, watch: Watch<K>,
  ): Promise<V> {
    const read = await this.readRemote(key, tags);
    const hit = read === undefined ? undefined : this.useHit(key, read, watch);
    if (hit !== undefined) return hit;
    const value = await loader(key);
    checkValue(value, 'the loaded value');
    const data = this.options.serializer.serialize(value);
    let stored = true;
    if (read !== undefined && this.l2Usable()) {
      const outcome = await this.writeRemote(key, data, tags, ttl, read.start).catch((error: unknown) => this.fail(error, 'failed'));
      stored = outcome !== 'refused';
    } else {
      this.counts.skippedWrites += 1;
    }
    if (stored) this.fillLocal(key, value, tags, ttl, watch);
    return value;
  }

  /** One read of Redis, or undefined when Redis is unusable (counted; thrown when strict). */
  private async readRemote(key: K, tags: readonly string[]): Promise<L2Read | undefined> {
    if (!this.l2Usable()) return undefined;
    try {
      const sentAt = Date.now();
      const read = await this.l2.read(key, tags);
      this.clock.observe(read.start.startedAt, sentAt);
      if (read.status === 'hit') return read;
      this.counts.misses += 1;
      if (read.status === 'stale') this.counts.stale += 1;
      if (read.status === 'corrupt') this.counts.corrupt += 1;
      return read;
    } catch (error) {
      return this.fail(error, undefined);
    }
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

  private async writeRemote(key: K, data: string, tags: readonly string[], ttl: number, start: LoadStart | undefined): Promise<string> {
    const deadline = (await this.clock.now()) + this.options.l2TimeoutMs;
    const outcome = await this.l2.write(key, data, tags, ttl, deadline, start);
    if (outcome === 'ok') {
      this.counts.writes += 1;
      this.counts.bytesWritten += data.length;
    } else this.counts[WRITE_NOT_DONE[outcome]] += 1;
    return outcome;
  }

  /** Runs an invalidation in Redis, or queues it (to apply on reconnect) when Redis is unusable or fails. */
  private async invalidate<T>(apply: () => Promise<T>, enqueue: () => void): Promise<T | undefined> {
    if (!this.l2Usable()) {
      enqueue();
      return undefined;
    }
    try {
      return await apply();
    } catch (error) {
      enqueue();
      return this.fail(error, undefined);
    }
  }

  /** Counts a Redis failure; rethrows it when strict, else returns `fallback`. */
  private fail<T>(error: unknown, fallback?: T): T {
    this.counts.errors += 1;
    if (this.options.strict) throw error;
    return fallback as T;
  }
}
